/**
 * The relay's limits with the real server on a free loopback port: every
 * violation is answered with an error frame naming it, abuse ends in a close,
 * and dead sockets are found by heartbeats.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { ClientOptions } from 'ws';
import { startServer } from '../src/server/main.ts';
import type { RunningServer, StartServerOptions } from '../src/server/main.ts';
import type { RelayLimits } from '../src/server/relay-limits.ts';
import { openClient, openHost, RelayNodeSocket } from '../src/server/relay-node-socket.ts';

const running: RunningServer[] = [];
const sockets: RelayNodeSocket[] = [];

async function serve(limits: Partial<RelayLimits> = {}, options: StartServerOptions = {}): Promise<RunningServer> {
  const server = await startServer({ port: 0, staticDir: null, limits, ...options });
  running.push(server);
  return server;
}

async function open(server: RunningServer, options: ClientOptions = {}): Promise<RelayNodeSocket> {
  const socket = await RelayNodeSocket.open(server.relayUrl, options);
  sockets.push(socket);
  return socket;
}

async function joined(server: RunningServer): Promise<RelayNodeSocket> {
  const { client } = await openClient(server.relayUrl, 'arena');
  sockets.push(client);
  return client;
}

async function withHost(server: RunningServer): Promise<void> {
  const { host } = await openHost(server.relayUrl, 'arena');
  sockets.push(host);
}

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.socket.terminate();
  await Promise.all(running.splice(0).map((server) => server.close()));
});

describe('malformed and oversized frames', () => {
  it('answers text that is not JSON with MALFORMED and keeps the connection', async () => {
    const server = await serve();
    const socket = await open(server);
    socket.send('{"type": "join", lobby');
    expect(await socket.next('error')).toMatchObject({ code: 'MALFORMED', message: expect.stringMatching(/^frame: not valid JSON/) });
    socket.send({ type: 'ping' });
    expect(await socket.next('pong')).toEqual({ type: 'pong' });
  });

  it('answers a wrongly shaped frame with MALFORMED naming the field and value', async () => {
    const server = await serve();
    await withHost(server);
    const client = await joined(server);
    client.send({ type: 'request', requestId: 42, op: 'startMatchmaking', input: {} });
    expect(await client.next('error')).toMatchObject({
      code: 'MALFORMED',
      message: 'request.requestId: expected a string of 1-64 characters, got 42',
    });
  });

  it('answers a binary frame with MALFORMED', async () => {
    const server = await serve();
    const socket = await open(server);
    socket.send(Buffer.from([1, 2, 3]));
    expect(await socket.next('error')).toMatchObject({ code: 'MALFORMED', message: 'frame: expected a text frame of JSON, got a binary frame' });
  });

  it('answers a frame over the size limit with TOO_LARGE, and one over the hard limit with TOO_LARGE before close 1009', async () => {
    const server = await serve({ maxFrameBytes: 1024, hardMaxPayloadBytes: 64 * 1024 });
    const socket = await open(server);
    socket.send(JSON.stringify({ type: 'ping', padding: 'x'.repeat(2000) }));
    expect(await socket.next('error')).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/^frame: 20\d\d bytes is over the limit of 1024 bytes$/) });
    socket.send(JSON.stringify({ type: 'ping', padding: 'x'.repeat(100_000) }));
    expect(await socket.next('error')).toMatchObject({ code: 'TOO_LARGE', message: 'frame: over the hard limit of 65536 bytes; the connection closes (1009)' });
    expect((await socket.closed).code).toBe(1009);
  });

  it('answers a text frame that is not UTF-8 with MALFORMED before close 1007', async () => {
    const server = await serve();
    const socket = await open(server);
    socket.socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await socket.next('error')).toMatchObject({ code: 'MALFORMED', message: expect.stringMatching(/not valid UTF-8.*1007/) });
    expect((await socket.closed).code).toBe(1007);
  });

  it('closes a connection that keeps sending malformed frames with 1008', async () => {
    const server = await serve({ maxViolations: 3 });
    const socket = await open(server);
    for (let i = 0; i < 6; i++) socket.send('not json');
    expect((await socket.closed).code).toBe(1008);
    expect(socket.received.filter((f) => f.code === 'MALFORMED').length).toBeGreaterThanOrEqual(3);
  });
});

describe('rates and counts', () => {
  it('answers a flood with RATE_LIMITED (carrying the request id), then closes it', async () => {
    const server = await serve({ clientFramesPerSecond: 5, clientFrameBurst: 10, maxViolations: 5 });
    await withHost(server);
    const client = await joined(server);
    for (let i = 0; i < 40; i++) client.send({ type: 'request', requestId: `f${i}`, op: 'describeMatchmaking', input: { TicketIds: ['t'] } });
    expect((await client.closed).code).toBe(1008);
    const limited = client.received.filter((f) => f.code === 'RATE_LIMITED');
    expect(limited.length).toBeGreaterThanOrEqual(5);
    expect(limited[0]).toMatchObject({ type: 'error', requestId: expect.stringMatching(/^f\d+$/) });
  });

  it('lets a client that stays within its rate send as long as it likes', async () => {
    const server = await serve({ clientFramesPerSecond: 50, clientFrameBurst: 5, maxViolations: 1 });
    const socket = await open(server);
    for (let i = 0; i < 15; i++) {
      socket.send({ type: 'ping' });
      await socket.next('pong');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(socket.received.filter((f) => f.type === 'error')).toEqual([]);
  });

  it('refuses connections beyond the per-address limit, and accepts again once one closes', async () => {
    const server = await serve({ maxConnectionsPerAddress: 2 });
    const first = await open(server);
    await open(server);
    const third = await open(server);
    expect(await third.next('error')).toMatchObject({ code: 'TOO_MANY_CONNECTIONS' });
    expect((await third.closed).code).toBe(1008);
    await first.close();
    const fourth = await open(server);
    fourth.send({ type: 'ping' });
    expect(await fourth.next('pong')).toEqual({ type: 'pong' });
  });

  it('refuses a new lobby beyond the per-server limit but still lets an owner register again', async () => {
    const server = await serve({ maxLobbies: 2 });
    const a = await openHost(server.relayUrl, 'a');
    sockets.push(a.host, (await openHost(server.relayUrl, 'b')).host);
    await expect(openHost(server.relayUrl, 'c')).rejects.toThrow(/LOBBY_LIMIT: this server holds its limit of 2 lobbies/);
    const again = await openHost(server.relayUrl, 'a', a.token);
    sockets.push(again.host);
    expect(again.registered).toMatchObject({ created: false });
  });

  it('refuses a client beyond the per-lobby limit with LOBBY_FULL', async () => {
    const server = await serve({ maxClientsPerLobby: 1 });
    await withHost(server);
    await joined(server);
    await expect(openClient(server.relayUrl, 'arena')).rejects.toThrow(/LOBBY_FULL/);
  });
});

describe('dead and idle sockets', () => {
  it('terminates a socket that stops answering pings, and keeps one that answers', async () => {
    const server = await serve({ heartbeatIntervalMs: 60 });
    await withHost(server);
    const silent = await open(server, { autoPong: false });
    silent.send({ type: 'join', lobby: 'arena' });
    await silent.next('joined');
    const healthy = await joined(server);
    const closedAt = await Promise.race([silent.closed, new Promise((resolve) => setTimeout(() => resolve('timeout'), 5_000))]);
    expect(closedAt).toMatchObject({ code: 1006 });
    expect(healthy.closeState).toBeUndefined();
    await expect.poll(() => server.stats().clients).toBe(1);
  });

  it('closes a connection that neither joins nor registers in time', async () => {
    const server = await serve({ joinTimeoutMs: 80 });
    const socket = await open(server);
    expect(await socket.next('error')).toMatchObject({ code: 'NOT_JOINED', message: 'no "join" or "register" within 80 ms' });
    expect((await socket.closed).code).toBe(1008);
  });
});
