/**
 * Parties through the lobby element, real Chromium, real server and Node
 * lobby host, each friend in its own browser context (own device):
 * - three friends form a party from its code and its link, ready up, the
 *   leader queues on a 3v3 with acceptance required, three strangers queue
 *   alone; all six accept for themselves and reach ready on one game host,
 *   the party on one team;
 * - a member who declines sends the party back to ready (not searching), and
 *   every member is told who declined;
 * - a member closing the tab while searching stops the party's ticket, and
 *   the others are told;
 * - a reload of a member keeps the party.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.ts';
import { expectStatus, lobbyPageUrl, snap, statusLine, teamsRuleSet } from './pages/lobby-support.ts';

const party = (page: Page) => page.locator('peermatch-lobby [part~="party"]');
const members = (page: Page) => page.locator('peermatch-lobby [part~="party-member"]');
const notice = (page: Page) => page.locator('peermatch-lobby [part~="party-notice"]');

/** Alice creates the party; Bob types its code, Carol opens its link; all three mark ready (by keyboard for Bob). */
async function formParty(pages: Page[]): Promise<string> {
  const [alice, bob, carol] = pages as [Page, Page, Page];
  await alice.getByRole('button', { name: 'Create a party' }).click({ timeout: 15_000 });
  const code = (await alice.locator('peermatch-lobby [part~="party-code"]').getAttribute('data-code', { timeout: 10_000 }))!;
  expect(code).toMatch(/^[A-Z2-9]{6}$/);
  const link = await alice.locator('peermatch-lobby [part~="party-link"]').inputValue();
  expect(new URL(link).searchParams.get('party')).toBe(code);

  // Bob joins by typing the code, keyboard only.
  await bob.getByLabel('Party code').fill(code.toLowerCase());
  await bob.getByLabel('Party code').press('Enter');
  // Carol opens the link.
  const url = new URL(link);
  url.searchParams.set('player', 'carol');
  await carol.goto(url.toString());
  for (const page of pages) await expect(members(page)).toHaveCount(3, { timeout: 15_000 });
  await expect(notice(alice)).toHaveText('carol joined the party');

  await alice.getByRole('button', { name: 'Ready', exact: true }).click();
  await bob.getByRole('button', { name: 'Ready', exact: true }).focus();
  await bob.keyboard.press('Enter');
  await carol.getByRole('button', { name: 'Ready', exact: true }).click();
  for (const page of pages) await expect(page.locator('peermatch-lobby [part~="party-member"][data-ready="true"]')).toHaveCount(3);
  // Only the leader has the party's Find a match, and no member has the solo one.
  await expect(bob.getByRole('button', { name: 'Find a match for the party' })).toHaveCount(0);
  await expect(bob.getByRole('button', { name: 'Find a match', exact: true })).toHaveCount(0);
  return code;
}

async function openFriends(players: (n: number, o: { url: (i: number) => string }) => Promise<Page[]>, server: string, lobby: string): Promise<Page[]> {
  const names = ['alice', 'bob', 'carol'];
  const pages = await players(3, { url: (i) => lobbyPageUrl(server, lobby, names[i]!, { parties: 1 }) });
  // Carol arrives later through the link: her page starts blank.
  await pages[2]!.goto('about:blank');
  return pages;
}

test('three friends form a party from a code and a link, queue on a 3v3 with acceptance beside three strangers, and all six reach ready on one game host with the party on one team', async ({ peermatchServer, lobbyHost, players }) => {
  // Six browser contexts and a 3v3 hand-off: about 25 s alone, up to a minute on a loaded machine.
  test.setTimeout(120_000);
  await lobbyHost('party-3v3', { ruleSetBody: teamsRuleSet(3), tickIntervalMs: 200, configuration: { AcceptanceRequired: true, AcceptanceTimeoutSeconds: 30 } });
  const friends = await openFriends(players, peermatchServer.url, 'party-3v3');
  await formParty(friends);
  await snap(friends[0]!, 'party-ready');

  await friends[0]!.getByRole('button', { name: 'Find a match for the party' }).click();
  for (const page of friends) await expectStatus(page, 'searching');
  const strangers = await players(3, { url: (i) => lobbyPageUrl(peermatchServer.url, 'party-3v3', `stranger-${i}`) });
  await Promise.all(strangers.map((page) => page.getByRole('button', { name: 'Find a match' }).click({ timeout: 15_000 })));

  const everyone = [...friends, ...strangers];
  await Promise.all(everyone.map((page) => expectStatus(page, 'proposed')));
  await snap(friends[1]!, 'party-proposed');
  for (const page of everyone) await page.getByRole('button', { name: 'Accept' }).click();
  await Promise.all(everyone.map((page) => expectStatus(page, 'ready', 30_000)));

  const details = await Promise.all(everyone.map((page) => page.locator('peermatch-lobby').evaluate((el) => {
    const state = (el as unknown as { state: { match: { matchId: string; gameHostPeerId: string; players: { playerId: string; team: string }[] } } }).state;
    return { matchId: state.match.matchId, gameHost: state.match.gameHostPeerId, players: state.match.players };
  })));
  expect(new Set(details.map((d) => d.matchId)).size).toBe(1);
  expect(new Set(details.map((d) => d.gameHost)).size).toBe(1);
  const teams = new Map(details[0]!.players.map((p) => [p.playerId, p.team]));
  expect(new Set(['alice', 'bob', 'carol'].map((id) => teams.get(id))).size).toBe(1);
  expect(details[0]!.players).toHaveLength(6);
});

test('a member who declines sends the party back to ready, not searching, and the party is told who declined', async ({ peermatchServer, lobbyHost, players }) => {
  test.setTimeout(90_000);
  await lobbyHost('party-decline', { ruleSetBody: teamsRuleSet(3), tickIntervalMs: 200, configuration: { AcceptanceRequired: true, AcceptanceTimeoutSeconds: 30 } });
  const friends = await openFriends(players, peermatchServer.url, 'party-decline');
  await formParty(friends);
  await friends[0]!.getByRole('button', { name: 'Find a match for the party' }).click();
  const strangers = await players(3, { url: (i) => lobbyPageUrl(peermatchServer.url, 'party-decline', `stranger-${i}`) });
  await Promise.all(strangers.map((page) => page.getByRole('button', { name: 'Find a match' }).click({ timeout: 15_000 })));
  await Promise.all(friends.map((page) => expectStatus(page, 'proposed')));

  await friends[0]!.getByRole('button', { name: 'Accept' }).click();
  await friends[1]!.getByRole('button', { name: 'Decline' }).click();
  for (const page of friends) {
    await expectStatus(page, 'idle');
    await expect(notice(page)).toHaveText('bob declined the match; the party is ready, not searching');
    await expect(page.locator('peermatch-lobby [part~="party-member"][data-ready="true"]')).toHaveCount(3);
  }
  await expect(friends[0]!.getByRole('button', { name: 'Find a match for the party' })).toBeEnabled();
  await snap(friends[2]!, 'party-declined');
});

test('a member closing the tab while searching stops the party ticket and the others are told; a reload of a member keeps the party', async ({ peermatchServer, lobbyHost, players }) => {
  test.setTimeout(90_000);
  await lobbyHost('party-drop', { ruleSetBody: teamsRuleSet(3), tickIntervalMs: 200 });
  const friends = await openFriends(players, peermatchServer.url, 'party-drop');
  await formParty(friends);
  const [alice, bob, carol] = friends as [Page, Page, Page];

  // A reload keeps the party: Bob is still in it, still ready.
  await bob.reload();
  await expect(members(bob)).toHaveCount(3, { timeout: 15_000 });
  await expect(bob.locator('peermatch-lobby [part~="party-member"][data-self]')).toHaveAttribute('data-ready', 'true');
  await expect(alice.locator('peermatch-lobby [part~="party-member"][data-player="bob"]')).toHaveAttribute('data-connected', 'true');

  await alice.getByRole('button', { name: 'Find a match for the party' }).click();
  for (const page of friends) await expectStatus(page, 'searching');
  await carol.context().close();
  for (const page of [alice, bob]) {
    await expectStatus(page, 'idle', 15_000);
    await expect(notice(page)).toHaveText('carol left the lobby (its client disconnected) while searching; the search is stopped');
    await expect(page.locator('peermatch-lobby [part~="party-member"][data-player="carol"]')).toHaveAttribute('data-connected', 'false');
  }
  await expect(statusLine(alice)).toHaveText('Ready when you are.');
  await expect(party(alice)).toBeVisible();
});

test('the leader removes a member and hands leadership over by keyboard, and each change is announced to the party', async ({ peermatchServer, lobbyHost, players }) => {
  test.setTimeout(60_000);
  await lobbyHost('party-leader', { ruleSetBody: teamsRuleSet(3), tickIntervalMs: 200 });
  const friends = await openFriends(players, peermatchServer.url, 'party-leader');
  await formParty(friends);
  const [alice, bob, carol] = friends as [Page, Page, Page];

  await alice.getByRole('button', { name: 'Remove carol' }).focus();
  await alice.keyboard.press('Enter');
  await expect(members(alice)).toHaveCount(2);
  await expect(notice(bob)).toHaveText('alice removed carol from the party');
  await expect(notice(carol)).toHaveText('alice removed carol from the party');
  await expect(carol.getByRole('button', { name: 'Create a party' })).toBeVisible();

  await alice.getByRole('button', { name: 'Make bob leader' }).focus();
  await alice.keyboard.press('Enter');
  await expect(notice(alice)).toHaveText('alice handed leadership to bob');
  await expect(bob.locator('peermatch-lobby [part~="party-member"][data-player="bob"]')).toHaveAttribute('data-leader', 'true');
  await expect(bob.getByRole('button', { name: 'Find a match for the party' })).toBeEnabled();
  await expect(alice.getByRole('button', { name: 'Find a match for the party' })).toHaveCount(0);
  await expect(alice.getByRole('button', { name: 'Remove bob' })).toHaveCount(0);
});
