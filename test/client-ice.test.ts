/**
 * `PeermatchClient` gives its peer the ICE servers the server handed out
 * (with no game code), keeps them fresh on renewal, and leaves a game's own
 * configuration alone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { LoopbackNetwork } from '../src/client/loopback-peers.ts';
import type { PeerServerOptions } from '../src/client/peer-like.ts';
import { PeermatchClient } from '../src/client/peermatch-client.ts';
import { memoryStorage } from '../src/client/storage.ts';
import { startServer, type RunningServer } from '../src/server/main.ts';
import { openHost, type RelayNodeSocket } from '../src/server/relay-node-socket.ts';

const SECRET = 'peermatch-test-secret-0123456789';
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serverWithTurn(renewIntervalMs = 60_000): Promise<RunningServer> {
  const server = await startServer({
    port: 0,
    staticDir: null,
    ice: { stunUrls: ['stun:192.0.2.1:3478'], turnUrls: ['turn:192.0.2.1:3478'], turnSecret: SECRET, turnTtlSeconds: 600, renewIntervalMs },
  });
  cleanups.push(() => server.close());
  const { host }: { host: RelayNodeSocket } = await openHost(server.relayUrl, 'arena');
  cleanups.push(() => host.socket.terminate());
  return server;
}

function clientOn(server: RunningServer, rtcConfig?: PeerServerOptions['config']): { client: PeermatchClient; seen: PeerServerOptions[] } {
  const network = new LoopbackNetwork();
  const seen: PeerServerOptions[] = [];
  const client = new PeermatchClient({
    serverUrl: server.url,
    lobby: 'arena',
    playerId: 'alice',
    storage: memoryStorage(),
    webSocket: (url) => new WebSocket(url) as never,
    peerFactory: (id, options) => {
      seen.push(options);
      return network.factory(id, options);
    },
    ...(rtcConfig ? { rtcConfig } : {}),
  });
  cleanups.push(() => client.close());
  return { client, seen };
}

describe('ICE servers from the server', () => {
  it('puts the STUN and TURN servers of the join answer into the configuration every new RTCPeerConnection gets', async () => {
    const server = await serverWithTurn();
    const { client, seen } = clientOn(server);
    const connected = await client.connect();
    const servers = seen[0]!.config!.iceServers!;
    expect(servers[0]).toEqual({ urls: ['stun:192.0.2.1:3478'] });
    expect(servers[1]).toMatchObject({ urls: ['turn:192.0.2.1:3478'], username: expect.stringMatching(new RegExp(`^\\d+:${connected.clientId}$`)) });
  });

  it('replaces the TURN credentials in place when the server renews them', async () => {
    const server = await serverWithTurn(400);
    const { client, seen } = clientOn(server);
    await client.connect();
    const config = seen[0]!.config!;
    const first = config.iceServers![1]!.username;
    // The username carries the expiry in seconds: the renewal a second later names a later one.
    await expect.poll(() => config.iceServers![1]!.username, { timeout: 5000, interval: 100 }).not.toBe(first);
  });

  it("keeps a game's own ICE configuration", async () => {
    const server = await serverWithTurn();
    const own = { iceServers: [{ urls: 'stun:198.51.100.7:3478' }] };
    const { client, seen } = clientOn(server, own);
    await client.connect();
    expect(seen[0]!.config).toEqual({ iceServers: [{ urls: 'stun:198.51.100.7:3478' }] });
  });
});
