/**
 * The browser Web Worker entry: hosts a Matchmaker on the worker's own
 * global scope, ticking every second until the page says otherwise. Load it
 * with `createMatchmakerWorker()` (create-worker.ts), or directly:
 * `new Worker(new URL('./matchmaker.worker.ts', import.meta.url), { type: 'module' })`.
 */
import type { MessageEndpoint } from './endpoint.ts';
import { serveMatchmaker } from './rpc-server.ts';

// `self` is typed as a Window under the DOM lib; in a worker it is the
// DedicatedWorkerGlobalScope, whose postMessage/addEventListener fit the endpoint.
serveMatchmaker(self as unknown as MessageEndpoint);
