/**
 * A keyboard-only run through the lobby element (page.keyboard only: Tab,
 * Enter, Space): join, accept (focus moves to Accept when the proposal
 * arrives) and reach ready; then join and cancel (focus on Cancel while
 * searching, then on Try again).
 */
import { expect, test, waitForMatchReady } from './fixtures.ts';
import { expectStatus, focusedAction, lobbyPageUrl, snap, statusLine, teamsRuleSet } from './pages/lobby-support.ts';

test('with the keyboard alone, two players join and accept a match, and a third joins and cancels', async ({ peermatchServer, lobbyHost, players }) => {
  await lobbyHost('duel', {
    ruleSetBody: teamsRuleSet(1),
    tickIntervalMs: 200,
    configuration: { AcceptanceRequired: true, AcceptanceTimeoutSeconds: 30 },
  });
  const pages = await players(2, { url: (i) => lobbyPageUrl(peermatchServer.url, 'duel', `typist-${i}`) });
  for (const page of pages) {
    await expectStatus(page, 'idle', 15_000);
    await page.keyboard.press('Tab');
    expect(await focusedAction(page)).toBe('start');
    await page.keyboard.press('Enter');
  }
  for (const page of pages) {
    await expectStatus(page, 'proposed');
    await expect.poll(() => focusedAction(page)).toBe('accept');
  }
  await snap(pages[0]!, 'keyboard-proposed');
  await pages[0]!.keyboard.press('Space');
  await pages[1]!.keyboard.press('Enter');
  const ready = await waitForMatchReady(pages);
  expect(ready.map((r) => r.open)).toEqual([1, 1]);

  const [quitter] = await players(1, { url: lobbyPageUrl(peermatchServer.url, 'duel', 'quitter') });
  await expectStatus(quitter!, 'idle', 15_000);
  await quitter!.keyboard.press('Tab');
  await quitter!.keyboard.press('Enter');
  await expectStatus(quitter!, 'searching');
  await expect.poll(() => focusedAction(quitter!)).toBe('cancel');
  await snap(quitter!, 'keyboard-searching');
  await quitter!.keyboard.press('Enter');
  await expectStatus(quitter!, 'failed');
  await expect(statusLine(quitter!)).toHaveText('You left the queue.');
  await expect.poll(() => focusedAction(quitter!)).toBe('retry');
  await snap(quitter!, 'keyboard-cancelled');
  // Try again, from the keyboard too: searching again with a new ticket.
  await quitter!.keyboard.press('Space');
  await expectStatus(quitter!, 'searching');
});
