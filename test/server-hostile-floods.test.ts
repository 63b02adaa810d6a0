/**
 * Floods and squatters against the real server on loopback addresses
 * (127.0.0.x stand for distinct clients): frame budgets by identity and by
 * address that survive reconnects, a reconnecting flooder blocked with a
 * growing backoff while a well-behaved client keeps getting every answer,
 * one address registering lobbies in a loop, and unused lobbies expiring
 * sooner than lobbies with waiting players.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startServer } from '../src/server/main.ts';
import type { RunningServer } from '../src/server/main.ts';
import type { RelayLimits } from '../src/server/relay-limits.ts';
import { openClient, openHost, RelayNodeSocket } from '../src/server/relay-node-socket.ts';
import type { ReceivedFrame } from '../src/server/relay-node-socket.ts';

const running: RunningServer[] = [];
const sockets: RelayNodeSocket[] = [];

async function serve(limits: Partial<RelayLimits> = {}): Promise<RunningServer> {
  const server = await startServer({ port: 0, staticDir: null, limits });
  running.push(server);
  return server;
}

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.socket.terminate();
  await Promise.all(running.splice(0).map((server) => server.close()));
});

function track<T extends { client?: RelayNodeSocket; host?: RelayNodeSocket }>(opened: T): T {
  if (opened.client) sockets.push(opened.client);
  if (opened.host) sockets.push(opened.host);
  return opened;
}

/** Joins `lobby` from a loopback address (resuming an identity if given). */
async function joinFrom(server: RunningServer, address: string, lobby = 'arena', resume?: { clientId: string; resumeToken: string }) {
  const socket = track({ client: await RelayNodeSocket.open(server.relayUrl, { localAddress: address }) }).client;
  socket.send(resume ? { type: 'join', lobby, resume } : { type: 'join', lobby });
  const joined = await socket.next((f) => f.type === 'joined' || f.type === 'error');
  if (joined.type !== 'joined') throw new Error(`join from ${address}: ${JSON.stringify(joined)}`);
  return { socket, clientId: joined.clientId as string, resumeToken: joined.resumeToken as string };
}

/** Registers `lobby` from a loopback address; the answer frame (`registered` or `error`). */
async function registerFrom(server: RunningServer, address: string, lobby: string, keep = false): Promise<ReceivedFrame> {
  const socket = await RelayNodeSocket.open(server.relayUrl, { localAddress: address });
  sockets.push(socket);
  socket.send({ type: 'register', lobby });
  const answer = await socket.next((f) => f.type === 'registered' || f.type === 'error');
  if (!keep) await socket.close();
  return answer;
}

/** A host that answers every request at once, counting requests per client. */
function answeringHost(host: RelayNodeSocket): Map<string, number> {
  const counts = new Map<string, number>();
  host.onFrame = (frame) => {
    if (frame.type !== 'from-client') return false;
    const clientId = frame.clientId as string;
    counts.set(clientId, (counts.get(clientId) ?? 0) + 1);
    const requestId = (frame.message as { requestId: string }).requestId;
    host.send({ type: 'to-client', clientId, message: { type: 'response', requestId, ok: true, value: { echoed: requestId } } });
    return true;
  };
  return counts;
}

const request = (requestId: string) => ({ type: 'request', requestId, op: 'describeMatchmaking', input: { TicketIds: ['t'] } });
const answerTo = (requestId: string) => (frame: ReceivedFrame) => frame.requestId === requestId && (frame.type === 'response' || frame.type === 'error');

describe('frame budgets that survive reconnects', { timeout: 20_000 }, () => {
  it("keeps an identity's spent budget when it reconnects and resumes", async () => {
    const server = await serve({ clientFrameBurst: 5, clientFramesPerSecond: 0.01 });
    track(await openHost(server.relayUrl, 'arena'));
    const first = await joinFrom(server, '127.0.0.1');
    for (let k = 0; k < 5; k++) first.socket.send({ type: 'ping' });
    for (let k = 0; k < 5; k++) await first.socket.next('pong');
    await first.socket.close();
    const again = await joinFrom(server, '127.0.0.1', 'arena', { clientId: first.clientId, resumeToken: first.resumeToken });
    again.socket.send(request('after-resume'));
    expect(await again.socket.next(answerTo('after-resume'))).toMatchObject({ type: 'error', code: 'RATE_LIMITED', requestId: 'after-resume' });
  });

  it('shares one budget among all clients of an address, and leaves other addresses alone', async () => {
    const server = await serve({ addressFrameBurst: 10, addressFramesPerSecond: 0.01 });
    track(await openHost(server.relayUrl, 'arena'));
    const a = await joinFrom(server, '127.0.0.3');
    const b = await joinFrom(server, '127.0.0.3');
    const other = await joinFrom(server, '127.0.0.4');
    // Two joins and eight pings spend the ten frames of 127.0.0.3.
    for (let k = 0; k < 4; k++) a.socket.send({ type: 'ping' });
    for (let k = 0; k < 4; k++) b.socket.send({ type: 'ping' });
    for (let k = 0; k < 4; k++) await a.socket.next('pong');
    for (let k = 0; k < 4; k++) await b.socket.next('pong');
    b.socket.send(request('over'));
    expect(await b.socket.next(answerTo('over'))).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/rate limit of this client or address/) });
    other.socket.send({ type: 'ping' });
    expect(await other.socket.next('pong')).toEqual({ type: 'pong' });
  });
});

describe('a reconnecting flooder', { timeout: 30_000 }, () => {
  it('is refused at the upgrade with a growing backoff, while a well-behaved client gets every answer', async () => {
    const server = await serve();
    const { host } = track(await openHost(server.relayUrl, 'arena'));
    const counts = answeringHost(host);
    const polite = await joinFrom(server, '127.0.0.1');
    const flooderIds = new Set<string>();
    const refusals: string[] = [];
    let stop = false;
    const floodStartedAt = performance.now();
    const flood = (async () => {
      while (!stop) {
        let socket: RelayNodeSocket;
        try {
          socket = await RelayNodeSocket.open(server.relayUrl, { localAddress: '127.0.0.2' });
        } catch (error) {
          refusals.push((error as Error).message);
          await new Promise((resolve) => setTimeout(resolve, 20));
          continue;
        }
        sockets.push(socket);
        socket.send({ type: 'join', lobby: 'arena' });
        const joined = await socket.next((f) => f.type === 'joined' || f.type === 'error').catch(() => undefined);
        if (joined?.type === 'joined') flooderIds.add(joined.clientId as string);
        for (let k = 0; k < 200 && socket.socket.readyState === socket.socket.OPEN; k++) socket.send(request(`f${k}`));
        await socket.closed;
      }
    })();
    const answers: ReceivedFrame[] = [];
    for (let k = 0; k < 25; k++) {
      polite.socket.send(request(`p${k}`));
      answers.push(await polite.socket.next(answerTo(`p${k}`), 5_000));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    stop = true;
    await flood;
    expect(answers.every((a) => a.type === 'response' && a.ok === true)).toBe(true);
    expect(refusals.length).toBeGreaterThan(0);
    expect(refusals[0]).toBe('Unexpected server response: 429');
    // Each admitted connection gets its identity's burst of 40 (and the 20/s refill while it lasts) through;
    // the blocks (1 s, 2 s ...) admit only a few connections while the polite client runs.
    const floodSeconds = (performance.now() - floodStartedAt) / 1000;
    const flooded = [...flooderIds].reduce((sum, id) => sum + (counts.get(id) ?? 0), 0);
    expect(flooderIds.size).toBeLessThanOrEqual(Math.ceil(Math.log2(floodSeconds + 1)) + 1);
    expect(flooded).toBeLessThanOrEqual(40 * flooderIds.size + 20 * floodSeconds);
    expect(server.stats().hosts).toBe(1);
  });
});

describe('lobby squatting', { timeout: 20_000 }, () => {
  it('caps the lobbies one address holds, naming the address and the limit, while another address still registers', async () => {
    const server = await serve({ maxLobbiesPerAddress: 8, lobbyCreationBurstPerAddress: 100 });
    const answers: ReceivedFrame[] = [];
    for (let k = 0; k < 20; k++) answers.push(await registerFrom(server, '127.0.0.5', `squat-${k}`));
    expect(answers.filter((a) => a.type === 'registered')).toHaveLength(8);
    expect(answers[8]).toMatchObject({ type: 'error', code: 'LOBBY_LIMIT', message: '127.0.0.5 already holds 8 lobbies, the limit per address is 8; "squat-8" cannot be created' });
    expect(await registerFrom(server, '127.0.0.6', 'honest')).toMatchObject({ type: 'registered', lobby: 'honest' });
  });

  it('limits how fast one address creates lobbies', async () => {
    const server = await serve({ lobbyCreationBurstPerAddress: 3, lobbyCreationsPerMinutePerAddress: 1 });
    const answers: ReceivedFrame[] = [];
    for (let k = 0; k < 5; k++) answers.push(await registerFrom(server, '127.0.0.7', `fast-${k}`));
    expect(answers.map((a) => a.type)).toEqual(['registered', 'registered', 'registered', 'error', 'error']);
    expect(answers[3]).toMatchObject({ code: 'RATE_LIMITED', message: 'register: more than 1 new lobbies per minute from 127.0.0.7; "fast-3" was not created' });
  });

  it('releases an unused lobby soon, but keeps one where players wait for their host', async () => {
    const server = await serve({ unusedLobbyTtlMs: 300, lobbyTtlMs: 60_000, heartbeatIntervalMs: 50, maxLobbiesPerAddress: 2 });
    expect(await registerFrom(server, '127.0.0.8', 'squatted')).toMatchObject({ type: 'registered' });
    const { host } = track(await openHost(server.relayUrl, 'waiting'));
    const waiting = track(await openClient(server.relayUrl, 'waiting'));
    await host.close();
    await waiting.client.next((f) => f.type === 'host-status' && f.available === false);
    expect(await registerFrom(server, '127.0.0.8', 'second')).toMatchObject({ type: 'registered' });
    expect(await registerFrom(server, '127.0.0.8', 'third')).toMatchObject({ code: 'LOBBY_LIMIT' });
    await expect.poll(() => server.stats().lobbies, { timeout: 5_000, interval: 50 }).toBe(1);
    await expect(openClient(server.relayUrl, 'squatted')).rejects.toThrow(/UNKNOWN_LOBBY/);
    track(await openClient(server.relayUrl, 'waiting'));
    // The address's lobbies were released, so it may create again.
    expect(await registerFrom(server, '127.0.0.8', 'fourth')).toMatchObject({ type: 'registered' });
  });
});
