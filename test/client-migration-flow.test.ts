/**
 * Game host migration through the real server and Node host, with loopback
 * peers: the game host's client leaves a ready 3-player match; the first
 * successor hosts it, the other player connects to it, the lobby host grants
 * the successor the session (claimGameHost), the old game host's seat is
 * released after the grace, and the automatic backfill's newcomer connects
 * to the new game host.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { LoopbackNetwork } from '../src/client/loopback-peers.ts';
import { PeermatchClient, type PeermatchClientEvent } from '../src/client/peermatch-client.ts';
import type { WebSocketLike } from '../src/client/relay-socket.ts';
import type { RunningServer } from '../src/server/main.ts';
import { startPeermatch, type StartPeermatchOptions } from '../src/testing/servers.ts';
import { OPEN_DUEL, THREE_SOLOS } from './support/duel-rule-set.ts';


const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The real server and a Node host of one lobby, stopped after the test. */
async function lobby(options: StartPeermatchOptions): Promise<RunningServer> {
  const peermatch = await startPeermatch({ tickIntervalMs: 50, ...options });
  cleanups.push(() => peermatch.close());
  return peermatch.server;
}

describe('game host migration through the real server and Node host (loopback peers)', () => {
  it('the successor takes over the match and its backfill rights, and the newcomer that refills the old seat connects to it', async () => {
    const server = await lobby({ lobby: 'migrate', ruleSetBody: THREE_SOLOS, configuration: { BackfillMode: 'AUTOMATIC' } });
    const network = new LoopbackNetwork();
    const events = new Map<string, PeermatchClientEvent[]>();
    const clientOf = (playerId: string) => {
      const client = new PeermatchClient({
        serverUrl: server.url,
        lobby: 'migrate',
        playerId,
        webSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
        peerFactory: network.factory,
        handoffTimeoutMs: 5000,
        seatGraceMs: 100,
        heartbeat: { intervalMs: 100, interruptedAfterMs: 250, goneAfterMs: 400 },
        successorAnswerMs: 1000,
      });
      cleanups.push(() => client.close());
      events.set(playerId, []);
      client.on((event) => events.get(playerId)!.push(event));
      return client;
    };
    const seen = (playerId: string, type: PeermatchClientEvent['type']) => events.get(playerId)!.filter((event) => event.type === type);
    const clients = ['ana', 'ben', 'cy'].map(clientOf);
    for (const client of clients) {
      await client.connect();
      await client.startMatchmaking({ Players: [{ PlayerId: client.playerId }] });
    }
    await expect.poll(() => ['ana', 'ben', 'cy'].map((id) => seen(id, 'match-ready').length), { timeout: 5000 }).toEqual([1, 1, 1]);
    const ready = seen('ana', 'match-ready')[0] as Extract<PeermatchClientEvent, { type: 'match-ready' }>;
    const { gameHostPlayerId, successorPlayerIds } = ready.match;
    const [successor, other] = successorPlayerIds as [string, string];

    clients.find((client) => client.playerId === gameHostPlayerId)!.close();

    await expect.poll(() => [successor, other].map((id) => seen(id, 'game-host-changed').length), { timeout: 5000 }).toEqual([1, 1]);
    expect(seen(successor, 'game-host-changed')[0]).toMatchObject({ gameHostPlayerId: successor, self: true, gone: [gameHostPlayerId] });
    expect(seen(other, 'game-host-changed')[0]).toMatchObject({ gameHostPlayerId: successor, self: false, gone: [gameHostPlayerId] });
    await expect.poll(() => seen(successor, 'game-host-claimed'), { timeout: 5000 }).toEqual([expect.objectContaining({ playerId: successor })]);
    expect(seen(successor, 'game-host-claimed')[0]).not.toHaveProperty('error');
    // The old game host's seat is released after the grace; automatic backfill refills it.
    await expect.poll(() => seen(successor, 'seat-released'), { timeout: 5000 }).toEqual([
      expect.objectContaining({ playerId: gameHostPlayerId, backfillTicketId: expect.any(String) }),
    ]);

    const dee = clientOf('dee');
    await dee.connect();
    await dee.startMatchmaking({ Players: [{ PlayerId: 'dee' }] });
    await expect.poll(() => seen('dee', 'match-ready').length, { timeout: 5000 }).toBe(1);
    const deeReady = seen('dee', 'match-ready')[0] as Extract<PeermatchClientEvent, { type: 'match-ready' }>;
    expect(deeReady).toMatchObject({ role: 'player', match: { gameHostPlayerId: successor } });
    expect(seen(successor, 'player-connected').map((event) => (event as { playerId: string }).playerId)).toContain('dee');
    expect(seen(other, 'match-failed')).toEqual([]);
    expect(seen(successor, 'nobody-left')).toEqual([]);
  });

  it('the last player left is told nobody is left', async () => {
    const server = await lobby({ lobby: 'alone', ruleSetBody: OPEN_DUEL });
    const network = new LoopbackNetwork();
    const clients = ['ana', 'ben'].map((playerId) => {
      const client = new PeermatchClient({
        serverUrl: server.url,
        lobby: 'alone',
        playerId,
        webSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
        peerFactory: network.factory,
        heartbeat: { intervalMs: 100, interruptedAfterMs: 250, goneAfterMs: 400 },
      });
      cleanups.push(() => client.close());
      return client;
    });
    const events: PeermatchClientEvent[][] = [[], []];
    clients.forEach((client, i) => client.on((event) => events[i]!.push(event)));
    for (const client of clients) {
      await client.connect();
      await client.startMatchmaking({ Players: [{ PlayerId: client.playerId }] });
    }
    await expect.poll(() => events.map((list) => list.filter((e) => e.type === 'match-ready').length), { timeout: 5000 }).toEqual([1, 1]);
    const hostIndex = events.findIndex((list) => list.some((e) => e.type === 'match-ready' && e.role === 'game-host'));
    clients[hostIndex]!.close();

    const remaining = events[1 - hostIndex]!;
    await expect.poll(() => remaining.filter((e) => e.type === 'nobody-left'), { timeout: 5000 }).toEqual([
      expect.objectContaining({ reason: 'no other player of the match is left' }),
    ]);
    expect(remaining.filter((e) => e.type === 'game-host-changed')).toEqual([]);
  });
});
