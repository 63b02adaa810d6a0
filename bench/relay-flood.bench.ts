/**
 * Flood run of the relay benchmark: 100 well-behaved clients (10 loopback
 * addresses, one `startMatchmaking` every 100 ms each, half their budget)
 * through the real server, with the default limits, to a Matchmaker host;
 * their latency alone, then with a reconnecting flooder beside them (another
 * address, in its own process, relay-flooder.ts: join, send 500 requests at
 * once, reconnect at once when closed, retry every 5 ms when refused),
 * alternating, in the same run. Each flooded
 * phase uses a fresh flooder address, so no phase profits from a block the
 * previous one earned.
 *
 * Reports the well-behaved clients' p50 and p99 without and with the flooder
 * (medians over the phases), their ratio (goal: p99 at most x1.5) and the
 * median of the ratios of each pair (a pair's two phases are adjacent in
 * time, so this one suffers least from a shared machine's drift), and what
 * the flooder achieved: attempts, 429 refusals, admitted connections, and
 * requests that reached the host.
 *
 * The flooder process runs at the lowest CPU priority (nice 19): an
 * attacker's own work happens on its machine, not the server's; the server
 * still pays for every connection and frame it sends.
 *
 * Bounded: 5 pairs of 3-second phases, about 35 seconds.
 */
import { spawn } from 'node:child_process';
import { loadavg, setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startServer } from '../src/server/main.ts';
import { openClient, openHost } from '../src/server/relay-node-socket.ts';
import type { RelayNodeSocket } from '../src/server/relay-node-socket.ts';
import type { ReceivedFrame } from '../src/server/relay-node-socket.ts';
import { serveAsHost } from './relay-host.ts';
import { fmt, median, percentile } from './stats.ts';

const POLITE_CLIENTS = 100;
const POLITE_ADDRESSES = Array.from({ length: 10 }, (_, i) => `127.0.2.${i + 1}`);
const INTERVAL_MS = 100;
const PHASE_MS = 3_000;
const PAIRS = 5;
const BLAST = 500;
const LOBBY = 'flood';
const RUN_TS = fileURLToPath(new URL('../bin/run-ts.js', import.meta.url));
const FLOODER = fileURLToPath(new URL('./relay-flooder.ts', import.meta.url));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface FloodStats {
  attempts: number;
  refused: number;
  admitted: number;
  sent: number;
  clientIds: Set<string>;
}

let requestCounter = 0;

function startRequest(label: string): Record<string, unknown> {
  const k = requestCounter++;
  return {
    type: 'request',
    requestId: `${label}${k}`,
    op: 'startMatchmaking',
    input: { ConfigurationName: 'duel-config', Players: [{ PlayerId: `${label}-${k}`, PlayerAttributes: { skill: { N: k % 100 } } }] },
  };
}

const isAnswer = (frame: ReceivedFrame) => frame.type === 'response' || frame.type === 'error';

/** Every polite client sends one request per interval (waiting for its answer) for `PHASE_MS`; latencies in ms. */
async function politePhase(sockets: RelayNodeSocket[]): Promise<{ latenciesMs: number[]; failures: number; cpuMs: number }> {
  const cpuBefore = process.cpuUsage();
  const latenciesMs: number[] = [];
  let failures = 0;
  const endAt = performance.now() + PHASE_MS;
  await Promise.all(
    sockets.map(async (socket, i) => {
      await sleep((i * INTERVAL_MS) / sockets.length); // spread the clients over the interval
      while (performance.now() < endAt) {
        const sentAt = performance.now();
        socket.send(startRequest('p'));
        const answer = await socket.next(isAnswer, 10_000);
        latenciesMs.push(performance.now() - sentAt);
        if (answer.type !== 'response' || answer.ok !== true) failures++;
        await sleep(Math.max(0, INTERVAL_MS - (performance.now() - sentAt)));
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  return { latenciesMs, failures, cpuMs: (cpu.user + cpu.system) / 1000 };
}

/** Starts the flooder process (relay-flooder.ts) from `address`; `stop()` ends it and returns its counts. */
async function startFlooder(relayUrl: string, address: string): Promise<{ stop: () => Promise<FloodStats> }> {
  const child = spawn(process.execPath, [RUN_TS, FLOODER, relayUrl, address, LOBBY, String(BLAST)], { stdio: ['pipe', 'pipe', 'inherit'] });
  // The attacker would be another machine: its own client work yields to the server here (the server still pays for all it sends).
  if (child.pid !== undefined) setPriority(child.pid, 19);
  const lines: string[] = [];
  let buffered = '';
  let onLine: (() => void) | undefined;
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split('\n');
    buffered = parts.pop()!;
    lines.push(...parts.filter((line) => line !== ''));
    onLine?.();
  });
  const waitFor = (test: (line: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        const found = lines.find(test);
        if (found !== undefined) resolve(found);
        else if (child.exitCode !== null) reject(new Error(`flooder exited with ${child.exitCode}`));
      };
      onLine = check;
      child.once('exit', check);
      check();
    });
  await waitFor((line) => line === 'ready');
  return {
    stop: async () => {
      child.stdin!.end();
      const counts = JSON.parse(await waitFor((line) => line.startsWith('{'))) as Omit<FloodStats, 'clientIds'> & { clientIds: string[] };
      return { ...counts, clientIds: new Set(counts.clientIds) };
    },
  };
}

/** Runs the flood comparison and prints it. */
export async function runFloodBench(): Promise<void> {
  const server = await startServer({ port: 0, staticDir: null });
  try {
    const { host } = await openHost(server.relayUrl, LOBBY);
    const perClient = new Map<string, number>();
    serveAsHost(host, (clientId) => perClient.set(clientId, (perClient.get(clientId) ?? 0) + 1));
    const clients = await Promise.all(
      Array.from({ length: POLITE_CLIENTS }, (_, i) => openClient(server.relayUrl, LOBBY, undefined, { localAddress: POLITE_ADDRESSES[i % POLITE_ADDRESSES.length] })),
    );
    const sockets = clients.map((c) => c.client);
    await politePhase(sockets); // warm-up
    const without: number[][] = [];
    const withFlood: number[][] = [];
    const floods: FloodStats[] = [];
    const cpuMs: { calm: number[]; stormy: number[] } = { calm: [], stormy: [] };
    let failures = 0;
    for (let pair = 0; pair < PAIRS; pair++) {
      const calm = await politePhase(sockets);
      without.push(calm.latenciesMs);
      const flooder = await startFlooder(server.relayUrl, `127.0.3.${pair + 1}`);
      const stormy = await politePhase(sockets);
      floods.push(await flooder.stop());
      withFlood.push(stormy.latenciesMs);
      failures += calm.failures + stormy.failures;
      cpuMs.calm.push(calm.cpuMs);
      cpuMs.stormy.push(stormy.cpuMs);
      await sleep(200);
    }
    for (const socket of [...sockets, host]) socket.socket.terminate();
    report(without, withFlood, floods, perClient, failures);
    console.log(
      `  CPU of this process (server, host, well-behaved clients) per phase: ${fmt(median(cpuMs.calm), 0)} ms without, ${fmt(median(cpuMs.stormy), 0)} ms with the flooder (medians)`,
    );
  } finally {
    await server.close();
  }
}

function report(without: number[][], withFlood: number[][], floods: FloodStats[], perClient: Map<string, number>, failures: number): void {
  const summary = (phases: number[][]) => ({
    p50: median(phases.map((l) => percentile(l, 50))),
    p99: median(phases.map((l) => percentile(l, 99))),
    count: median(phases.map((l) => l.length)),
  });
  const calm = summary(without);
  const stormy = summary(withFlood);
  const reached = floods.map((f) => [...f.clientIds].reduce((sum, id) => sum + (perClient.get(id) ?? 0), 0));
  console.log(
    `flood: ${POLITE_CLIENTS} well-behaved clients (${POLITE_ADDRESSES.length} addresses, 1 request per ${INTERVAL_MS} ms each), default limits; ` +
      `${PAIRS} pairs of ${PHASE_MS / 1000} s phases, medians; load average ${loadavg()[0]!.toFixed(1)}`,
  );
  console.log(`  ${'without flooder:'.padEnd(28)}p50 ${fmt(calm.p50, 3)} ms, p99 ${fmt(calm.p99, 3)} ms (${fmt(calm.count, 0)} requests per phase)`);
  console.log(`  ${'with reconnecting flooder:'.padEnd(28)}p50 ${fmt(stormy.p50, 3)} ms, p99 ${fmt(stormy.p99, 3)} ms (${fmt(stormy.count, 0)} requests per phase)`);
  const pairRatios = withFlood.map((l, i) => percentile(l, 99) / percentile(without[i]!, 99));
  console.log(`  ${'with / without:'.padEnd(28)}p50 x${fmt(stormy.p50 / calm.p50, 2)}, p99 x${fmt(stormy.p99 / calm.p99, 2)} (goal: p99 at most x1.5); failed answers: ${failures}`);
  console.log(`  ${'p99 ratio of each pair:'.padEnd(28)}${pairRatios.map((r) => `x${fmt(r, 2)}`).join(', ')}; median x${fmt(median(pairRatios), 2)}`);
  const per = (pick: (f: FloodStats) => number) => floods.map(pick).join(' / ');
  console.log(
    `  flooder per phase: ${per((f) => f.attempts)} connection attempts, ${per((f) => f.refused)} refused (429), ` +
      `${per((f) => f.admitted)} admitted, ${per((f) => f.sent)} requests sent, ${reached.join(' / ')} reached the host`,
  );
}
