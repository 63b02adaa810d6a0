/**
 * The peer-to-peer hand-off in real Chromium: one host tab (the host
 * engineer's test/e2e/pages/host.html: `startBrowserHost`, the Matchmaker in a
 * Web Worker, state in IndexedDB) and ten player tabs, each in its own
 * browser context, with the real server relaying tickets and PeerJS
 * signaling. Example 1 (aliens vs cowboys), AcceptanceRequired false, every
 * player at skill 10. Example 1 also allows a 4v4, so the host is paused
 * (`RunningLobbyHost.pause()`) until all ten tickets are in its pool: the
 * match that forms is the 5v5 whatever the machine's speed.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { exampleRuleSet, expect, pageUrl, test } from './fixtures.ts';
import type { PlayerPageState } from './pages/player-page.ts';

/** Between matchmaking ticks (the host is paused while tickets arrive, so this only sets the pace). */
const TICK_MS = 200;
const PLAYERS = 10;

interface Tab {
  context: BrowserContext;
  page: Page;
  /** Page errors and console errors, for the failure message. */
  problems: string[];
}

async function openHostTab(browser: Browser, serverUrl: string, lobby: string): Promise<Tab> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = watchProblems(page);
  // No `acceptance` parameter: AcceptanceRequired false.
  await page.goto(pageUrl('/test/e2e/pages/host.html', { server: serverUrl, lobby, ruleset: exampleRuleSet(), tick: TICK_MS }));
  await expect(page.locator('#status'), problems.join('; ')).toHaveText('registered', { timeout: 15_000 });
  return { context, page, problems };
}

function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('console', (message) => {
    // The browser asks the dev server for /favicon.ico, which it does not have.
    if (message.type() === 'error' && !message.location().url.endsWith('/favicon.ico')) problems.push(message.text());
  });
  return problems;
}

async function openPlayerTab(browser: Browser, serverUrl: string, lobby: string, playerId: string): Promise<Tab> {
  // WebRTC on loopback needs the media permissions (Chromium then offers host candidates instead of mDNS names).
  const context = await browser.newContext({ permissions: ['camera', 'microphone'] });
  const page = await context.newPage();
  const problems = watchProblems(page);
  await page.goto(pageUrl('/test/e2e/pages/player.html', { server: serverUrl, lobby, player: playerId, skill: 10 }));
  await expect(page.locator('#status'), problems.join('; ')).toHaveText('ready', { timeout: 15_000 });
  await page.evaluate(() => window.peermatchPlayer!.connect());
  return { context, page, problems };
}

/** Pauses the host tab's matchmaking ticks (tickets still arrive and queue). */
const pauseHost = (host: Tab): Promise<void> => host.page.evaluate(() => window.peermatchLobbyHost!.pause());

/** Waits until the host tab's pool holds `count` active tickets, then lets it tick again. */
async function resumeHostWhenPoolHas(host: Tab, count: number): Promise<void> {
  const active = () =>
    host.page.evaluate(async () => {
      const { TicketList } = await window.peermatchLobbyHost!.matchmaker.listTickets({ Statuses: ['QUEUED', 'SEARCHING'] });
      return TicketList.length;
    });
  await expect.poll(active, { timeout: 15_000, intervals: [100] }).toBe(count);
  await host.page.evaluate(() => window.peermatchLobbyHost!.resume());
}

const playerState = (tab: Tab): Promise<PlayerPageState> => tab.page.evaluate(() => window.peermatchPlayer!.state());
const startTicket = (tab: Tab): Promise<string> => tab.page.evaluate(() => window.peermatchPlayer!.start());

/** Waits until every player reported match-ready or match-failed; returns their states. */
async function outcomes(players: Tab[], timeoutMs = 40_000): Promise<PlayerPageState[]> {
  await expect
    .poll(async () => (await Promise.all(players.map(playerState))).filter((s) => s.ready || s.failed).length, { timeout: timeoutMs, intervals: [250] })
    .toBe(players.length);
  return Promise.all(players.map(playerState));
}

/** The checks both tests share: one 5v5, everyone ready on open connections, 9 at the game host and 1 at each other player. */
function expectOneReady5v5(states: PlayerPageState[]): void {
  expect(states.map((s) => s.failed ?? 'ready')).toEqual(states.map(() => 'ready'));
  const ready = states.map((s) => s.ready!);
  expect(new Set(ready.map((r) => r.matchId)).size).toBe(1);
  const teamSizes = new Map<string, number>();
  for (const r of ready) teamSizes.set(r.team, (teamSizes.get(r.team) ?? 0) + 1);
  expect([...teamSizes.values()]).toEqual([5, 5]);
  const teamsSeen = Object.values(states[0]!.succeeded!.teams);
  expect(teamsSeen).toHaveLength(PLAYERS);

  const gameHosts = states.filter((s) => s.ready!.role === 'game-host');
  expect(gameHosts).toHaveLength(1);
  const gameHost = gameHosts[0]!;
  expect(ready.every((r) => r.gameHostPeerId === gameHost.peerId)).toBe(true);
  expect(gameHost.ready!.connections).toBe(PLAYERS - 1);
  expect(gameHost.openConnections).toBe(PLAYERS - 1);
  for (const other of states.filter((s) => s !== gameHost)) {
    expect(other.ready!.connections, other.playerId).toBe(1);
    expect(other.openConnections, other.playerId).toBe(1);
  }
  // Nobody reported ready before its connections were open.
  expect(ready.flatMap((r) => r.openAtReady).every(Boolean)).toBe(true);
  expect(new Set(ready.flatMap((r) => r.channelStatesAtReady))).toEqual(new Set(['open']));
}

test.describe('ten browser players and a host tab', () => {
  test.describe.configure({ timeout: 75_000 });

  let tabs: Tab[] = [];
  test.afterEach(async () => {
    await Promise.all(tabs.map((tab) => tab.context.close()));
    tabs = [];
  });

  test('ten players in separate browser contexts form a 5v5 on example 1 and all hold open WebRTC DataConnections to the game host', async ({
    browser,
    peermatchServer,
  }) => {
    const lobby = 'p2p-5v5';
    const host = await openHostTab(browser, peermatchServer.url, lobby);
    tabs.push(host);
    const players = await Promise.all(Array.from({ length: PLAYERS }, (_, i) => openPlayerTab(browser, peermatchServer.url, lobby, `player-${i + 1}`)));
    tabs.push(...players);

    await pauseHost(host);
    const ticketIds = await Promise.all(players.map(startTicket));
    await resumeHostWhenPoolHas(host, PLAYERS);
    const states = await outcomes(players);

    expect(new Set(ticketIds).size).toBe(PLAYERS);
    expectOneReady5v5(states);
    expect(new Set(states.flatMap((s) => s.succeeded!.ticketIds))).toEqual(new Set(ticketIds));
    expect(host.problems).toEqual([]);
  });

  test('the host tab is reloaded while tickets wait, and every ticket still completes', async ({ browser, peermatchServer }) => {
    const lobby = 'p2p-reload';
    const host = await openHostTab(browser, peermatchServer.url, lobby);
    tabs.push(host);
    const players = await Promise.all(Array.from({ length: PLAYERS }, (_, i) => openPlayerTab(browser, peermatchServer.url, lobby, `player-${i + 1}`)));
    tabs.push(...players);
    const early = players.slice(0, 6);
    const late = players.slice(6);

    const earlyTickets = await Promise.all(early.map(startTicket));
    // Six tickets wait in the pool: not enough for a match (4v4 at least).
    await expect
      .poll(async () => (await Promise.all(early.map(playerState))).filter((s) => s.events.includes('MatchmakingSearching')).length, { timeout: 10_000 })
      .toBe(6);
    // Reload the host tab, and one waiting player's tab too (its ticket comes back from IndexedDB).
    await Promise.all([host.page.reload(), early[0]!.page.reload()]);
    await expect(early[0]!.page.locator('#status')).toHaveText('ready', { timeout: 15_000 });
    // The reloaded host ticks again (a pause is not saved); hold it until the late tickets are in.
    await expect(host.page.locator('#status')).toHaveText('registered', { timeout: 15_000 });
    await pauseHost(host);
    const lateTickets = await Promise.all(late.map(startTicket));
    const reattached = await early[0]!.page.evaluate(() => window.peermatchPlayer!.connect());
    const again = await startTicket(early[0]!);
    await resumeHostWhenPoolHas(host, PLAYERS);
    const states = await outcomes(players);
    const statuses = await Promise.all(players.map((tab) => tab.page.evaluate(() => window.peermatchPlayer!.describe())));

    await expect(host.page.locator('#restored')).toHaveText('true');
    expect(reattached.resumed).toBe(true);
    expect(reattached.ticketId).toBe(earlyTickets[0]);
    expect(again).toBe(earlyTickets[0]);
    const allTickets = [...earlyTickets, ...lateTickets];
    expect(new Set(allTickets).size).toBe(PLAYERS);
    expectOneReady5v5(states);
    expect(new Set(states.flatMap((s) => s.succeeded!.ticketIds))).toEqual(new Set(allTickets));
    expect(statuses).toEqual(players.map(() => 'COMPLETED'));
  });
});
