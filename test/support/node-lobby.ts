/**
 * The real server and real Node hosts for a test file's lobbies, closed
 * after each test (in reverse order of creation, with whatever else the
 * file pushes on `cleanups`).
 */
import { afterEach } from 'vitest';
import type { RunningLobbyHost } from '../../src/host/host-runtime.ts';
import { startNodeHost, type NodeHostOptions } from '../../src/host/node-host.ts';
import { startServer, type RunningServer } from '../../src/server/main.ts';
import type { RelayLimits } from '../../src/server/relay-limits.ts';

/** `server()` and `nodeHost()` for the calling test file; hosts run `ruleSetBody`, tick every 100 ms and reconnect fast. */
export function nodeLobbyFixtures(ruleSetBody: string, hostDefaults: Partial<NodeHostOptions> = {}) {
  const cleanups: (() => Promise<unknown> | unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  return {
    cleanups,
    /** A server on a free loopback port. */
    async server(limits: Partial<RelayLimits> = {}): Promise<RunningServer> {
      const running = await startServer({ host: '127.0.0.1', port: 0, staticDir: null, limits });
      cleanups.push(() => running.close());
      return running;
    },
    /** A Node host of `lobby` on `s`. */
    async nodeHost(s: RunningServer, lobby: string, options: Partial<NodeHostOptions> = {}): Promise<RunningLobbyHost> {
      const running = await startNodeHost({
        serverUrl: s.url,
        lobby,
        ruleSetBody,
        tickIntervalMs: 100,
        relay: { initialDelayMs: 50, maxDelayMs: 200 },
        ...hostDefaults,
        ...options,
      });
      cleanups.push(() => running.close());
      return running;
    },
  };
}
