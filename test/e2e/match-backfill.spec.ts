/**
 * Automatic backfill, automatic: in a 2v2 with `BackfillMode: AUTOMATIC`, a
 * player closes its tab (`context.close()`); the game host notices through
 * the heartbeat, keeps the seat for the grace, then tells the lobby host,
 * whose core starts refilling the seat; a newcomer who searches is placed in
 * the same game session and connects to the same game host. Real Chromium,
 * real server, real WebRTC, no game code.
 */
import type { Page } from '@playwright/test';
import { expect, lobbyRecordOf, test, waitForMatchReady } from './fixtures.ts';
import { lobbyPageUrl, teamsRuleSet } from './pages/lobby-support.ts';

test.describe.configure({ timeout: 120_000 });

/** Starts recording the game's own match events on `page`. */
async function recordMatchEvents(page: Page): Promise<void> {
  await page.evaluate(() => {
    const record = { joined: [] as string[], released: [] as Array<{ playerId: string; backfillTicketId?: string; error?: string }> };
    (window as unknown as { matchEvents: typeof record }).matchEvents = record;
    window.addEventListener('peermatch-player-joined', (event) => record.joined.push((event as CustomEvent<{ playerId: string }>).detail.playerId));
    window.addEventListener('peermatch-seat-released', (event) => record.released.push((event as CustomEvent<(typeof record.released)[number]>).detail));
  });
}

function matchEvents(page: Page) {
  return page.evaluate(() => (window as unknown as { matchEvents: { joined: string[]; released: Array<{ playerId: string; backfillTicketId?: string; error?: string }> } }).matchEvents);
}

test("a player who closes its tab in a 2v2 is replaced by a newcomer who connects to the same game host", async ({ peermatchServer, lobbyHost, players }) => {
  await lobbyHost('refill', { ruleSetBody: teamsRuleSet(2), tickIntervalMs: 100, configuration: { BackfillMode: 'AUTOMATIC' } });
  const url = (player: string) => lobbyPageUrl(peermatchServer.url, 'refill', player, { autostart: 1, seatgrace: 1000 });
  const four = await players(4, { url: (i) => url(`first-${i}`) });
  const ready = await waitForMatchReady(four);
  const hostIndex = ready.findIndex((r) => r.role === 'game-host');
  const gameHost = four[hostIndex]!;
  const leaverIndex = (hostIndex + 1) % 4;
  await recordMatchEvents(gameHost);

  const closedAt = Date.now();
  await four[leaverIndex]!.context().close();
  await expect.poll(async () => (await lobbyRecordOf(gameHost)).left.length, { timeout: 15_000 }).toBe(1);
  const left = (await lobbyRecordOf(gameHost)).left[0]!;
  expect(left).toMatchObject({ playerId: `first-${leaverIndex}`, gameHost: false });
  expect(left.atMs - closedAt).toBeLessThanOrEqual(5000);
  console.log(`player's tab closed -> game host told in ${left.atMs - closedAt} ms`);

  // After the grace the seat is released and the core's automatic backfill refills it.
  await expect.poll(async () => (await matchEvents(gameHost)).released.length, { timeout: 10_000 }).toBe(1);
  const released = (await matchEvents(gameHost)).released[0]!;
  expect(released.error).toBeUndefined();
  expect(released).toMatchObject({ playerId: `first-${leaverIndex}`, backfillTicketId: expect.any(String) });

  const [newcomer] = await players(1, { url: () => url('newcomer') });
  const [joined] = await waitForMatchReady([newcomer!]);
  expect(joined).toMatchObject({ role: 'player', gameHostPeerId: ready[hostIndex]!.gameHostPeerId, connections: 1, open: 1 });
  await expect.poll(async () => (await matchEvents(gameHost)).joined, { timeout: 10_000 }).toEqual(['newcomer']);
});
