/**
 * The player page against a headless Node lobby host (the shared fixtures'
 * `lobbyHost`): a 1v1 duel, handed off over real WebRTC in Chromium.
 */
import { expect, pageUrl, test } from './fixtures.ts';
import type { PlayerPageState } from './pages/player-page.ts';
import { OPEN_DUEL } from '../support/duel-rule-set.ts';

const DUEL = OPEN_DUEL;

test('two players matched by a Node lobby host hold one open WebRTC DataConnection, the game host at one end', async ({ browser, peermatchServer, lobbyHost }) => {
  await lobbyHost('duel', { ruleSetBody: DUEL, tickIntervalMs: 200 });
  const contexts = await Promise.all([0, 1].map(() => browser.newContext({ permissions: ['camera', 'microphone'] })));
  try {
    const pages = await Promise.all(
      contexts.map(async (context, i) => {
        const page = await context.newPage();
        await page.goto(pageUrl('/test/e2e/pages/player.html', { server: peermatchServer.url, lobby: 'duel', player: `duelist-${i}` }));
        // The first page a fresh dev server serves waits for its modules to be transformed.
        await expect(page.locator('#status')).toHaveText('ready', { timeout: 15_000 });
        await page.evaluate(() => window.peermatchPlayer!.connect());
        return page;
      }),
    );

    await Promise.all(pages.map((page) => page.evaluate(() => window.peermatchPlayer!.start())));
    await Promise.all(pages.map((page) => expect(page.locator('#status')).toHaveText('match-ready', { timeout: 20_000 })));
    const states: PlayerPageState[] = await Promise.all(pages.map((page) => page.evaluate(() => window.peermatchPlayer!.state())));

    expect(states.map((s) => s.ready!.role).sort()).toEqual(['game-host', 'player']);
    expect(states.map((s) => s.ready!.team).sort()).toEqual(['blue', 'red']);
    expect(states.map((s) => s.openConnections)).toEqual([1, 1]);
    expect(states.flatMap((s) => s.ready!.channelStatesAtReady)).toEqual(['open', 'open']);
  } finally {
    await Promise.all(contexts.map((context) => context.close()));
  }
});
