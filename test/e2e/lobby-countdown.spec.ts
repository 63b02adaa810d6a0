/**
 * The acceptance countdown runs out: a 1v1 with a 3-second acceptance
 * window that nobody answers. Both lobbies fail with "not accepted in time"
 * and a Try again, which starts a new search that completes.
 */
import { expect, test, waitForMatchReady } from './fixtures.ts';
import { expectStatus, lobbyPageUrl, snap, statusLine, teamsRuleSet } from './pages/lobby-support.ts';

test('a proposal nobody accepts times out with a Try again that finds the next match', async ({ peermatchServer, lobbyHost, players }) => {
  await lobbyHost('duel', {
    ruleSetBody: teamsRuleSet(1),
    tickIntervalMs: 200,
    configuration: { AcceptanceRequired: true, AcceptanceTimeoutSeconds: 3 },
  });
  const pages = await players(2, { url: (i) => lobbyPageUrl(peermatchServer.url, 'duel', `duelist-${i}`) });
  await Promise.all(pages.map((page) => page.getByRole('button', { name: 'Find a match' }).click({ timeout: 15_000 })));
  await Promise.all(pages.map((page) => expectStatus(page, 'proposed')));
  const countdown = pages[0]!.locator('peermatch-lobby [part~="countdown"]');
  await expect(countdown).toHaveText(/^[1-3] s$/);
  const bar = pages[0]!.locator('peermatch-lobby [part~="countdown-bar"]');
  await expect(bar).toHaveAttribute('max', '3000');
  await snap(pages[0]!, 'proposed-countdown');

  for (const page of pages) {
    await expectStatus(page, 'failed', 10_000);
    await expect(statusLine(page)).toHaveText('The match was not accepted in time.');
  }
  await snap(pages[0]!, 'failed-timed-out');

  await Promise.all(pages.map((page) => page.getByRole('button', { name: 'Try again' }).click()));
  await Promise.all(pages.map((page) => expectStatus(page, 'proposed')));
  await Promise.all(pages.map((page) => page.getByRole('button', { name: 'Accept' }).click()));
  const ready = await waitForMatchReady(pages);
  expect(ready.map((r) => r.role).sort()).toEqual(['game-host', 'player']);
  expect(ready.map((r) => r.open)).toEqual([1, 1]);
});
