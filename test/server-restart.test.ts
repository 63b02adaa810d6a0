/**
 * A server restart mid-matchmaking loses nothing the server is responsible
 * for: the lobby's owner (its token) and every client identity (resume
 * tokens) survive through the state file; the host keeps the tickets.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer } from '../src/server/main.ts';
import type { RunningServer, StartServerOptions } from '../src/server/main.ts';
import { openClient, openHost } from '../src/server/relay-node-socket.ts';
import type { RelayNodeSocket } from '../src/server/relay-node-socket.ts';

let dir: string;
let stateFile: string;
const running: RunningServer[] = [];
const sockets: RelayNodeSocket[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'peermatch-restart-'));
  stateFile = join(dir, 'state', 'server-state.json');
});

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.socket.terminate();
  await Promise.all(running.splice(0).map((server) => server.close()));
  await rm(dir, { recursive: true, force: true });
});

async function serve(options: StartServerOptions = {}): Promise<RunningServer> {
  const server = await startServer({ port: 0, staticDir: null, stateFile, ...options });
  running.push(server);
  return server;
}

const track = <T extends { host?: RelayNodeSocket; client?: RelayNodeSocket }>(opened: T): T => {
  if (opened.host) sockets.push(opened.host);
  if (opened.client) sockets.push(opened.client);
  return opened;
};

describe('restarting the server on the same state file', () => {
  it('keeps the lobby token and the client identities, so matchmaking resumes where it was', async () => {
    const before = await serve();
    const owner = track(await openHost(before.relayUrl, 'arena'));
    const player = track(await openClient(before.relayUrl, 'arena'));
    player.client.send({ type: 'request', requestId: 'start-1', op: 'startMatchmaking', input: { ConfigurationName: 'duel', Players: [{ PlayerId: 'p1' }] } });
    const request = await owner.host.next('from-client');
    expect(request.clientId).toBe(player.clientId);

    await before.close();
    expect((await player.client.closed).code).toBe(1001);
    expect((await owner.host.closed).code).toBe(1001);

    const after = await serve({ port: before.port });
    await expect(openHost(after.relayUrl, 'arena')).rejects.toThrow(/LOBBY_TAKEN/);
    const reclaimed = track(await openHost(after.relayUrl, 'arena', owner.token));
    expect(reclaimed.registered).toMatchObject({ created: false, token: owner.token });
    const resumed = track(await openClient(after.relayUrl, 'arena', { clientId: player.clientId, resumeToken: player.resumeToken }));
    expect(resumed.joined).toMatchObject({ clientId: player.clientId, resumed: true, hostAvailable: true });

    // The host kept the ticket and answers the identity it knew; the relay still routes it.
    const answer = { type: 'response', requestId: 'start-1', ok: true, value: { MatchmakingTicket: { TicketId: 't-1', Status: 'SEARCHING' } } };
    reclaimed.host.send({ type: 'to-client', clientId: player.clientId, message: answer });
    expect(await resumed.client.next('response')).toEqual(answer);
  });

  it('keeps only a hash of the lobby token on disk', async () => {
    const server = await serve();
    const owner = track(await openHost(server.relayUrl, 'arena'));
    await server.close();
    const text = await readFile(stateFile, 'utf8');
    expect(text).toContain('"arena"');
    expect(text).not.toContain(owner.token);
  });

  it('refuses to start on a state file it cannot understand, naming the file and the field', async () => {
    await serve();
    await running.pop()!.close();
    const state = JSON.parse(await readFile(stateFile, 'utf8'));
    await writeFile(stateFile, JSON.stringify({ ...state, lobbies: [{ name: '../x' }] }));
    await expect(startServer({ port: 0, staticDir: null, stateFile })).rejects.toThrow(
      `state file ${stateFile}: lobbies[0].name: not a lobby name: "../x"`,
    );
    await writeFile(stateFile, '{ not json');
    await expect(startServer({ port: 0, staticDir: null, stateFile })).rejects.toThrow(/state file .*: not valid JSON/);
  });

  it('forgets identities of a lobby whose host stayed away past its TTL and that another host claimed', async () => {
    const server = await serve({ limits: { lobbyTtlMs: 40, heartbeatIntervalMs: 20 } });
    const owner = track(await openHost(server.relayUrl, 'arena'));
    const player = track(await openClient(server.relayUrl, 'arena'));
    await player.client.close();
    owner.host.socket.terminate();
    await owner.host.closed;
    await expect.poll(() => server.stats().lobbies).toBe(0);
    const newcomer = track(await openHost(server.relayUrl, 'arena'));
    expect(newcomer.registered).toMatchObject({ created: true });
    expect(newcomer.token).not.toBe(owner.token);
    await expect(openClient(server.relayUrl, 'arena', { clientId: player.clientId, resumeToken: player.resumeToken })).rejects.toThrow(/BAD_TOKEN/);
  });

  it('rejects resume tokens after the server secret changes', async () => {
    const first = await serve({ secret: 'first-secret-0123456789' });
    const owner = track(await openHost(first.relayUrl, 'arena'));
    const player = track(await openClient(first.relayUrl, 'arena'));
    await first.close();
    const second = await serve({ secret: 'second-secret-0123456789' });
    track(await openHost(second.relayUrl, 'arena', owner.token));
    await expect(openClient(second.relayUrl, 'arena', { clientId: player.clientId, resumeToken: player.resumeToken })).rejects.toThrow(/BAD_TOKEN/);
  });
});
