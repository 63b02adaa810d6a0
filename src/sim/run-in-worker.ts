/**
 * Runs simulations off the page's main thread, in a module Web Worker
 * (simulator.worker.ts), so a host console stays responsive while thousands
 * of simulated minutes go by. One worker per call, terminated when the call
 * settles.
 */
import { assertNever } from '../core/assert-never.ts';
import { isSimulatorMessageIssue, parseSimulatorMessage, type SimulatorMessage } from './protocol.ts';
import type { SimulationInput, SimulationResult } from './types.ts';

/** The part of a `Worker` this module uses (a test may pass its own). */
export interface SimulatorWorkerLike {
  postMessage(message: SimulatorMessage): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string; preventDefault?(): void }) => void): void;
  terminate(): void;
}

/** Options of `runSimulationInWorker`. */
export interface RunInWorkerOptions {
  /** Progress of input `index`, in simulated minutes (about a hundred calls per input). */
  onProgress?(index: number, simulatedMinutes: number, totalMinutes: number): void;
  /** Aborting terminates the worker and rejects with a `DOMException` named `AbortError`. */
  signal?: AbortSignal;
  /** Starts the worker; default: the module worker `simulator.worker.ts` (bundled by Vite). */
  createWorker?: () => SimulatorWorkerLike;
}

/** The default worker: the `new Worker(new URL(...), { type: 'module' })` form Vite bundles. */
function startSimulatorWorker(): SimulatorWorkerLike {
  return new Worker(new URL('./simulator.worker.ts', import.meta.url), { type: 'module', name: 'peermatch-simulator' });
}

/**
 * Simulates every input in order in one Web Worker and resolves to their
 * results, in input order. Rejects with an `Error` whose `name` and message
 * are the run's (`InvalidRequestException` and the path and value of a bad
 * input), with an `Error` when the worker cannot start or dies, and with a
 * `DOMException` `AbortError` when `signal` aborts (before or during the run).
 */
export function runSimulationInWorker(inputs: SimulationInput[], options: RunInWorkerOptions = {}): Promise<SimulationResult[]> {
  const { signal, onProgress } = options;
  if (signal?.aborted) return Promise.reject(abortError());
  return new Promise<SimulationResult[]>((resolve, reject) => {
    const worker = (options.createWorker ?? startSimulatorWorker)();
    const results: SimulationResult[] = [];
    let settled = false;
    const settle = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      worker.terminate();
      outcome();
    };
    const onAbort = (): void => settle(() => reject(abortError()));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.addEventListener('error', (event) => {
      event.preventDefault?.();
      settle(() => reject(new Error(`simulator worker failed: ${event.message || 'the worker script could not be loaded'}`)));
    });
    worker.addEventListener('message', (event) => {
      const message = parseSimulatorMessage(event.data);
      if (isSimulatorMessageIssue(message)) {
        settle(() => reject(new Error(`simulator worker sent a malformed message: ${message.issue}`)));
        return;
      }
      switch (message.type) {
        case 'progress':
          if (!settled) onProgress?.(message.index, message.simulatedMinutes, message.totalMinutes);
          return;
        case 'result':
          results[message.index] = message.result;
          return;
        case 'done':
          settle(() => resolve(results));
          return;
        case 'error':
          settle(() => reject(namedError(message.name, message.message)));
          return;
        case 'run':
          settle(() => reject(new Error('simulator worker sent a "run" message back')));
          return;
        default:
          return assertNever(message, 'simulator message');
      }
    });
    worker.postMessage({ type: 'run', inputs });
  });
}

function abortError(): DOMException {
  return new DOMException('The simulation was aborted.', 'AbortError');
}

function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

