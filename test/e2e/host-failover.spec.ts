/**
 * Host failover in real Chromium with the real server: a primary host
 * console tab and a standby host console tab (each in a browser context of
 * its own, the standby started with the credential the primary's console
 * shows) and ten players in `<peermatch-lobby>` pages, 5v5, acceptance
 * required. The primary's context is closed twice:
 * 1. while four tickets search (too few for a 5v5): the standby takes over
 *    and shows the full live view with the same four tickets, same
 *    StartTime; a new standby tab joins it;
 * 2. once the other six joined and the 5v5 proposal waits with two players
 *    accepted: the new standby takes over with the proposal's deadline and
 *    both acceptances; the other eight accept and all ten reach ready.
 * No ticket is lost or duplicated (the last console lists exactly the ten,
 * COMPLETED). The time from `context.close()` to the standby serving (its
 * console shows Primary; a player's request answered) is printed and
 * attached to the report; the goal is at most 3 s.
 *
 * Also: a hand-over from the keyboard, and a standby console that reloads
 * (it joins again by itself; once promoted, a reload brings it back as the primary).
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { HostStateExport } from '../../src/host/host-state-transfer.ts';
import { expect, PEERMATCH_PERMISSIONS, test, waitForMatchReady } from './fixtures.ts';
import { consoleRole, consoleStatus, exportedState, openHostConsole, shownCount, whenPrimary, type ConsoleTab } from './pages/console-support.ts';
import { RawPlayer } from './pages/host-raw-player.ts';
import { expectStatus, lobbyPageUrl, teamsRuleSet } from './pages/lobby-support.ts';

const LOBBY = 'failover';
const PLAYERS = 10;
/** Long enough that the proposal outlives a failover and its checks, short against the test's timeout. */
const ACCEPTANCE_TIMEOUT_SECONDS = 90;
const START = { ruleSetBody: teamsRuleSet(5), acceptanceTimeoutSeconds: ACCEPTANCE_TIMEOUT_SECONDS, tickIntervalMs: 200 };

/** Ten lobby pages in two contexts (the players' sessions are stored per lobby and player, so pages can share one). */
async function openPlayers(browser: Browser, serverUrl: string): Promise<{ contexts: BrowserContext[]; pages: Page[] }> {
  const contexts = await Promise.all([0, 1].map(() => browser.newContext({ permissions: [...PEERMATCH_PERMISSIONS] })));
  const pages = await Promise.all(
    Array.from({ length: PLAYERS }, async (_, i) => {
      const page = await contexts[i % 2]!.newPage();
      await page.goto(lobbyPageUrl(serverUrl, LOBBY, `player-${i}`));
      await expect(page.getByRole('button', { name: 'Find a match' })).toBeVisible({ timeout: 15_000 });
      return page;
    }),
  );
  return { contexts, pages };
}

/** The ticket id the page's lobby holds (searching or in a proposal), `undefined` before it has one. */
const ticketOf = (page: Page): Promise<string | undefined> =>
  page.evaluate(() => (document.querySelector('peermatch-lobby') as unknown as { state: { ticketId?: string } }).state.ticketId);

/** Finds a match on each page and returns the ticket ids the lobbies hold. */
async function search(pages: Page[]): Promise<string[]> {
  await Promise.all(pages.map((page) => page.getByRole('button', { name: 'Find a match' }).click()));
  return Promise.all(
    pages.map(async (page) => {
      await expect.poll(() => ticketOf(page), { timeout: 15_000 }).toBeTruthy();
      return (await ticketOf(page))!;
    }),
  );
}

/** Waits until the primary's standby holds every change (the console lists it in sync). */
async function standbyInSync(primary: Page): Promise<void> {
  await expect(primary.locator('[part="standby-row"][data-synced="true"][data-lag="0"]')).toHaveCount(1, { timeout: 15_000 });
}

/**
 * Closes the primary's context and measures how long until the standby
 * serves: its console shows Primary, and a request a player sent right
 * after the close is answered.
 */
async function failOver(primary: ConsoleTab, standby: Page, relayUrl: string, label: string): Promise<{ roleMs: number; answerMs: number }> {
  const player = new RawPlayer(relayUrl, LOBBY);
  try {
    await player.connect();
    const promoted = whenPrimary(standby);
    const closedAt = Date.now();
    await primary.context.close();
    const answeredAt = await player.ok('describeLobby', {}).then(() => Date.now());
    const servingAt = await promoted;
    const times = { roleMs: servingAt - closedAt, answerMs: answeredAt - closedAt };
    const line = `failover ${label}: console shows Primary ${times.roleMs} ms after context.close(), first request answered after ${times.answerMs} ms (goal 3000 ms)`;
    console.log(line);
    await test.info().attach(`failover-${label}.txt`, { body: line, contentType: 'text/plain' });
    return times;
  } finally {
    player.close();
  }
}

/**
 * Runs `body` with a primary console (a 1v1 of teams of one, ticking every
 * 200 ms) and a standby console started with the credential the primary
 * shows, after `player` searched once and the standby holds it. The
 * standby's own form holds another rule set: the lobby's is what it serves,
 * and shows once promoted. Afterwards the ticket must still be there, once,
 * with its StartTime, and no console page may have thrown.
 */
async function withPrimaryAndStandby(
  browser: Browser,
  peermatchServer: { url: string; relayUrl: string },
  lobby: string,
  body: (tabs: { first: ConsoleTab; second: ConsoleTab; player: RawPlayer }) => Promise<void>,
): Promise<void> {
  const consoles: ConsoleTab[] = [];
  const player = new RawPlayer(peermatchServer.relayUrl, lobby);
  try {
    const first = await openHostConsole(browser, peermatchServer.url, lobby, { ruleSetBody: teamsRuleSet(1), tickIntervalMs: 200 });
    consoles.push(first);
    const credential = await first.page.locator('input.standby-credential').inputValue();
    const second = await openHostConsole(browser, peermatchServer.url, lobby, { ruleSetBody: teamsRuleSet(3), standbyToken: credential });
    consoles.push(second);
    await player.connect();
    const { MatchmakingTicket: ticket } = await player.ok('startMatchmaking', { PeerId: 'peer-0', Players: [{ PlayerId: 'solo' }] });
    await standbyInSync(first.page);

    await body({ first, second, player });

    const { TicketList } = await player.ok('describeMatchmaking', { TicketIds: [ticket.TicketId] });
    expect(TicketList).toHaveLength(1);
    expect(TicketList[0].StartTime).toEqual(ticket.StartTime);
    for (const tab of consoles) expect(tab.errors, 'page errors of a host console').toEqual([]);
  } finally {
    player.close();
    await Promise.all(consoles.map((tab) => tab.context.close().catch(() => undefined)));
  }
}

/** Ticket id -> StartTime (ms) in an exported state. */
const startTimes = (state: HostStateExport): Record<string, number> =>
  Object.fromEntries(state.snapshot.tickets.map((ticket) => [ticket.ticketId, ticket.startTimeMs]));

test('a standby host console takes the lobby over twice, with searching tickets and with a half-accepted proposal, and every ticket completes once', async ({
  browser,
  peermatchServer,
}) => {
  test.setTimeout(180_000);
  const consoles: ConsoleTab[] = [];
  const players = await openPlayers(browser, peermatchServer.url);
  try {
    // The primary console, and the standby credential it shows (copied as an operator would).
    const first = await openHostConsole(browser, peermatchServer.url, LOBBY, START);
    consoles.push(first);
    await expect(consoleStatus(first.page)).toContainText('as the primary host, term');
    await expect(consoleRole(first.page)).toHaveText('Primary');
    await first.page.locator('button.copy').click();
    await expect(first.page.locator('.copy-note')).toHaveText('Copied the standby credential.');
    const credential = await first.page.evaluate(() => navigator.clipboard.readText());
    expect(credential).toBe(await first.page.locator('input.standby-credential').inputValue());

    const second = await openHostConsole(browser, peermatchServer.url, LOBBY, { ...START, standbyToken: credential });
    consoles.push(second);
    await expect(consoleRole(second.page)).toHaveText('Standby');
    await expect(second.page.locator('peermatch-console-live')).toHaveCount(0);

    // 1. Four tickets search (a 5v5 needs ten): the primary's context closes.
    const early = await search(players.pages.slice(0, 4));
    await Promise.all(players.pages.slice(0, 4).map((page) => expectStatus(page, 'searching')));
    await expect(shownCount(first.page, 'SEARCHING')).toHaveText('4');
    await standbyInSync(first.page);
    const before = await exportedState(first.page);
    expect(Object.keys(startTimes(before)).sort()).toEqual([...early].sort());
    const one = await failOver(first, second.page, peermatchServer.relayUrl, 'with four tickets searching');

    await expect(consoleStatus(second.page)).toContainText('as the primary host, term');
    await expect(second.page.locator('peermatch-console-live')).toHaveCount(1);
    await expect(shownCount(second.page, 'SEARCHING')).toHaveText('4');
    const afterOne = await exportedState(second.page);
    expect(startTimes(afterOne)).toEqual(startTimes(before));
    await expect(consoleStatus(second.page)).not.toContainText('NotPrimary');

    // A new standby tab joins the new primary with the credential its console shows.
    const secondCredential = await second.page.locator('input.standby-credential').inputValue();
    expect(secondCredential).toBe(credential);
    const third = await openHostConsole(browser, peermatchServer.url, LOBBY, { ...START, standbyToken: secondCredential });
    consoles.push(third);

    // 2. The other six join: the 5v5 is proposed; two players accept; the primary's context closes.
    const late = await search(players.pages.slice(4));
    await Promise.all(players.pages.map((page) => expectStatus(page, 'proposed')));
    const [acceptedA, acceptedB] = [players.pages[0]!, players.pages[4]!];
    for (const page of [acceptedA, acceptedB]) {
      await page.getByRole('button', { name: 'Accept' }).click();
      await expectStatus(page, 'accepted');
    }
    await standbyInSync(second.page);
    const proposed = await exportedState(second.page);
    expect(proposed.snapshot.matches).toHaveLength(1);
    const proposal = proposed.snapshot.matches[0]!;
    expect(proposal.acceptances).toEqual({ 'player-0': true, 'player-4': true });
    const two = await failOver(second, third.page, peermatchServer.relayUrl, 'with a proposal half accepted');

    await expect(consoleStatus(third.page)).toContainText('as the primary host, term');
    const afterTwo = await exportedState(third.page);
    expect(afterTwo.snapshot.matches).toHaveLength(1);
    expect(afterTwo.snapshot.matches[0]).toMatchObject({
      matchId: proposal.matchId,
      acceptanceDeadlineMs: proposal.acceptanceDeadlineMs,
      acceptances: { 'player-0': true, 'player-4': true },
    });
    expect(startTimes(afterTwo)).toEqual(startTimes(proposed));
    for (const id of early) expect(startTimes(afterTwo)[id]).toBe(startTimes(before)[id]);

    // The other eight accept (the two who did are not asked again); all ten reach ready in one match.
    await Promise.all([acceptedA, acceptedB].map((page) => expectStatus(page, 'accepted')));
    await Promise.all(
      players.pages.filter((page) => page !== acceptedA && page !== acceptedB).map((page) => page.getByRole('button', { name: 'Accept' }).click()),
    );
    const ready = await waitForMatchReady(players.pages, { timeoutMs: 60_000 });
    expect(new Set(ready.map((r) => r.matchId))).toEqual(new Set([proposal.matchId]));

    // None lost, none duplicated: the last primary lists exactly the ten tickets, COMPLETED.
    await expect(shownCount(third.page, 'COMPLETED')).toHaveText(String(PLAYERS), { timeout: 10_000 });
    const rows = await third.page.locator('tr[part="ticket-row"]').evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset['ticketId']));
    expect(rows.sort()).toEqual([...early, ...late].sort());
    for (const tab of consoles) expect(tab.errors, 'page errors of a host console').toEqual([]);
    for (const times of [one, two]) expect(times.answerMs, 'failover time').toBeLessThan(15_000);
  } finally {
    await Promise.all([...players.contexts, ...consoles.map((tab) => tab.context)].map((context) => context.close().catch(() => undefined)));
  }
});

test('the primary console hands the lobby over to its standby from the keyboard, and continues as its standby', async ({ browser, peermatchServer }) => {
  await withPrimaryAndStandby(browser, peermatchServer, 'handover', async ({ first, second }) => {
    await expect(shownCount(first.page, 'SEARCHING')).toHaveText('1');

    const handOver = first.page.locator('[part="standby-row"] button.hand-over');
    await expect(handOver).toHaveAccessibleName(/^Hand the lobby over to standby /);
    await handOver.focus();
    await first.page.keyboard.press('Enter');

    await expect(consoleRole(second.page)).toHaveText('Primary', { timeout: 10_000 });
    await expect(consoleRole(first.page)).toHaveText('Standby', { timeout: 10_000 });
    await expect(consoleStatus(first.page)).toContainText('Standby host of lobby "handover"');
    await expect(first.page.locator('peermatch-console-live')).toHaveCount(0);
    // The new primary lists the old one as its standby, and the ticket as it was.
    await expect(second.page.locator('[part="standby-row"]')).toHaveCount(1, { timeout: 10_000 });
    await expect(shownCount(second.page, 'SEARCHING')).toHaveText('1');
    await second.page.locator('#tab-rule-set').click();
    const shownRuleSet = await second.page.evaluate(
      () => (document.querySelector('peermatch-host-console')!.shadowRoot!.querySelector('peermatch-console-rule-set') as unknown as { currentBody: string }).currentBody,
    );
    expect(shownRuleSet).toBe(teamsRuleSet(1));
    // The lobby's tick interval came with the state: the standby's form said 1000, the lobby ticks every 200 ms.
    await expect(second.page.locator('input[name="tickIntervalMs"]')).toHaveValue('200');
  });
});

test('a standby console that reloads joins again as the standby by itself, and once promoted comes back from a reload as the primary', async ({ browser, peermatchServer }) => {
  await withPrimaryAndStandby(browser, peermatchServer, 'reloading-standby', async ({ first, second }) => {
    // Reloaded, the standby tab joins again from what it saved, without a click.
    await second.page.reload();
    await expect(consoleStatus(second.page)).toContainText('Standby host of lobby "reloading-standby"', { timeout: 15_000 });
    await standbyInSync(first.page);

    await first.context.close();
    await expect(consoleRole(second.page)).toHaveText('Primary', { timeout: 15_000 });
    await expect(shownCount(second.page, 'SEARCHING')).toHaveText('1');

    // Promoted, then reloaded: no other host took over, so it is the primary again (its saved term proof), with the ticket.
    await second.page.reload();
    await expect(consoleRole(second.page)).toHaveText('Primary', { timeout: 15_000 });
    await expect(shownCount(second.page, 'SEARCHING')).toHaveText('1');
  });
});
