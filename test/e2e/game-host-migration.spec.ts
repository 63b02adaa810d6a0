/**
 * Game host migration in real Chromium over real WebRTC: a 3-player match
 * (three teams of one), the game host's context closed with
 * `context.close()`; the two others move to the first successor: each lobby
 * fires `peermatch-game-host-changed` naming it (`self` at the successor),
 * with an open connection between them that carries game data, within 5 s
 * of the close, and the lobby host grants the successor the session
 * (`game-host-claimed`). A few rounds; prints p50 and worst time to a new game host.
 */
import type { Page } from '@playwright/test';
import { expect, test, waitForMatchReady } from './fixtures.ts';
import { lobbyOf, lobbyPageUrl } from './pages/lobby-support.ts';
import { THREE_SOLOS } from '../support/duel-rule-set.ts';

const ROUNDS = 3;
/** The bound: the others are connected to the successor within 5 s. */
const MIGRATED_WITHIN_MS = 5000;


test.describe.configure({ timeout: 240_000 });

interface Changed {
  gameHostPlayerId: string;
  self: boolean;
  role: string;
  connections: number;
  open: number;
  gone: string[];
  atMs: number;
}

declare global {
  interface Window {
    __migration?: { changed: Changed[]; got: unknown[]; claimed: Array<{ playerId: string; error?: string }> };
  }
}

/** Records `peermatch-game-host-changed` on the page; the new game host keeps what its players send, each player greets it. */
async function recordMigration(page: Page, playerId: string): Promise<void> {
  await page.evaluate((self) => {
    const record = { changed: [] as Changed[], got: [] as unknown[], claimed: [] as Array<{ playerId: string; error?: string }> };
    window.__migration = record;
    // The lobby host's answer to the new game host's claim of the session (its backfill rights).
    const lobby = document.querySelector('peermatch-lobby') as unknown as { client: { on(listener: (event: { type: string; playerId?: string; error?: string }) => void): void } };
    lobby.client.on((event) => {
      if (event.type === 'game-host-claimed') record.claimed.push({ playerId: event.playerId!, ...(event.error ? { error: event.error } : {}) });
    });
    document.addEventListener('peermatch-game-host-changed', (event) => {
      const detail = (event as CustomEvent).detail as {
        gameHostPlayerId: string;
        self: boolean;
        role: string;
        gone: string[];
        connections: Array<{ open: boolean; on(e: 'data', f: (d: unknown) => void): void; send(d: unknown): void }>;
      };
      record.changed.push({
        gameHostPlayerId: detail.gameHostPlayerId,
        self: detail.self,
        role: detail.role,
        gone: detail.gone,
        connections: detail.connections.length,
        open: detail.connections.filter((c) => c.open).length,
        atMs: Date.now(),
      });
      for (const connection of detail.connections) {
        if (detail.self) connection.on('data', (data) => record.got.push(data));
        else connection.send({ hello: self });
      }
    });
  }, playerId);
}

async function migrationOf(page: Page) {
  return page.evaluate(() => window.__migration!);
}

test("the game host's closed tab: the two others are connected to the successor within 5 s, and the game's event says so", async ({
  peermatchServer,
  lobbyHost,
  players,
}) => {
  const delays: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const lobby = `migrate-${round}`;
    await lobbyHost(lobby, { ruleSetBody: THREE_SOLOS, tickIntervalMs: 100 });
    const ids = [0, 1, 2].map((i) => `${lobby}-p${i}`);
    const pages = await players(3, { url: (i) => lobbyPageUrl(peermatchServer.url, lobby, ids[i]!, { autostart: 1 }) });
    const ready = await waitForMatchReady(pages);
    const match = (await pages[0]!.evaluate(() => (document.querySelector('peermatch-lobby') as unknown as { state: { match: { gameHostPlayerId: string; successorPlayerIds: string[] } } }).state.match))!;
    const hostIndex = ready.findIndex((r) => r.role === 'game-host');
    expect(ids[hostIndex]).toBe(match.gameHostPlayerId);
    const successor = match.successorPlayerIds[0]!;
    const successorPage = pages[ids.indexOf(successor)]!;
    const otherIndex = [0, 1, 2].find((i) => i !== hostIndex && ids[i] !== successor)!;
    const otherPage = pages[otherIndex]!;
    for (const [i, page] of pages.entries()) if (i !== hostIndex) await recordMigration(page, ids[i]!);

    const closedAt = Date.now();
    await pages[hostIndex]!.context().close();
    await expect
      .poll(async () => (await Promise.all([successorPage, otherPage].map(migrationOf))).every((m) => m.changed.length > 0), { timeout: 20_000, intervals: [50] })
      .toBe(true);

    const atSuccessor = (await migrationOf(successorPage)).changed;
    const atOther = (await migrationOf(otherPage)).changed;
    expect(atSuccessor).toEqual([expect.objectContaining({ gameHostPlayerId: successor, self: true, role: 'game-host', connections: 1, open: 1, gone: [match.gameHostPlayerId] })]);
    expect(atOther).toEqual([expect.objectContaining({ gameHostPlayerId: successor, self: false, role: 'player', connections: 1, open: 1, gone: [match.gameHostPlayerId] })]);
    // The connection carries game data: the other player's greeting reaches the new game host.
    await expect.poll(async () => (await migrationOf(successorPage)).got, { timeout: 5000 }).toEqual([{ hello: ids[otherIndex] }]);
    await expect(lobbyOf(successorPage).locator('[part~="game-host-changed"]')).toHaveText('You host the game now.');
    await expect(lobbyOf(otherPage).locator('[part~="game-host-changed"]')).toHaveText(`${successor} is the game host now.`);
    await expect.poll(async () => (await migrationOf(successorPage)).claimed, { timeout: 10_000 }).toEqual([{ playerId: successor }]);
    expect((await migrationOf(otherPage)).claimed).toEqual([]);
    delays.push(Math.max(atSuccessor[0]!.atMs, atOther[0]!.atMs) - closedAt);
    await successorPage.context().close();
    await otherPage.context().close();
  }
  const sorted = [...delays].sort((a, b) => a - b);
  console.log(
    `game host's tab closed -> both others connected to the successor: p50 ${sorted[Math.floor((sorted.length - 1) / 2)]} ms, worst ${sorted.at(-1)} ms over ${sorted.length} rounds (${delays.join(', ')} ms)`,
  );
  for (const delay of delays) expect(delay).toBeLessThanOrEqual(MIGRATED_WITHIN_MS);
});

test('the game host and its first successor closed at once: the last player skips the gone successor and is told nobody is left', async ({
  peermatchServer,
  lobbyHost,
  players,
}) => {
  const lobby = 'migrate-alone';
  await lobbyHost(lobby, { ruleSetBody: THREE_SOLOS, tickIntervalMs: 100 });
  const ids = [0, 1, 2].map((i) => `${lobby}-p${i}`);
  const pages = await players(3, { url: (i) => lobbyPageUrl(peermatchServer.url, lobby, ids[i]!, { autostart: 1 }) });
  await waitForMatchReady(pages);
  const match = (await pages[0]!.evaluate(() => (document.querySelector('peermatch-lobby') as unknown as { state: { match: { gameHostPlayerId: string; successorPlayerIds: string[] } } }).state.match))!;
  const [successor, last] = match.successorPlayerIds as [string, string];
  const lastPage = pages[ids.indexOf(last)]!;
  await lastPage.evaluate(() => {
    (window as unknown as { nobodyLeft: unknown[] }).nobodyLeft = [];
    document.addEventListener('peermatch-nobody-left', (event) => (window as unknown as { nobodyLeft: unknown[] }).nobodyLeft.push((event as CustomEvent).detail.reason));
  });

  await Promise.all([pages[ids.indexOf(match.gameHostPlayerId)]!.context().close(), pages[ids.indexOf(successor)]!.context().close()]);

  await expect.poll(() => lastPage.evaluate(() => (window as unknown as { nobodyLeft: unknown[] }).nobodyLeft), { timeout: 20_000 }).toEqual([
    'no other player of the match is left',
  ]);
  await expect(lobbyOf(lastPage).locator('[part~="nobody-left"]')).toHaveText('Nobody else is left in the match.');
  await lastPage.context().close();
});
