/**
 * Failover in the relay, with the real server on a free loopback port and
 * real WebSockets: a lost primary (closed, or silent) is replaced at once by
 * the most up-to-date standby under a new term that survives a restart; the
 * requests it had not answered reach the new primary; clients see only the
 * new term; an old primary that comes back is a standby; hand-over.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ReceivedFrame, RelayNodeSocket } from '../src/server/relay-node-socket.ts';
import { client, host, installRelayHostCleanup, serve, tempDir, type RelayHost } from './support/relay-hosts.ts';

installRelayHostCleanup();

/** The last (only) part of `seq` of the replication stream (src/host/replication.ts `toParts`): the relay counts it as forwarded. */
const lastPart = (seq: number) => ({ kind: 'part', seq, index: 0, count: 1, data: ['{}'] });

/** The primary streams `seq` to `standby`, which acknowledges it; resolves once the primary heard the ack. */
async function sync(primary: RelayHost, standby: RelayHost, seq: number, term = primary.term): Promise<void> {
  primary.host.send({ type: 'to-standby', hostId: standby.hostId, message: lastPart(seq) });
  await standby.host.next('from-primary');
  standby.host.send({ type: 'ack', term, seq });
  await primary.host.next((f) => f.type === 'standby-ack' && f.hostId === standby.hostId && f.seq === seq);
}

const request = (requestId: string) => ({ type: 'request', requestId, op: 'describeLobby', input: {} });
const requestIds = (frames: ReceivedFrame[]) => frames.filter((f) => f.type === 'from-client').map((f) => (f.message as { requestId: string }).requestId);

describe('promotion when the primary is lost', () => {
  it('promotes the synced standby with the highest ack under a new term and tells everyone, clients without a pause notice', async () => {
    const server = await serve();
    const a = await host(server);
    const b = await host(server, a.token, { standby: true });
    const c = await host(server, a.token, { standby: true });
    const d = await host(server, a.token, { standby: true });
    const player = await client(server);
    await sync(a, b, 5);
    await sync(a, c, 7);

    a.host.socket.terminate();
    expect(await c.host.next('promoted')).toMatchObject({ type: 'promoted', term: 2, clients: [player.clientId], standbys: [b.hostId, d.hostId] });
    expect(await b.host.next('primary-changed')).toEqual({ type: 'primary-changed', term: 2, primary: c.hostId });
    expect(await d.host.next('primary-changed')).toEqual({ type: 'primary-changed', term: 2, primary: c.hostId });
    expect(await player.client.next('host-status')).toEqual({ type: 'host-status', available: true, term: 2 });
    expect(player.client.received.filter((f) => f.type === 'host-status' && f.available === false)).toEqual([]);

    // The new primary serves: it reaches the clients, the old standbys stream from it under term 2.
    c.host.send({ type: 'to-client', clientId: player.clientId, message: { type: 'response', requestId: 'x', ok: true, value: 1 } });
    expect(await player.client.next('response')).toMatchObject({ requestId: 'x' });
    c.host.send({ type: 'to-standby', message: { kind: 'snapshot' } });
    expect(await b.host.next('from-primary')).toEqual({ type: 'from-primary', term: 2, message: { kind: 'snapshot' } });
    expect(server.stats()).toMatchObject({ hosts: 1, standbys: 2 });
  });

  it('breaks a tie in acknowledgements for the standby that joined first', async () => {
    const server = await serve();
    const a = await host(server);
    const b = await host(server, a.token, { standby: true });
    const c = await host(server, a.token, { standby: true });
    await sync(a, c, 4);
    await sync(a, b, 4);
    a.host.socket.terminate();
    expect(await b.host.next('promoted')).toMatchObject({ term: 2, standbys: [c.hostId] });
    expect(await c.host.next('primary-changed')).toMatchObject({ primary: b.hostId });
  });

  it('hands the new primary the requests the old one had not answered, then those that waited, oldest first', async () => {
    const server = await serve();
    const a = await host(server);
    const b = await host(server, a.token, { standby: true });
    const player = await client(server);
    await sync(a, b, 1);
    for (const id of ['r1', 'r2', 'r3']) player.client.send(request(id));
    for (const id of ['r1', 'r2', 'r3']) await a.host.next((f) => f.type === 'from-client' && (f.message as { requestId: string }).requestId === id);
    a.host.send({ type: 'to-client', clientId: player.clientId, message: { type: 'response', requestId: 'r2', ok: true, value: 'done' } });
    await player.client.next('response');

    a.host.socket.terminate();
    await b.host.next('promoted');
    player.client.send(request('r4'));
    await b.host.next((f) => f.type === 'from-client' && (f.message as { requestId: string }).requestId === 'r4');
    expect(requestIds(b.host.received)).toEqual(['r1', 'r3', 'r4']);
    expect(b.host.received.find((f) => f.type === 'from-client')).toEqual({ type: 'from-client', clientId: player.clientId, message: request('r1') });
  });

  it('remembers at most maxInFlightPerLobby unanswered requests, forgetting the oldest', async () => {
    const server = await serve({ maxInFlightPerLobby: 2 });
    const a = await host(server);
    const b = await host(server, a.token, { standby: true });
    const player = await client(server);
    await sync(a, b, 1);
    for (const id of ['o1', 'o2', 'o3']) player.client.send(request(id));
    await a.host.next((f) => f.type === 'from-client' && (f.message as { requestId: string }).requestId === 'o3');
    a.host.socket.terminate();
    await b.host.next('promoted');
    await b.host.next((f) => f.type === 'from-client' && (f.message as { requestId: string }).requestId === 'o3');
    expect(requestIds(b.host.received)).toEqual(['o2', 'o3']);
  });

  it('leaves the lobby waiting, as without standbys, when no standby acknowledged anything under the term', async () => {
    const server = await serve();
    const a = await host(server);
    const b = await host(server, a.token, { standby: true });
    const player = await client(server);
    a.host.socket.terminate();
    expect(await player.client.next('host-status')).toEqual({ type: 'host-status', available: false });
    expect(await b.host.next('primary-changed')).toEqual({ type: 'primary-changed', term: 1, primary: null });
    player.client.send(request('q1'));

    const back = await host(server, a.token, { term: 1 });
    expect(back.registered).toMatchObject({ role: 'primary', term: 2, standbys: [b.hostId] });
    expect(await back.host.next('from-client')).toMatchObject({ message: request('q1') });
    expect(await player.client.next('host-status')).toEqual({ type: 'host-status', available: true });
  });

  it('keeps the raised term across a server restart on the same state file', async () => {
    const dir = await tempDir();
    const stateFile = join(dir, 'server-state.json');
    const before = await serve({}, stateFile);
    const a = await host(before);
    const b = await host(before, a.token, { standby: true });
    await sync(a, b, 1);
    a.host.socket.terminate();
    expect(await b.host.next('promoted')).toMatchObject({ term: 2 });
    const saved = JSON.parse(await readFile(stateFile, 'utf8')) as { lobbies: { name: string; term: number }[] };
    expect(saved.lobbies).toMatchObject([{ name: 'arena', term: 2 }]);
    await before.close();

    const after = await serve({}, stateFile, before.port);
    const stale = await host(after, a.token, { term: 1 });
    expect(stale.registered).toMatchObject({ role: 'primary', term: 3 });
    const promotedOne = await host(after, b.registered.token as string, { standby: true, term: 2 });
    expect(promotedOne.registered).toMatchObject({ role: 'standby', term: 3, primary: stale.hostId });
  });

  it('makes a promoted standby that reloads with its term and term proof the primary again, with its standby credential', async () => {
    const server = await serve();
    const a = await host(server);
    const credential = a.registered.standbyToken as string;
    const b = await host(server, credential);
    await sync(a, b, 1);
    a.host.socket.terminate();
    const promoted = await b.host.next('promoted');
    expect(promoted.termProof).toMatch(/^term-[A-Za-z0-9_-]{43}$/);
    b.host.socket.terminate();
    await b.host.closed;
    const again = await host(server, credential, { term: promoted.term as number, termProof: promoted.termProof as string });
    expect(again.registered).toMatchObject({ role: 'primary', term: 3, termProof: expect.stringMatching(/^term-/) });
    // Each term has its own proof.
    expect(again.registered.termProof).not.toBe(promoted.termProof);
  });

  it('takes an old primary that comes back for a standby of the new one', async () => {
    const server = await serve();
    const a = await host(server);
    const b = await host(server, a.token, { standby: true });
    await sync(a, b, 1);
    a.host.socket.terminate();
    await b.host.next('promoted');
    const old = await host(server, a.token, { term: 1 });
    expect(old.registered).toMatchObject({ role: 'standby', term: 2, primary: b.hostId });
    expect(await b.host.next('standby-joined')).toEqual({ type: 'standby-joined', hostId: old.hostId });
  });
});

describe('a silent primary', () => {
  it('is replaced by a synced standby once it has sent nothing for primarySilenceMs, and its socket is cut', async () => {
    const server = await serve({ primarySilenceMs: 200 });
    const a = await host(server);
    const b = await host(server, a.token, { standby: true });
    const player = await client(server);
    await sync(a, b, 1);
    expect(await b.host.next('promoted', 3_000)).toMatchObject({ term: 2, clients: [player.clientId] });
    expect((await a.host.closed).code).toBe(1006);
    expect(await player.client.next('host-status')).toEqual({ type: 'host-status', available: true, term: 2 });
  });

  it('is found again after a promotion: a promoted primary that goes silent is replaced in turn', async () => {
    const server = await serve({ primarySilenceMs: 400 });
    const a = await host(server);
    const b = await host(server, a.token, { standby: true });
    const c = await host(server, a.token, { standby: true });
    await sync(a, b, 2);
    expect(await b.host.next('promoted', 3_000)).toMatchObject({ term: 2 });
    await sync({ ...b, term: 2 }, c, 1);
    expect(await c.host.next('promoted', 3_000)).toMatchObject({ term: 3 });
    expect((await b.host.closed).code).toBe(1006);
  });

  it('is kept while it pings', async () => {
    const server = await serve({ primarySilenceMs: 600 });
    const a = await host(server);
    const b = await host(server, a.token, { standby: true });
    await sync(a, b, 1);
    // Three times the silence limit, pinging far more often than the limit.
    for (let i = 0; i < 36; i++) {
      a.host.send({ type: 'ping' });
      await a.host.next('pong');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(b.host.received.map((f) => f.type)).not.toContain('promoted');
    expect(a.host.closeState).toBeUndefined();
  });
});

describe('hand-over', () => {
  it('promotes the named standby with no pause and demotes the primary, whose frames are fenced from then on', async () => {
    const server = await serve();
    const a = await host(server);
    const b = await host(server, a.token, { standby: true });
    const c = await host(server, a.token, { standby: true });
    const player = await client(server);
    await sync(a, b, 3);
    a.host.send({ type: 'hand-over', hostId: b.hostId });
    expect(await b.host.next('promoted')).toEqual({ type: 'promoted', term: 2, clients: [player.clientId], standbys: [c.hostId, a.hostId], pausedMs: 0, termProof: expect.stringMatching(/^term-[A-Za-z0-9_-]{43}$/), serverTimeMs: expect.any(Number) });
    expect(await a.host.next('demoted')).toEqual({ type: 'demoted', term: 2, primary: b.hostId });
    expect(await c.host.next('primary-changed')).toEqual({ type: 'primary-changed', term: 2, primary: b.hostId });
    expect(await player.client.next('host-status')).toEqual({ type: 'host-status', available: true, term: 2 });

    a.host.send({ type: 'to-client', clientId: player.clientId, message: { type: 'response', requestId: 'late', ok: true, value: 0 } });
    expect(await a.host.next('error')).toMatchObject({ code: 'FENCED', message: expect.stringContaining('this connection is a standby') });
    b.host.send({ type: 'to-standby', hostId: a.hostId, message: lastPart(1) });
    await a.host.next('from-primary');
    a.host.send({ type: 'ack', term: 2, seq: 1 });
    expect(await b.host.next('standby-ack')).toEqual({ type: 'standby-ack', hostId: a.hostId, seq: 1 });
  });

  it('gives the lobby back to the demoted primary when the new one is lost before any standby acknowledged it', async () => {
    const server = await serve();
    const a = await host(server);
    const b = await host(server, a.token, { standby: true });
    a.host.send({ type: 'hand-over', hostId: b.hostId });
    await b.host.next('promoted');
    await a.host.next('demoted');
    b.host.socket.terminate();
    expect(await a.host.next('promoted')).toMatchObject({ term: 3, standbys: [] });
  });

  it('refuses a hand-over to a host that is not a connected standby, naming it, and keeps the primary', async () => {
    const server = await serve();
    const a = await host(server);
    a.host.send({ type: 'hand-over', hostId: 'gone-host' });
    expect(await a.host.next('error')).toEqual({
      type: 'error',
      code: 'CLIENT_UNAVAILABLE',
      message: 'hand-over.hostId: no standby gone-host is connected to lobby "arena"; the lobby stays yours',
    });
    const player = await client(server);
    player.client.send(request('still-mine'));
    expect(await a.host.next('from-client')).toMatchObject({ message: request('still-mine') });
  });
});
