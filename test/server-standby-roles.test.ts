/**
 * Primary and standby hosts in the relay, with the real server on a free
 * loopback port and real WebSockets: which role a registration gets, the
 * standby credential, fencing (only the primary reaches clients and
 * standbys), and the replication stream's routing and acknowledgements.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseServerToHost } from '../src/net/protocol.ts';
import { runLobbyTokenCommand } from '../src/server/lobby-token-command.ts';
import { openHost, type ReceivedFrame, type RelayNodeSocket } from '../src/server/relay-node-socket.ts';
import { client, host, installRelayHostCleanup, serve, tempDir, type RelayHost } from './support/relay-hosts.ts';

installRelayHostCleanup();

/** Everything `socket` receives until its `pong` (so every frame sent to it before the ping has arrived). */
async function settle(socket: RelayNodeSocket): Promise<ReceivedFrame[]> {
  socket.send({ type: 'ping' });
  await socket.next('pong');
  return socket.drain();
}

describe('registration roles', () => {
  it('makes the first host primary under term 1 and a second one with the token and no term a standby of it', async () => {
    const server = await serve();
    const first = await host(server);
    expect(first.registered).toMatchObject({ role: 'primary', term: 1, created: true, standbys: [], primary: null });
    expect(first.registered.standbyToken).toMatch(/^standby-[A-Za-z0-9_-]{43}$/);
    const { clientId } = await client(server);

    const second = await host(server, first.token);
    expect(second.registered).toMatchObject({ role: 'standby', term: 1, created: false, clients: [], standbys: [], primary: first.hostId });
    expect(second.hostId).not.toBe(first.hostId);
    expect(await first.host.next('standby-joined')).toEqual({ type: 'standby-joined', hostId: second.hostId });
    expect(server.stats()).toMatchObject({ hosts: 1, standbys: 1 });
    expect(first.host.received.find((f) => f.type === 'client-joined')).toMatchObject({ clientId });
    // A standby hears nothing of the clients.
    expect(await settle(second.host)).toEqual([]);
  });

  it('lets the primary, reloaded with its term, replace its older connection under a new term', async () => {
    const server = await serve();
    const first = await host(server);
    const standby = await host(server, first.token, { standby: true });
    const reloaded = await host(server, first.token, { term: 1 });
    expect(reloaded.registered).toMatchObject({ role: 'primary', term: 2, standbys: [standby.hostId] });
    expect(await first.host.next('error')).toMatchObject({ code: 'REPLACED' });
    expect(await standby.host.next('primary-changed')).toEqual({ type: 'primary-changed', term: 2, primary: reloaded.hostId });
  });

  it('makes a host that asks for standby a standby even when no primary is connected, and it waits', async () => {
    const server = await serve();
    const first = await host(server);
    first.host.socket.terminate();
    await first.host.closed;
    const waiting = await host(server, first.token, { standby: true });
    expect(waiting.registered).toMatchObject({ role: 'standby', term: 1, primary: null });
    const owner = await host(server, first.token);
    expect(owner.registered).toMatchObject({ role: 'primary', term: 2, standbys: [waiting.hostId] });
    expect(await waiting.host.next('primary-changed')).toEqual({ type: 'primary-changed', term: 2, primary: owner.hostId });
  });

  it('refuses a standby beyond maxStandbysPerLobby with LOBBY_FULL naming the limit', async () => {
    const server = await serve({ maxStandbysPerLobby: 1 });
    const first = await host(server);
    await host(server, first.token, { standby: true });
    await expect(host(server, first.token, { standby: true })).rejects.toThrow(
      'register arena: LOBBY_FULL: register: lobby "arena" already has 1 standby hosts, the limit (maxStandbysPerLobby) is 1',
    );
  });
});

describe('the standby credential', () => {
  it('admits a standby only, never claims a free lobby, and is what lobby-token --standby prints', async () => {
    const dir = await tempDir();
    const stateFile = join(dir, 'server-state.json');
    const server = await serve({}, stateFile);
    const first = await host(server);
    const credential = first.registered.standbyToken as string;

    const out: string[] = [];
    const io = {
      stdout: (line: string) => out.push(line),
      stderr: (line: string) => out.push(`err: ${line}`),
      readTextFile: async (path: string) => Promise.reject(new Error(`unexpected read of ${path}`)),
    };
    expect(await runLobbyTokenCommand(['--lobby', 'arena', '--standby', '--state-file', stateFile], io, {})).toBe(0);
    expect(out).toEqual([credential]);

    const standby = await host(server, credential);
    expect(standby.registered).toMatchObject({ role: 'standby', token: credential, primary: first.hostId });
    // It learns the credential too, so that once promoted it can grant it in turn.
    expect(standby.registered.standbyToken).toBe(credential);

    // With no primary connected and no term of its own, the credential still only makes a standby.
    first.host.socket.terminate();
    await first.host.closed;
    expect((await host(server, credential)).registered).toMatchObject({ role: 'standby', primary: null });

    await expect(openHost(server.relayUrl, 'elsewhere', credential)).rejects.toThrow(
      'register elsewhere: BAD_TOKEN: register.token: a standby credential cannot claim lobby "elsewhere", which no host holds',
    );
  });
});

describe('fencing', () => {
  it('refuses to-client, to-standby and hand-over from a standby with FENCED, and delivers nothing', async () => {
    const server = await serve();
    const first = await host(server);
    const standby = await host(server, first.token, { standby: true });
    const other = await host(server, first.token, { standby: true });
    const player = await client(server);
    const answer = { type: 'response', requestId: 'r1', ok: true, value: 'stolen' };

    standby.host.send({ type: 'to-client', clientId: player.clientId, message: answer });
    expect(await standby.host.next('error')).toEqual({
      type: 'error',
      code: 'FENCED',
      message: `to-client: only the primary host of lobby "arena" may send it; this connection is a standby, and the lobby's term is 1`,
      requestId: 'r1',
      clientId: player.clientId,
    });
    standby.host.send({ type: 'to-standby', message: { kind: 'snapshot' } });
    expect(await standby.host.next('error')).toMatchObject({ code: 'FENCED', message: expect.stringMatching(/^to-standby: only the primary host/) });
    standby.host.send({ type: 'hand-over', hostId: standby.hostId });
    expect(await standby.host.next('error')).toMatchObject({ code: 'FENCED', message: expect.stringMatching(/^hand-over: only the primary host/) });

    expect((await settle(player.client)).filter((f) => f.type === 'response')).toEqual([]);
    expect((await settle(other.host)).filter((f) => f.type === 'from-primary')).toEqual([]);
    expect((await settle(first.host)).map((f) => f.type)).not.toContain('promoted');
  });

  it('does not count fenced frames as violations: a host that missed a failover is told, not cut off', async () => {
    const server = await serve({ maxViolations: 2 });
    const first = await host(server);
    const standby = await host(server, first.token, { standby: true });
    for (let i = 0; i < 5; i++) standby.host.send({ type: 'to-standby', message: { n: i } });
    for (let i = 0; i < 5; i++) expect(await standby.host.next('error')).toMatchObject({ code: 'FENCED' });
    await settle(standby.host);
    expect(standby.host.closeState).toBeUndefined();
  });

  it('refuses ack and resync from the primary with FENCED', async () => {
    const server = await serve();
    const first = await host(server);
    first.host.send({ type: 'ack', term: 1, seq: 1 });
    expect(await first.host.next('error')).toMatchObject({
      code: 'FENCED',
      message: `ack: only a standby host of lobby "arena" may send it; this connection is its primary, and the lobby's term is 1`,
    });
    first.host.send({ type: 'resync', reason: 'gap' });
    expect(await first.host.next('error')).toMatchObject({ code: 'FENCED', message: expect.stringMatching(/^resync: only a standby host/) });
  });
});

describe('the replication stream', () => {
  it('delivers to-standby to the named standby or to every standby as from-primary under the term', async () => {
    const server = await serve();
    const first = await host(server);
    const b = await host(server, first.token, { standby: true });
    const c = await host(server, first.token, { standby: true });

    first.host.send({ type: 'to-standby', hostId: c.hostId, message: { kind: 'snapshot', seq: 0 } });
    expect(await c.host.next('from-primary')).toEqual({ type: 'from-primary', term: 1, message: { kind: 'snapshot', seq: 0 } });
    first.host.send({ type: 'to-standby', message: { kind: 'change', seq: 1 } });
    expect(await b.host.next('from-primary')).toEqual({ type: 'from-primary', term: 1, message: { kind: 'change', seq: 1 } });
    expect(await c.host.next('from-primary')).toEqual({ type: 'from-primary', term: 1, message: { kind: 'change', seq: 1 } });
    expect((await settle(b.host)).filter((f) => f.type === 'from-primary')).toEqual([]);

    first.host.send({ type: 'to-standby', hostId: 'nobody', message: {} });
    expect(await first.host.next('error')).toMatchObject({
      code: 'CLIENT_UNAVAILABLE',
      message: 'to-standby.hostId: no standby nobody is connected to lobby "arena"; the message was not delivered',
    });
  });

  it('forwards acks of the current term and resyncs to the primary, and drops acks of another term', async () => {
    const server = await serve();
    const first = await host(server);
    const b = await host(server, first.token, { standby: true });
    await first.host.next('standby-joined');
    first.host.send({ type: 'to-standby', hostId: b.hostId, message: { kind: 'part', seq: 3, index: 0, count: 1, data: ['{}'] } });
    await b.host.next('from-primary');

    b.host.send({ type: 'ack', term: 7, seq: 99 });
    b.host.send({ type: 'ack', term: 1, seq: 3 });
    b.host.send({ type: 'resync', reason: 'gap after 3' });
    expect(await first.host.next('standby-ack')).toEqual({ type: 'standby-ack', hostId: b.hostId, seq: 3 });
    expect(await first.host.next('standby-resync')).toEqual({ type: 'standby-resync', hostId: b.hostId, reason: 'gap after 3' });
    expect((await settle(first.host)).filter((f) => f.type === 'standby-ack')).toEqual([]);
  });

  it('tells the primary when a standby leaves', async () => {
    const server = await serve();
    const first = await host(server);
    const b = await host(server, first.token, { standby: true });
    b.host.socket.terminate();
    expect(await first.host.next('standby-left')).toEqual({ type: 'standby-left', hostId: b.hostId });
    expect(server.stats().standbys).toBe(0);
  });

  it('refuses malformed standby frames with the field, the value and the rule', async () => {
    const server = await serve();
    const first = await host(server);
    const b = await host(server, first.token, { standby: true });
    first.host.send({ type: 'to-standby', message: [1, 2] });
    expect(await first.host.next('error')).toEqual({ type: 'error', code: 'MALFORMED', message: 'to-standby.message: expected a JSON object, got [1,2]' });
    b.host.send({ type: 'ack', term: 1, seq: -1 });
    expect(await b.host.next('error')).toEqual({ type: 'error', code: 'MALFORMED', message: 'ack.seq: expected a non-negative safe integer, got -1' });
    first.host.send({ type: 'hand-over', hostId: 'not a host id' });
    expect(await first.host.next('error')).toMatchObject({ code: 'MALFORMED', message: 'hand-over.hostId: expected a host id of 1-64 characters of [A-Za-z0-9_-], got "not a host id"' });
    await expect(openHost(server.relayUrl, 'arena', undefined, { term: -2 })).rejects.toThrow('MALFORMED: register.term: expected a non-negative safe integer, got -2');
  });
});

/** A replication part as the primary's stream sends it (src/host/replication.ts `toParts`); the last of its `seq` when `index` is `count - 1`. */
const part = (seq: number, index = 0, count = 1) => ({ kind: 'part', seq, index, count, data: ['{}'] });

describe('an untrusted standby', () => {
  it('is not promoted over an honest standby that holds more by acknowledging more than it was sent', async () => {
    const server = await serve();
    const a = await host(server);
    const honest = await host(server, a.registered.standbyToken as string);
    const boaster = await host(server, a.registered.standbyToken as string);
    a.host.send({ type: 'to-standby', message: part(2) });
    a.host.send({ type: 'to-standby', hostId: honest.hostId, message: part(5) });
    // A first part is not the whole seq: it holds 2 still.
    a.host.send({ type: 'to-standby', hostId: boaster.hostId, message: part(9, 0, 2) });
    await honest.host.next((f) => f.type === 'from-primary' && (f.message as { seq: number }).seq === 5);
    await boaster.host.next((f) => f.type === 'from-primary' && (f.message as { seq: number }).seq === 9);

    boaster.host.send({ type: 'ack', term: 1, seq: 1_000 });
    expect(await a.host.next('standby-ack')).toEqual({ type: 'standby-ack', hostId: boaster.hostId, seq: 2 });
    honest.host.send({ type: 'ack', term: 1, seq: 5 });
    expect(await a.host.next('standby-ack')).toEqual({ type: 'standby-ack', hostId: honest.hostId, seq: 5 });

    a.host.socket.terminate();
    expect(await honest.host.next('promoted')).toMatchObject({ term: 2, standbys: [boaster.hostId] });
    expect(await boaster.host.next('primary-changed')).toEqual({ type: 'primary-changed', term: 2, primary: honest.hostId });
  });

  it('stays unsynced, and is not promoted, when it acknowledges while nothing was forwarded to it under the term', async () => {
    const server = await serve();
    const a = await host(server);
    const b = await host(server, a.registered.standbyToken as string);
    await a.host.next('standby-joined');
    // Not a replication part: the relay forwards it, and counts it for nothing.
    a.host.send({ type: 'to-standby', hostId: b.hostId, message: { kind: 'change', seq: 4 } });
    await b.host.next('from-primary');
    b.host.send({ type: 'ack', term: 1, seq: 4 });
    expect((await settle(a.host)).filter((f) => f.type === 'standby-ack')).toEqual([]);

    a.host.socket.terminate();
    expect(await b.host.next('primary-changed')).toEqual({ type: 'primary-changed', term: 1, primary: null });
    expect((await settle(b.host)).map((f) => f.type)).not.toContain('promoted');
  });

  it('holding the standby credential, stays a standby when it registers with the current term while no primary is connected', async () => {
    const server = await serve();
    const a = await host(server);
    const credential = a.registered.standbyToken as string;
    const watcher = await host(server, credential);
    expect(watcher.registered).toMatchObject({ role: 'standby', term: 1 });
    expect(watcher.registered).not.toHaveProperty('termProof');
    a.host.socket.terminate();
    await watcher.host.next('primary-changed');

    // It heard the term (every standby does); the term alone proves nothing, nor a forged proof.
    const usurper = await host(server, credential, { term: watcher.term });
    expect(usurper.registered).toMatchObject({ role: 'standby', term: 1, primary: null });
    const forger = await host(server, credential, { term: watcher.term, termProof: `term-${'A'.repeat(43)}` });
    expect(forger.registered).toMatchObject({ role: 'standby', term: 1, primary: null });
    // The proof the primary of term 1 was given makes its holder primary again; it proves no other term.
    const proven = await host(server, credential, { term: 1, termProof: a.registered.termProof as string });
    expect(proven.registered).toMatchObject({ role: 'primary', term: 2 });
    proven.host.socket.terminate();
    await proven.host.closed;
    const replay = await host(server, credential, { term: 2, termProof: a.registered.termProof as string });
    expect(replay.registered).toMatchObject({ role: 'standby', term: 2, primary: null });
  });

  it("lets the owner's token with the current term make the primary again without a proof", async () => {
    const server = await serve();
    const a = await host(server);
    expect(a.registered.termProof).toMatch(/^term-[A-Za-z0-9_-]{43}$/);
    a.host.socket.terminate();
    await a.host.closed;
    const again = await host(server, a.token, { term: 1, standby: true });
    expect(again.registered).toMatchObject({ role: 'primary', term: 2 });
  });

  it('refuses a register.termProof that is not a string of 1-128 characters, naming the field and the value', async () => {
    const server = await serve();
    await expect(openHost(server.relayUrl, 'arena', undefined, { term: 1, termProof: 5 as never })).rejects.toThrow(
      'MALFORMED: register.termProof: expected a string of 1-128 characters, got 5',
    );
    await expect(openHost(server.relayUrl, 'arena', undefined, { term: 1, termProof: 'x'.repeat(129) })).rejects.toThrow(
      'MALFORMED: register.termProof: expected a string of 1-128 characters, got a string of 129 characters',
    );
  });
});

describe('the term proof on the host side', () => {
  it('is read from registered and promoted, and a bad one is refused naming the field and the value', () => {
    const promoted = { type: 'promoted', term: 2, clients: [], standbys: [], pausedMs: 0 };
    expect(parseServerToHost({ ...promoted, termProof: 'term-abc' })).toEqual({ ...promoted, termProof: 'term-abc' });
    expect(parseServerToHost(promoted)).toEqual(promoted);
    expect(parseServerToHost({ ...promoted, termProof: null })).toMatchObject({
      code: 'MALFORMED',
      message: 'promoted.termProof: expected a string of 1-128 characters, got null',
    });
    const registered = { type: 'registered', lobby: 'arena', token: 'T'.repeat(43), created: false, clients: [], role: 'primary', term: 2, hostId: 'h1', standbys: [], primary: null };
    expect(parseServerToHost({ ...registered, termProof: 'term-abc' })).toEqual({ ...registered, termProof: 'term-abc' });
    expect(parseServerToHost({ ...registered, termProof: '' })).toMatchObject({
      code: 'MALFORMED',
      message: 'registered.termProof: expected a string of 1-128 characters, got a string of 0 characters',
    });
  });
});
