/**
 * The simulator's Web Worker: answers one `run` message (protocol.ts) by
 * simulating each input in order, streaming `progress` and `result`
 * messages, then `done`; any failure is one `error` message with the
 * exception's name. Load it through `runSimulationInWorker` (run-in-worker.ts).
 */
import { serveSimulations, type SimulatorEndpoint } from './serve-simulations.ts';

// `self` is typed as a Window under the DOM lib; in a worker it is the DedicatedWorkerGlobalScope.
serveSimulations(self as unknown as SimulatorEndpoint, () => performance.now());
