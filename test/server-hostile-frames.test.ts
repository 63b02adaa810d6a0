/**
 * Hostile frames against the real server (real `ws`, `startServer`, the code
 * path of `peermatch serve`) and the real Node lobby host: nesting 100,000
 * deep from a client and from a host, 10 MB frames, a 65,289-byte ticket,
 * answers over the frame limit, and a handler that throws. The server never
 * exits, every request gets an answer or an error that names it, and no host
 * is disconnected for a player's input.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningLobbyHost } from '../src/host/host-runtime.ts';
import { startNodeHost } from '../src/host/node-host.ts';
import { MAX_FRAME_DEPTH } from '../src/net/bounded-json.ts';
import type { Logger } from '../src/server/logger.ts';
import { silentLogger } from '../src/server/logger.ts';
import { startServer } from '../src/server/main.ts';
import type { RunningServer, StartServerOptions } from '../src/server/main.ts';
import { openClient, openHost, RelayNodeSocket } from '../src/server/relay-node-socket.ts';
import type { ReceivedFrame } from '../src/server/relay-node-socket.ts';
import { openTeamsRuleSet } from './support/duel-rule-set.ts';

const running: RunningServer[] = [];
const sockets: RelayNodeSocket[] = [];
const hosts: RunningLobbyHost[] = [];

async function serve(options: StartServerOptions = {}): Promise<RunningServer> {
  const server = await startServer({ port: 0, staticDir: null, ...options });
  running.push(server);
  return server;
}

async function client(server: RunningServer, lobby = 'arena'): Promise<RelayNodeSocket> {
  const { client: socket } = await openClient(server.relayUrl, lobby);
  sockets.push(socket);
  return socket;
}

async function rawHost(server: RunningServer, lobby = 'arena'): Promise<RelayNodeSocket> {
  const { host } = await openHost(server.relayUrl, lobby);
  sockets.push(host);
  return host;
}

/** The real Node lobby host (the code path of `peermatch host`) on a rule set of two teams of ten: single tickets wait. */
async function nodeHost(server: RunningServer): Promise<RunningLobbyHost> {
  const host = await startNodeHost({ serverUrl: server.url, lobby: 'arena', ruleSetBody: openTeamsRuleSet(10), tickIntervalMs: 100 });
  hosts.push(host);
  await host.registered;
  return host;
}

afterEach(async () => {
  for (const host of hosts.splice(0)) await host.close();
  for (const socket of sockets.splice(0)) socket.socket.terminate();
  await Promise.all(running.splice(0).map((server) => server.close()));
});

const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepRequest = (requestId: string, depth: number) =>
  `{"type":"request","requestId":"${requestId}","op":"startMatchmaking","input":{"Players":${nested(depth)}}}`;
const answerTo = (requestId: string) => (frame: ReceivedFrame) => frame.requestId === requestId && (frame.type === 'response' || frame.type === 'error');

function player(id: string, attributes = 0, size = 250) {
  return { PlayerId: id, PlayerAttributes: Object.fromEntries(Array.from({ length: attributes }, (_, k) => [`a${k}`, { S: 's'.repeat(size) }])) };
}

async function stillServes(server: RunningServer, socket: RelayNodeSocket, requestId: string): Promise<void> {
  socket.send({ type: 'request', requestId, op: 'startMatchmaking', input: { PeerId: `peer-${requestId}`, Players: [player(`${requestId}-player`)] } });
  expect(await socket.next(answerTo(requestId), 10_000)).toMatchObject({ type: 'response', ok: true });
  expect(server.stats().hosts).toBe(1);
}

describe('deep nesting', { timeout: 30_000 }, () => {
  it('refuses client requests nesting 5,000, 30,000 and 100,000 deep, naming the limit and the request, and keeps serving', async () => {
    const server = await serve();
    await nodeHost(server);
    const socket = await client(server);
    socket.send(deepRequest('d5k', 5_000));
    expect(await socket.next(answerTo('d5k'))).toMatchObject({
      type: 'error',
      code: 'TOO_LARGE',
      message: expect.stringMatching(new RegExp(`^frame: nesting deeper than the limit of ${MAX_FRAME_DEPTH} levels`)),
    });
    socket.send(deepRequest('d30k', 30_000));
    expect(await socket.next(answerTo('d30k'))).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/nesting deeper than the limit of 32 levels/) });
    socket.send(deepRequest('d100k', 100_000));
    expect(await socket.next(answerTo('d100k'))).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/^frame: 200\d+ bytes is over the limit of 65536 bytes$/) });
    await stillServes(server, socket, 'after');
  });

  it('refuses a host message nesting 30,000 and 100,000 deep, and its client sees nothing of it', async () => {
    const server = await serve();
    const host = await rawHost(server);
    const socket = await client(server);
    const joined = await host.next('client-joined');
    const toClient = (depth: number) => `{"type":"to-client","clientId":"${String(joined.clientId)}","message":{"type":"response","requestId":"r1","ok":true,"value":${nested(depth)}}}`;
    host.send(toClient(30_000));
    expect(await host.next('error')).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/nesting deeper than the limit of 32 levels/) });
    host.send(toClient(100_000));
    expect(await host.next('error')).toMatchObject({ code: 'TOO_LARGE' });
    host.send({ type: 'to-client', clientId: joined.clientId, message: { type: 'response', requestId: 'r2', ok: true, value: { fine: [[1]] } } });
    expect(await socket.next('response')).toMatchObject({ requestId: 'r2', value: { fine: [[1]] } });
    expect(socket.received.map((f) => f.type)).toEqual(['joined', 'response']);
  });

  it('refuses a deep request while the host is away, so the host that comes back is served only what is sound', async () => {
    const server = await serve();
    const host = await rawHost(server);
    const token = (host.received[0] as unknown as { token: string }).token;
    const socket = await client(server);
    host.socket.terminate();
    await socket.next((f) => f.type === 'host-status' && f.available === false);
    socket.send(deepRequest('queued-deep', 5_000));
    expect(await socket.next(answerTo('queued-deep'))).toMatchObject({ code: 'TOO_LARGE' });
    socket.send({ type: 'request', requestId: 'queued-ok', op: 'stopMatchmaking', input: { TicketId: 't1' } });
    const { host: back } = await openHost(server.relayUrl, 'arena', token);
    sockets.push(back);
    expect(await back.next('from-client')).toMatchObject({ message: { requestId: 'queued-ok' } });
  });
});

describe('oversized frames', { timeout: 30_000 }, () => {
  it('answers a 10 MB frame from a client with TOO_LARGE before close 1009; the host and other clients stay', async () => {
    const server = await serve();
    await nodeHost(server);
    const attacker = await client(server);
    const bystander = await client(server);
    attacker.send(`{"type":"request","requestId":"huge","op":"startMatchmaking","input":{"x":"${'x'.repeat(10 * 1024 * 1024)}"}}`);
    expect(await attacker.next('error', 10_000)).toMatchObject({ code: 'TOO_LARGE', message: 'frame: over the hard limit of 1048576 bytes; the connection closes (1009)' });
    expect((await attacker.closed).code).toBe(1009);
    await stillServes(server, bystander, 'bystander');
  });

  it('answers a 10 MB frame from a host with TOO_LARGE before close 1009, and the server takes the host back', async () => {
    const server = await serve();
    const host = await rawHost(server);
    const token = (host.received[0] as unknown as { token: string }).token;
    host.send(`{"type":"ping","x":"${'x'.repeat(10 * 1024 * 1024)}"}`);
    expect(await host.next('error', 10_000)).toMatchObject({ code: 'TOO_LARGE' });
    expect((await host.closed).code).toBe(1009);
    const { host: back } = await openHost(server.relayUrl, 'arena', token);
    sockets.push(back);
    expect(server.stats().hosts).toBe(1);
    expect(server.stats().connections).toBe(1);
  });

  it('answers twelve 65,289-byte tickets with an InvalidRequestException naming the limit, and the host stays connected', async () => {
    const logged: string[] = [];
    const server = await serve({ logger: { info: (m) => logged.push(m), warn: (m) => logged.push(m), error: (m) => logged.push(m) } });
    await nodeHost(server);
    const socket = await client(server);
    const players = Array.from({ length: 10 }, (_, i) => ({ ...player(`big-${i}`, 20), PlayerId: `big-${i}`.padEnd(900, '-') }));
    for (let k = 0; k < 12; k++) {
      const frame = JSON.stringify({ type: 'request', requestId: `big${k}`, op: 'startMatchmaking', input: { PeerId: 'peer-1', Players: players } });
      const padded = frame.replace('"op"', `"pad":"${'p'.repeat(65_289 - frame.length - 9)}","op"`);
      expect(padded.length).toBe(65_289);
      socket.send(padded);
      expect(await socket.next(answerTo(`big${k}`), 10_000)).toMatchObject({
        type: 'response',
        ok: false,
        error: { name: 'InvalidRequestException', message: expect.stringMatching(/^Players: \d+ bytes of player data, over the limit of 32768 bytes/) },
      });
    }
    await stillServes(server, socket, 'after-big');
    expect(logged.filter((m) => m === 'relay: host left' || m === 'relay: closing an abusive connection')).toEqual([]);
  });

  it('answers a describeMatchmaking whose answer would not fit with an error naming the request; the host stays connected', async () => {
    const server = await serve();
    await nodeHost(server);
    const socket = await client(server);
    const ticketIds: string[] = [];
    for (let k = 0; k < 3; k++) {
      const players = Array.from({ length: 10 }, (_, i) => player(`t${k}-p${i}`, 11));
      socket.send({ type: 'request', requestId: `s${k}`, op: 'startMatchmaking', input: { TicketId: `t${k}`, PeerId: 'peer-1', Players: players } });
      expect(await socket.next(answerTo(`s${k}`), 10_000)).toMatchObject({ ok: true });
      ticketIds.push(`t${k}`);
    }
    socket.send({ type: 'request', requestId: 'describe-all', op: 'describeMatchmaking', input: { TicketIds: ticketIds } });
    expect(await socket.next(answerTo('describe-all'), 10_000)).toMatchObject({
      type: 'response',
      ok: false,
      error: { name: 'InvalidRequestException', message: expect.stringMatching(/^the answer to request "describe-all" is at least \d+ bytes, over the relay's frame limit of 65536 bytes/) },
    });
    socket.send({ type: 'request', requestId: 'describe-one', op: 'describeMatchmaking', input: { TicketIds: ['t0'] } });
    expect(await socket.next(answerTo('describe-one'), 10_000)).toMatchObject({ ok: true });
    expect(server.stats().hosts).toBe(1);
  });

  it('delivers TOO_LARGE naming the request to the client when any host sends an answer over the limit, with no violation against the host', async () => {
    const server = await serve({ limits: { maxViolations: 3 } });
    const host = await rawHost(server);
    const socket = await client(server);
    const joined = await host.next('client-joined');
    for (let k = 0; k < 12; k++) {
      const value = Array.from({ length: 9 }, () => 'v'.repeat(8_000));
      host.send({ type: 'to-client', clientId: joined.clientId, message: { type: 'response', requestId: `r${k}`, ok: true, value } });
      expect(await socket.next(answerTo(`r${k}`))).toMatchObject({
        type: 'error',
        code: 'TOO_LARGE',
        message: expect.stringMatching(new RegExp(`^the answer to request "r${k}" is \\d+ bytes, over the relay's limit of 65536 bytes`)),
      });
      expect(await host.next('error')).toMatchObject({ code: 'TOO_LARGE', clientId: joined.clientId, requestId: `r${k}` });
    }
    host.send({ type: 'ping' });
    expect(await host.next('pong')).toEqual({ type: 'pong' });
    expect(host.closeState).toBeUndefined();
  });
});

describe('requests that grow when stamped for the host', { timeout: 20_000 }, () => {
  it('refuses a request under the frame limit that would be over it once re-encoded for the host, naming the request', async () => {
    const server = await serve();
    const host = await rawHost(server);
    const socket = await client(server);
    // 12,000 numbers written as "1e20" (4 bytes) become "100000000000000000000" (21 bytes) in JSON.stringify.
    const text = `{"type":"request","requestId":"grow","op":"startMatchmaking","input":{"n":[${Array(12_000).fill('1e20').join(',')}]}}`;
    expect(text.length).toBeLessThan(65_536);
    socket.send(text);
    expect(await socket.next(answerTo('grow'))).toMatchObject({
      type: 'error',
      code: 'TOO_LARGE',
      message: expect.stringMatching(/^request: \d+ bytes once stamped for the host, over the limit of 65536 bytes$/),
    });
    socket.send({ type: 'request', requestId: 'small', op: 'stopMatchmaking', input: { TicketId: 't1' } });
    expect(await host.next('from-client')).toMatchObject({ message: { requestId: 'small' } });
  });

  it('answers the client TOO_LARGE naming the request when a host message outgrows the frame once re-encoded', async () => {
    const server = await serve();
    const host = await rawHost(server);
    const socket = await client(server);
    const joined = await host.next('client-joined');
    host.send(`{"type":"to-client","clientId":"${String(joined.clientId)}","message":{"type":"response","requestId":"r1","ok":true,"value":[${Array(12_000).fill('1e20').join(',')}]}}`);
    expect(await socket.next(answerTo('r1'))).toMatchObject({ type: 'error', code: 'TOO_LARGE', message: expect.stringMatching(/^the answer to request "r1" is \d+ bytes, over the relay's limit of 65536 bytes/) });
    expect(await host.next('error')).toMatchObject({ code: 'TOO_LARGE', requestId: 'r1', clientId: joined.clientId });
    expect(host.closeState).toBeUndefined();
  });
});

describe('the guard at every socket handler', { timeout: 20_000 }, () => {
  it('turns an exception inside a handler into an INTERNAL error frame and a log line naming the connection, and keeps serving', async () => {
    const errors: { message: string; fields: Record<string, unknown> }[] = [];
    const logger: Logger = {
      ...silentLogger,
      info: (message) => {
        if (message === 'relay: client joined') throw new Error('logger exploded');
      },
      error: (message, fields = {}) => errors.push({ message, fields }),
    };
    const server = await serve({ logger });
    await rawHost(server);
    const socket = await RelayNodeSocket.open(server.relayUrl);
    sockets.push(socket);
    socket.send({ type: 'join', lobby: 'arena' });
    expect(await socket.next('joined')).toMatchObject({ lobby: 'arena' });
    expect(await socket.next('error')).toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/the relay failed on this frame/) });
    expect(errors).toEqual([
      {
        message: 'relay: a frame handler failed',
        fields: expect.objectContaining({ address: '127.0.0.1', role: 'client', lobby: 'arena', error: 'Error: logger exploded', connection: expect.any(Number) }),
      },
    ]);
    socket.send({ type: 'ping' });
    expect(await socket.next('pong')).toEqual({ type: 'pong' });
  });
});
