/**
 * `peermatch/testing`: helpers for a game's own Playwright tests of its
 * multiplayer flow, with the real server, a Node lobby host and real WebRTC
 * between browser contexts. The project's own end-to-end tests use them too.
 * Node side only (Playwright test files and configs).
 *
 * A complete game test, run against the packed package by this project's
 * tests, is in examples/game (`playwright.config.ts`, `game.spec.ts`):
 *
 * ```ts
 * import { test, expect, waitForMatchReady } from 'peermatch/testing';
 * test('four players get a 2v2', async ({ peermatchServer, lobbyHost, players }) => {
 *   await lobbyHost('game', { ruleSetBody: twoVersusTwo });   // your rule set's JSON text
 *   const pages = await players(4, { url: (i) => `/?server=${peermatchServer.url}&lobby=game&player=p${i}` });
 *   expect(new Set((await waitForMatchReady(pages)).map((r) => r.matchId)).size).toBe(1);
 * });
 * ```
 *
 * Needs `@playwright/test`, `peer` and `ws` installed (optional peer dependencies).
 */
export { expect } from '@playwright/test';
export { chromiumExecutablePath, chromiumLaunchOptions, peermatchUse, PEERMATCH_CHROMIUM_ARGS, PEERMATCH_PERMISSIONS } from './chromium.ts';
export { test, type PeermatchFixtures } from './fixtures.ts';
export { lobbyRecordOf, openPlayers, waitForMatchReady, type LobbyReadySummary, type LobbyRecord, type OpenPlayersOptions, type Players } from './players.ts';
export {
  exampleRuleSet,
  startLobbyHost,
  startPeermatch,
  startPeermatchServer,
  type LobbyHostOptions,
  type RunningPeermatch,
  type StartPeermatchOptions,
} from './servers.ts';

/** A test page URL with its query string: `pageUrl('/game.html', { player: 'p1' })` is `/game.html?player=p1`. */
export function pageUrl(path: string, params: Record<string, string | number>): string {
  const query = new URLSearchParams(Object.entries(params).map(([key, value]) => [key, String(value)]));
  return `${path}?${query.toString()}`;
}
