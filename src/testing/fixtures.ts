/**
 * `@playwright/test`'s `test` with peermatch fixtures:
 * - `peermatchServer`: the real server on a free loopback port (one per test);
 * - `lobbyHost(lobby, options?)`: a Node lobby host on it;
 * - `players(n, { url })`: N player pages in their own contexts.
 * Everything is stopped after the test.
 *
 * ```ts
 * import { test, expect, waitForMatchReady } from 'peermatch/testing';
 * test('four players get a 2v2', async ({ peermatchServer, lobbyHost, players }) => {
 *   await lobbyHost('game', { ruleSetBody: twoVersusTwo });
 *   const pages = await players(4, { url: (i) => `/game.html?server=${peermatchServer.url}&player=p${i}` });
 *   expect(new Set((await waitForMatchReady(pages)).map((r) => r.matchId)).size).toBe(1);
 * });
 * ```
 */
import { test as base } from '@playwright/test';
import type { Page } from '@playwright/test';
import type { RunningLobbyHost } from '../host/host-runtime.ts';
import type { RunningServer } from '../server/main.ts';
import { openPlayers, type OpenPlayersOptions, type Players } from './players.ts';
import { startLobbyHost, startPeermatchServer, type LobbyHostOptions } from './servers.ts';

/** The fixtures. */
export interface PeermatchFixtures {
  /** The real server of this test (stopped after it). */
  peermatchServer: RunningServer;
  /** Starts a Node lobby host on `peermatchServer` (stopped after the test). */
  lobbyHost: (lobby: string, options?: LobbyHostOptions) => Promise<RunningLobbyHost>;
  /** Opens `count` player pages, each in its own context (closed after the test). */
  players: (count: number, options: OpenPlayersOptions) => Promise<Page[]>;
}

/** `@playwright/test`'s `test` with the peermatch fixtures. */
export const test = base.extend<PeermatchFixtures>({
  peermatchServer: async ({}, use) => {
    const server = await startPeermatchServer();
    try {
      await use(server);
    } finally {
      await server.close();
    }
  },
  lobbyHost: async ({ peermatchServer }, use) => {
    const hosts: RunningLobbyHost[] = [];
    try {
      await use(async (lobby, options) => {
        const host = await startLobbyHost(peermatchServer.url, lobby, options);
        hosts.push(host);
        return host;
      });
    } finally {
      await Promise.all(hosts.map((host) => host.close()));
    }
  },
  players: async ({ browser }, use) => {
    const opened: Players[] = [];
    try {
      await use(async (count, options) => {
        const players = await openPlayers(browser, count, options);
        opened.push(players);
        return players.pages;
      });
    } finally {
      await Promise.all(opened.map((players) => players.close()));
    }
  },
});
