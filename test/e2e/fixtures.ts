/**
 * The browser tests' shared helpers: the same ones games get from
 * `peermatch/testing` (src/testing): the real server and Node lobby hosts on
 * free loopback ports, player contexts with the WebRTC permissions, and the
 * wait for every lobby to be ready.
 *
 * ```ts
 * import { expect, test, pageUrl } from './fixtures.ts';
 * test('...', async ({ peermatchServer, lobbyHost, page }) => {
 *   await lobbyHost('lobby-1');
 *   await page.goto(pageUrl('/test/e2e/pages/player.html', { server: peermatchServer.url, lobby: 'lobby-1', player: 'p1' }));
 * });
 * ```
 */
export * from '../../src/testing/index.ts';
