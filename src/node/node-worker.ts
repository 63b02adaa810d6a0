/**
 * A headless Matchmaker for Node: the browser worker's server, run in a
 * `worker_threads` thread, behind the same typed remote (`RemoteMatchmaker`).
 * From the built package the thread runs `matchmaker-thread.js` directly;
 * from the TypeScript sources (this repository) it runs them through tsx.
 */
import { Worker } from 'node:worker_threads';
import type { WorkerLink } from '../worker/endpoint.ts';
import { connectMatchmaker, type RemoteMatchmaker } from '../worker/rpc-client.ts';
import type { NodeMatchmakerOptions } from './node-matchmaker-options.ts';
import { nodePortEndpoint } from './port-endpoint.ts';

export type { NodeMatchmakerOptions } from './node-matchmaker-options.ts';

/** The thread's entry; the package build rewrites `.ts` to `.js` here, as in every import. */
const ENTRY = new URL('./matchmaker-thread.ts', import.meta.url);
/** Only a TypeScript entry needs tsx registered in the thread first. */
const FROM_SOURCES = ENTRY.pathname.endsWith('.ts');
const BOOTSTRAP = new URL('./thread-bootstrap.mjs', import.meta.url);

/**
 * Starts a Matchmaker in a new worker thread and connects to it. The thread
 * keeps the process alive until `close()`.
 */
export function startNodeMatchmaker(options: NodeMatchmakerOptions = {}): RemoteMatchmaker {
  return connectMatchmaker(nodeWorkerLink(spawnMatchmakerThread(options)));
}

/**
 * The bare thread behind `startNodeMatchmaker`, for hosts that want the raw
 * `Worker` (resource limits, their own wire): it serves `protocol.ts` on its
 * `parentPort`. Throws `DataCloneError` when `options` holds a function.
 */
export function spawnMatchmakerThread(options: NodeMatchmakerOptions = {}): Worker {
  return new Worker(FROM_SOURCES ? BOOTSTRAP : ENTRY, {
    workerData: { entry: ENTRY.href, options },
    name: 'peermatch-matchmaker',
  });
}

/** A Node `Worker` as a `WorkerLink`: gone on `exit` (any code) or on an uncaught `error`. */
export function nodeWorkerLink(worker: Worker): WorkerLink {
  const handlers: ((reason: string) => void)[] = [];
  let gone: string | undefined;
  const markGone = (reason: string): void => {
    if (gone !== undefined) return;
    gone = reason;
    for (const handler of handlers) handler(reason);
  };
  worker.once('error', (error: Error) => markGone(`crashed: ${error.name}: ${error.message}`));
  worker.once('exit', (code) => markGone(`exited with code ${code}`));
  return {
    ...nodePortEndpoint(worker),
    terminate: () => worker.terminate(),
    onGone(handler) {
      if (gone !== undefined) handler(gone);
      else handlers.push(handler);
    },
  };
}
