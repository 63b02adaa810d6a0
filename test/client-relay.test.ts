/**
 * The player client against the real server (src/server) and, where a
 * Matchmaker is needed, the real Node lobby host (src/host): request
 * correlation, AWS error names crossing the relay, HOST_UNAVAILABLE,
 * reconnect with backoff across a server restart, and a remembered ticket
 * re-attached by a reloaded client.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { PeermatchClient, type PeermatchClientEvent, type PeermatchClientOptions } from '../src/client/peermatch-client.ts';
import { RelaySocket, relayErrorName, type WebSocketLike } from '../src/client/relay-socket.ts';
import { memoryStorage, type RememberedSession } from '../src/client/storage.ts';
import { startNodeHost } from '../src/host/node-host.ts';
import type { RunningLobbyHost } from '../src/host/host-runtime.ts';
import { parseServerToHost, type LobbyName } from '../src/net/protocol.ts';
import { startServer, type RunningServer, type StartServerOptions } from '../src/server/main.ts';
import { OPEN_DUEL } from './support/duel-rule-set.ts';

const DUEL = OPEN_DUEL;

/** Needs eight players: a lone ticket stays SEARCHING. */
const FOUR_V_FOUR = JSON.stringify({
  name: 'squads',
  ruleLanguageVersion: '1.0',
  playerAttributes: [{ name: 'skill', type: 'number', default: 10 }],
  teams: [
    { name: 'cowboys', minPlayers: 4, maxPlayers: 4 },
    { name: 'aliens', minPlayers: 4, maxPlayers: 4 },
  ],
  rules: [],
});

const nodeWebSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function server(options: StartServerOptions = {}): Promise<RunningServer> {
  const running = await startServer({ host: '127.0.0.1', port: 0, staticDir: null, ...options });
  cleanups.push(() => running.close());
  return running;
}

async function host(serverUrl: string, lobby: string, ruleSetBody: string): Promise<RunningLobbyHost> {
  const running = await startNodeHost({
    serverUrl,
    lobby,
    ruleSetBody,
    configuration: { Name: 'peermatch', RequestTimeoutSeconds: 120, AcceptanceRequired: false },
    tickIntervalMs: 50,
    relay: { initialDelayMs: 50, maxDelayMs: 200 },
  });
  cleanups.push(() => running.close());
  await running.registered;
  return running;
}

function client(options: Partial<PeermatchClientOptions> & Pick<PeermatchClientOptions, 'serverUrl' | 'lobby'>): PeermatchClient {
  const created = new PeermatchClient({ webSocket: nodeWebSocket, peerFactory: null, requestTimeoutMs: 5000, ...options });
  cleanups.push(() => created.close());
  return created;
}

function nextEvent<T extends PeermatchClientEvent>(c: PeermatchClient, match: (event: PeermatchClientEvent) => event is T, timeoutMs = 5000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching client event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = c.on((event) => {
      if (!match(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a rejection');
}

describe('PeermatchClient calls through the relay', () => {
  it('startMatchmaking answers the GameLift MatchmakingTicket with Dates, and describeMatchmaking finds it', async () => {
    const s = await server();
    await host(s.url, 'calls', FOUR_V_FOUR);
    const alice = client({ serverUrl: s.url, lobby: 'calls', playerId: 'alice' });
    await alice.connect();

    const { MatchmakingTicket } = await alice.startMatchmaking({ Players: [{ PlayerId: 'alice', PlayerAttributes: { skill: { N: 12 } } }] });
    const { TicketList } = await alice.describeMatchmaking({ TicketIds: [MatchmakingTicket.TicketId] });

    expect(MatchmakingTicket.ConfigurationName).toBe('peermatch');
    expect(MatchmakingTicket.StartTime).toBeInstanceOf(Date);
    // The client puts its PeerJS id on its players: the core chooses the game host among them.
    expect(MatchmakingTicket.Players).toEqual([{ PlayerId: 'alice', PlayerAttributes: { skill: { N: 12 } }, PeerId: alice.peerId }]);
    expect(TicketList.map((t) => t.TicketId)).toEqual([MatchmakingTicket.TicketId]);
    expect(['QUEUED', 'SEARCHING']).toContain(TicketList[0]!.Status);
  });

  it('concurrent requests each resolve with their own answer, matched by requestId', async () => {
    const s = await server();
    await host(s.url, 'many', FOUR_V_FOUR);
    const players = ['p1', 'p2', 'p3'].map((id) => client({ serverUrl: s.url, lobby: 'many', playerId: id }));
    await Promise.all(players.map((p) => p.connect()));

    const started = await Promise.all(players.map((p) => p.startMatchmaking({ Players: [{ PlayerId: p.playerId }] })));
    const described = await Promise.all(
      players.map((p, i) => p.describeMatchmaking({ TicketIds: [started[i]!.MatchmakingTicket.TicketId] })),
    );

    expect(started.map((o) => o.MatchmakingTicket.Players[0]!.PlayerId)).toEqual(['p1', 'p2', 'p3']);
    expect(described.map((o) => o.TicketList[0]!.Players[0]!.PlayerId)).toEqual(['p1', 'p2', 'p3']);
  });

  it('answers that come back out of order still reach the request that asked', async () => {
    const s = await server();
    // A hand-written host that answers the second request first.
    const raw = new WebSocket(s.relayUrl);
    cleanups.push(() => raw.close());
    const requests: { clientId: string; requestId: string; op: string }[] = [];
    raw.on('message', (data) => {
      const frame = parseServerToHost(String(data));
      if ('type' in frame && frame.type === 'from-client') {
        requests.push({ clientId: frame.clientId, requestId: frame.message.requestId, op: frame.message.op });
        if (requests.length === 2) {
          for (const request of [...requests].reverse()) {
            raw.send(JSON.stringify({ type: 'to-client', clientId: request.clientId, message: { type: 'response', requestId: request.requestId, ok: true, value: { op: request.op } } }));
          }
        }
      }
    });
    await new Promise((resolve) => raw.on('open', resolve));
    raw.send(JSON.stringify({ type: 'register', lobby: 'order' }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const socket = new RelaySocket({ serverUrl: s.url, lobby: 'order' as LobbyName, webSocket: nodeWebSocket });
    cleanups.push(() => socket.close());
    await socket.start();

    const [first, second] = await Promise.all([socket.request('describeMatchmaking', { TicketIds: ['a'] }), socket.request('stopMatchmaking', { TicketId: 'a' })]);

    expect(first).toEqual({ op: 'describeMatchmaking' });
    expect(second).toEqual({ op: 'stopMatchmaking' });
  });

  it('an AWS exception from the lobby host rejects with an Error of the same name and message', async () => {
    const s = await server();
    await host(s.url, 'errors', FOUR_V_FOUR);
    const alice = client({ serverUrl: s.url, lobby: 'errors', playerId: 'alice' });
    await alice.connect();

    const notFound = await rejection(alice.startMatchmaking({ ConfigurationName: 'no-such-config', Players: [{ PlayerId: 'alice' }] }));
    const invalid = await rejection(alice.acceptMatch({ TicketId: 'not-mine', AcceptanceType: 'ACCEPT' }));

    expect(notFound).toBeInstanceOf(Error);
    expect(notFound.name).toBe('NotFoundException');
    expect(notFound.message).toContain('no-such-config');
    expect(invalid.name).toBe('InvalidRequestException');
    expect(invalid.message).toContain('not-mine');
  });

  it('a request the relay cannot deliver because the host stayed away rejects as HostUnavailable', async () => {
    const s = await server({ limits: { hostGraceMs: 300 } });
    const lobbyHost = await host(s.url, 'away', FOUR_V_FOUR);
    const alice = client({ serverUrl: s.url, lobby: 'away', playerId: 'alice' });
    await alice.connect();
    const hostGone = nextEvent(alice, (e): e is Extract<PeermatchClientEvent, { type: 'status' }> => e.type === 'status' && !e.hostAvailable);
    await lobbyHost.close();
    await hostGone;

    const error = await rejection(alice.describeMatchmaking({ TicketIds: ['t-1'] }));

    expect(error.name).toBe('HostUnavailable');
    expect(error.code).toBe('HOST_UNAVAILABLE');
    expect(error.message).toContain('away');
  });

  it('joining a lobby no host registered rejects connect() as UnknownLobby', async () => {
    const s = await server();
    const alice = client({ serverUrl: s.url, lobby: 'nobody-here', playerId: 'alice' });

    const error = await rejection(alice.connect());

    expect(error.name).toBe('UnknownLobby');
    expect(error.message).toContain('nobody-here');
    expect(relayErrorName('HOST_UNAVAILABLE')).toBe('HostUnavailable');
  });
});

describe('PeermatchClient across drops, restarts and reloads', () => {
  it('after the server restarts, the client reconnects with growing backoff delays and resumes the same identity', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'peermatch-client-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const stateFile = join(dir, 'server.json');
    const first = await startServer({ host: '127.0.0.1', port: 0, staticDir: null, stateFile });
    const port = first.port;
    let second: RunningServer | undefined;
    cleanups.push(async () => {
      await first.close();
      await second?.close();
    });
    await host(first.url, 'restart', FOUR_V_FOUR);
    const alice = client({ serverUrl: first.url, lobby: 'restart', playerId: 'alice', backoff: { initialDelayMs: 40, maxDelayMs: 2000 } });
    const before = await alice.connect();
    const { MatchmakingTicket } = await alice.startMatchmaking({ Players: [{ PlayerId: 'alice' }] });
    const delays: number[] = [];
    const statuses: string[] = [];
    alice.on((event) => {
      if (event.type !== 'status') return;
      statuses.push(event.status);
      if (event.retryInMs !== undefined) delays.push(event.retryInMs);
    });

    await first.close();
    await new Promise((resolve) => setTimeout(resolve, 700));
    const reopened = nextEvent(alice, (e): e is Extract<PeermatchClientEvent, { type: 'status' }> => e.type === 'status' && e.status === 'open', 8000);
    second = await startServer({ host: '127.0.0.1', port, staticDir: null, stateFile });
    await reopened;
    const { TicketList } = await alice.describeMatchmaking({ TicketIds: [MatchmakingTicket.TicketId] });

    expect(statuses[0]).toBe('reconnecting');
    expect(delays.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThanOrEqual(delays[i - 1]!);
    expect(delays[0]!).toBeLessThanOrEqual(40);
    expect(delays.at(-1)!).toBeGreaterThan(40);
    expect(alice.clientId).toBe(before.clientId);
    // Only the identity that submitted the ticket may describe it: the host still sees the same client.
    expect(TicketList[0]!.TicketId).toBe(MatchmakingTicket.TicketId);
  });

  it('a reloaded client (new instance, same storage) re-attaches its active ticket instead of starting a second one', async () => {
    const s = await server();
    await host(s.url, 'reload', FOUR_V_FOUR);
    const cell = new Map<string, RememberedSession>();
    const before = client({ serverUrl: s.url, lobby: 'reload', playerId: 'alice', storage: memoryStorage(cell) });
    const first = await before.connect();
    const { MatchmakingTicket } = await before.startMatchmaking({ Players: [{ PlayerId: 'alice' }] });
    before.close();

    const after = client({ serverUrl: s.url, lobby: 'reload', playerId: 'alice', storage: memoryStorage(cell) });
    const resumed = await after.connect();
    const again = await after.startMatchmaking({ Players: [{ PlayerId: 'alice' }] });
    const { TicketList } = await after.describeMatchmaking({ TicketIds: [MatchmakingTicket.TicketId] });

    expect(resumed.resumed).toBe(true);
    expect(resumed.clientId).toBe(first.clientId);
    expect(resumed.peerId).toBe(first.peerId);
    expect(resumed.ticket?.TicketId).toBe(MatchmakingTicket.TicketId);
    expect(again.MatchmakingTicket.TicketId).toBe(MatchmakingTicket.TicketId);
    // A second ticket for the same player would have cancelled the first.
    expect(['QUEUED', 'SEARCHING']).toContain(TicketList[0]!.Status);
  });

  it('a ticket that ended is forgotten, so the next startMatchmaking creates a new one', async () => {
    const s = await server();
    await host(s.url, 'ended', FOUR_V_FOUR);
    const cell = new Map<string, RememberedSession>();
    const alice = client({ serverUrl: s.url, lobby: 'ended', playerId: 'alice', storage: memoryStorage(cell) });
    await alice.connect();
    const first = await alice.startMatchmaking({ Players: [{ PlayerId: 'alice' }] });
    await alice.stopMatchmaking({ TicketId: first.MatchmakingTicket.TicketId });

    const second = await alice.startMatchmaking({ Players: [{ PlayerId: 'alice' }] });

    expect(second.MatchmakingTicket.TicketId).not.toBe(first.MatchmakingTicket.TicketId);
    expect([...cell.values()].find((v) => v.clientId)?.ticketId).toBe(second.MatchmakingTicket.TicketId);
  });

  it('a FlexMatch event of the client ticket arrives on the event stream (a 1v1 duel succeeds)', async () => {
    const s = await server();
    await host(s.url, 'duel', DUEL);
    const alice = client({ serverUrl: s.url, lobby: 'duel', playerId: 'alice' });
    const bob = client({ serverUrl: s.url, lobby: 'duel', playerId: 'bob' });
    await Promise.all([alice.connect(), bob.connect()]);
    const succeeded = nextEvent(alice, (e): e is Extract<PeermatchClientEvent, { type: 'matchmaking-event' }> => e.type === 'matchmaking-event' && e.event.detail.type === 'MatchmakingSucceeded');

    await alice.startMatchmaking({ Players: [{ PlayerId: 'alice' }] });
    await bob.startMatchmaking({ Players: [{ PlayerId: 'bob' }] });
    const { event } = await succeeded;

    expect(event.source).toBe('aws.gamelift');
    expect(event.detail.gameSessionInfo.players.map((p) => p.playerId).sort()).toEqual(['alice', 'bob']);
    expect(event.detail.gameSessionInfo.gameHostPeerId).toBeTypeOf('string');
  });
});
