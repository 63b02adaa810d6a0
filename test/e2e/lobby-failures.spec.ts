/**
 * The lobby element when no host runs the lobby yet: "host not available"
 * with a Try again that works once a host is up; and the latency it measured
 * to the server (no `latencies` given) rides on the ticket under "server".
 */
import { expect, test } from './fixtures.ts';
import { expectStatus, lobbyPageUrl, shownTicketId, snap, statusLine, teamsRuleSet } from './pages/lobby-support.ts';

test('without a host the lobby says no one hosts it and what to do, and Try again searches once a host runs, with the measured latency on the ticket', async ({
  peermatchServer,
  lobbyHost,
  players,
}) => {
  const [page] = await players(1, { url: lobbyPageUrl(peermatchServer.url, 'later', 'early-bird') });
  await page!.getByRole('button', { name: 'Find a match' }).click({ timeout: 15_000 });
  await expectStatus(page!, 'failed');
  await expect(statusLine(page!)).toHaveText('No one is hosting this lobby yet.');
  await expect(page!.locator('peermatch-lobby [part~="detail"]')).toHaveText(
    'Start its host (open the host console for this lobby, or run peermatch host), then try again.',
  );
  expect(await page!.evaluate(() => window.lobbyPage!.errors.map((error) => error.reason))).toEqual(['host-unavailable']);
  await snap(page!, 'failed-host-unavailable');

  const host = await lobbyHost('later', { ruleSetBody: teamsRuleSet(1) });
  await page!.getByRole('button', { name: 'Try again' }).click();
  await expectStatus(page!, 'searching');
  const ticketId = (await shownTicketId(page!))!;
  const { TicketList } = await host.matchmaker.describeMatchmaking({ TicketIds: [ticketId] });

  expect(TicketList[0]!.Players[0]!.PlayerId).toBe('early-bird');
  expect(TicketList[0]!.Players[0]!.PlayerAttributes).toEqual({ skill: { N: 10 } });
  expect(Object.keys(TicketList[0]!.Players[0]!.LatencyInMs ?? {})).toEqual(['server']);
  expect(TicketList[0]!.Players[0]!.LatencyInMs!['server']).toBeGreaterThanOrEqual(1);
});
