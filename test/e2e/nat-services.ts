/**
 * The public side of the NAT tests, inside the public namespace: the real
 * `peermatch serve` (handing out coturn's STUN/TURN URLs and per-client TURN
 * credentials), headless lobby hosts (`peermatch host`), each a child process
 * started with `ip netns exec`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../bin/peermatch.js', import.meta.url));

/** A child process in a namespace. */
export interface NsProcess {
  output(): string;
  /** SIGTERM, then SIGKILL after 3 s; resolves when it exited. */
  stop(): Promise<void>;
}

/** Starts `node bin/peermatch.js ...args` in `ns`; resolves once its output matches `ready`. */
export async function startCli(ns: string, args: string[], ready: RegExp, env: Record<string, string> = {}, timeoutMs = 30_000): Promise<NsProcess> {
  const child: ChildProcess = spawn('ip', ['netns', 'exec', ns, process.execPath, CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopped = false;
  const stop = async () => {
    if (stopped) return exited;
    stopped = true;
    if (child.exitCode === null) child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(killer);
  };
  const started = Date.now();
  while (!ready.test(output)) {
    if (child.exitCode !== null || Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`peermatch ${args.join(' ')} in ${ns} did not start:\n${output.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { output: () => output, stop };
}

/** `peermatch serve` on `ip:port` in `ns`, with STUN and TURN on `turnIp:turnPort` and the shared `secret` (from the environment, never argv). */
export function startServeIn(ns: string, ip: string, port: number, turn: { ip: string; port: number; secret: string }): Promise<NsProcess> {
  return startCli(
    ns,
    ['serve', '--host', ip, '--port', String(port), '--state-file', 'none', '--static-dir', tmpdir(),
      '--stun-urls', `stun:${turn.ip}:${turn.port}`, '--turn-urls', `turn:${turn.ip}:${turn.port}?transport=udp`],
    /peermatch server on http/,
    { PEERMATCH_TURN_SECRET: turn.secret },
  );
}

/** `peermatch host` of `lobby` with `ruleSetBody`, in `ns`, on the server at `serverUrl`; resolves once it registered. */
export async function startHostIn(ns: string, serverUrl: string, lobby: string, ruleSetBody: string): Promise<NsProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'peermatch-nat-host-'));
  writeFileSync(join(dir, 'rules.json'), ruleSetBody);
  try {
    const host = await startCli(ns, ['host', '--server', serverUrl, '--lobby', lobby, '--ruleset', join(dir, 'rules.json'), '--tick-interval', '200'], /lobby "[^"]+" registered/);
    return {
      output: host.output,
      stop: async () => {
        await host.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
