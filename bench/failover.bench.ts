/**
 * Standby hosts: what replication costs and how long a failover takes, with
 * the real server and real Node hosts on loopback.
 *
 * 1. The cost of replication: the server in a process of its own
 *    (bench/server-process.ts), and two lobbies, each with its primary in this
 *    process, one with a standby (which must hold each change before the
 *    player is answered; it runs as `peermatch host --standby` in its own
 *    process, as on its own machine) and one without. A player client of
 *    each sends `startMatchmaking` requests, alternating, and a
 *    `describeMatchmaking` (which changes nothing and is answered at once)
 *    measures the relay round trip beside them. Goal: the standby adds at
 *    most one relay round trip. Both hosts save as soon as they can
 *    (`saveIntervalMs` 0), so the figures show the write-ahead path itself.
 *    Twice: with the primaries' state in memory (the bare cost of the
 *    standby: nothing else is waited for), and in a JSON file, as
 *    `peermatch host` keeps it (the standby applies the change while the
 *    primary writes its file).
 * 2. Failover time: the primary's connection is cut (a TCP proxy drops it,
 *    as a crash or a closed tab does) while a player sends a request; the
 *    time from the cut to that request's answer from the promoted standby.
 *    20 runs, p50 and p99.
 *
 * Bounded: twice 5 runs of 200 alternating pairs (the first 100 unmeasured)
 * and 20 failovers, a few minutes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { RelaySocket, type WebSocketLike } from '../src/client/relay-socket.ts';
import type { StartMatchmakingOutput } from '../src/core/matchmaker/types.ts';
import type { RunningLobbyHost } from '../src/host/host-runtime.ts';
import { startNodeHost } from '../src/host/node-host.ts';
import type { LobbyName } from '../src/net/protocol.ts';
import { startServer, type RunningServer } from '../src/server/main.ts';
import { tcpProxy } from '../test/support/tcp-proxy.ts';
import { hostProcess, until } from '../test/support/host-process.ts';
import { fmt, median, percentile } from './stats.ts';
import { duelRuleSet } from '../test/support/duel-rule-set.ts';

const REQUESTS = 100;
const RUNS = 5;
const FAILOVERS = 20;

/** 1v1 on skill within 1, and every player's skill 1000 apart: tickets search and never match. */
const NEVER_MATCHES = duelRuleSet({ maxDistance: 1 });

const nodeWebSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

function host(serverUrl: string, lobby: string, options: { standby?: boolean; token?: string; stateFile?: string } = {}): Promise<RunningLobbyHost> {
  return startNodeHost({
    serverUrl,
    lobby,
    ruleSetBody: NEVER_MATCHES,
    configuration: { Name: 'peermatch', RequestTimeoutSeconds: 600 },
    tickIntervalMs: 1000,
    saveIntervalMs: 0,
    relay: { initialDelayMs: 20, maxDelayMs: 100 },
    ...options,
  });
}

/** `peermatch host --standby` in a child process, with its state in memory; `stop()` ends it. */
async function standbyProcess(serverUrl: string, lobby: string, token: string): Promise<{ stop(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'peermatch-bench-'));
  const rules = join(dir, 'rules.json');
  await writeFile(rules, NEVER_MATCHES);
  const { child, ready } = hostProcess(['--server', serverUrl, '--lobby', lobby, '--ruleset', rules, '--state', 'none', '--standby', '--token', token], /joined as a standby host/);
  await ready;
  return {
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function client(server: { url: string }, lobby: string): Promise<RelaySocket> {
  const socket = new RelaySocket({ serverUrl: server.url, lobby: lobby as LobbyName, webSocket: nodeWebSocket, requestTimeoutMs: 30_000 });
  await socket.start();
  return socket;
}

let playerCount = 0;
function startInput(): Record<string, unknown> {
  const n = ++playerCount;
  return { Players: [{ PlayerId: `p${n}`, PeerId: `peer-${n}`, PlayerAttributes: { skill: { N: n * 1000 } } }] };
}

/** The time (ms) `call` takes. */
async function timed(call: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await call();
  return performance.now() - started;
}

/**
 * Two lobbies on one server, each with its primary in this process: one
 * with a standby (in its own process), one without. Their requests
 * alternate (with, without, and a `describeMatchmaking` round trip), so
 * each pair is measured under the same load of the moment; the cost of the
 * standby is the median of the pairs' differences.
 */
/** `bench/server-process.ts` in a child process; resolves with its URL and a stop. */
async function serverProcess(limits: Record<string, number>): Promise<{ url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('../bin/run-ts.js', import.meta.url)), fileURLToPath(new URL('./server-process.ts', import.meta.url)), JSON.stringify(limits)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /url=(\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`bench server exited (${code}) before listening: ${out}`)));
  });
  return {
    url,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function replicationCost(server: { url: string }, stores: 'memory' | 'file'): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'peermatch-bench-state-'));
  const stateFile = (lobby: string) => (stores === 'file' ? { stateFile: join(dir, `${lobby}.json`) } : {});
  const withStandby: number[] = [];
  const without: number[] = [];
  const added: number[] = [];
  const relay: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const replicated = await host(server.url, `cost-${run}-${stores}-standby`, stateFile(`cost-${run}-standby`));
    const alone = await host(server.url, `cost-${run}-${stores}-alone`, stateFile(`cost-${run}-alone`));
    await Promise.all([replicated.registered, alone.registered]);
    // The standby in its own process, as it would run on its own machine: its work does not share the primary's event loop.
    const standby = await standbyProcess(server.url, `cost-${run}-${stores}-standby`, replicated.token!);
    await until('the standby in sync', () => replicated.standbys().some((s) => s.synced));
    const withSocket = await client(server, `cost-${run}-${stores}-standby`);
    const aloneSocket = await client(server, `cost-${run}-${stores}-alone`);
    const { MatchmakingTicket } = (await aloneSocket.request('startMatchmaking', startInput())) as StartMatchmakingOutput;
    const describe = () => aloneSocket.request('describeMatchmaking', { TicketIds: [MatchmakingTicket.TicketId] });
    // The first 100 pairs unmeasured: a standby runs for hours, so its code is measured warm (a new process starts it cold).
    for (let i = 0; i < 2 * REQUESTS; i++) {
      const a = await timed(() => withSocket.request('startMatchmaking', startInput()));
      const b = await timed(() => aloneSocket.request('startMatchmaking', startInput()));
      const r = await timed(describe);
      if (i < REQUESTS) continue;
      withStandby.push(a);
      without.push(b);
      added.push(a - b);
      relay.push(r);
    }
    withSocket.close();
    aloneSocket.close();
    await standby.stop();
    await Promise.all([replicated.close(), alone.close()]);
  }
  await rm(dir, { recursive: true, force: true });
  const relayMs = median(relay);
  const addedMs = median(added);
  console.log(`  primaries' state ${stores === 'file' ? 'in a JSON file (as `peermatch host` keeps it)' : 'in memory'}`);
  console.log(`    relay round trip (describeMatchmaking)       ${fmt(relayMs, 2)} ms`);
  console.log(`    startMatchmaking, no standby                 ${fmt(median(without), 2)} ms`);
  console.log(`    startMatchmaking, one standby                ${fmt(median(withStandby), 2)} ms`);
  console.log(`    added by the standby (median of ${added.length} alternating pairs): ${fmt(addedMs, 2)} ms = ${fmt(addedMs / relayMs, 1)} relay round trips (goal: at most 1)`);
}

async function failoverTimes(server: RunningServer): Promise<void> {
  const times: number[] = [];
  const port = Number(new URL(server.url).port);
  for (let run = 0; run < FAILOVERS; run++) {
    const lobby = `failover-${run}`;
    const link = await tcpProxy(port);
    const primary = await host(`http://127.0.0.1:${link.port}`, lobby);
    await primary.registered;
    const standby = await host(server.url, lobby, { standby: true, token: primary.token! });
    await until('the standby in sync', () => primary.standbys().some((s) => s.synced));
    const socket = await client(server, lobby);
    await socket.request('startMatchmaking', startInput());
    const cutAt = performance.now();
    link.cut(60_000);
    await socket.request('startMatchmaking', startInput());
    times.push(performance.now() - cutAt);
    if (standby.role !== 'primary') throw new Error('failover bench: the standby was not promoted');
    socket.close();
    await standby.close();
    await primary.close();
    await link.close();
  }
  console.log(`  failover, cut to first answer (${FAILOVERS} runs)   p50 ${fmt(median(times), 1)} ms, p99 ${fmt(percentile(times, 99), 1)} ms, worst ${fmt(Math.max(...times), 1)} ms`);
}

export async function runFailoverBench(): Promise<void> {
  console.log('failover: standby hosts, real server and Node hosts on loopback');
  // One client sends as fast as it is answered: lift the per-client frame budget (the relay's own cost stays).
  const limits = { clientFramesPerSecond: 100_000, clientFrameBurst: 100_000, addressFramesPerSecond: 100_000, addressFrameBurst: 100_000, maxLobbiesPerAddress: 100 };
  const server = await startServer({ host: '127.0.0.1', port: 0, staticDir: null, limits });
  try {
    // The relay in its own process, as on its own machine: in this one it would wait for the primary's own work before forwarding the change to the standby.
    const relay = await serverProcess(limits);
    try {
      // In memory: the bare cost of the standby. In a file: a primary also writes its store before answering, while the standby applies the change.
      await replicationCost(relay, 'memory');
      await replicationCost(relay, 'file');
    } finally {
      await relay.stop();
    }
    await failoverTimes(server);
  } finally {
    await server.close();
  }
}
