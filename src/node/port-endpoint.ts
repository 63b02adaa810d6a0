/**
 * Node's `worker_threads` speak EventEmitter (`port.on('message', value)`),
 * the worker RPC speaks `addEventListener('message', ({ data }) => ...)`; this
 * adapts the one to the other so `serveMatchmaker` and `connectMatchmaker`
 * run unchanged on a `parentPort`, a `MessagePort` or a `Worker`.
 */
import type { MessageEndpoint } from '../worker/endpoint.ts';

/** The part of a Node `MessagePort` / `Worker` the adapter uses. */
export interface NodeMessagePortLike {
  postMessage(value: unknown): void;
  on(event: 'message', listener: (value: unknown) => void): unknown;
  off(event: 'message', listener: (value: unknown) => void): unknown;
}

/** `port` as a `MessageEndpoint`: each message `value` arrives as `{ data: value }`. */
export function nodePortEndpoint(port: NodeMessagePortLike): MessageEndpoint {
  const wrappers = new Map<(event: { data: unknown }) => void, (value: unknown) => void>();
  return {
    postMessage: (message) => port.postMessage(message),
    addEventListener(_type, listener) {
      if (wrappers.has(listener)) return;
      const wrapper = (value: unknown): void => listener({ data: value });
      wrappers.set(listener, wrapper);
      port.on('message', wrapper);
    },
    removeEventListener(_type, listener) {
      const wrapper = wrappers.get(listener);
      if (!wrapper) return;
      wrappers.delete(listener);
      port.off('message', wrapper);
    },
  };
}
