/**
 * Players reload during a proposal: the countdown goes on from where it was
 * (the client remembered the deadline), a player who had accepted is still
 * accepted, Accept still works after the reload, and the match completes.
 */
import type { Page } from '@playwright/test';
import { expect, test, waitForMatchReady } from './fixtures.ts';
import { expectStatus, lobbyOf, lobbyPageUrl, snap, teamsRuleSet } from './pages/lobby-support.ts';

/** The countdown's seconds, and when they were read. */
async function countdownOf(page: Page): Promise<{ seconds: number; atMs: number }> {
  const text = await lobbyOf(page).locator('[part~="countdown"]').textContent({ timeout: 5000 });
  const match = /^(\d+) s$/.exec(text ?? '');
  if (!match) throw new Error(`countdown reads ${JSON.stringify(text)}`);
  return { seconds: Number(match[1]), atMs: Date.now() };
}

test('a reload during a proposal keeps the countdown and who accepted, and accepting afterwards completes the match', async ({ peermatchServer, lobbyHost, players }) => {
  test.setTimeout(60_000);
  await lobbyHost('duel', { ruleSetBody: teamsRuleSet(1), tickIntervalMs: 200, configuration: { AcceptanceRequired: true, AcceptanceTimeoutSeconds: 25 } });
  const [undecided, eager] = await players(2, { url: (i) => lobbyPageUrl(peermatchServer.url, 'duel', i === 0 ? 'undecided' : 'eager') });
  await Promise.all([undecided!, eager!].map((page) => page.getByRole('button', { name: 'Find a match' }).click({ timeout: 15_000 })));
  await Promise.all([undecided!, eager!].map((page) => expectStatus(page, 'proposed')));
  await eager!.getByRole('button', { name: 'Accept' }).click();
  await expectStatus(eager!, 'accepted');
  await expect(lobbyOf(undecided!).locator('[part~="player"][data-accepted="true"]')).toHaveCount(1);
  // Let the countdown run a little, so that one started afresh by the reload would show more than one carried on.
  const start = await countdownOf(undecided!);
  await expect(lobbyOf(undecided!).locator('[part~="countdown"]')).toHaveText(`${start.seconds - 3} s`, { timeout: 6000 });
  const before = await countdownOf(undecided!);

  await Promise.all([undecided!.reload(), eager!.reload()]);

  await expectStatus(undecided!, 'proposed');
  await expectStatus(eager!, 'accepted');
  const after = await countdownOf(undecided!);
  const expected = before.seconds - (after.atMs - before.atMs) / 1000;
  expect(after.seconds).toBeLessThanOrEqual(start.seconds - 3);
  expect(Math.abs(after.seconds - expected)).toBeLessThanOrEqual(1.5);
  await expect(lobbyOf(undecided!).locator('[part~="countdown-bar"]')).toHaveAttribute('max', '25000');
  await expect(lobbyOf(eager!).locator('[part~="countdown"]')).toHaveText(/^\d+ s$/);
  await snap(undecided!, 'proposed-after-reload');

  await undecided!.getByRole('button', { name: 'Accept' }).click();
  const ready = await waitForMatchReady([undecided!, eager!]);
  expect(ready[0]!.matchId).toBe(ready[1]!.matchId);
  expect(ready.map((r) => r.open)).toEqual([1, 1]);
});
