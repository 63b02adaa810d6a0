/**
 * The hand-off after MatchmakingSucceeded: the game host's admission
 * decision (pure), the game-host and player sides with stub connections, and
 * the whole flow against the real server and Node host with loopback peers
 * (in-memory stand-ins for PeerJS; real WebRTC runs in the Playwright test).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { decideAdmission, type AdmissionContext } from '../src/client/admission.ts';
import { systemTimers } from '../src/client/backoff.ts';
import { GameHostHandoff, PlayerHandoff, type HandoffNotice, type PlayerConnector } from '../src/client/handoff.ts';
import { IncomingConnections } from '../src/client/incoming-connections.ts';
import { LoopbackNetwork } from '../src/client/loopback-peers.ts';
import type { DataConnectionLike } from '../src/client/peer-like.ts';
import { PeermatchClient, type PeermatchClientEvent } from '../src/client/peermatch-client.ts';
import type { WebSocketLike } from '../src/client/relay-socket.ts';
import type { ConnectionInfo } from '../src/net/connection-info.ts';
import { startNodeHost } from '../src/host/node-host.ts';
import { startServer, type RunningServer } from '../src/server/main.ts';
import { openTeamsRuleSet } from './support/duel-rule-set.ts';
import { manualTimers } from './support/manual-timers.ts';

const MATCH: ConnectionInfo = {
  matchId: 'match-1',
  gameSessionArn: 'arn:aws:gamelift:us-east-1::gamesession/peermatch/s1',
  gameHostPeerId: 'peer-host',
  gameHostPlayerId: 'hana',
  players: [
    { playerId: 'hana', team: 'red', playerSessionId: 'psess-hana', peerId: 'peer-host' },
    { playerId: 'ivan', team: 'red', playerSessionId: 'psess-ivan', peerId: 'peer-ivan' },
    { playerId: 'jo', team: 'blue', playerSessionId: 'psess-jo', peerId: 'peer-jo' },
  ],
  successorPlayerIds: ['ivan', 'jo'],
};

const CONTEXT: AdmissionContext = { match: MATCH, matchIds: new Set(['match-1']), selfPeerId: 'peer-host' };

describe('the game host admission decision', () => {
  it('admits a player of the match with its own player session from its own peer', () => {
    const verdict = decideAdmission(CONTEXT, { playerSessionId: 'psess-ivan', playerId: 'ivan', matchId: 'match-1' }, 'peer-ivan');

    expect(verdict).toEqual({ admit: true, player: MATCH.players[1] });
  });

  it.each([
    ['a wrong player session id', { playerSessionId: 'psess-jo', playerId: 'ivan', matchId: 'match-1' }, 'peer-ivan', 'playerSessionId: "psess-jo"'],
    ['another match', { playerSessionId: 'psess-ivan', playerId: 'ivan', matchId: 'match-2' }, 'peer-ivan', 'matchId: "match-2"'],
    ['a player not in the match', { playerSessionId: 'psess-ivan', playerId: 'mallory', matchId: 'match-1' }, 'peer-ivan', 'playerId: "mallory"'],
    ['a borrowed identity from another peer', { playerSessionId: 'psess-ivan', playerId: 'ivan', matchId: 'match-1' }, 'peer-mallory', 'peer: "peer-mallory"'],
    ['the game host itself', { playerSessionId: 'psess-hana', playerId: 'hana', matchId: 'match-1' }, 'peer-host', 'game host itself'],
    ['no metadata', undefined, 'peer-ivan', 'metadata: expected'],
    ['an empty player id', { playerSessionId: 'psess-ivan', playerId: '', matchId: 'match-1' }, 'peer-ivan', 'metadata.playerId'],
  ])('refuses %s, naming the offending field', (_name, metadata, peer, reason) => {
    const verdict = decideAdmission(CONTEXT, metadata, peer);

    expect(verdict.admit).toBe(false);
    expect(verdict.admit ? '' : verdict.reason).toContain(reason);
  });

  it('admits players of a later backfill match of the same session', () => {
    const backfilled: ConnectionInfo = {
      ...MATCH,
      matchId: 'match-7',
      players: [...MATCH.players, { playerId: 'kim', team: 'blue', playerSessionId: 'psess-kim', peerId: 'peer-kim' }],
    };
    const context = { match: backfilled, matchIds: new Set(['match-1', 'match-7']), selfPeerId: 'peer-host' };

    expect(decideAdmission(context, { playerSessionId: 'psess-kim', playerId: 'kim', matchId: 'match-7' }, 'peer-kim').admit).toBe(true);
    expect(decideAdmission(context, { playerSessionId: 'psess-jo', playerId: 'jo', matchId: 'match-1' }, 'peer-jo').admit).toBe(true);
  });
});

/** A player's answer to the game host's welcome. */
function joined(playerId: string) {
  return { type: 'peermatch-joined', matchId: 'match-1', playerId };
}

/** A stub incoming DataConnection that opens when told; `sent` holds what was sent apart from heartbeats, which are counted. */
function stubConnection(peer: string, metadata: unknown) {
  const listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  const sent: unknown[] = [];
  const connection = {
    peer,
    metadata,
    open: false,
    closed: false,
    sent,
    beats: 0,
    send: (data: unknown) => {
      if ((data as { type?: unknown }).type === 'peermatch-beat') connection.beats++;
      else sent.push(data);
    },
    close() {
      connection.open = false;
      connection.closed = true;
      for (const listener of listeners.get('close') ?? []) listener();
    },
    on(event: string, listener: (...args: unknown[]) => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return connection;
    },
    fireOpen() {
      connection.open = true;
      for (const listener of listeners.get('open') ?? []) listener();
    },
    fireData(data: unknown) {
      for (const listener of listeners.get('data') ?? []) listener(data);
    },
  };
  return connection;
}

describe('the game host side with stub connections', () => {
  it('reports match-ready only when every other player has answered its welcome on an open connection, and then starts every player', () => {
    const notices: HandoffNotice[] = [];
    const host = new GameHostHandoff(MATCH, 'peer-host', { timers: systemTimers, timeoutMs: 60_000, report: (n) => notices.push(n) });
    const ivan = stubConnection('peer-ivan', { playerSessionId: 'psess-ivan', playerId: 'ivan', matchId: 'match-1' });
    const jo = stubConnection('peer-jo', { playerSessionId: 'psess-jo', playerId: 'jo', matchId: 'match-1' });

    host.offer(ivan as unknown as DataConnectionLike);
    host.offer(jo as unknown as DataConnectionLike);
    ivan.fireOpen();
    ivan.fireData(joined('ivan'));
    jo.fireOpen();
    const readyBeforeJoAnswered = notices.some((n) => n.type === 'match-ready');
    jo.fireData(joined('jo'));
    host.close();

    expect(readyBeforeJoAnswered).toBe(false);
    expect(ivan.sent).toEqual([
      { type: 'peermatch-welcome', matchId: 'match-1', playerId: 'ivan' },
      { type: 'peermatch-start', matchId: 'match-1' },
    ]);
    expect(jo.sent).toEqual([
      { type: 'peermatch-welcome', matchId: 'match-1', playerId: 'jo' },
      { type: 'peermatch-start', matchId: 'match-1' },
    ]);
    const ready = notices.find((n) => n.type === 'match-ready');
    expect(ready && ready.type === 'match-ready' ? ready.connections.length : -1).toBe(2);
  });

  it('sends a stranger the reason before closing its connection', async () => {
    const notices: HandoffNotice[] = [];
    const host = new GameHostHandoff(MATCH, 'peer-host', { timers: systemTimers, timeoutMs: 60_000, report: (n) => notices.push(n) });
    const stranger = stubConnection('peer-mallory', { playerSessionId: 'psess-guess', playerId: 'ivan', matchId: 'match-1' });

    host.offer(stranger as unknown as DataConnectionLike);
    stranger.fireOpen();
    await new Promise((resolve) => setTimeout(resolve, 400));
    host.close();

    expect(stranger.sent).toHaveLength(1);
    expect(stranger.sent[0]).toMatchObject({ type: 'peermatch-reject' });
    expect(JSON.stringify(stranger.sent[0])).toContain('playerSessionId');
    expect(stranger.closed).toBe(true);
    expect(notices.map((n) => n.type)).toEqual(['connection-refused']);
  });

  it('a connection that arrives before the game host hears of its match waits for it and is admitted', () => {
    const notices: HandoffNotice[] = [];
    const incoming = new IncomingConnections(systemTimers, 60_000, (peerId, reason) => notices.push({ type: 'connection-refused', peerId, reason }));
    const ivan = stubConnection('peer-ivan', { playerSessionId: 'psess-ivan', playerId: 'ivan', matchId: 'match-1' });
    ivan.fireOpen();

    incoming.offer(ivan as unknown as DataConnectionLike);
    const sentBefore = ivan.sent.length;
    const host = new GameHostHandoff(MATCH, 'peer-host', { timers: systemTimers, timeoutMs: 60_000, report: (n) => notices.push(n) });
    incoming.addHost(host);
    host.close();
    incoming.close();

    expect(sentBefore).toBe(0);
    expect(ivan.sent).toEqual([{ type: 'peermatch-welcome', matchId: 'match-1', playerId: 'ivan' }]);
  });

  it('holds what an admitted player sends before the game listens and delivers it in order, without the hand-off messages', async () => {
    const notices: HandoffNotice[] = [];
    const host = new GameHostHandoff(MATCH, 'peer-host', { timers: systemTimers, timeoutMs: 60_000, report: (n) => notices.push(n) });
    const ivan = stubConnection('peer-ivan', { playerSessionId: 'psess-ivan', playerId: 'ivan', matchId: 'match-1' });
    const jo = stubConnection('peer-jo', { playerSessionId: 'psess-jo', playerId: 'jo', matchId: 'match-1' });
    host.offer(ivan as unknown as DataConnectionLike);
    host.offer(jo as unknown as DataConnectionLike);
    ivan.fireOpen();
    ivan.fireData(joined('ivan'));
    ivan.fireData({ hello: 1 });
    ivan.fireData({ type: 'peermatch-welcome', matchId: 'match-1', playerId: 'ivan' });
    ivan.fireData({ hello: 2 });
    jo.fireOpen();
    jo.fireData(joined('jo'));
    ivan.fireData({ hello: 3 });
    const ready = notices.find((n) => n.type === 'match-ready');
    const toIvan = ready?.type === 'match-ready' ? ready.connections.find((c) => c.peer === 'peer-ivan') : undefined;
    const first: unknown[] = [];
    const second: unknown[] = [];
    toIvan?.on('data', (data) => first.push(data));
    toIvan?.on('data', (data) => second.push(data));
    await Promise.resolve();
    ivan.fireData({ hello: 4 });
    host.close();

    expect(first).toEqual([{ hello: 1 }, { hello: 2 }, { hello: 3 }, { hello: 4 }]);
    expect(second).toEqual(first);
  });

  it('when the time runs out, tells the players it admitted why before closing', async () => {
    const notices: HandoffNotice[] = [];
    const host = new GameHostHandoff(MATCH, 'peer-host', { timers: systemTimers, timeoutMs: 50, report: (n) => notices.push(n) });
    const ivan = stubConnection('peer-ivan', { playerSessionId: 'psess-ivan', playerId: 'ivan', matchId: 'match-1' });
    host.offer(ivan as unknown as DataConnectionLike);
    ivan.fireOpen();
    ivan.fireData(joined('ivan'));
    await new Promise((resolve) => setTimeout(resolve, 400));
    host.close();

    expect(notices.map((n) => n.type)).toEqual(['player-connected', 'match-failed']);
    expect(ivan.sent[1]).toMatchObject({ type: 'peermatch-reject' });
    expect((ivan.sent[1] as { reason: string }).reason).toContain('players "jo" did not open a DataConnection');
    expect(ivan.closed).toBe(true);
  });
});

describe('a player whose attempt times out before the welcome arrives', () => {
  it('is admitted and started on the connection it retried with, never on the one it abandoned', () => {
    const timers = manualTimers();
    const duel: ConnectionInfo = { ...MATCH, players: MATCH.players.slice(0, 2) };
    const hostNotices: HandoffNotice[] = [];
    const playerNotices: HandoffNotice[] = [];
    const host = new GameHostHandoff(duel, 'peer-host', { timers, timeoutMs: 60_000, report: (n) => hostNotices.push(n) });
    const links: ReturnType<typeof linkedPair>[] = [];
    const connector: PlayerConnector = {
      connect(_peerId, metadata) {
        const link = linkedPair('peer-ivan', metadata);
        links.push(link);
        host.offer(link.hostEnd as unknown as DataConnectionLike);
        return link.playerEnd as unknown as DataConnectionLike;
      },
    };
    new PlayerHandoff(duel, duel.players[1]!, connector, { timers, timeoutMs: 60_000, report: (n) => playerNotices.push(n) });

    // The first connection opens, but the game host's welcome is still on its way when the attempt times out.
    links[0]!.open();
    timers.advance(5000);
    links[0]!.deliver();
    const hostReadyOnAbandoned = hostNotices.some((n) => n.type === 'match-ready');
    timers.advance(500);
    links[1]!.open();
    links[1]!.deliver();

    expect(links).toHaveLength(2);
    expect(hostReadyOnAbandoned).toBe(false);
    const hostReady = hostNotices.find((n) => n.type === 'match-ready');
    const playerReady = playerNotices.find((n) => n.type === 'match-ready');
    expect(hostReady?.type === 'match-ready' ? hostReady.connections.map((c) => c.raw) : []).toEqual([links[1]!.hostEnd]);
    expect(playerReady?.type === 'match-ready' ? playerReady.connections.map((c) => c.raw) : []).toEqual([links[1]!.playerEnd]);
    expect(hostNotices.map((n) => n.type)).toEqual(['player-connected', 'match-ready']);
  });
});

/** Two ends of one DataConnection whose messages wait in flight until the test delivers them. */
function linkedPair(playerPeer: string, metadata: unknown) {
  const inFlight: { to: ReturnType<typeof stubConnection>; data: unknown }[] = [];
  const hostEnd = stubConnection(playerPeer, metadata);
  const playerEnd = stubConnection('peer-host', metadata);
  const wire = (from: ReturnType<typeof stubConnection>, to: ReturnType<typeof stubConnection>) => {
    from.send = (data: unknown) => {
      if (from.open) inFlight.push({ to, data });
    };
    const close = from.close.bind(from);
    from.close = () => {
      if (from.closed) return;
      close();
      to.close();
    };
  };
  wire(hostEnd, playerEnd);
  wire(playerEnd, hostEnd);
  return {
    hostEnd,
    playerEnd,
    open() {
      hostEnd.fireOpen();
      playerEnd.fireOpen();
    },
    /** Delivers everything in flight, including what the deliveries send back, to ends still open. */
    deliver() {
      for (let message = inFlight.shift(); message; message = inFlight.shift()) {
        if (message.to.open) message.to.fireData(message.data);
      }
    },
  };
}

// --- The whole flow: real server, real Node host, loopback peers -------------------------

const TWO_V_TWO = openTeamsRuleSet(2, 'pairs');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function lobby(name: string): Promise<RunningServer> {
  const server = await startServer({ host: '127.0.0.1', port: 0, staticDir: null });
  cleanups.push(() => server.close());
  const host = await startNodeHost({ serverUrl: server.url, lobby: name, ruleSetBody: TWO_V_TWO, tickIntervalMs: 50 });
  cleanups.push(() => host.close());
  await host.registered;
  return server;
}

type Outcome = Extract<PeermatchClientEvent, { type: 'match-ready' | 'match-failed' }>;

interface Player {
  client: PeermatchClient;
  outcome: Promise<Outcome & { openAtOutcome: boolean[]; msAfterSucceeded: number }>;
  events: PeermatchClientEvent[];
}

function player(server: RunningServer, lobbyName: string, playerId: string, network: LoopbackNetwork, handoffTimeoutMs = 5000): Player {
  const client = new PeermatchClient({
    serverUrl: server.url,
    lobby: lobbyName,
    playerId,
    webSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    peerFactory: network.factory,
    handoffTimeoutMs,
  });
  cleanups.push(() => client.close());
  const events: PeermatchClientEvent[] = [];
  let succeededAt = 0;
  const outcome = new Promise<Outcome & { openAtOutcome: boolean[]; msAfterSucceeded: number }>((resolve) => {
    client.on((event) => {
      events.push(event);
      if (event.type === 'matchmaking-event' && event.event.detail.type === 'MatchmakingSucceeded') succeededAt = Date.now();
      if (event.type === 'match-ready') resolve({ ...event, openAtOutcome: event.connections.map((c) => c.open), msAfterSucceeded: Date.now() - succeededAt });
      if (event.type === 'match-failed') resolve({ ...event, openAtOutcome: [], msAfterSucceeded: Date.now() - succeededAt });
    });
  });
  return { client, outcome, events };
}

async function matchFour(server: RunningServer, lobbyName: string, network: LoopbackNetwork, handoffTimeoutMs?: number): Promise<Player[]> {
  const players = ['ana', 'ben', 'cy', 'di'].map((id) => player(server, lobbyName, id, network, handoffTimeoutMs));
  await Promise.all(players.map((p) => p.client.connect()));
  await Promise.all(players.map((p) => p.client.startMatchmaking({ Players: [{ PlayerId: p.client.playerId }] })));
  return players;
}

describe('the hand-off through the real server and Node host (loopback peers)', () => {
  it('every player of a 2v2 reports match-ready with open connections: three at the game host, one at each other player', async () => {
    const server = await lobby('handoff');
    const network = new LoopbackNetwork({ openDelayMs: 150 });

    const players = await matchFour(server, 'handoff', network);
    const outcomes = await Promise.all(players.map((p) => p.outcome));

    expect(outcomes.map((o) => o.type)).toEqual(['match-ready', 'match-ready', 'match-ready', 'match-ready']);
    const ready = outcomes.filter((o): o is Extract<typeof o, { type: 'match-ready' }> => o.type === 'match-ready');
    expect(ready.filter((o) => o.role === 'game-host')).toHaveLength(1);
    expect(ready.map((o) => o.connections.length).sort()).toEqual([1, 1, 1, 3]);
    expect(ready.flatMap((o) => o.openAtOutcome).every(Boolean)).toBe(true);
    // Nobody is ready before its DataConnection opened (they open 150 ms after the dial).
    expect(Math.min(...ready.map((o) => o.msAfterSucceeded))).toBeGreaterThanOrEqual(140);
    const teams = ready.map((o) => o.team).sort();
    expect(teams).toEqual(['blue', 'blue', 'red', 'red']);
  });

  it('in a 2v2, what everyone sends at once on match-ready arrives, in order, even where the game listens late', async () => {
    const server = await lobby('messages');
    const network = new LoopbackNetwork({ openDelayMs: 20 });
    const players = await matchFour(server, 'messages', network);
    const received = new Map<string, unknown[]>();
    const outcomes = await Promise.all(
      players.map(async (p) => {
        const outcome = await p.outcome;
        if (outcome.type !== 'match-ready') return outcome;
        // Everyone sends at once; every game attaches its listener only 100 ms later.
        for (const connection of outcome.connections) for (let n = 0; n < 5; n++) connection.send({ from: p.client.playerId, n });
        await new Promise((resolve) => setTimeout(resolve, 100));
        for (const connection of outcome.connections) {
          connection.on('data', (data) => received.set(p.client.playerId, [...(received.get(p.client.playerId) ?? []), data]));
        }
        return outcome;
      }),
    );
    const gameHostIndex = outcomes.findIndex((o) => o.type === 'match-ready' && o.role === 'game-host');
    const gameHost = players[gameHostIndex]!.client.playerId;
    const others = players.map((p) => p.client.playerId).filter((id) => id !== gameHost);
    const expected = (from: string) => [0, 1, 2, 3, 4].map((n) => ({ from, n }));
    await expect.poll(() => others.map((id) => received.get(id)?.length ?? 0), { timeout: 5000 }).toEqual([5, 5, 5]);
    await expect.poll(() => received.get(gameHost)?.length ?? 0, { timeout: 5000 }).toBe(15);

    for (const id of others) expect(received.get(id)).toEqual(expected(gameHost));
    for (const id of others) expect(received.get(gameHost)!.filter((m) => (m as { from: string }).from === id)).toEqual(expected(id));
  });

  it('a stranger who guesses a player session id is turned away with the reason', async () => {
    const server = await lobby('strangers');
    const network = new LoopbackNetwork();
    const players = await matchFour(server, 'strangers', network);
    const outcomes = await Promise.all(players.map((p) => p.outcome));
    const match = outcomes[0]!.match;
    const gameHost = players[outcomes.findIndex((o) => o.type === 'match-ready' && o.role === 'game-host')]!;
    const victim = match.players.find((p) => p.peerId !== match.gameHostPeerId)!;

    const mallory = network.factory('mallory', { host: '', port: 0, path: '', secure: false });
    await new Promise((resolve) => mallory.on('open', resolve));
    const connection = mallory.connect(match.gameHostPeerId, { metadata: { playerSessionId: 'psess-guess', playerId: victim.playerId, matchId: match.matchId } });
    const reply = await new Promise<unknown>((resolve) => connection.on('data', resolve));
    const closed = await new Promise<boolean>((resolve) => connection.on('close', () => resolve(true)));

    expect(reply).toMatchObject({ type: 'peermatch-reject' });
    expect((reply as { reason: string }).reason).toContain('playerSessionId: "psess-guess"');
    expect(closed).toBe(true);
    expect(gameHost.events.some((e) => e.type === 'connection-refused' && e.peerId === 'mallory')).toBe(true);
  });

  it('when no DataConnection opens within the time limit, every player reports match-failed with the reason', async () => {
    const server = await lobby('silence');
    const network = new LoopbackNetwork();
    const players = ['ana', 'ben', 'cy', 'di'].map((id) => player(server, 'silence', id, network, 600));
    await Promise.all(players.map((p) => p.client.connect()));
    // Every peer drops incoming connections: nothing ever opens.
    for (const p of players) network.setReachable(p.client.peerId!, false);
    await Promise.all(players.map((p) => p.client.startMatchmaking({ Players: [{ PlayerId: p.client.playerId }] })));

    const outcomes = await Promise.all(players.map((p) => p.outcome));

    expect(outcomes.map((o) => o.type)).toEqual(['match-failed', 'match-failed', 'match-failed', 'match-failed']);
    const reasons = outcomes.map((o) => (o.type === 'match-failed' ? o.reason : ''));
    expect(reasons.filter((r) => r.includes('did not open a DataConnection to the game host within 600 ms'))).toHaveLength(1);
    expect(reasons.filter((r) => r.includes('no open DataConnection to the game host') && r.includes('within 600 ms'))).toHaveLength(3);
    expect(players.every((p) => p.client.connections().length === 0)).toBe(true);
  });
});
