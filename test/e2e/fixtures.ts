/**
 * Shared Playwright fixtures for the peer-to-peer browser tests: the real
 * peermatch server (src/server, on a free loopback port, one per test) and
 * Node lobby hosts (src/host/node-host.ts), both stopped after the test.
 * The plain helpers are exported too, for specs that manage their own.
 *
 * ```ts
 * import { expect, test, pageUrl } from './fixtures.ts';
 * test('...', async ({ peermatchServer, lobbyHost, page }) => {
 *   await lobbyHost('lobby-1');
 *   await page.goto(pageUrl('/test/e2e/pages/player.html', { server: peermatchServer.url, lobby: 'lobby-1', player: 'p1' }));
 * });
 * ```
 */
import { readFileSync } from 'node:fs';
import { test as base, expect } from '@playwright/test';
import type { RunningLobbyHost } from '../../src/host/host-runtime.ts';
import { startNodeHost, type NodeHostOptions } from '../../src/host/node-host.ts';
import { startServer, type RunningServer, type StartServerOptions } from '../../src/server/main.ts';

/** The text of an example rule set of examples/rulesets (`01-aliens-vs-cowboys` by default). */
export function exampleRuleSet(name = '01-aliens-vs-cowboys'): string {
  return readFileSync(new URL(`../../examples/rulesets/${name}.jsonc`, import.meta.url), 'utf8');
}

/** Starts the real server on a free loopback port, serving no static files. */
export function startPeermatchServer(options: StartServerOptions = {}): Promise<RunningServer> {
  return startServer({ host: '127.0.0.1', port: 0, staticDir: null, ...options });
}

/** What `startLobbyHost` takes besides the server and the lobby (rule set default: example 1). */
export type LobbyHostOptions = Partial<Omit<NodeHostOptions, 'serverUrl' | 'lobby'>>;

/**
 * Starts a Node lobby host for `lobby` (example 1, AcceptanceRequired false,
 * unless told otherwise) and resolves once the server registered the lobby.
 */
export async function startLobbyHost(serverUrl: string, lobby: string, options: LobbyHostOptions = {}): Promise<RunningLobbyHost> {
  const host = await startNodeHost({
    serverUrl,
    lobby,
    ruleSetBody: exampleRuleSet(),
    configuration: { Name: 'peermatch', AcceptanceRequired: false, RequestTimeoutSeconds: 120 },
    ...options,
  });
  try {
    await host.registered;
  } catch (error) {
    await host.close();
    throw error;
  }
  return host;
}

/** A test page URL (relative to the dev server) with its query string. */
export function pageUrl(path: string, params: Record<string, string | number>): string {
  const query = new URLSearchParams(Object.entries(params).map(([key, value]) => [key, String(value)]));
  return `${path}?${query.toString()}`;
}

/** The fixtures. */
export interface PeermatchFixtures {
  /** The real server of this test (stopped after it). */
  peermatchServer: RunningServer;
  /** Starts a Node lobby host on `peermatchServer` (stopped after the test). */
  lobbyHost: (lobby: string, options?: LobbyHostOptions) => Promise<RunningLobbyHost>;
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
});

export { expect };
