/**
 * Runs a real coturn (`turnserver`, Debian's `coturn` package) for tests: a
 * temporary configuration with the TURN REST scheme (`use-auth-secret`), on
 * the address and port given, optionally inside a network namespace
 * (`ip netns exec`). Resolves once coturn has opened its listeners.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Whether `turnserver` is installed. */
export function hasCoturn(): boolean {
  return spawnSync('turnserver', ['--version'], { stdio: 'ignore' }).error === undefined;
}

/** What `startCoturn` takes. */
export interface CoturnOptions {
  /** Address to listen and relay on. */
  ip: string;
  port: number;
  /** The shared secret (`static-auth-secret`). */
  secret: string;
  /** Run inside this network namespace. */
  netns?: string;
  /** Relay port range (default 49200-49400). */
  minPort?: number;
  maxPort?: number;
}

/** A running coturn. */
export interface RunningCoturn {
  /** What coturn printed so far. */
  output(): string;
  /** Stops it (SIGTERM, then SIGKILL) and removes its files. */
  stop(): Promise<void>;
}

/** The realm every test coturn uses. */
export const TEST_REALM = 'peermatch.test';

/** A free TCP port on 127.0.0.1 (coturn also takes the same UDP port). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

/** Starts coturn; rejects with its output when it exits or has not opened its listeners within `timeoutMs`. */
export async function startCoturn(options: CoturnOptions, timeoutMs = 15_000): Promise<RunningCoturn> {
  const dir = mkdtempSync(join(tmpdir(), 'peermatch-coturn-'));
  const config = [
    `listening-ip=${options.ip}`,
    `relay-ip=${options.ip}`,
    `listening-port=${options.port}`,
    `min-port=${options.minPort ?? 49200}`,
    `max-port=${options.maxPort ?? 49400}`,
    'use-auth-secret',
    `static-auth-secret=${options.secret}`,
    `realm=${TEST_REALM}`,
    'fingerprint',
    'no-tls',
    'no-dtls',
    'no-cli',
    'no-multicast-peers',
    // Tests relay between private addresses and, on loopback, to 127.0.0.1 itself.
    ...(options.ip.startsWith('127.') ? ['allow-loopback-peers'] : []),
    'no-software-attribute',
    'log-file=stdout',
    'simple-log',
    `pidfile=${join(dir, 'turnserver.pid')}`,
    `userdb=${join(dir, 'turndb')}`,
  ];
  writeFileSync(join(dir, 'turnserver.conf'), `${config.join('\n')}\n`, { mode: 0o600 });
  const command = options.netns ? ['ip', 'netns', 'exec', options.netns, 'turnserver'] : ['turnserver'];
  const child: ChildProcess = spawn(command[0]!, [...command.slice(1), '-c', join(dir, 'turnserver.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopped = false;
  const stop = async () => {
    if (!stopped) {
      stopped = true;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
      rmSync(dir, { recursive: true, force: true });
    }
  };
  const started = Date.now();
  while (!/Total General servers/.test(output)) {
    if (child.exitCode !== null || Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`coturn did not start on ${options.ip}:${options.port}:\n${output.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { output: () => output, stop };
}
