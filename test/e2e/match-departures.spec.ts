/**
 * Departures after `peermatch-ready`, in real Chromium over real WebRTC: a
 * tab closed with `context.close()` (not a navigation, which the browser
 * announces) is noticed by the other side of the match through the
 * heartbeat within 5 s, where WebRTC alone keeps the DataConnection open for
 * 100 s and more. Each case runs a few rounds and prints p50 and worst.
 */
import type { Page } from '@playwright/test';
import { expect, lobbyRecordOf, test, waitForMatchReady, type PeermatchFixtures } from './fixtures.ts';
import { lobbyOf, lobbyPageUrl, teamsRuleSet } from './pages/lobby-support.ts';

const ROUNDS = 3;
/** The bound: a departure is known within 5 s. */
const NOTICE_WITHIN_MS = 5000;

test.describe.configure({ timeout: 180_000 });

/** Matches two players in a fresh lobby; returns [game host page, player page]. */
async function duel(
  lobbyHost: (lobby: string, options: { ruleSetBody: string; tickIntervalMs: number }) => Promise<unknown>,
  players: (count: number, options: { url: (i: number) => string }) => Promise<Page[]>,
  serverUrl: string,
  lobby: string,
): Promise<[Page, Page]> {
  await lobbyHost(lobby, { ruleSetBody: teamsRuleSet(1), tickIntervalMs: 100 });
  const pages = await players(2, { url: (i) => lobbyPageUrl(serverUrl, lobby, `${lobby}-p${i}`, { autostart: 1 }) });
  const ready = await waitForMatchReady(pages);
  const hostIndex = ready.findIndex((r) => r.role === 'game-host');
  expect(hostIndex).toBeGreaterThanOrEqual(0);
  return [pages[hostIndex]!, pages[1 - hostIndex]!];
}

/** Waits for the first `peermatch-player-left` on `page`; returns it. */
async function firstDeparture(page: Page) {
  await expect.poll(async () => (await lobbyRecordOf(page)).left.length, { timeout: 15_000, intervals: [50] }).toBeGreaterThan(0);
  return (await lobbyRecordOf(page)).left[0]!;
}

function summary(label: string, delays: number[]): string {
  const sorted = [...delays].sort((a, b) => a - b);
  return `${label}: p50 ${sorted[Math.floor((sorted.length - 1) / 2)]} ms, worst ${sorted.at(-1)} ms over ${sorted.length} rounds (${delays.join(', ')} ms)`;
}

type Fixtures = Pick<PeermatchFixtures, 'peermatchServer' | 'lobbyHost' | 'players'>;

/**
 * ROUNDS times: a fresh duel, then `closing` closes its tab; returns how long
 * the other side took to fire `peermatch-player-left`, after checking what it says.
 */
async function departures({ peermatchServer, lobbyHost, players }: Fixtures, closing: 'player' | 'game host'): Promise<number[]> {
  const delays: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const [gameHost, player] = await duel(lobbyHost, players, peermatchServer.url, `leave-${closing === 'player' ? 'p' : 'h'}${round}`);
    const [leaving, staying] = closing === 'player' ? [player, gameHost] : [gameHost, player];
    const closedAt = Date.now();
    await leaving.context().close();
    const left = await firstDeparture(staying);

    expect(left).toMatchObject({ gameHost: closing === 'game host' });
    expect(['silent', 'closed']).toContain(left.reason);
    const departure = lobbyOf(staying).locator('[part~="departure"]');
    await expect(departure).toHaveText(closing === 'player' ? /left the match\.$/ : 'The game host left the match.');
    if (closing === 'game host') await expect(lobbyOf(staying).locator('[part="detail"]').first()).toHaveText('0 of 1 connections open');
    delays.push(left.atMs - closedAt);
    await staying.context().close();
  }
  console.log(summary(`${closing}'s tab closed -> the other side told`, delays));
  return delays;
}

test("a player's closed tab is reported to the game host within 5 s, as peermatch-player-left", async ({ peermatchServer, lobbyHost, players }) => {
  for (const delay of await departures({ peermatchServer, lobbyHost, players }, 'player')) expect(delay).toBeLessThanOrEqual(NOTICE_WITHIN_MS);
});

test("the game host's closed tab is reported to the player within 5 s, and the lobby no longer says the connection is open", async ({ peermatchServer, lobbyHost, players }) => {
  for (const delay of await departures({ peermatchServer, lobbyHost, players }, 'game host')) expect(delay).toBeLessThanOrEqual(NOTICE_WITHIN_MS);
});
