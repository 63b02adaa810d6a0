/**
 * One player, one seat, in real Chromium with the real server and a Node
 * lobby host. The rule: the newest tab of a browser profile wins (it shares
 * the older tab's storage, so its relay identity and PeerJS id); a second
 * device or browser profile does not take the seat of one that holds it and
 * is connected (a player id is no proof), but takes it once that one is gone
 * (its context closed). Either way exactly one plays, the other is told why
 * in plain words and releases its PeerJS peer, and the partner's match is ready.
 */
import type { Page } from '@playwright/test';
import { expect, lobbyRecordOf, test, waitForMatchReady } from './fixtures.ts';
import { expectStatus, lobbyOf, lobbyPageUrl, shownTicketId, snap, statusLine, teamsRuleSet } from './pages/lobby-support.ts';

test.describe.configure({ timeout: 90_000 });

/** Whether the page's lobby client still has its PeerJS peer registered. */
function peerOpen(page: Page): Promise<boolean | undefined> {
  return page.evaluate(() => document.querySelector('peermatch-lobby')?.client?.peerOpen);
}

/** The `peermatch-error` reasons the lobby test page recorded. */
function errorReasons(page: Page): Promise<string[]> {
  return page.evaluate(() => (window.lobbyPage?.errors ?? []).map((error) => error.reason));
}

test('two tabs of one browser with the same player: the newer plays the same ticket, the older says so and released its peer, the partner is matched', async ({
  peermatchServer,
  lobbyHost,
  players,
}) => {
  await lobbyHost('seat-tabs', { ruleSetBody: teamsRuleSet(1), tickIntervalMs: 100 });
  const url = lobbyPageUrl(peermatchServer.url, 'seat-tabs', 'twin', { autostart: 1 });
  const [older] = await players(1, { url });
  await expectStatus(older!, 'searching');
  const ticketId = await shownTicketId(older!);
  const olderPeer = await older!.evaluate(() => document.querySelector('peermatch-lobby')?.client?.peerId);

  // A second tab in the same context: same IndexedDB, so the same relay identity, PeerJS id and ticket.
  const newer = await older!.context().newPage();
  await newer.goto(url);

  await expectStatus(older!, 'failed');
  await expect(statusLine(older!)).toHaveText('You are playing this lobby in another tab or window.');
  await expect(lobbyOf(older!).getByRole('button', { name: 'Play here instead' })).toBeVisible();
  expect(await peerOpen(older!)).toBe(false);
  expect(await errorReasons(older!)).toEqual(['replaced']);
  await expectStatus(newer, 'searching');
  expect(await shownTicketId(newer)).toBe(ticketId);
  await expect.poll(() => peerOpen(newer), { timeout: 15_000 }).toBe(true);
  expect(await newer.evaluate(() => document.querySelector('peermatch-lobby')?.client?.peerId)).toBe(olderPeer);
  await snap(older!, 'replaced-tab');

  const [partner] = await players(1, { url: lobbyPageUrl(peermatchServer.url, 'seat-tabs', 'partner', { autostart: 1 }) });
  const [twin, other] = await waitForMatchReady([newer, partner!]);

  expect(twin!.matchId).toBe(other!.matchId);
  expect(twin!.open).toBe(1);
  expect(other!.open).toBe(1);
  // The older tab did not come back: still stopped, never ready, its peer still released.
  await expectStatus(older!, 'failed');
  expect((await lobbyRecordOf(older!)).ready).toBeUndefined();
  expect(await peerOpen(older!)).toBe(false);
});

test('the same player in two browser profiles (two devices): the first keeps its seat, the second is told and released its peer, the partner is matched with the first', async ({
  peermatchServer,
  lobbyHost,
  players,
}) => {
  await lobbyHost('seat-devices', { ruleSetBody: teamsRuleSet(1), tickIntervalMs: 100 });
  const url = lobbyPageUrl(peermatchServer.url, 'seat-devices', 'twin', { autostart: 1 });
  const [first] = await players(1, { url });
  await expectStatus(first!, 'searching');

  const [second] = await players(1, { url });

  await expectStatus(second!, 'failed');
  await expect(statusLine(second!)).toHaveText('You are playing this lobby on another device or in another browser.');
  expect(await errorReasons(second!)).toEqual(['replaced']);
  expect(await peerOpen(second!)).toBe(false);
  await expectStatus(first!, 'searching');
  await snap(second!, 'replaced-device');

  const [partner] = await players(1, { url: lobbyPageUrl(peermatchServer.url, 'seat-devices', 'partner', { autostart: 1 }) });
  const [twin, other] = await waitForMatchReady([first!, partner!]);

  expect(twin!.matchId).toBe(other!.matchId);
  expect(twin!.open).toBe(1);
  expect((await lobbyRecordOf(second!)).ready).toBeUndefined();
  await expectStatus(second!, 'failed');
});

test('a device closed mid-search leaves the seat: the same player in another browser profile takes it, and the partner is matched with it', async ({
  peermatchServer,
  lobbyHost,
  players,
}) => {
  await lobbyHost('seat-gone', { ruleSetBody: teamsRuleSet(1), tickIntervalMs: 100 });
  const url = lobbyPageUrl(peermatchServer.url, 'seat-gone', 'twin', { autostart: 1 });
  const [first] = await players(1, { url });
  await expectStatus(first!, 'searching');
  const heldTicket = await shownTicketId(first!);
  await first!.context().close();

  const [second] = await players(1, { url });
  await expectStatus(second!, 'searching');
  const newTicket = await shownTicketId(second!);
  const [partner] = await players(1, { url: lobbyPageUrl(peermatchServer.url, 'seat-gone', 'partner', { autostart: 1 }) });
  const [twin, other] = await waitForMatchReady([second!, partner!]);

  expect(newTicket).not.toBe(heldTicket);
  expect(twin!.matchId).toBe(other!.matchId);
  expect(twin!.open).toBe(1);
});
