/**
 * The relay link (net/relay-link.ts) on a scripted WebSocket and a manual
 * clock: growing, jittered reconnect delays; a `REPLACED` close that stops
 * for good; a hello (`join` / `register`) timeout and a missing `pong` that
 * reconnect; and the host's role on the same link (a refusal stops it, the
 * backoff takes the injected randomness).
 */
import { describe, expect, it } from 'vitest';
import { HostRelayConnection, type HostRelayStatus } from '../src/host/relay-connection.ts';
import { RELAY_CLOSE_CODES, parseServerToClient, type LobbyName, type ServerToClientFrame } from '../src/net/protocol.ts';
import { RelayLink, type RelayStatusChange } from '../src/net/relay-link.ts';
import { ManualTimers, ScriptedSocket } from './support/scripted-relay.ts';

function setUp(randoms: number[] = [0.5], timing: { helloTimeoutMs?: number; pingIntervalMs?: number } = {}) {
  const timers = new ManualTimers();
  const sockets: ScriptedSocket[] = [];
  const changes: RelayStatusChange[] = [];
  const frames: ServerToClientFrame[] = [];
  let hellos = 0;
  let draws = 0;
  const link = new RelayLink<ServerToClientFrame>({
    serverUrl: 'http://127.0.0.1:9999',
    initialDelayMs: 100,
    maxDelayMs: 1000,
    ...timing,
    timers,
    random: () => randoms[draws++ % randoms.length]!,
    webSocket: (url) => {
      const socket = new ScriptedSocket(url);
      sockets.push(socket);
      return socket;
    },
    hello: () => JSON.stringify({ type: 'join', lobby: 'l', hello: ++hellos }),
    parse: parseServerToClient,
    onFrame: (frame) => {
      frames.push(frame);
      if (frame.type === 'joined') link.markReady();
    },
    onStatus: (change) => changes.push(change),
  });
  const joined = (socket: ScriptedSocket) =>
    socket.deliver({ type: 'joined', lobby: 'l', clientId: 'c-1', resumeToken: 'r'.repeat(32), resumed: false, hostAvailable: true });
  return { timers, sockets, changes, frames, link, joined };
}

describe('RelayLink', () => {
  it('sends the hello on every open socket and is open once the hello is answered', () => {
    const { sockets, link, joined, changes } = setUp();
    link.start();
    sockets[0]!.open();
    joined(sockets[0]!);

    expect(sockets[0]!.sent).toEqual([{ type: 'join', lobby: 'l', hello: 1 }]);
    expect(link.status).toBe('open');
    expect(link.isReady).toBe(true);
    expect(changes).toEqual([{ status: 'open' }]);
  });

  it('reconnect delays grow with each failed attempt and are jittered within half to all of their ceiling', () => {
    const { timers, sockets, link, changes } = setUp([0, 0.5, 0.99, 0]);
    link.start();
    for (let attempt = 0; attempt < 4; attempt++) sockets[attempt]!.drop(1006), timers.advance(changes.at(-1)!.retryInMs!);

    // Ceilings 100, 200, 400, 800; the draws 0, 0.5, 0.99, 0 place each delay in [ceiling / 2, ceiling].
    expect(changes.map((change) => change.retryInMs)).toEqual([50, 150, 398, 400]);
    expect(changes.map((change) => change.status)).toEqual(['connecting', 'connecting', 'connecting', 'connecting']);
    expect(sockets).toHaveLength(5);
  });

  it('opens the next socket only when the backoff delay has passed', () => {
    const { timers, sockets, link, changes } = setUp([0.5]);
    link.start();
    sockets[0]!.drop(1006, 'gone');
    const delayMs = changes.at(-1)!.retryInMs!;
    timers.advance(delayMs - 1);
    const before = sockets.length;
    timers.advance(1);

    expect(changes.at(-1)!.reason).toBe(`socket closed (1006: gone); retry in ${delayMs} ms`);
    expect([before, sockets.length]).toEqual([1, 2]);
  });

  it('reports reconnecting after a socket that had been open drops, and an answered hello starts the backoff over', () => {
    const { timers, sockets, link, joined, changes } = setUp([0]);
    link.start();
    sockets[0]!.drop(1006);
    timers.advance(50);
    sockets[1]!.open();
    joined(sockets[1]!);
    sockets[1]!.drop(1006);

    expect(changes.map((change) => [change.status, change.retryInMs])).toEqual([
      ['connecting', 50],
      ['open', undefined],
      ['reconnecting', 50],
    ]);
  });

  it('stops for good when the relay closes with the REPLACED code', () => {
    const { timers, sockets, link, joined, changes } = setUp();
    link.start();
    sockets[0]!.open();
    joined(sockets[0]!);
    sockets[0]!.drop(RELAY_CLOSE_CODES.replaced, 'REPLACED');
    timers.advance(60_000);

    expect(link.status).toBe('closed');
    expect(changes.at(-1)).toMatchObject({ status: 'closed', refusal: { code: 'REPLACED', message: 'REPLACED' } });
    expect(changes.at(-1)!.reason).toMatch(/^replaced/);
    expect(sockets).toHaveLength(1);
  });

  it('keeps reconnecting after an ordinary close, where a REPLACED close would have stopped it', () => {
    const { timers, sockets, link } = setUp();
    link.start();
    sockets[0]!.drop(1001, 'going away');
    timers.advance(60_000);

    expect(link.status).toBe('connecting');
    expect(sockets.length).toBeGreaterThan(1);
  });

  it('drops a socket whose hello is not answered in time and reconnects with a new hello', () => {
    const { timers, sockets, link, changes } = setUp([0], { helloTimeoutMs: 3000 });
    link.start();
    sockets[0]!.open();
    timers.advance(2999);
    const openBefore = sockets[0]!.readyState;
    timers.advance(1);
    timers.advance(changes.at(-1)!.retryInMs!);
    sockets[1]!.open();

    expect(openBefore).toBe(1);
    expect(sockets[0]!.readyState).toBe(3);
    expect(changes[0]!.reason).toBe('socket closed (1000: no answer to the hello from the relay within 3000 ms); retry in 50 ms');
    expect(sockets[1]!.sent).toEqual([{ type: 'join', lobby: 'l', hello: 2 }]);
  });

  it('pings while open and reconnects when a pong does not come', () => {
    const { timers, sockets, link, joined } = setUp([0], { helloTimeoutMs: 1000, pingIntervalMs: 5000 });
    link.start();
    sockets[0]!.open();
    joined(sockets[0]!);
    timers.advance(5000);
    sockets[0]!.deliver({ type: 'pong' });
    timers.advance(5000);
    const pings = sockets[0]!.ofType('ping').length;
    timers.advance(1000);

    expect(pings).toBe(2);
    expect(link.status).toBe('reconnecting');
    expect(sockets[0]!.readyState).toBe(3);
  });

  it('hands frames to the role, but not pongs', () => {
    const { sockets, link, joined, frames } = setUp();
    link.start();
    sockets[0]!.open();
    joined(sockets[0]!);
    sockets[0]!.deliver({ type: 'pong' });
    sockets[0]!.deliver({ type: 'host-status', available: false });

    expect(frames.map((frame) => frame.type)).toEqual(['joined', 'host-status']);
  });

  it('close() stops for good: no socket is opened afterwards', () => {
    const { timers, sockets, link, changes } = setUp();
    link.start();
    sockets[0]!.drop(1006);
    link.close('done');
    timers.advance(60_000);

    expect(sockets).toHaveLength(1);
    expect(changes.at(-1)).toEqual({ status: 'closed', reason: 'done' });
  });
});

describe('the host on the relay link', () => {
  function hostSetUp(token?: string) {
    const timers = new ManualTimers();
    const sockets: ScriptedSocket[] = [];
    const statuses: HostRelayStatus[] = [];
    const host = new HostRelayConnection({
      serverUrl: 'http://127.0.0.1:9999',
      lobby: 'arena' as LobbyName,
      ...(token ? { token } : {}),
      initialDelayMs: 100,
      maxDelayMs: 1000,
      timers,
      random: () => 0,
      createSocket: (url) => {
        const socket = new ScriptedSocket(url);
        sockets.push(socket);
        return socket;
      },
      onFrame: () => undefined,
      onStatus: (status) => statuses.push(status),
    });
    return { timers, sockets, statuses, host };
  }

  it('re-registers with the issued token after a drop, with the injected jitter', () => {
    const { timers, sockets, statuses, host } = hostSetUp();
    host.start();
    sockets[0]!.open();
    sockets[0]!.deliver({ type: 'registered', lobby: 'arena', token: 't'.repeat(43), created: true, clients: [], role: 'primary', term: 1, hostId: 'h1', standbys: [], primary: null });
    sockets[0]!.drop(1006);
    timers.advance(50);
    sockets[1]!.open();

    expect(statuses.map((status) => status.status)).toEqual(['connecting', 'open', 'reconnecting']);
    expect(statuses[1]!.registered).toEqual({ token: 't'.repeat(43), created: true, clients: [], role: 'primary', term: 1, hostId: 'h1', standbys: [], primary: null });
    expect(statuses[2]!.retryInMs).toBe(50);
    expect(sockets[1]!.ofType('register')).toEqual([{ type: 'register', lobby: 'arena', token: 't'.repeat(43) }]);
  });

  it('stops for good when the server refuses the lobby (LOBBY_TAKEN), naming the code', () => {
    const { timers, sockets, statuses, host } = hostSetUp();
    host.start();
    sockets[0]!.open();
    sockets[0]!.deliver({ type: 'error', code: 'LOBBY_TAKEN', message: 'lobby "arena" is held by another host' });
    timers.advance(60_000);

    expect(statuses.at(-1)).toMatchObject({ status: 'closed', refusal: { code: 'LOBBY_TAKEN', message: 'lobby "arena" is held by another host' } });
    expect(sockets).toHaveLength(1);
    expect(host.isRegistered).toBe(false);
  });

  it('reconnects when the register is not answered in time', () => {
    const { timers, sockets, statuses, host } = hostSetUp();
    host.start();
    sockets[0]!.open();
    timers.advance(10_000);
    timers.advance(statuses.at(-1)!.retryInMs!);

    expect(statuses.at(-1)!.reason).toContain('no answer to the hello from the relay within 10000 ms');
    expect(sockets).toHaveLength(2);
  });
});
