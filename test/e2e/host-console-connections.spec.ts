/**
 * The host console shows how a completed match's players connected: the
 * console hosts a 1v1 lobby in Chromium on the real peermatch server, two
 * players find a match through `<peermatch-lobby>` in their own contexts and
 * reach ready over real WebRTC; each player's client reports its connection
 * to the lobby host (`reportConnections`), and the console's completed match
 * says, per player, "direct" with a round-trip time (loopback has host
 * candidates only), and marks the game host.
 */
import { expect, pageUrl, test, waitForMatchReady } from './fixtures.ts';
import { setRuleSet } from './pages/console-support.ts';
import { lobbyPageUrl, teamsRuleSet } from './pages/lobby-support.ts';


test('the host console shows each player of a completed match as connected direct, with a round-trip time', async ({ page, peermatchServer, players }, testInfo) => {
  test.setTimeout(90_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  const lobby = `console-net-${Date.now()}`;
  await page.goto(pageUrl('/test/e2e/pages/console.html', { server: peermatchServer.url, lobby }));
  await expect(page.locator('.cm-content')).toBeVisible({ timeout: 20_000 });
  await setRuleSet(page, JSON.stringify(JSON.parse(teamsRuleSet(1)), null, 2));
  await expect(page.locator('[part="problems-none"]')).toBeVisible();
  await page.locator('button.start').click();
  await expect(page.locator('[role="status"][part="status"]'), `page errors: ${problems.join('; ')}`).toContainText(`Hosting lobby "${lobby}"`, { timeout: 15_000 });

  const pages = await players(2, { url: (i) => lobbyPageUrl(peermatchServer.url, lobby, `player-${i}`) });
  for (const player of pages) await player.getByRole('button', { name: 'Find a match' }).click({ timeout: 15_000 });
  const ready = await waitForMatchReady(pages);
  expect(new Set(ready.map((r) => r.matchId)).size).toBe(1);
  const matchId = ready[0]!.matchId;

  const match = page.locator(`[part="completed-matches"] li[data-match-id="${matchId}"]`);
  await expect(match).toBeVisible({ timeout: 10_000 });
  for (const [self, other] of [
    ['player-0', 'player-1'],
    ['player-1', 'player-0'],
  ] as const) {
    const line = match.locator(`[part="match-connections"] li[data-players="${self}"]`);
    await expect(line, `the report of ${self}`).toHaveAttribute('data-outcome', 'ready', { timeout: 10_000 });
    // Never relayed on loopback. Usually "direct" (host to host); "stun" when a connectivity check
    // arrived before the candidate it came from was signalled, so Chromium calls that end peer-reflexive.
    await expect(line).toHaveAttribute('data-paths', /^(direct|stun)$/);
    await expect(line).toHaveText(new RegExp(`^${self}( \\(game host\\))?: (direct|through a NAT \\(STUN\\)), \\d+(\\.\\d)? ms round trip to ${other}$`));
  }
  // The game host's line says so: it is the player whose lobby reported role game-host.
  const hostIndex = ready.findIndex((r) => r.role === 'game-host');
  await expect(match.locator(`[part="match-connections"] li[data-players="player-${hostIndex}"]`)).toContainText(`player-${hostIndex} (game host): `);
  await expect(match.locator(`[part="match-connections"] li[data-players="player-${1 - hostIndex}"]`)).not.toContainText('(game host)');
  const path = testInfo.outputPath('completed-match.png');
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach('completed-match', { path, contentType: 'image/png' });
  expect(problems).toEqual([]);
});
