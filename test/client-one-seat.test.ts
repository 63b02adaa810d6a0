/**
 * One player, one seat: the newest tab wins; a device keeps the seat it holds. Against the real
 * server and Node lobby host, with loopback peers (in-memory PeerJS; the
 * Playwright spec test/e2e/one-seat.spec.ts runs the same in real Chromium):
 * - two tabs of one browser profile (same storage: same relay identity and
 *   PeerJS id): the older is replaced, closes its peer at once and stops; the
 *   newer registers the same PeerJS id and plays the remembered ticket;
 * - two devices (own storage each): a player id is no proof, so the lobby
 *   host keeps the seat of the device holding the active ticket while it is
 *   connected; the newer device is refused, told so, and releases its peer;
 *   the partner plays with the first. A device that is gone leaves the seat
 *   to the newer ticket; if it comes back, it is told and stops.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { LoopbackNetwork } from '../src/client/loopback-peers.ts';
import type { PeerErrorLike, PeerLike } from '../src/client/peer-like.ts';
import { PeerSession } from '../src/client/peer-session.ts';
import { PeermatchClient, type PeermatchClientEvent } from '../src/client/peermatch-client.ts';
import type { RelaySocket, WebSocketLike } from '../src/client/relay-socket.ts';
import { memoryStorage, type ClientStorage, type RememberedSession } from '../src/client/storage.ts';
import type { RunningServer } from '../src/server/main.ts';
import { startPeermatch } from '../src/testing/servers.ts';
import { openTeamsRuleSet } from './support/duel-rule-set.ts';
import { manualTimers } from './support/manual-timers.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function lobby(name: string): Promise<RunningServer> {
  const peermatch = await startPeermatch({ lobby: name, ruleSetBody: openTeamsRuleSet(1), tickIntervalMs: 50 });
  cleanups.push(() => peermatch.close());
  return peermatch.server;
}

function client(server: RunningServer, lobbyName: string, playerId: string, network: LoopbackNetwork, storage: ClientStorage): PeermatchClient {
  const created = new PeermatchClient({
    serverUrl: server.url,
    lobby: lobbyName,
    playerId,
    storage,
    webSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    peerFactory: network.factory,
    handoffTimeoutMs: 5000,
    requestTimeoutMs: 5000,
  });
  cleanups.push(() => created.close());
  return created;
}

function nextEvent<T extends PeermatchClientEvent['type']>(c: PeermatchClient, type: T, timeoutMs = 8000): Promise<Extract<PeermatchClientEvent, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no "${type}" event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = c.on((event) => {
      if (event.type !== type) return;
      clearTimeout(timer);
      off();
      resolve(event as Extract<PeermatchClientEvent, { type: T }>);
    });
  });
}

describe('one player, one seat', () => {
  it('a second tab of the same browser takes the seat: the first is told "tab", releases its PeerJS id, and the second plays the same ticket', async () => {
    const server = await lobby('tabs');
    const network = new LoopbackNetwork();
    const profile = new Map<string, RememberedSession>();
    const older = client(server, 'tabs', 'twin', network, memoryStorage(profile));
    await older.connect();
    const { MatchmakingTicket } = await older.startMatchmaking();
    const olderEvents: PeermatchClientEvent[] = [];
    older.on((event) => olderEvents.push(event));
    const replaced = nextEvent(older, 'replaced');

    const newer = client(server, 'tabs', 'twin', network, memoryStorage(profile));
    const resumed = await newer.connect();
    const notice = await replaced;

    expect(notice.where).toBe('tab');
    expect(notice.message).toContain('another tab or window');
    expect(older.replaced).toBe('tab');
    expect(older.status).toBe('closed');
    expect(older.peerOpen).toBe(false);
    expect(older.connections()).toEqual([]);
    // The same PeerJS id, registered by the newer tab once the older released it.
    expect(resumed.peerId).toBe(older.peerId);
    expect(newer.peerOpen).toBe(true);
    expect(network.peerIds()).toEqual([resumed.peerId]);
    expect(resumed.clientId).toBe(older.clientId);
    expect(resumed.ticket?.TicketId).toBe(MatchmakingTicket.TicketId);
    // The shared memory still names the ticket: the replaced tab wrote nothing after it stopped.
    expect([...profile.values()].find((session) => session.clientId)?.ticketId).toBe(MatchmakingTicket.TicketId);

    const partner = client(server, 'tabs', 'partner', network, memoryStorage());
    await partner.connect();
    const ready = [nextEvent(newer, 'match-ready'), nextEvent(partner, 'match-ready')];
    await partner.startMatchmaking();
    const [twin, other] = await Promise.all(ready);

    expect(twin.match.matchId).toBe(other.match.matchId);
    expect(twin.match.players.find((p) => p.playerId === 'twin')?.peerId).toBe(resumed.peerId);
    expect(newer.status).toBe('open');
    // The older tab did not fight back: it is still stopped, and saw no match.
    expect(older.status).toBe('closed');
    expect(olderEvents.filter((event) => event.type === 'match-ready' || event.type === 'matchmaking-event')).toEqual([]);
  });

  it('the same player on another device is refused the seat the first device holds: it is told "device", releases its peer, and the partner plays with the first', async () => {
    const server = await lobby('devices');
    const network = new LoopbackNetwork();
    const older = client(server, 'devices', 'twin', network, memoryStorage());
    const first = await older.connect();
    const held = (await older.startMatchmaking()).MatchmakingTicket;
    const olderEvents: PeermatchClientEvent[] = [];
    older.on((event) => olderEvents.push(event));

    const newer = client(server, 'devices', 'twin', network, memoryStorage());
    const second = await newer.connect();
    const replaced = nextEvent(newer, 'replaced');
    const refused = await newer.startMatchmaking().then(
      () => undefined,
      (error: Error) => error,
    );
    const notice = await replaced;

    expect(second.peerId).not.toBe(first.peerId);
    expect(refused?.name).toBe('InvalidRequestException');
    expect(refused?.message).toContain('one player, one seat');
    expect(notice.where).toBe('device');
    expect(newer.replaced).toBe('device');
    expect(newer.status).toBe('closed');
    expect(newer.peerOpen).toBe(false);
    expect(network.peerIds()).toEqual([first.peerId]);
    expect(olderEvents.filter((event) => event.type === 'replaced')).toEqual([]);

    const partner = client(server, 'devices', 'partner', network, memoryStorage());
    await partner.connect();
    const ready = [nextEvent(older, 'match-ready'), nextEvent(partner, 'match-ready')];
    await partner.startMatchmaking();
    const [twin, other] = await Promise.all(ready);

    expect(twin.match.matchId).toBe(other.match.matchId);
    expect(twin.match.players.find((p) => p.playerId === 'twin')?.peerId).toBe(first.peerId);
    expect(other.match.players.map((p) => p.playerId).sort()).toEqual(['partner', 'twin']);
    expect(held.TicketId).toMatch(/^pm-/);
  });

  it('a device that is gone leaves the seat: the newer device takes it with a new ticket, the partner plays with it, and the first device is told when it is back', async () => {
    const server = await lobby('gone');
    const network = new LoopbackNetwork();
    const firstDevice = new Map<string, RememberedSession>();
    const older = client(server, 'gone', 'twin', network, memoryStorage(firstDevice));
    await older.connect();
    const held = (await older.startMatchmaking()).MatchmakingTicket;
    older.close();
    // Let the relay tell the lobby host that the older client left.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const newer = client(server, 'gone', 'twin', network, memoryStorage());
    const second = await newer.connect();
    const taken = (await newer.startMatchmaking()).MatchmakingTicket;
    const partner = client(server, 'gone', 'partner', network, memoryStorage());
    await partner.connect();
    const ready = [nextEvent(newer, 'match-ready'), nextEvent(partner, 'match-ready')];
    await partner.startMatchmaking();
    const [twin] = await Promise.all(ready);
    // The first device comes back (same storage): the cancellation of its ticket waited for it.
    const back = client(server, 'gone', 'twin', network, memoryStorage(firstDevice));
    const told = nextEvent(back, 'replaced');
    void back.connect().catch(() => undefined);
    const notice = await told;

    expect(taken.TicketId).not.toBe(held.TicketId);
    expect(twin.match.players.find((p) => p.playerId === 'twin')?.peerId).toBe(second.peerId);
    expect(notice.where).toBe('device');
    expect(notice.message).toContain(taken.TicketId);
    expect(back.status).toBe('closed');
    expect(back.peerOpen).toBe(false);
  });

  it('a device away for a moment whose seat a newer device took is told "device" when it is back, and releases its peer', async () => {
    const server = await lobby('away');
    const network = new LoopbackNetwork();
    const older = new PeermatchClient({
      serverUrl: server.url,
      lobby: 'away',
      playerId: 'twin',
      storage: memoryStorage(),
      webSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
      peerFactory: network.factory,
      backoff: { initialDelayMs: 1600, maxDelayMs: 1600 },
    });
    cleanups.push(() => older.close());
    await older.connect();
    await older.startMatchmaking();
    const replaced = nextEvent(older, 'replaced');
    const newer = client(server, 'away', 'twin', network, memoryStorage());
    await newer.connect();

    // The older device's network drops; it reconnects after its backoff (0.8 to 1.6 s).
    (older as unknown as { relay: RelaySocket }).relay.dropSocket('network lost');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await newer.startMatchmaking();
    const notice = await replaced;

    expect(notice.where).toBe('device');
    expect(notice.message).toContain('started a newer matchmaking request');
    expect(older.status).toBe('closed');
    expect(older.peerOpen).toBe(false);
    expect(newer.peerOpen).toBe(true);
  });

  it('a ticket the client stopped itself is no replacement: no "replaced", and the client stays connected', async () => {
    const server = await lobby('stop');
    const network = new LoopbackNetwork();
    const alone = client(server, 'stop', 'solo', network, memoryStorage());
    await alone.connect();
    const events: PeermatchClientEvent[] = [];
    alone.on((event) => events.push(event));
    const { MatchmakingTicket } = await alone.startMatchmaking();
    const cancelled = nextEvent(alone, 'matchmaking-event');

    await alone.stopMatchmaking({ TicketId: MatchmakingTicket.TicketId });
    await cancelled;

    expect(events.some((event) => event.type === 'replaced')).toBe(false);
    expect(alone.status).toBe('open');
    expect(alone.peerOpen).toBe(true);
  });
});

/**
 * A stub of a PeerJS peer whose id the server still holds (`taken`) or not,
 * in PeerJS's order: a taken id emits `error` (`unavailable-id`) and then
 * destroys the peer, whose `destroy()` fires `disconnected` and `close`.
 */
function stubPeerFactory(taken: () => boolean) {
  const made: Array<PeerLike & { fire(event: string, ...args: unknown[]): void }> = [];
  const factory = (id: string): PeerLike => {
    const listeners = new Map<string, ((...args: never[]) => void)[]>();
    const peer = {
      id,
      open: false,
      disconnected: false,
      destroyed: false,
      on(event: string, listener: (...args: never[]) => void) {
        listeners.set(event, [...(listeners.get(event) ?? []), listener]);
        return peer;
      },
      fire(event: string, ...args: unknown[]) {
        for (const listener of listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
      },
      connect: () => {
        throw new Error('not used');
      },
      reconnect() {
        if (peer.destroyed) throw new Error('This peer cannot reconnect to the server. It has already been destroyed.');
      },
      destroy() {
        if (peer.destroyed) return;
        peer.disconnected = true;
        peer.open = false;
        peer.fire('disconnected', id);
        peer.destroyed = true;
        peer.fire('close');
      },
    };
    made.push(peer);
    queueMicrotask(() => {
      if (taken()) {
        peer.fire('error', Object.assign(new Error(`ID "${id}" is taken`), { type: 'unavailable-id' }) as PeerErrorLike);
        peer.destroy();
        return;
      }
      peer.open = true;
      peer.fire('open', id);
    });
    return peer;
  };
  return { factory, made };
}

describe('the newer tab claims the PeerJS id the older tab held', () => {
  it('after "unavailable-id" (and the disconnected that PeerJS fires while destroying), a new peer registers the id once it is free', async () => {
    const timers = manualTimers();
    let held = true;
    const { factory, made } = stubPeerFactory(() => held);
    const session = new PeerSession({ peerId: 'pm-twin', server: { host: 'localhost', port: 1, path: '/peerjs', secure: false }, factory, timers, random: () => 0.5 });
    const opened = session.start(10_000);
    await Promise.resolve();
    await Promise.resolve();

    held = false; // the older tab released the id
    for (let i = 0; i < 5 && !session.open; i++) {
      timers.advance(1000);
      await Promise.resolve();
      await Promise.resolve();
    }
    await opened;

    expect(session.open).toBe(true);
    expect(made.filter((peer) => peer.destroyed)).toHaveLength(1);
    expect(made.at(-1)!.destroyed).toBe(false);
    session.close();
  });
});
