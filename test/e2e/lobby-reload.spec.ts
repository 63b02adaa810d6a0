/**
 * A player reloads mid-search: the lobby element finds the remembered ticket
 * (IndexedDB) on its own, shows the same ticket searching with its elapsed
 * time still counting from the ticket's start, and that ticket is matched.
 */
import { expect, test, waitForMatchReady } from './fixtures.ts';
import { expectStatus, lobbyPageUrl, shownTicketId, snap, statusLine, teamsRuleSet } from './pages/lobby-support.ts';

test('a player who reloads mid-search is searching again with the same ticket, which is then matched', async ({ peermatchServer, lobbyHost, players }) => {
  await lobbyHost('duel', { ruleSetBody: teamsRuleSet(1), tickIntervalMs: 200 });
  const [waiting] = await players(1, { url: lobbyPageUrl(peermatchServer.url, 'duel', 'patient') });
  await waiting!.getByRole('button', { name: 'Find a match' }).click({ timeout: 15_000 });
  await expectStatus(waiting!, 'searching');
  const ticketId = await shownTicketId(waiting!);
  expect(ticketId).toMatch(/^pm-/);
  await expect(waiting!.locator('peermatch-lobby [part~="elapsed"]')).toHaveText(/^0:0[2-9]$/, { timeout: 6000 });

  await waiting!.reload();

  await expectStatus(waiting!, 'searching');
  await expect(statusLine(waiting!)).toHaveText('Searching for a match…');
  expect(await shownTicketId(waiting!)).toBe(ticketId);
  // The elapsed time counts from the ticket's StartTime, not from the reload.
  await expect(waiting!.locator('peermatch-lobby [part~="elapsed"]')).toHaveText(/^0:(0[2-9]|[1-5]\d)$/);
  await snap(waiting!, 'searching-after-reload');

  const [newcomer] = await players(1, { url: lobbyPageUrl(peermatchServer.url, 'duel', 'newcomer') });
  await newcomer!.getByRole('button', { name: 'Find a match' }).click({ timeout: 15_000 });
  const ready = await waitForMatchReady([waiting!, newcomer!]);
  expect(ready[0]!.matchId).toBe(ready[1]!.matchId);
});
