/**
 * The real server and raw relay sockets for the relay's host tests
 * (server-standby-roles, server-failover): servers on free loopback ports,
 * hosts and clients of lobby "arena", temporary directories, all closed or
 * removed after each test (`installRelayHostCleanup` in the test file).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { startServer, type RunningServer } from '../../src/server/main.ts';
import type { RelayLimits } from '../../src/server/relay-limits.ts';
import { openClient, openHost, type RelayNodeSocket } from '../../src/server/relay-node-socket.ts';

const running: RunningServer[] = [];
const sockets: RelayNodeSocket[] = [];
const dirs: string[] = [];

/** Closes every server, socket and directory these helpers made, after each test of the calling file. */
export function installRelayHostCleanup(): void {
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.socket.terminate();
    await Promise.all(running.splice(0).map((server) => server.close()));
    await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
}

/** A server; `stateFile` keeps its lobbies (and terms) across a restart on the same `port`. */
export async function serve(limits: Partial<RelayLimits> = {}, stateFile: string | null = null, port = 0): Promise<RunningServer> {
  const server = await startServer({ port, staticDir: null, stateFile, limits });
  running.push(server);
  return server;
}

export type RelayHost = Awaited<ReturnType<typeof host>>;

/** A host of lobby "arena" (with `token`, as standby, or with its last `term` and its `termProof`), with its registration's host id and term. */
export async function host(server: RunningServer, token?: string, role: { standby?: boolean; term?: number; termProof?: string } = {}) {
  const opened = await openHost(server.relayUrl, 'arena', token, role);
  sockets.push(opened.host);
  return { ...opened, hostId: opened.registered.hostId as string, term: opened.registered.term as number };
}

/** A player client of lobby "arena". */
export async function client(server: RunningServer) {
  const opened = await openClient(server.relayUrl, 'arena');
  sockets.push(opened.client);
  return opened;
}

/** A temporary directory, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'peermatch-relay-hosts-'));
  dirs.push(dir);
  return dir;
}
