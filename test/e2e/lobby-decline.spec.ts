/**
 * Acceptance through the lobby element: a 2v2 with AcceptanceRequired; three
 * players accept, the fourth declines. The three go back to searching and
 * say a player declined; the decliner's ticket ends ("You declined") with a
 * Try again.
 */
import { expect, test } from './fixtures.ts';
import { expectStatus, lobbyOf, lobbyPageUrl, snap, statusLine, teamsRuleSet } from './pages/lobby-support.ts';

test('when one player declines, the three who accepted are searching again and told a player declined', async ({ peermatchServer, lobbyHost, players }) => {
  await lobbyHost('arena', {
    ruleSetBody: teamsRuleSet(2),
    tickIntervalMs: 200,
    configuration: { AcceptanceRequired: true, AcceptanceTimeoutSeconds: 60 },
  });
  const pages = await players(4, { url: (i) => lobbyPageUrl(peermatchServer.url, 'arena', `player-${i}`) });
  await Promise.all(pages.map((page) => page.getByRole('button', { name: 'Find a match' }).click({ timeout: 15_000 })));
  await Promise.all(pages.map((page) => expectStatus(page, 'proposed')));
  const [decliner, ...others] = pages as [typeof pages[0], ...typeof pages];
  await snap(decliner, 'proposed');
  await expect(decliner.locator('peermatch-lobby [part~="team"]')).toHaveCount(2);
  await expect(decliner.locator('peermatch-lobby [part~="player"]')).toHaveCount(4);
  await expect(decliner.locator('peermatch-lobby [part~="countdown"]')).toHaveText(/^\d+ s$/);

  for (const page of others) await page.getByRole('button', { name: 'Accept' }).click();
  await Promise.all(others.map((page) => expectStatus(page, 'accepted')));
  await expect(statusLine(others[0]!)).toHaveText('Accepted. Waiting for the other players…');
  // The decliner's list marks the three answers as they arrive.
  await expect(decliner.locator('peermatch-lobby [part~="player"][data-accepted="true"]')).toHaveCount(3);
  await snap(others[0]!, 'accepted');
  await snap(decliner, 'proposed-three-accepted');
  if (process.env['PEERMATCH_DOCS_SCREENSHOT']) await lobbyOf(decliner).screenshot({ path: 'docs/lobby.png', animations: 'disabled' });

  await decliner.getByRole('button', { name: 'Decline' }).click();

  await expectStatus(decliner, 'failed');
  await expect(statusLine(decliner)).toHaveText('You declined the match.');
  await expect(decliner.getByRole('button', { name: 'Try again' })).toBeVisible();
  await snap(decliner, 'failed-declined');
  for (const page of others) {
    await expectStatus(page, 'searching');
    await expect(statusLine(page)).toHaveText('A player declined the match. Searching again…');
  }
  await snap(others[0]!, 'searching-again');
  const errors = await decliner.evaluate(() => window.lobbyPage!.errors);
  expect(errors).toEqual([expect.objectContaining({ reason: 'declined', code: 'REJECTED' })]);
});
