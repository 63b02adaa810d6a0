/**
 * The host console is never locked out of its own lobby: a refusal
 * (LOBBY_TAKEN) reads as the refusal and what to do, and stays so (no
 * WorkerGoneError from the stopped Matchmaker); Start works again, and with
 * the operator's recovery token the console joins the lobby (as a standby
 * while the other host still serves it) and hosts it once that host goes. After a reload,
 * the console resumes hosting by itself and shows the lobby's own rule set,
 * configuration and tick interval.
 */
import type { Page } from '@playwright/test';
import { expect, pageUrl, test } from './fixtures.ts';
import { RawPlayer } from './pages/host-raw-player.ts';

const status = (page: Page) => page.locator('[role="status"][part="status"]');

async function editorBody(page: Page): Promise<string> {
  return page.evaluate(() => {
    const console = document.querySelector('peermatch-host-console')!;
    return (console.shadowRoot!.querySelector('peermatch-console-rule-set') as unknown as { currentBody: string }).currentBody;
  });
}

async function chooseExample(page: Page, name: string): Promise<void> {
  await page.locator('select.examples').selectOption(name);
  await expect(page.locator('[part="problems-none"]')).toBeVisible();
}

test('a refused console says so and what to do, and with the operator’s recovery token joins the lobby and hosts it once the other host goes', async ({ page, peermatchServer, lobbyHost }) => {
  const other = await lobbyHost('taken');
  await page.goto(pageUrl('/test/e2e/pages/console.html', { server: peermatchServer.url, lobby: 'taken' }));
  await chooseExample(page, '12-duel');
  await page.locator('button.start').click();
  await expect(status(page)).toContainText('The server refused lobby "taken": another host holds it (LOBBY_TAKEN).', { timeout: 15_000 });
  // Several polls later the refusal still stands: nothing polls the stopped Matchmaker.
  await page.waitForTimeout(2_500);
  await expect(status(page)).toContainText('peermatch lobby-token --lobby taken');
  await expect(status(page)).not.toContainText('WorkerGone');

  // Start works again: without a token, the same refusal; with the recovery token, the lobby.
  await expect(page.locator('button.start')).toBeEnabled();
  await page.locator('button.start').click();
  await expect(status(page)).toContainText('(LOBBY_TAKEN)', { timeout: 15_000 });
  await page.locator('input[name="lobby-token"]').fill('not-the-token-of-this-lobby');
  await page.locator('button.start').click();
  await expect(status(page)).toContainText('that is not its token (BAD_TOKEN)', { timeout: 15_000 });
  await page.locator('input[name="lobby-token"]').fill(peermatchServer.lobbyRecoveryToken('taken')!);
  await page.locator('button.start').click();
  // The other host still serves the lobby: the console joins as its standby, and takes over when it goes,
  // serving the lobby as it was (its rule set, replicated), not the console's duel.
  await expect(status(page)).toContainText('Standby host of lobby "taken"', { timeout: 15_000 });
  const player = new RawPlayer(peermatchServer.relayUrl, 'taken');
  try {
    await player.connect();
    const served = await player.ok('describeLobby', {});
    await other.close();
    await expect(status(page)).toContainText(/Hosting lobby "taken".* as the primary host, term 2\./, { timeout: 15_000 });
    const lobby = await player.ok('describeLobby', {});
    expect(lobby).toMatchObject({ MinPlayersPerMatch: served.MinPlayersPerMatch, MaxPlayersPerMatch: served.MaxPlayersPerMatch });
  } finally {
    player.close();
  }
});

test('after a reload the console resumes hosting by itself, with the lobby’s own rule set, configuration and tick interval', async ({ page, peermatchServer }) => {
  await page.goto(pageUrl('/test/e2e/pages/console.html', { server: peermatchServer.url, lobby: 'reloaded' }));
  await chooseExample(page, '12-duel');
  await page.locator('input[name="name"]').fill('duel-config');
  await page.locator('input[name="requestTimeoutSeconds"]').fill('120');
  await page.locator('input[name="tickIntervalMs"]').fill('100');
  await page.locator('button.start').click();
  await expect(status(page)).toContainText('Hosting lobby "reloaded"', { timeout: 15_000 });
  const body = await editorBody(page);

  await page.reload();
  await expect(status(page)).toContainText('Hosting lobby "reloaded" (restored from the saved state)', { timeout: 15_000 });
  await page.locator('#tab-rule-set').click();
  await expect(page.locator('input[name="name"]')).toHaveValue('duel-config');
  await expect(page.locator('input[name="requestTimeoutSeconds"]')).toHaveValue('120');
  await expect(page.locator('input[name="tickIntervalMs"]')).toHaveValue('100');
  expect(await editorBody(page)).toBe(body);
  expect(body).toContain('"name": "duel"');

  // It matches: the restored lobby runs its duel at its tick interval.
  const players = [new RawPlayer(peermatchServer.relayUrl, 'reloaded'), new RawPlayer(peermatchServer.relayUrl, 'reloaded')];
  try {
    for (const [i, player] of players.entries()) {
      await player.connect();
      await player.ok('startMatchmaking', { PeerId: `peer-${i}`, Players: [{ PlayerId: `p${i}` }] });
    }
    await players[0]!.waitForEvent((event) => JSON.stringify(event).includes('MatchmakingSucceeded'), 15_000);
  } finally {
    for (const player of players) player.close();
  }
});
