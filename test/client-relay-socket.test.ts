/**
 * The relay socket on a scripted WebSocket and a manual clock: queueing while
 * down, backoff with jitter, resume with the issued identity, requests sent
 * again after a drop (first answer wins), timeouts, replacement, and a
 * refused resume. The same behaviour against the real server is in
 * client-relay.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../src/net/backoff.ts';
import { RelaySocket, relayUrlOf, type RelaySocketNotice } from '../src/client/relay-socket.ts';
import { ManualTimers, ScriptedSocket } from './support/scripted-relay.ts';
import type { LobbyName } from '../src/net/protocol.ts';

const IDENTITY = { clientId: 'c-123', resumeToken: 'r'.repeat(32) };

function setUp(options: { requestTimeoutMs?: number } = {}) {
  const timers = new ManualTimers();
  const sockets: ScriptedSocket[] = [];
  const notices: RelaySocketNotice[] = [];
  const relay = new RelaySocket({
    serverUrl: 'http://127.0.0.1:9999',
    lobby: 'lobby-1' as LobbyName,
    webSocket: (url) => {
      const socket = new ScriptedSocket(url);
      sockets.push(socket);
      return socket;
    },
    timers,
    random: () => 0.5,
    backoff: { initialDelayMs: 100, maxDelayMs: 1000 },
    ...(options.requestTimeoutMs !== undefined ? { requestTimeoutMs: options.requestTimeoutMs } : {}),
  });
  relay.on((notice) => notices.push(notice));
  const joined = (socket: ScriptedSocket, resumed = false) =>
    socket.deliver({ type: 'joined', lobby: 'lobby-1', ...IDENTITY, resumed, hostAvailable: true });
  return { timers, sockets, notices, relay, joined };
}

describe('backoff', () => {
  it('each delay lies between half and all of a doubling ceiling, capped at the maximum', () => {
    const options = { initialDelayMs: 100, maxDelayMs: 1000 };
    const ceilings = [100, 200, 400, 800, 1000, 1000];

    ceilings.forEach((ceiling, attempt) => {
      expect(backoffDelayMs(attempt, options, () => 0)).toBe(ceiling / 2);
      expect(backoffDelayMs(attempt, options, () => 0.999999)).toBe(ceiling);
    });
  });
});

describe('RelaySocket', () => {
  it('points at the relay path of the server URL', () => {
    expect(relayUrlOf('http://127.0.0.1:8080')).toBe('ws://127.0.0.1:8080/relay');
    expect(relayUrlOf('https://mm.example/base/')).toBe('wss://mm.example/base/relay');
    expect(relayUrlOf('ws://h:1/relay')).toBe('ws://h:1/relay');
  });

  it('holds requests made before the join and sends them, oldest first, once joined', async () => {
    const { sockets, relay, joined } = setUp();
    const started = relay.start();
    const first = relay.request('describeMatchmaking', { TicketIds: ['a'] });
    const second = relay.request('stopMatchmaking', { TicketId: 'a' });
    const socket = sockets[0]!;
    socket.open();
    const sentBeforeJoin = socket.ofType('request').length;
    joined(socket);
    await started;
    const [r1, r2] = socket.ofType('request');
    socket.deliver({ type: 'response', requestId: r2!.requestId, ok: true, value: { n: 2 } });
    socket.deliver({ type: 'response', requestId: r1!.requestId, ok: true, value: { n: 1 } });

    expect(sentBeforeJoin).toBe(0);
    expect(socket.ofType('join')).toEqual([{ type: 'join', lobby: 'lobby-1' }]);
    expect([r1!.op, r2!.op]).toEqual(['describeMatchmaking', 'stopMatchmaking']);
    expect(await first).toEqual({ n: 1 });
    expect(await second).toEqual({ n: 2 });
  });

  it('after a drop, retries on a growing backoff, resumes its identity and sends an unanswered request again; the first answer wins', async () => {
    const { timers, sockets, notices, relay, joined } = setUp();
    const started = relay.start();
    sockets[0]!.open();
    joined(sockets[0]!);
    await started;
    const pending = relay.request('describeMatchmaking', { TicketIds: ['a'] });
    const original = sockets[0]!.ofType('request')[0]!;

    sockets[0]!.drop();
    timers.advance(75); // first retry: 50..100 ms with jitter 0.5
    sockets[1]!.drop();
    timers.advance(150);
    sockets[2]!.open();
    joined(sockets[2]!, true);
    const resent = sockets[2]!.ofType('request')[0]!;
    sockets[2]!.deliver({ type: 'response', requestId: resent.requestId, ok: true, value: { first: true } });
    sockets[2]!.deliver({ type: 'response', requestId: resent.requestId, ok: false, error: { name: 'InvalidRequestException', message: 'dup' } });

    const delays = notices.flatMap((n) => (n.kind === 'status' && n.retryInMs !== undefined ? [n.retryInMs] : []));
    expect(delays).toEqual([75, 150]);
    expect(sockets[2]!.ofType('join')[0]).toEqual({ type: 'join', lobby: 'lobby-1', resume: IDENTITY });
    expect(resent.requestId).toBe(original.requestId);
    expect(await pending).toEqual({ first: true });
    expect(relay.status).toBe('open');
  });

  it('a request with no answer rejects as RequestTimeout after its time limit', async () => {
    const { timers, sockets, relay, joined } = setUp({ requestTimeoutMs: 500 });
    const started = relay.start();
    sockets[0]!.open();
    joined(sockets[0]!);
    await started;
    const pending = relay.request('describeMatchmaking', { TicketIds: ['a'] });

    timers.advance(499);
    let settled = false;
    pending.catch(() => undefined).finally(() => (settled = true));
    await Promise.resolve();
    const settledEarly = settled;
    timers.advance(1);

    await expect(pending).rejects.toMatchObject({ name: 'RequestTimeout' });
    expect(settledEarly).toBe(false);
  });

  it('a relay error frame answering a request rejects it with the code as a PascalCase name', async () => {
    const { sockets, relay, joined } = setUp();
    const started = relay.start();
    sockets[0]!.open();
    joined(sockets[0]!);
    await started;
    const pending = relay.request('startMatchmaking', { Players: [] });
    const { requestId } = sockets[0]!.ofType('request')[0]!;

    sockets[0]!.deliver({ type: 'error', code: 'HOST_UNAVAILABLE', message: 'the host of lobby "lobby-1" has been away for 31 s', requestId });

    await expect(pending).rejects.toMatchObject({ name: 'HostUnavailable', code: 'HOST_UNAVAILABLE' });
  });

  it('stops for good when another connection takes the identity over (close 4000), failing what waits', async () => {
    const { timers, sockets, relay, joined } = setUp();
    const started = relay.start();
    sockets[0]!.open();
    joined(sockets[0]!);
    await started;
    const pending = relay.request('describeMatchmaking', { TicketIds: ['a'] });

    sockets[0]!.drop(4000, 'client c-123 connected again from another socket');
    timers.advance(10_000);

    await expect(pending).rejects.toMatchObject({ name: 'Replaced' });
    expect(relay.status).toBe('closed');
    expect(sockets).toHaveLength(1);
  });

  it('when the server refuses the resume token, joins again as a new client', async () => {
    const timers = new ManualTimers();
    const sockets: ScriptedSocket[] = [];
    const relay = new RelaySocket({
      serverUrl: 'http://127.0.0.1:9999',
      lobby: 'lobby-1' as LobbyName,
      identity: { clientId: 'old' as never, resumeToken: 'x'.repeat(32) },
      webSocket: (url) => {
        const socket = new ScriptedSocket(url);
        sockets.push(socket);
        return socket;
      },
      timers,
      random: () => 0.5,
    });
    const started = relay.start();
    sockets[0]!.open();
    sockets[0]!.deliver({ type: 'error', code: 'BAD_TOKEN', message: 'join.resume.resumeToken: not the resume token of client old' });
    timers.advance(1000);
    sockets[1]!.open();
    sockets[1]!.deliver({ type: 'joined', lobby: 'lobby-1', ...IDENTITY, resumed: false, hostAvailable: true });

    expect(sockets[0]!.ofType('join')[0]).toMatchObject({ resume: { clientId: 'old' } });
    expect(sockets[1]!.ofType('join')[0]).toEqual({ type: 'join', lobby: 'lobby-1' });
    expect((await started).clientId).toBe('c-123');
    relay.close();
  });
});
