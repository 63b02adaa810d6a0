/**
 * Players join through `<peermatch-lobby>`: four browser contexts, a Node
 * lobby host (2v2, no acceptance), the real server and real WebRTC. Every
 * lobby reaches ready with open DataConnections: three at the game host, one
 * at each other player.
 */
import { expect, lobbyRecordOf, test, waitForMatchReady } from './fixtures.ts';
import { expectStatus, lobbyOf, lobbyPageUrl, snap, statusLine, teamsRuleSet } from './pages/lobby-support.ts';

test('four players who press Find a match in the lobby element all reach ready with open DataConnections to one game host', async ({
  peermatchServer,
  lobbyHost,
  players,
}) => {
  await lobbyHost('arena', { ruleSetBody: teamsRuleSet(2), tickIntervalMs: 200 });
  const pages = await players(4, { url: (i) => lobbyPageUrl(peermatchServer.url, 'arena', `player-${i}`) });

  await expect(pages[0]!.getByRole('button', { name: 'Find a match' })).toBeVisible({ timeout: 15_000 });
  await snap(pages[0]!, 'idle');
  // The first player waits alone for a moment: the searching state, timer and estimate.
  await pages[0]!.getByRole('button', { name: 'Find a match' }).click();
  await expectStatus(pages[0]!, 'searching');
  await expect(statusLine(pages[0]!)).toHaveText('Searching for a match…');
  await expect(pages[0]!.locator('peermatch-lobby [part~="elapsed"]')).toHaveText(/^0:0[1-9]$/, { timeout: 5000 });
  await snap(pages[0]!, 'searching');
  await Promise.all(pages.slice(1).map((page) => page.getByRole('button', { name: 'Find a match' }).click()));

  const ready = await waitForMatchReady(pages);
  await snap(pages[0]!, 'ready');

  expect(new Set(ready.map((r) => r.matchId)).size).toBe(1);
  expect(ready.map((r) => r.team).sort()).toEqual(['blue', 'blue', 'red', 'red']);
  const gameHosts = ready.filter((r) => r.role === 'game-host');
  expect(gameHosts).toHaveLength(1);
  expect(gameHosts[0]!.connections).toBe(3);
  expect(gameHosts[0]!.open).toBe(3);
  expect(ready.filter((r) => r.role === 'player').map((r) => [r.connections, r.open])).toEqual([[1, 1], [1, 1], [1, 1]]);
  // On loopback every connection is direct (host candidates), with a measured round-trip time.
  for (const r of ready) {
    expect(r.network?.map((n) => [n.path, n.localCandidateType, n.remoteCandidateType])).toEqual(Array.from({ length: r.connections }, () => ['direct', 'host', 'host']));
    for (const n of r.network ?? []) expect(n.roundTripTimeMs).toBeGreaterThanOrEqual(0);
  }
  await expect(pages[0]!.locator('peermatch-lobby [part~="network"]').first()).toHaveText(/^Connected direct on the local network(, \d+ ms round trip)?\.$/);
  const open = await Promise.all(pages.map((page) => page.evaluate(() => window.lobbyPage!.openConnections())));
  expect(open.sort()).toEqual([1, 1, 1, 3]);
  for (const page of pages) {
    await expect(statusLine(page)).toHaveText(/^Match ready! You are on team (red|blue)/);
    await expect(lobbyOf(page)).toHaveAttribute('status', 'ready');
  }
  const record = await lobbyRecordOf(pages[0]!);
  // peermatch-status fires on every change (the hand-off's progress too); the statuses went in this order.
  const statuses = record.statuses.filter((status, i) => status !== record.statuses[i - 1]);
  expect(statuses).toEqual(['connecting', 'searching', 'connecting-to-game', 'ready']);
});
