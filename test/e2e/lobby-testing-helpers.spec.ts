/**
 * `waitForMatchReady` on pages the game wrote itself, not opened by
 * `openPlayers` (so without its event recorder): the lobby inside the game's
 * own shadow root is found through the shadow roots.
 */
import { expect, test, waitForMatchReady, pageUrl } from './fixtures.ts';
import { lobbyPageUrl, teamsRuleSet } from './pages/lobby-support.ts';

test("waitForMatchReady finds a lobby inside a game's own shadow root on a page openPlayers did not open", async ({ peermatchServer, lobbyHost, page, players }) => {
  await lobbyHost('nested', { ruleSetBody: teamsRuleSet(1) });
  await page.goto(pageUrl('/test/e2e/pages/lobby-nested.html', { server: peermatchServer.url, lobby: 'nested', player: 'shadowed' }));
  const [opponent] = await players(1, { url: lobbyPageUrl(peermatchServer.url, 'nested', 'opponent') });
  expect(await page.evaluate(() => '__peermatchLobbyRecord' in window)).toBe(false);
  // Playwright's locators pierce open shadow roots; document.querySelector does not.
  expect(await page.evaluate(() => document.querySelector('peermatch-lobby'))).toBeNull();

  await page.getByRole('button', { name: 'Find a match' }).click({ timeout: 15_000 });
  await opponent!.getByRole('button', { name: 'Find a match' }).click({ timeout: 15_000 });
  const ready = await waitForMatchReady([page, opponent!], { timeoutMs: 20_000 });

  expect(ready[0]!.matchId).toBe(ready[1]!.matchId);
  expect(ready.map((r) => r.role).sort()).toEqual(['game-host', 'player']);
  expect(ready[0]!.open).toBe(1);
});
