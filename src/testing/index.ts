/**
 * `peermatch/testing`: helpers for a game's own Playwright tests of its
 * multiplayer flow, with the real server, a Node lobby host and real WebRTC
 * between browser contexts. The project's own end-to-end tests use them too.
 * Node side only (Playwright test files and configs).
 *
 * ```ts
 * // playwright.config.ts
 * use: { ...peermatchUse(), baseURL: 'http://127.0.0.1:5173' }
 * // game.spec.ts
 * import { test, expect, waitForMatchReady } from 'peermatch/testing';
 * test('two players meet', async ({ lobbyHost, peermatchServer, players }) => {
 *   await lobbyHost('duel', { ruleSetBody: myRuleSet });
 *   const pages = await players(2, { url: (i) => `/?server=${peermatchServer.url}&lobby=duel&player=p${i}` });
 *   await Promise.all(pages.map((page) => page.getByRole('button', { name: 'Find a match' }).click()));
 *   await waitForMatchReady(pages);
 * });
 * ```
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
