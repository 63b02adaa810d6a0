/**
 * The worker side of the Matchmaker RPC: hosts one `Matchmaker`, answers the
 * calls of `protocol.ts`, streams every event out, and owns the timer that
 * drives `tick()` (the core has no timers of its own). This is the I/O edge,
 * so the clock is the real `Date.now` and randomness `Math.random`.
 *
 * Runs unchanged in a browser Web Worker (`matchmaker.worker.ts`) and in a
 * Node `worker_threads` thread (`src/node/matchmaker-thread.ts`).
 */
import { assertNever } from '../core/assert-never.ts';
import { Matchmaker, type MatchmakerOptions, type MatchmakerSnapshot } from '../core/matchmaker/index.ts';
import { toWireError } from '../net/wire-error.ts';
import type { MessageEndpoint } from './endpoint.ts';
import {
  isMessageIssue,
  MAX_TICK_INTERVAL_MS,
  parseWorkerMessage,
  type RequestMessage,
  type ResponseMessage,
} from './protocol.ts';

/** Default time between two timer ticks. */
export const DEFAULT_TICK_INTERVAL_MS = 1000;

/** The Matchmaker options a host may set; the clock is always the worker's own. */
export type HostedMatchmakerOptions = Omit<MatchmakerOptions, 'now'>;

/** How `serveMatchmaker` sets up the hosted Matchmaker and its timer. */
export interface ServeOptions {
  /** Milliseconds between ticks; default 1000. `null` starts without a timer (tick by call, or `start-ticking`). */
  tickIntervalMs?: number | null;
  /** Options of the hosted Matchmaker (region, random source, placement hook, ...). */
  matchmaker?: HostedMatchmakerOptions;
  /** Start from this snapshot instead of an empty matchmaker. Throws the core's error when it is not a snapshot. */
  snapshot?: MatchmakerSnapshot;
}

/** A running server. */
export interface MatchmakerServer {
  /** The Matchmaker being served right now (a `restore` replaces it). */
  readonly matchmaker: Matchmaker;
  /** Whether the timer is running, and at which interval. */
  readonly tickIntervalMs: number | null;
  /** Stops the timer and stops listening; idempotent. */
  close(): void;
}


/**
 * Serves a Matchmaker on `endpoint` (the worker's `self`, or a Node port
 * adapter) until `close()` or a `close` message. Never throws on a message:
 * a malformed one is answered with an `InvalidRequestException` (or a `fault`
 * when it has no usable `id`), and the server keeps serving.
 */
export function serveMatchmaker(endpoint: MessageEndpoint, options: ServeOptions = {}): MatchmakerServer {
  const requested = options.tickIntervalMs === undefined ? DEFAULT_TICK_INTERVAL_MS : options.tickIntervalMs;
  const initialIntervalMs = requested === null ? null : checkInterval(requested);
  let clockOffsetMs = 0;
  const matchmakerOptions: MatchmakerOptions = {
    // The edge supplies real time and real randomness (the core defaults to a frozen clock and a fixed seed).
    random: Math.random,
    // The core reports listener errors by rethrowing from a microtask, which a
    // browser would surface as a worker `error` event; report them as faults instead.
    onListenerError: (error) => post({ type: 'fault', source: 'tick', ...toWireError(error) }),
    ...options.matchmaker,
    // The real clock, set forward or back by `set-clock` (a lobby host serves on the lobby's clock).
    now: () => Date.now() + clockOffsetMs,
  };
  let matchmaker = options.snapshot
    ? Matchmaker.restore(options.snapshot, matchmakerOptions)
    : new Matchmaker(matchmakerOptions);
  let unsubscribe = subscribe(matchmaker);
  let timer: ReturnType<typeof setInterval> | undefined;
  let tickIntervalMs: number | null = null;
  let closed = false;

  function post(message: ResponseMessage): void {
    try {
      endpoint.postMessage(message);
    } catch (error) {
      // A value the structured clone cannot carry (a function in a result):
      // answer the caller rather than leave it waiting.
      if (message.type !== 'result') return;
      endpoint.postMessage({ type: 'error', id: message.id, ...toWireError(error) } satisfies ResponseMessage);
    }
  }

  function startTicking(intervalMs: number): void {
    stopTicking();
    tickIntervalMs = intervalMs;
    timer = setInterval(() => {
      try {
        matchmaker.tick();
      } catch (error) {
        post({ type: 'fault', source: 'tick', ...toWireError(error) });
      }
    }, intervalMs);
  }

  function stopTicking(): void {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
    tickIntervalMs = null;
  }

  function subscribe(target: Matchmaker): () => void {
    const offEvents = target.on((event) => post({ type: 'event', event }));
    const offUpdates = target.onUpdateGameSession((update) => post({ type: 'game-session-update', update }));
    return () => {
      offEvents();
      offUpdates();
    };
  }

  function restore(snapshot: unknown): void {
    const next = Matchmaker.restore(snapshot as MatchmakerSnapshot, matchmakerOptions);
    unsubscribe();
    matchmaker = next;
    unsubscribe = subscribe(matchmaker);
  }

  async function answer(request: RequestMessage): Promise<unknown> {
    switch (request.type) {
      case 'call': {
        // `method` is one of MATCHMAKER_METHODS (checked by the guard), never an arbitrary property.
        const method = matchmaker[request.method] as (...args: unknown[]) => unknown;
        return await method.apply(matchmaker, request.args);
      }
      case 'start-ticking':
        startTicking(request.intervalMs);
        return undefined;
      case 'stop-ticking':
        stopTicking();
        return undefined;
      case 'snapshot':
        return matchmaker.snapshot();
      case 'restore':
        restore(request.snapshot);
        return undefined;
      case 'set-clock':
        clockOffsetMs = request.nowMs - Date.now();
        return undefined;
      case 'close':
        close();
        return undefined;
      default:
        return assertNever(request, 'request');
    }
  }

  async function onMessage(event: { data: unknown }): Promise<void> {
    const parsed = parseWorkerMessage(event.data);
    if (isMessageIssue(parsed)) {
      const error = { name: 'InvalidRequestException', message: `malformed worker message: ${parsed.issue}` };
      post(parsed.id === undefined ? { type: 'fault', source: 'message', ...error } : { type: 'error', id: parsed.id, ...error });
      return;
    }
    if (!isRequest(parsed)) {
      const error = {
        name: 'InvalidRequestException',
        message: `malformed worker message: type: "${parsed.type}" is sent by the worker, not to it`,
      };
      post('id' in parsed ? { type: 'error', id: parsed.id, ...error } : { type: 'fault', source: 'message', ...error });
      return;
    }
    if (closed) {
      post({ type: 'error', id: parsed.id, name: 'InvalidRequestException', message: `${label(parsed)}: the matchmaker server is closed` });
      return;
    }
    try {
      post({ type: 'result', id: parsed.id, value: await answer(parsed) });
    } catch (error) {
      post({ type: 'error', id: parsed.id, ...toWireError(error) });
    }
  }

  const listener = (event: { data: unknown }): void => void onMessage(event);

  function close(): void {
    if (closed) return;
    closed = true;
    stopTicking();
    unsubscribe();
    endpoint.removeEventListener?.('message', listener);
  }

  endpoint.addEventListener('message', listener);
  if (initialIntervalMs !== null) startTicking(initialIntervalMs);

  return {
    get matchmaker() {
      return matchmaker;
    },
    get tickIntervalMs() {
      return tickIntervalMs;
    },
    close,
  };
}

function checkInterval(intervalMs: number): number {
  if (!Number.isFinite(intervalMs) || intervalMs <= 0 || intervalMs > MAX_TICK_INTERVAL_MS) {
    const error = new Error(`tickIntervalMs: expected milliseconds from 1 to ${MAX_TICK_INTERVAL_MS}, got ${intervalMs}`);
    error.name = 'InvalidRequestException';
    throw error;
  }
  return intervalMs;
}

function isRequest(message: ReturnType<typeof parseWorkerMessage>): message is RequestMessage {
  return 'type' in message && ['call', 'start-ticking', 'stop-ticking', 'snapshot', 'restore', 'set-clock', 'close'].includes(message.type);
}

function label(request: RequestMessage): string {
  return request.type === 'call' ? request.method : request.type;
}

