import { test, expect, waitForMatchReady } from 'peermatch/testing';

const twoVersusTwo = JSON.stringify({
  name: 'two-versus-two',
  ruleLanguageVersion: '1.0',
  teams: [
    { name: 'red', minPlayers: 2, maxPlayers: 2 },
    { name: 'blue', minPlayers: 2, maxPlayers: 2 },
  ],
});

test('four players get a 2v2 and every message sent on peermatch-ready arrives', async ({ peermatchServer, lobbyHost, players }) => {
  await lobbyHost('game', { ruleSetBody: twoVersusTwo });
  const pages = await players(4, { url: (i) => `/?server=${peermatchServer.url}&lobby=game&player=p${i}` });

  const ready = await waitForMatchReady(pages);
  expect(new Set(ready.map((r) => r.matchId)).size).toBe(1);

  // The game host hears 10 messages from each of the 3 players; each player 10 from the game host.
  const expected = ready.map((r) => (r.role === 'game-host' ? 30 : 10));
  const counts = () => Promise.all(pages.map((page) => page.evaluate(() => (window as unknown as { received: unknown[] }).received.length)));
  await expect.poll(counts, { timeout: 10_000 }).toEqual(expected);
});

test('the Matchmaker runs in a Web Worker built from the package', async ({ page }) => {
  await page.goto('/worker.html');
  await expect(page.locator('#result')).toHaveText('matched 2 tickets');
});
