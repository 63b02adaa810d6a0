/**
 * Player browsers for a game's Playwright test: N contexts, each with the
 * WebRTC permissions and a recorder of the `<peermatch-lobby>` events, and a
 * wait for every player's match to be ready.
 *
 * ```ts
 * const pages = await openPlayers(browser, 4, { url: (i) => `/game.html?player=p${i}` });
 * const ready = await waitForMatchReady(pages.pages);   // [{ matchId, team, role, connections, ... }]
 * ```
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page } from '@playwright/test';
import { PEERMATCH_PERMISSIONS } from './chromium.ts';

/** What `openPlayers` takes. */
export interface OpenPlayersOptions {
  /** Each player's page: one URL for all, or one per player index (0-based). Relative URLs use the config's `baseURL`. */
  url: string | ((index: number) => string);
  /** More context options (the permissions are always granted). */
  context?: BrowserContextOptions;
  /** Runs on each new context before its page opens (routes, cookies, ...). */
  prepare?: (context: BrowserContext, index: number) => Promise<void>;
}

/** The opened players. */
export interface Players {
  pages: Page[];
  contexts: BrowserContext[];
  /** Closes every context. */
  close(): Promise<void>;
}

/** What the recorder keeps of one page's lobby events (plain JSON, read with `lobbyRecordOf`). */
export interface LobbyRecord {
  /** Every `peermatch-status` status, in order. */
  statuses: string[];
  /** The last state's status, and its message (and the failed connection step) when it failed. */
  last?: { status: string; reason?: string; message?: string; failure?: { step: string; reason: string } };
  /** From `peermatch-ready`. */
  ready?: LobbyReadySummary;
  /** Every `peermatch-player-left`, with the page's `Date.now()` when it fired (empty on a page `openPlayers` did not open). */
  left: Array<{ playerId: string; gameHost: boolean; reason: string; atMs: number }>;
}

/** One player's `peermatch-ready`, as plain JSON. */
export interface LobbyReadySummary {
  matchId: string;
  gameHostPeerId: string;
  team: string;
  role: 'game-host' | 'player';
  /** DataConnections handed over. */
  connections: number;
  /** Of them, open when the event fired. */
  open: number;
  /** How each connection connected (`direct`, `stun`, `relayed`) and its round-trip time, from the event's `network`. */
  network?: Array<{ path: string; localCandidateType: string; remoteCandidateType: string; roundTripTimeMs?: number }>;
}

declare global {
  interface Window {
    __peermatchLobbyRecord?: LobbyRecord;
  }
}

/**
 * Runs in every player page before its scripts: records the lobby events at
 * the window (capture phase, so elements inside shadow roots count too).
 */
function recordLobbyEvents(): void {
  const record: LobbyRecord = { statuses: [], left: [] };
  window.__peermatchLobbyRecord = record;
  window.addEventListener(
    'peermatch-player-left',
    (event) => {
      const { playerId, gameHost, reason } = (event as CustomEvent<{ playerId: string; gameHost: boolean; reason: string }>).detail;
      record.left.push({ playerId, gameHost, reason, atMs: Date.now() });
    },
    true,
  );
  window.addEventListener(
    'peermatch-status',
    (event) => {
      const state = (event as CustomEvent<{ status: string; reason?: string; message?: string; failure?: { step: string; reason: string } }>).detail;
      record.statuses.push(state.status);
      record.last = {
        status: state.status,
        ...(state.reason ? { reason: state.reason } : {}),
        ...(state.message ? { message: state.message } : {}),
        ...(state.failure ? { failure: { step: state.failure.step, reason: state.failure.reason } } : {}),
      };
    },
    true,
  );
  window.addEventListener(
    'peermatch-ready',
    (event) => {
      const detail = (event as CustomEvent).detail as {
        match: { matchId: string; gameHostPeerId: string };
        team: string;
        role: 'game-host' | 'player';
        connections: Array<{ open: boolean }>;
        network?: Array<{ path: string; localCandidateType: string; remoteCandidateType: string; roundTripTimeMs?: number }>;
      };
      record.ready = {
        matchId: detail.match.matchId,
        gameHostPeerId: detail.match.gameHostPeerId,
        team: detail.team,
        role: detail.role,
        connections: detail.connections.length,
        open: detail.connections.filter((connection) => connection.open).length,
        ...(detail.network
          ? {
              network: detail.network.map((n) => ({
                path: n.path,
                localCandidateType: n.localCandidateType,
                remoteCandidateType: n.remoteCandidateType,
                ...(n.roundTripTimeMs !== undefined ? { roundTripTimeMs: n.roundTripTimeMs } : {}),
              })),
            }
          : {}),
      };
    },
    true,
  );
}

/** Opens `count` players, each in its own browser context (own storage: separate players). */
export async function openPlayers(browser: Browser, count: number, options: OpenPlayersOptions): Promise<Players> {
  if (!Number.isInteger(count) || count < 1) throw new Error(`openPlayers: count must be a positive integer, got ${count}`);
  const contexts: BrowserContext[] = [];
  const close = async () => {
    await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
  };
  try {
    const pages = await Promise.all(
      Array.from({ length: count }, async (_, index) => {
        const context = await browser.newContext({ ...options.context, permissions: [...PEERMATCH_PERMISSIONS, ...(options.context?.permissions ?? [])] });
        contexts.push(context);
        await context.addInitScript(recordLobbyEvents);
        await options.prepare?.(context, index);
        const page = await context.newPage();
        await page.goto(typeof options.url === 'function' ? options.url(index) : options.url);
        return page;
      }),
    );
    return { pages, contexts, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** The lobby state as the page reads it from the element (`element.state`). */
interface LobbyElementState {
  status: string;
  reason?: string;
  message?: string;
  match?: { matchId: string; gameHostPeerId: string };
  team?: string;
  role?: 'game-host' | 'player';
  connections?: Array<{ open: boolean }>;
}

/**
 * Runs in the page. `state`: the state of its first `<peermatch-lobby>`,
 * looked for in the document and then in every open shadow root, depth first
 * (a game's own components usually render the lobby inside theirs); `null`
 * when there is none. Closed shadow roots cannot be searched: such pages need
 * `openPlayers`. `ready`: the page's ready summary (from the recorder when
 * `openPlayers` installed it, else from that state), or `false` while not
 * ready. Self-contained, as Playwright serializes it.
 */
function lobbyInPage(mode: 'state' | 'ready'): LobbyElementState | LobbyReadySummary | false | null {
  if (mode === 'ready' && window.__peermatchLobbyRecord) return window.__peermatchLobbyRecord.ready ?? false;
  const find = (root: Document | ShadowRoot): Element | null => {
    const direct = root.querySelector('peermatch-lobby');
    if (direct) return direct;
    for (const element of root.querySelectorAll('*')) {
      const found = element.shadowRoot ? find(element.shadowRoot) : null;
      if (found) return found;
    }
    return null;
  };
  const element = find(document) as (Element & { state?: LobbyElementState }) | null;
  const state = element?.state;
  if (mode === 'ready') {
    if (state?.status !== 'ready') return false;
    return {
      matchId: state.match!.matchId,
      gameHostPeerId: state.match!.gameHostPeerId,
      team: state.team!,
      role: state.role!,
      connections: state.connections!.length,
      open: state.connections!.filter((connection) => connection.open).length,
    };
  }
  if (!state) return null;
  return {
    status: state.status,
    ...(state.reason !== undefined ? { reason: state.reason } : {}),
    ...(state.message !== undefined ? { message: state.message } : {}),
    ...(state.status === 'ready'
      ? {
          match: { matchId: state.match!.matchId, gameHostPeerId: state.match!.gameHostPeerId },
          team: state.team!,
          role: state.role!,
          connections: state.connections!.map((connection) => ({ open: connection.open })),
        }
      : {}),
  };
}

/**
 * What the recorder saw on `page`; on a page not opened by `openPlayers`, the
 * current state of its `<peermatch-lobby>` (found through open shadow roots),
 * or an empty record when it has none.
 */
export async function lobbyRecordOf(page: Page): Promise<LobbyRecord> {
  const recorded = await page.evaluate(() => window.__peermatchLobbyRecord);
  if (recorded) return recorded;
  const state = (await page.evaluate(lobbyInPage, 'state' as const)) as LobbyElementState | null;
  if (!state) return { statuses: [], left: [] };
  return {
    statuses: [state.status],
    left: [],
    last: { status: state.status, ...(state.reason ? { reason: state.reason } : {}), ...(state.message ? { message: state.message } : {}) },
  };
}

/**
 * Resolves when every page's lobby is ready, with each page's ready summary
 * in page order. How it knows:
 * - on a page opened by `openPlayers` (or the `players` fixture), from the
 *   `peermatch-ready` event its init script records at the window (the event
 *   is composed, so a lobby in any shadow root counts);
 * - on any other page (one the game's test opened itself), by polling the
 *   state of the page's first `<peermatch-lobby>`, searched for in the
 *   document and every open shadow root, until it is `ready`.
 * Rejects after `timeoutMs` (default 30000) naming each page that is not
 * ready and its last status.
 */
export async function waitForMatchReady(pages: readonly Page[], options: { timeoutMs?: number } = {}): Promise<LobbyReadySummary[]> {
  const timeout = options.timeoutMs ?? 30_000;
  const outcomes = await Promise.allSettled(
    pages.map((page) =>
      page.waitForFunction(lobbyInPage, 'ready' as const, { timeout, polling: 100 }),
    ),
  );
  if (outcomes.every((outcome) => outcome.status === 'fulfilled')) {
    return Promise.all(outcomes.map((outcome) => (outcome as PromiseFulfilledResult<{ jsonValue(): Promise<unknown> }>).value.jsonValue() as Promise<LobbyReadySummary>));
  }
  const lines = await Promise.all(
    outcomes.map(async (outcome, index) => {
      if (outcome.status === 'fulfilled') return `player ${index}: ready`;
      const page = pages[index]!;
      const record = await lobbyRecordOf(page).catch(() => undefined);
      const last = record?.last;
      const said = last ? `${last.status}${last.reason ? ` (${last.reason})` : ''}${last.message ? `: ${last.message}` : ''}` : 'no lobby status';
      return `player ${index} (${page.url()}): ${said}; statuses ${record?.statuses.join(' > ') ?? '?'}`;
    }),
  );
  throw new Error(`waitForMatchReady: not every player was ready within ${timeout} ms\n${lines.join('\n')}`);
}
