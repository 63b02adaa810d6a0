/**
 * Starts the Matchmaker Web Worker in a browser and connects to it. The
 * `new Worker(new URL(...), { type: 'module' })` form is the one Vite
 * recognises and bundles as a worker chunk.
 */
import type { WorkerLink } from './endpoint.ts';
import { MAX_TICK_INTERVAL_MS } from './protocol.ts';
import { connectMatchmaker, type RemoteMatchmaker } from './rpc-client.ts';

/** How the browser worker starts. */
export interface MatchmakerWorkerOptions {
  /** Milliseconds between ticks (default 1000, the worker's own); `null` starts without a timer. */
  tickIntervalMs?: number | null;
  /** The worker's name, shown in the browser's devtools. */
  name?: string;
}

/**
 * A Matchmaker running in a new module Web Worker. Throws
 * `InvalidRequestException` synchronously for a bad `tickIntervalMs`.
 */
export function createMatchmakerWorker(options: MatchmakerWorkerOptions = {}): RemoteMatchmaker {
  const { tickIntervalMs } = options;
  if (tickIntervalMs != null && !(tickIntervalMs > 0 && tickIntervalMs <= MAX_TICK_INTERVAL_MS)) {
    const error = new Error(`tickIntervalMs: expected milliseconds from 1 to ${MAX_TICK_INTERVAL_MS}, got ${tickIntervalMs}`);
    error.name = 'InvalidRequestException';
    throw error;
  }
  const worker = new Worker(new URL('./matchmaker.worker.ts', import.meta.url), {
    type: 'module',
    name: options.name ?? 'peermatch-matchmaker',
  });
  const remote = connectMatchmaker(browserWorkerLink(worker));
  // Posted before any call the page makes, so the worker ticks at this pace from the first call on.
  if (tickIntervalMs === null) void remote.stopTicking().catch(() => undefined);
  else if (tickIntervalMs !== undefined) void remote.startTicking(tickIntervalMs).catch(() => undefined);
  return remote;
}

/**
 * A browser `Worker` as a `WorkerLink`. A worker `error` event (the module
 * failed to load, or threw at top level) counts as the worker being gone:
 * the server itself never lets an error escape, so there is nothing to
 * resume; the worker is terminated.
 */
export function browserWorkerLink(worker: Worker): WorkerLink {
  const goneHandlers: ((reason: string) => void)[] = [];
  let gone = false;
  const markGone = (reason: string): void => {
    if (gone) return;
    gone = true;
    for (const handler of goneHandlers) handler(reason);
  };
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    worker.terminate();
    markGone(`failed: ${event.message || 'the worker script could not be loaded'}`);
  });
  return {
    postMessage: (message) => worker.postMessage(message),
    addEventListener: (type, listener) => worker.addEventListener(type, listener),
    removeEventListener: (type, listener) => worker.removeEventListener(type, listener),
    terminate() {
      worker.terminate();
      markGone('terminated');
    },
    onGone(handler) {
      goneHandlers.push(handler);
    },
  };
}
