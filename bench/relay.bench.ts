/**
 * Relay benchmark: N simulated player clients (Node WebSockets) submit
 * `startMatchmaking` requests through the real server's `/relay` to a Node
 * host that answers each with a real `Matchmaker` (a 1v1 rule set). Each
 * client sends its requests one after another (send, await the answer, send).
 * Reports latency from send to answer (p50, p99) and round trips per second,
 * beside a bare `ws` echo server measured in the same run with the same
 * clients, messages and pattern: the floor the relay cannot beat.
 *
 * Then the same at 1,000 clients spread over 50 loopback addresses
 * (127.0.1.1-50, 20 clients each) with the relay's default limits, so the
 * per-address and per-identity budgets are in force; and the flood run
 * (relay-flood.bench.ts).
 *
 * Bounded: 200 clients x 10 requests, then 1,000 x 10, 3 runs of each, about
 * twenty seconds with the flood run.
 */
import { WebSocketServer } from 'ws';
import { startServer } from '../src/server/main.ts';
import type { RelayLimits } from '../src/server/relay-limits.ts';
import { openClient, openHost, RelayNodeSocket } from '../src/server/relay-node-socket.ts';
import type { ReceivedFrame } from '../src/server/relay-node-socket.ts';
import { runFloodBench } from './relay-flood.bench.ts';
import { serveAsHost } from './relay-host.ts';
import { fmt, median, percentile } from './stats.ts';

const CLIENTS = 200;
const CROWD = 1_000;
const CROWD_ADDRESSES = Array.from({ length: 50 }, (_, i) => `127.0.1.${i + 1}`);
const REQUESTS_PER_CLIENT = 10;
const RUNS = 3;
const LOBBY = 'bench';

/** One measured run: per-request latencies (ms) and wall time (ms). */
interface RunResult {
  latenciesMs: number[];
  elapsedMs: number;
}

function startRequest(client: number, k: number, run: number): Record<string, unknown> {
  return {
    type: 'request',
    requestId: `r${k}`,
    op: 'startMatchmaking',
    input: {
      ConfigurationName: 'duel-config',
      Players: [{ PlayerId: `p-${run}-${client}-${k}`, PlayerAttributes: { skill: { N: (client * 7 + k) % 100 } } }],
    },
  };
}

/** Every client sends its requests in sequence; all clients at once. */
async function drive(sockets: RelayNodeSocket[], run: number, isAnswer: (frame: ReceivedFrame) => boolean): Promise<RunResult> {
  const latenciesMs: number[] = [];
  const started = performance.now();
  await Promise.all(
    sockets.map(async (socket, client) => {
      for (let k = 0; k < REQUESTS_PER_CLIENT; k++) {
        const sentAt = performance.now();
        socket.send(startRequest(client, k, run));
        await socket.next(isAnswer, 10_000);
        latenciesMs.push(performance.now() - sentAt);
      }
    }),
  );
  return { latenciesMs, elapsedMs: performance.now() - started };
}

/** Results under load (every client at once) and alone (one client, the same number of requests in sequence). */
interface Measured {
  loaded: RunResult[];
  alone: RunResult[];
  /** Relay only: mean time the host spent inside `Matchmaker.startMatchmaking` per request, µs. */
  matchmakerUs?: number;
}

async function measureBoth(sockets: RelayNodeSocket[], isAnswer: (frame: ReceivedFrame) => boolean, withAlone: boolean): Promise<Measured> {
  await drive(sockets, -1, isAnswer); // warm-up
  const loaded: RunResult[] = [];
  for (let run = 0; run < RUNS; run++) loaded.push(await drive(sockets, run, isAnswer));
  const alone: RunResult[] = [];
  for (let run = 0; run < RUNS && withAlone; run++) alone.push(await driveOne(sockets[0]!, RUNS + run, isAnswer));
  return { loaded, alone };
}

/** `count` sockets opened by `open`, round-robin over `addresses` (undefined: the default). */
function openMany<T>(count: number, addresses: readonly (string | undefined)[], open: (address: string | undefined) => Promise<T>): Promise<T[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => open(addresses[i % addresses.length])));
}

/** One client alone sends CLIENTS x REQUESTS_PER_CLIENT requests in sequence: latency without queueing. */
async function driveOne(socket: RelayNodeSocket, run: number, isAnswer: (frame: ReceivedFrame) => boolean): Promise<RunResult> {
  const latenciesMs: number[] = [];
  const started = performance.now();
  for (let k = 0; k < CLIENTS * REQUESTS_PER_CLIENT; k++) {
    const sentAt = performance.now();
    socket.send(startRequest(0, k, run));
    await socket.next(isAnswer, 10_000);
    latenciesMs.push(performance.now() - sentAt);
  }
  return { latenciesMs, elapsedMs: performance.now() - started };
}

/** Raised limits for one address and 200 clients (the relay's own cost, without its budgets). */
const OPEN_LIMITS = {
  maxConnectionsPerAddress: CLIENTS + 10,
  connectBurstPerAddress: CLIENTS + 10,
  clientFramesPerSecond: 10_000,
  clientFrameBurst: 10_000,
  addressFramesPerSecond: 1e6,
  addressFrameBurst: 1e6,
  hostFramesPerSecond: 1e6,
  hostFrameBurst: 1e6,
};

async function measureRelay(count: number, addresses: readonly (string | undefined)[], limits: Partial<RelayLimits>): Promise<Measured> {
  const server = await startServer({ port: 0, staticDir: null, limits });
  try {
    const { host } = await openHost(server.relayUrl, LOBBY);
    const served = serveAsHost(host);
    const clients = await openMany(count, addresses, (localAddress) => openClient(server.relayUrl, LOBBY, undefined, { localAddress }));
    const sockets = clients.map((c) => c.client);
    const isAnswer = (frame: ReceivedFrame) => frame.type === 'response' || frame.type === 'error';
    const results = await measureBoth(sockets, isAnswer, count === CLIENTS);
    const failures = sockets.flatMap((s) => s.received).filter((f) => f.type === 'error' || (f.type === 'response' && f.ok !== true));
    if (failures.length > 0) throw new Error(`relay bench: ${failures.length} failed answers, first ${JSON.stringify(failures[0])}`);
    const expected = ((RUNS + 1) * count + results.alone.length * CLIENTS) * REQUESTS_PER_CLIENT;
    if (served.answered() !== expected) throw new Error(`relay bench: host answered ${served.answered()}, expected ${expected}`);
    for (const socket of [...sockets, host]) socket.socket.terminate();
    return { ...results, matchmakerUs: (served.matchmakerMs() * 1000) / served.answered() };
  } finally {
    await server.close();
  }
}

async function measureEcho(count: number, addresses: readonly (string | undefined)[]): Promise<Measured> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
  try {
    const address = wss.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const sockets = await openMany(count, addresses, (localAddress) => RelayNodeSocket.open(`ws://127.0.0.1:${port}`, { localAddress }));
    const results = await measureBoth(sockets, (frame) => frame.type === 'request', count === CLIENTS);
    for (const socket of sockets) socket.socket.terminate();
    return results;
  } finally {
    await new Promise<void>((resolve) => wss.close(() => resolve()));
  }
}

function summarize(results: RunResult[]): { p50: number; p99: number; perSecond: number } {
  const count = results[0]!.latenciesMs.length;
  return {
    p50: median(results.map((r) => percentile(r.latenciesMs, 50))),
    p99: median(results.map((r) => percentile(r.latenciesMs, 99))),
    perSecond: median(results.map((r) => (count / r.elapsedMs) * 1000)),
  };
}

/** Runs the relay and the echo floor, prints both and their ratio. */
export async function runRelayBench(): Promise<void> {
  const echo = await measureEcho(CLIENTS, [undefined]);
  const relay = await measureRelay(CLIENTS, [undefined], OPEN_LIMITS);
  const line = (label: string, r: ReturnType<typeof summarize>) =>
    `  ${label.padEnd(28)}p50 ${fmt(r.p50, 3)} ms, p99 ${fmt(r.p99, 3)} ms, ${fmt(r.perSecond, 0)} requests/s`;
  const ratio = (a: ReturnType<typeof summarize>, b: ReturnType<typeof summarize>) =>
    `  ${'relay / floor'.padEnd(28)}p50 x${fmt(a.p50 / b.p50, 2)}, p99 x${fmt(a.p99 / b.p99, 2)}, throughput x${fmt(a.perSecond / b.perSecond, 2)}`;
  const total = CLIENTS * REQUESTS_PER_CLIENT;
  console.log(`relay: startMatchmaking through /relay to a Node host (Matchmaker, 1v1), beside a bare ws echo; median of ${RUNS} runs`);
  console.log(`  (one Node process runs server, host and clients; a relay round trip is 4 WebSocket hops, an echo 2)`);
  console.log(`${CLIENTS} clients at once, ${REQUESTS_PER_CLIENT} requests each in sequence (${fmt(total, 0)} per run):`);
  console.log(line('relay + host (Matchmaker):', summarize(relay.loaded)));
  console.log(line('bare ws echo (floor):', summarize(echo.loaded)));
  console.log(ratio(summarize(relay.loaded), summarize(echo.loaded)));
  console.log(`1 client alone, ${fmt(total, 0)} requests in sequence:`);
  console.log(line('relay + host (Matchmaker):', summarize(relay.alone)));
  console.log(line('bare ws echo (floor):', summarize(echo.alone)));
  console.log(ratio(summarize(relay.alone), summarize(echo.alone)));
  console.log(`  host time inside Matchmaker.startMatchmaking: ${fmt(relay.matchmakerUs ?? Number.NaN, 1)} µs per request (mean)`);
  const crowdEcho = await measureEcho(CROWD, CROWD_ADDRESSES);
  const crowdRelay = await measureRelay(CROWD, CROWD_ADDRESSES, {});
  console.log(`${fmt(CROWD, 0)} clients at once from ${CROWD_ADDRESSES.length} loopback addresses, default limits, ${REQUESTS_PER_CLIENT} requests each (${fmt(CROWD * REQUESTS_PER_CLIENT, 0)} per run):`);
  console.log(line('relay + host (Matchmaker):', summarize(crowdRelay.loaded)));
  console.log(line('bare ws echo (floor):', summarize(crowdEcho.loaded)));
  console.log(`${ratio(summarize(crowdRelay.loaded), summarize(crowdEcho.loaded))} (goal: p99 at most x2.0)`);
  await runFloodBench();
}
