/**
 * The two ends of a worker channel, as small interfaces: a browser
 * `DedicatedWorkerGlobalScope` (`self`) or `Worker`, and a Node `MessagePort`
 * behind `src/node/port-endpoint.ts`, all fit.
 */

/** Something that delivers messages as `{ data }` events and can post back. */
export interface MessageEndpoint {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener?(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/**
 * The page / main-thread end of a worker: the channel, plus how to end the
 * worker and how to learn that it is gone (crashed, exited, failed to load).
 */
export interface WorkerLink extends MessageEndpoint {
  /** Ends the worker at once. */
  terminate(): void | Promise<unknown>;
  /** Calls `handler` when the worker is gone, with why; at most once per link. */
  onGone(handler: (reason: string) => void): void;
}
