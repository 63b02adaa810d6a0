/**
 * `peermatch host` in a process of its own (the failover test and bench),
 * and a poll for a condition that becomes true.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/peermatch.js', import.meta.url));

/** Starts `peermatch host ARGS`; `ready` resolves once its output matched `pattern` (rejects if it exits first). */
export function hostProcess(args: readonly string[], pattern: RegExp): { child: ChildProcess; ready: Promise<string>; output: () => string } {
  const child = spawn(process.execPath, [...(process.env.CHILD_PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/prof/child'] : []), BIN, 'host', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const match = pattern.exec(out);
      if (match) resolve(match[0]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`peermatch host exited (${code ?? signal}) before ${pattern}: ${out}`)));
  });
  ready.catch(() => undefined);
  return { child, ready, output: () => out };
}

/** Resolves once `check` holds, polling every `everyMs`; rejects naming `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000, everyMs = 20): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
