/**
 * The ticket relay with the real server on a free loopback port and real
 * WebSocket clients: forwarding, identity stamping, host messages reaching
 * only the named client, lobby tokens, resume tokens, and the host-away queue.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../src/server/main.ts';
import type { RunningServer, StartServerOptions } from '../src/server/main.ts';
import { openClient, openHost, RelayNodeSocket } from '../src/server/relay-node-socket.ts';

const running: RunningServer[] = [];
const sockets: RelayNodeSocket[] = [];

async function serve(options: StartServerOptions = {}): Promise<RunningServer> {
  const server = await startServer({ port: 0, staticDir: null, ...options });
  running.push(server);
  return server;
}

async function host(server: RunningServer, lobby = 'arena', token?: string) {
  const opened = await openHost(server.relayUrl, lobby, token);
  sockets.push(opened.host);
  return opened;
}

async function client(server: RunningServer, lobby = 'arena', resume?: { clientId: string; resumeToken: string }) {
  const opened = await openClient(server.relayUrl, lobby, resume);
  sockets.push(opened.client);
  return opened;
}

const startRequest = (requestId: string) => ({
  type: 'request',
  requestId,
  op: 'startMatchmaking',
  input: { ConfigurationName: 'duel', Players: [{ PlayerId: 'p1' }] },
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.socket.terminate();
  await Promise.all(running.splice(0).map((server) => server.close()));
});

describe('forwarding and identity stamping', () => {
  it('forwards a client request to the host stamped with the identity the relay issued', async () => {
    const server = await serve();
    const { host: h } = await host(server);
    const { client: c, clientId } = await client(server);
    expect(await h.next('client-joined')).toEqual({ type: 'client-joined', clientId, resumed: false });
    c.send(startRequest('r1'));
    expect(await h.next('from-client')).toEqual({ type: 'from-client', clientId, message: startRequest('r1') });
  });

  it('stamps the real sender even when a client frame names another client', async () => {
    const server = await serve();
    const { host: h } = await host(server);
    const alice = await client(server);
    const mallory = await client(server);
    mallory.client.send({ ...startRequest('steal'), clientId: alice.clientId, from: alice.clientId });
    const forwarded = await h.next('from-client');
    expect(forwarded.clientId).toBe(mallory.clientId);
    expect(forwarded.message).toEqual(startRequest('steal'));
  });

  it('delivers a host message only to the client it names', async () => {
    const server = await serve();
    const { host: h } = await host(server);
    const alice = await client(server);
    const bob = await client(server);
    const answer = { type: 'response', requestId: 'r1', ok: true, value: { MatchmakingTicket: { TicketId: 't1' } } };
    h.send({ type: 'to-client', clientId: alice.clientId, message: answer });
    expect(await alice.client.next('response')).toEqual(answer);
    bob.client.send({ type: 'ping' });
    await bob.client.next('pong');
    expect(bob.client.received.filter((f) => f.type === 'response')).toEqual([]);
  });

  it('answers the host CLIENT_UNAVAILABLE for a client that never joined', async () => {
    const server = await serve();
    const { host: h } = await host(server);
    h.send({ type: 'to-client', clientId: 'nobody', message: { type: 'response', requestId: 'r7', ok: true, value: null } });
    expect(await h.next('error')).toMatchObject({ code: 'CLIENT_UNAVAILABLE', clientId: 'nobody', requestId: 'r7' });
  });

  it('refuses a request before join and a join of a lobby nobody registered', async () => {
    const server = await serve();
    const socket = await RelayNodeSocket.open(server.relayUrl);
    sockets.push(socket);
    socket.send(startRequest('early'));
    expect(await socket.next('error')).toMatchObject({ code: 'NOT_JOINED', requestId: 'early' });
    socket.send({ type: 'join', lobby: 'nowhere' });
    expect(await socket.next('error')).toMatchObject({ code: 'UNKNOWN_LOBBY', message: 'join.lobby: no host has registered lobby "nowhere"' });
  });
});

describe('lobby tokens', () => {
  it('refuses a host re-registering with a wrong token and accepts the right one with its term, replacing the old host', async () => {
    const server = await serve();
    const first = await host(server);
    expect(first.registered).toMatchObject({ lobby: 'arena', created: true, role: 'primary', term: 1 });
    await expect(openHost(server.relayUrl, 'arena', 'W'.repeat(43))).rejects.toThrow(/BAD_TOKEN: register\.token: not the token of lobby "arena"/);
    await expect(openHost(server.relayUrl, 'arena')).rejects.toThrow(/LOBBY_TAKEN/);
    const again = await openHost(server.relayUrl, 'arena', first.token, { term: 1 });
    sockets.push(again.host);
    expect(again.registered).toMatchObject({ lobby: 'arena', created: false, token: first.token, role: 'primary', term: 2 });
    expect(await first.host.next('error')).toMatchObject({ code: 'REPLACED' });
    expect((await first.host.closed).code).toBe(4000);
  });

  it('tells a re-registered host which clients are connected', async () => {
    const server = await serve();
    const first = await host(server);
    const { clientId } = await client(server);
    first.host.socket.terminate();
    await first.host.closed;
    const again = await host(server, 'arena', first.token);
    expect(again.registered.clients).toEqual([clientId]);
  });
});

describe('resume tokens', () => {
  it('gives a reconnecting client its identity back, and the host its messages sent meanwhile', async () => {
    const server = await serve();
    const { host: h } = await host(server);
    const first = await client(server);
    await h.next('client-joined');
    await first.client.close();
    expect(await h.next('client-left')).toEqual({ type: 'client-left', clientId: first.clientId });
    const event = { type: 'response', requestId: 'r1', ok: true, value: 'while you were away' };
    h.send({ type: 'to-client', clientId: first.clientId, message: event });
    const back = await client(server, 'arena', { clientId: first.clientId, resumeToken: first.resumeToken });
    expect(back.joined).toMatchObject({ clientId: first.clientId, resumed: true });
    expect(await h.next('client-joined')).toEqual({ type: 'client-joined', clientId: first.clientId, resumed: true });
    expect(await back.client.next('response')).toEqual(event);
    back.client.send(startRequest('r2'));
    expect((await h.next('from-client')).clientId).toBe(first.clientId);
  });

  it('refuses a resume token of another identity', async () => {
    const server = await serve();
    await host(server);
    const alice = await client(server);
    const bob = await client(server);
    await expect(client(server, 'arena', { clientId: alice.clientId, resumeToken: bob.resumeToken })).rejects.toThrow(/BAD_TOKEN/);
  });

  it('closes the older socket of an identity that connects twice', async () => {
    const server = await serve();
    await host(server);
    const first = await client(server);
    await client(server, 'arena', { clientId: first.clientId, resumeToken: first.resumeToken });
    expect(await first.client.next('error')).toMatchObject({ code: 'REPLACED' });
    expect((await first.client.closed).code).toBe(4000);
  });
});

describe('while the host is away', () => {
  it('queues client requests and delivers them in order when the host registers again', async () => {
    const server = await serve();
    const first = await host(server);
    const { client: c, clientId } = await client(server);
    first.host.socket.terminate();
    expect(await c.next('host-status')).toEqual({ type: 'host-status', available: false });
    c.send(startRequest('q1'));
    c.send(startRequest('q2'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const again = await host(server, 'arena', first.token);
    const delivered = [await again.host.next('from-client'), await again.host.next('from-client')];
    expect(delivered.map((f) => [f.clientId, (f.message as { requestId: string }).requestId])).toEqual([
      [clientId, 'q1'],
      [clientId, 'q2'],
    ]);
    expect(await c.next('host-status')).toEqual({ type: 'host-status', available: true });
  });

  it('answers HOST_UNAVAILABLE once the per-client queue is full, never dropping a request in silence', async () => {
    const server = await serve({ limits: { maxQueuedPerClient: 2 } });
    const first = await host(server);
    const { client: c } = await client(server);
    first.host.socket.terminate();
    await c.next('host-status');
    for (const id of ['a', 'b', 'c']) c.send(startRequest(id));
    expect(await c.next('error')).toMatchObject({ code: 'HOST_UNAVAILABLE', requestId: 'c' });
  });

  it('answers HOST_UNAVAILABLE to queued requests when the grace period ends, and at once afterwards', async () => {
    const server = await serve({ limits: { hostGraceMs: 150 } });
    const first = await host(server);
    const { client: c } = await client(server);
    first.host.socket.terminate();
    await c.next('host-status');
    const sentAt = Date.now();
    c.send(startRequest('late'));
    const answer = await c.next('error');
    expect(answer).toMatchObject({ code: 'HOST_UNAVAILABLE', requestId: 'late' });
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(100);
    c.send(startRequest('later'));
    expect(await c.next('error')).toMatchObject({ code: 'HOST_UNAVAILABLE', requestId: 'later' });
  });

  it('answers waiting requests HOST_UNAVAILABLE before closing every socket when the server stops', async () => {
    const server = await serve();
    const first = await host(server);
    const { client: c } = await client(server);
    first.host.socket.terminate();
    await c.next('host-status');
    c.send(startRequest('pending'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    expect(c.received).toContainEqual(expect.objectContaining({ type: 'error', code: 'HOST_UNAVAILABLE', requestId: 'pending' }));
    expect(c.received).toContainEqual(expect.objectContaining({ type: 'error', code: 'SHUTTING_DOWN' }));
    expect((await c.closed).code).toBe(1001);
  });
});
