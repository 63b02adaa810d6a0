/**
 * Departures after `peermatch-ready`, in real Chromium over real WebRTC: a
 * tab closed with `context.close()` (not a navigation, which the browser
 * announces) is noticed by the other side of the match through the
 * heartbeat within 5 s, where WebRTC alone keeps the DataConnection open for
 * 100 s and more. Each case runs a few rounds and prints p50 and worst.
 */
import type { Page } from '@playwright/test';
import { expect, lobbyRecordOf, test, waitForMatchReady } from './fixtures.ts';
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

test("a player's closed tab is reported to the game host within 5 s, as peermatch-player-left with reason silent", async ({
  peermatchServer,
  lobbyHost,
  players,
}) => {
  const delays: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const [gameHost, player] = await duel(lobbyHost, players, peermatchServer.url, `leave-p${round}`);
    const leaver = (await lobbyRecordOf(player)).ready!;
    const closedAt = Date.now();
    await player.context().close();
    const left = await firstDeparture(gameHost);

    expect(left).toMatchObject({ gameHost: false });
    expect(['silent', 'closed']).toContain(left.reason);
    expect(leaver.role).toBe('player');
    await expect(lobbyOf(gameHost).locator('[part~="departure"]')).toHaveText(/left the match\.$/);
    delays.push(left.atMs - closedAt);
    await gameHost.context().close();
  }
  console.log(summary("player's tab closed -> game host told", delays));
  for (const delay of delays) expect(delay).toBeLessThanOrEqual(NOTICE_WITHIN_MS);
});

test("the game host's closed tab is reported to the player within 5 s, and the lobby no longer says the connection is open", async ({
  peermatchServer,
  lobbyHost,
  players,
}) => {
  const delays: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const [gameHost, player] = await duel(lobbyHost, players, peermatchServer.url, `leave-h${round}`);
    const closedAt = Date.now();
    await gameHost.context().close();
    const left = await firstDeparture(player);

    expect(left).toMatchObject({ gameHost: true });
    await expect(lobbyOf(player).locator('[part~="departure"]')).toHaveText('The game host left the match.');
    await expect(lobbyOf(player).locator('[part="detail"]').first()).toHaveText('0 of 1 connections open');
    delays.push(left.atMs - closedAt);
    await player.context().close();
  }
  console.log(summary("game host's tab closed -> player told", delays));
  for (const delay of delays) expect(delay).toBeLessThanOrEqual(NOTICE_WITHIN_MS);
});
