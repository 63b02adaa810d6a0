/**
 * The lobby's host goes away mid-search: the lobby says so and keeps the
 * ticket (the host saved it); a new host started for the same lobby from the
 * same state file brings the same ticket back to searching, and it is
 * matched. Past the `host-wait` bound the lobby offers Try again instead.
 */
import { expect, test, waitForMatchReady } from './fixtures.ts';
import { expectStatus, lobbyOf, lobbyPageUrl, shownTicketId, snap, statusLine, teamsRuleSet } from './pages/lobby-support.ts';

test('a host closed mid-search shows the ticket kept and waiting; a new host from the same saved state brings the same ticket back and it is matched', async ({
  peermatchServer,
  lobbyHost,
  players,
}) => {
  const stateFile = test.info().outputPath('host-state.json');
  const first = await lobbyHost('comeback', { ruleSetBody: teamsRuleSet(1), stateFile, saveIntervalMs: 50 });
  const [waiting] = await players(1, { url: lobbyPageUrl(peermatchServer.url, 'comeback', 'loyal') });
  await waiting!.getByRole('button', { name: 'Find a match' }).click({ timeout: 15_000 });
  await expectStatus(waiting!, 'searching');
  const ticketId = await shownTicketId(waiting!);
  expect(ticketId).toMatch(/^pm-/);

  await first.close();

  await expectStatus(waiting!, 'waiting-for-host');
  await expect(statusLine(waiting!)).toHaveText('The lobby host is unavailable. Your ticket is kept; waiting for the host to come back…');
  expect(await shownTicketId(waiting!)).toBe(ticketId);
  await expect(lobbyOf(waiting!).locator('[part~="waited"]')).toHaveText(/^0:0[1-9]$/);
  await snap(waiting!, 'waiting-for-host');

  await lobbyHost('comeback', { ruleSetBody: teamsRuleSet(1), stateFile });

  await expectStatus(waiting!, 'searching');
  await expect(statusLine(waiting!)).toHaveText('Searching for a match…');
  expect(await shownTicketId(waiting!)).toBe(ticketId);
  const [newcomer] = await players(1, { url: lobbyPageUrl(peermatchServer.url, 'comeback', 'newcomer') });
  await newcomer!.getByRole('button', { name: 'Find a match' }).click({ timeout: 15_000 });
  const ready = await waitForMatchReady([waiting!, newcomer!]);
  expect(ready[0]!.matchId).toBe(ready[1]!.matchId);
  expect(await waiting!.evaluate(() => window.lobbyPage!.errors)).toEqual([]);
});

test('a host that stays away past the bound gets a Try again, which says the host is still away; the host coming back resumes the same ticket', async ({
  peermatchServer,
  lobbyHost,
  players,
}) => {
  const stateFile = test.info().outputPath('host-state.json');
  const first = await lobbyHost('slow', { ruleSetBody: teamsRuleSet(1), stateFile, saveIntervalMs: 50 });
  const [page] = await players(1, { url: lobbyPageUrl(peermatchServer.url, 'slow', 'patient', { hostwait: 2 }) });
  await page!.getByRole('button', { name: 'Find a match' }).click({ timeout: 15_000 });
  await expectStatus(page!, 'searching');
  const ticketId = await shownTicketId(page!);

  await first.close();
  await expectStatus(page!, 'waiting-for-host');
  await expectStatus(page!, 'failed', 10_000);
  await expect(statusLine(page!)).toHaveText('The lobby host has not come back. It keeps your ticket; try again to rejoin it.');
  await snap(page!, 'failed-host-away');

  await page!.getByRole('button', { name: 'Try again' }).click();
  await expect(statusLine(page!)).toHaveText('The lobby host is not available right now.');
  expect(await page!.evaluate(() => window.lobbyPage!.errors.map((error) => error.code))).toEqual(['HostAway', 'HostUnavailable']);

  await lobbyHost('slow', { ruleSetBody: teamsRuleSet(1), stateFile });
  await expectStatus(page!, 'searching');
  expect(await shownTicketId(page!)).toBe(ticketId);
});
