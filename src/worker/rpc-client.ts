/**
 * The page / main-thread side of the Matchmaker RPC: a typed proxy whose
 * methods are the hosted Matchmaker's, each answering a Promise of the same
 * result. Errors reject as `Error`s with the AWS exception name they were
 * thrown with in the worker; events arrive through `on`.
 */
import { awsException, isAwsExceptionName } from '../core/matchmaker/exceptions.ts';
import type {
  GameSessionUpdate,
  GameSessionUpdateListener,
  MatchmakingEvent,
  MatchmakingEventListener,
} from '../core/matchmaker/events.ts';
import type { Matchmaker, MatchmakerSnapshot } from '../core/matchmaker/index.ts';
import type { MessageEndpoint, WorkerLink } from './endpoint.ts';
import {
  isMessageIssue,
  MATCHMAKER_METHODS,
  parseWorkerMessage,
  type MatchmakerMethod,
  type RequestMessage,
} from './protocol.ts';

/**
 * Every method of `MATCHMAKER_METHODS`, typed from the Matchmaker class itself
 * (so the remote cannot drift from it), answering a Promise.
 */
export type RemoteMatchmakerMethods = {
  [K in MatchmakerMethod]: (...args: Parameters<Matchmaker[K]>) => Promise<Awaited<ReturnType<Matchmaker[K]>>>;
};

/**
 * Compile-time guard: every public method of the Matchmaker is either callable
 * remotely or deliberately handled otherwise (listeners become streams, the
 * snapshot a control message). A new public method fails to compile here
 * until it is added to `MATCHMAKER_METHODS` or to this list.
 */
type PublicMethod = { [K in keyof Matchmaker]: Matchmaker[K] extends (...args: never[]) => unknown ? K : never }[keyof Matchmaker];
type NotRemoted = Exclude<PublicMethod, MatchmakerMethod | 'on' | 'onUpdateGameSession' | 'snapshot'>;
const everyMethodRemoted: [NotRemoted] extends [never] ? true : { missingFromMatchmakerMethods: NotRemoted } = true;
void everyMethodRemoted;

/** A Matchmaker in a worker, seen from the page or the Node main thread. */
export interface RemoteMatchmaker extends RemoteMatchmakerMethods {
  /** Streams every FlexMatch event the hosted Matchmaker emits. Returns an unsubscribe function. */
  on(listener: MatchmakingEventListener): () => void;
  /**
   * Streams the server SDK's game-session updates (backfill results), for
   * every session or for one by ARN. Returns an unsubscribe function.
   */
  onUpdateGameSession(listener: GameSessionUpdateListener): () => void;
  onUpdateGameSession(gameSessionArn: string, listener: GameSessionUpdateListener): () => void;
  /**
   * Failures that answer no call: a timer `tick()` that threw in the worker, a
   * malformed message, or the worker going away. Returns an unsubscribe function.
   */
  onFault(listener: (error: Error) => void): () => void;
  /** (Re)starts the worker's timer: `tick()` every `intervalMs` ms. */
  startTicking(intervalMs: number): Promise<void>;
  /** Stops the worker's timer; call `tick()` to move the matchmaker by hand. */
  stopTicking(): Promise<void>;
  /** The hosted Matchmaker's snapshot (plain JSON). */
  snapshot(): Promise<MatchmakerSnapshot>;
  /** Replaces the hosted Matchmaker by one restored from `snapshot`. */
  restore(snapshot: MatchmakerSnapshot): Promise<void>;
  /** Sets the hosted Matchmaker's clock: from now on it reads `nowMs` plus the time passed. */
  setClock(nowMs: number): Promise<void>;
  /** Stops the worker's timer and terminates the worker; pending calls reject with `WorkerGoneError`. Idempotent. */
  close(): Promise<void>;
}

/** The `name` of the error a call rejects with when the worker is gone (terminated, crashed, closed). */
export const WORKER_GONE_ERROR = 'WorkerGoneError';

/** How long `close()` waits for the worker to acknowledge before terminating it anyway. */
const CLOSE_GRACE_MS = 2000;

interface Pending {
  label: string;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** An AWS exception class instance for AWS names (so `instanceof` holds across the worker), else an `Error` named `name`. */
function namedError(name: string, message: string): Error {
  if (isAwsExceptionName(name)) return awsException(name, message);
  const error = new Error(message);
  error.name = name;
  return error;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/**
 * Connects to a worker running `serveMatchmaker`. With a `WorkerLink` (see
 * `create-worker.ts`, `src/node/node-worker.ts`) the remote also notices the
 * worker dying and can terminate it; with a bare endpoint `close()` only
 * stops the server.
 */
export function connectMatchmaker(endpoint: MessageEndpoint | WorkerLink): RemoteMatchmaker {
  const pending = new Map<number, Pending>();
  const eventListeners = new Set<MatchmakingEventListener>();
  const updateListeners = new Set<{ gameSessionArn?: string; listener: GameSessionUpdateListener }>();
  const faultListeners = new Set<(error: Error) => void>();
  let nextId = 1;
  let gone: string | undefined;

  function fault(error: Error): void {
    for (const listener of [...faultListeners]) listener(error);
  }

  function request(message: DistributiveOmit<RequestMessage, 'id'>): Promise<unknown> {
    const label = message.type === 'call' ? message.method : message.type;
    if (gone !== undefined) {
      return Promise.reject(namedError(WORKER_GONE_ERROR, `${label}: the matchmaker worker is gone (${gone})`));
    }
    const id = nextId++;
    return new Promise((resolve, reject) => {
      pending.set(id, { label, resolve, reject });
      try {
        endpoint.postMessage({ ...message, id });
      } catch (error) {
        // Arguments the structured clone cannot carry (a function in a request).
        pending.delete(id);
        reject(namedError('InvalidRequestException', `${label}: ${(error as Error).message}`));
      }
    });
  }

  function settle(id: number, outcome: { value: unknown } | { error: Error }): void {
    const call = pending.get(id);
    if (!call) {
      fault(namedError('InternalServiceException', `the worker answered request ${id}, which is not pending`));
      return;
    }
    pending.delete(id);
    if ('error' in outcome) call.reject(outcome.error);
    else call.resolve(outcome.value);
  }

  /** Runs a listener; what it throws goes to the fault listeners, and delivery goes on. */
  function call(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      fault(error instanceof Error ? error : new Error(String(error)));
    }
  }

  function deliver(event: MatchmakingEvent): void {
    for (const listener of [...eventListeners]) call(() => listener(event));
  }

  function deliverUpdate(update: GameSessionUpdate): void {
    for (const entry of [...updateListeners]) {
      const arn = update.gameSession.GameSessionId;
      if (entry.gameSessionArn === undefined || entry.gameSessionArn === arn) call(() => entry.listener(update));
    }
  }

  function onMessage(event: { data: unknown }): void {
    const parsed = parseWorkerMessage(event.data);
    if (isMessageIssue(parsed)) {
      const error = namedError('InternalServiceException', `malformed message from the worker: ${parsed.issue}`);
      if (parsed.id !== undefined && pending.has(parsed.id)) settle(parsed.id, { error });
      else fault(error);
      return;
    }
    switch (parsed.type) {
      case 'result':
        settle(parsed.id, { value: parsed.value });
        return;
      case 'error':
        settle(parsed.id, { error: namedError(parsed.name, parsed.message) });
        return;
      case 'event':
        deliver(parsed.event);
        return;
      case 'game-session-update':
        deliverUpdate(parsed.update);
        return;
      case 'fault':
        fault(namedError(parsed.name, `worker ${parsed.source === 'tick' ? 'tick' : 'message'} failed: ${parsed.message}`));
        return;
      default:
        // A request type echoed back: not something a worker sends.
        fault(namedError('InternalServiceException', `unexpected message from the worker: type "${parsed.type}"`));
    }
  }

  function markGone(reason: string): void {
    if (gone !== undefined) return;
    gone = reason;
    endpoint.removeEventListener?.('message', onMessage);
    for (const [id, call] of pending) {
      pending.delete(id);
      call.reject(namedError(WORKER_GONE_ERROR, `${call.label}: the matchmaker worker is gone (${reason}) before answering`));
    }
    if (reason !== 'closed') fault(namedError(WORKER_GONE_ERROR, `the matchmaker worker is gone (${reason})`));
  }

  endpoint.addEventListener('message', onMessage);
  const link = 'onGone' in endpoint ? endpoint : undefined;
  link?.onGone(markGone);

  async function close(): Promise<void> {
    if (gone !== undefined) return;
    const acknowledged = request({ type: 'close' }).catch(() => undefined);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_GRACE_MS);
    });
    await Promise.race([acknowledged, grace]);
    clearTimeout(timer);
    markGone('closed');
    await link?.terminate();
  }

  const methods = Object.fromEntries(
    MATCHMAKER_METHODS.map((method) => [method, (...args: unknown[]) => request({ type: 'call', method, args })]),
  ) as unknown as RemoteMatchmakerMethods;

  return {
    ...methods,
    on(listener) {
      eventListeners.add(listener);
      return () => void eventListeners.delete(listener);
    },
    onUpdateGameSession(first: string | GameSessionUpdateListener, second?: GameSessionUpdateListener) {
      const entry =
        typeof first === 'function' ? { listener: first } : { gameSessionArn: first, listener: second as GameSessionUpdateListener };
      if (typeof entry.listener !== 'function') {
        throw namedError('InvalidRequestException', 'onUpdateGameSession: a listener function is required');
      }
      updateListeners.add(entry);
      return () => void updateListeners.delete(entry);
    },
    onFault(listener) {
      faultListeners.add(listener);
      return () => void faultListeners.delete(listener);
    },
    startTicking: async (intervalMs) => void (await request({ type: 'start-ticking', intervalMs })),
    stopTicking: async () => void (await request({ type: 'stop-ticking' })),
    snapshot: async () => (await request({ type: 'snapshot' })) as MatchmakerSnapshot,
    restore: async (snapshot) => void (await request({ type: 'restore', snapshot })),
    setClock: async (nowMs) => void (await request({ type: 'set-clock', nowMs: Math.round(nowMs) })),
    close,
  };
}
