/**
 * Accept pressed after the acceptance window closed but before the host's
 * next tick timed the proposal out: the Matchmaker refuses the answer, and
 * the lobby says the time to accept ran out (not "Something went wrong").
 */
import { expect, test } from './fixtures.ts';
import { expectStatus, lobbyOf, lobbyPageUrl, statusLine, teamsRuleSet } from './pages/lobby-support.ts';

test('an Accept after the countdown ran out says the time to accept ran out', async ({ peermatchServer, lobbyHost, players }) => {
  // Ticks 4 s apart: a 1-second window closes about 3 s before the tick that times the proposal out.
  await lobbyHost('duel', { ruleSetBody: teamsRuleSet(1), tickIntervalMs: 4000, configuration: { AcceptanceRequired: true, AcceptanceTimeoutSeconds: 1 } });
  const pages = await players(2, { url: (i) => lobbyPageUrl(peermatchServer.url, 'duel', `slowpoke-${i}`) });
  await Promise.all(pages.map((page) => page.getByRole('button', { name: 'Find a match' }).click({ timeout: 15_000 })));
  const late = pages[0]!;
  await expectStatus(late, 'proposed', 15_000);
  await expect(lobbyOf(late).locator('[part~="countdown"]')).toHaveText('0 s', { timeout: 3000 });

  await late.getByRole('button', { name: 'Accept' }).click();

  await expectStatus(late, 'failed');
  await expect(statusLine(late)).toHaveText('The time to accept ran out.');
  const errors = await late.evaluate(() => window.lobbyPage!.errors);
  expect(errors).toMatchObject([{ reason: 'timed-out', code: 'AcceptanceWindowClosed', message: expect.stringMatching(/acceptance window of match .* closed/) }]);
  await expect(late.getByRole('button', { name: 'Try again' })).toBeVisible();
});
