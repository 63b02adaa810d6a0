/**
 * The wire between a page (or a Node main thread) and the worker that hosts a
 * `Matchmaker`: every message, in both directions, declared once as a union on
 * `type`, and the one guard both sides run on whatever arrives.
 *
 * Payloads (call arguments, results, events, snapshots) travel by structured
 * clone, so the AWS shapes keep their `Date`s. Errors never travel as `Error`
 * objects (structured clone drops their `name` in some engines); they travel
 * as `{ name, message }` so that the AWS exception name survives.
 */
import { assertNever } from '../core/assert-never.ts';
import { formatValue } from '../core/format-value.ts';
import type { GameSessionUpdate, MatchmakingEvent } from '../core/matchmaker/events.ts';

/**
 * The Matchmaker methods a remote side may call, and nothing else: a message
 * naming any other property (`constructor`, `on`, `__proto__`, ...) is
 * refused by `parseWorkerMessage`. `rpc-client.ts` derives the remote's types
 * from these names and the Matchmaker class, so a name that is not a method
 * fails to compile.
 */
export const MATCHMAKER_METHODS = [
  'createMatchmakingRuleSet',
  'describeMatchmakingRuleSets',
  'validateMatchmakingRuleSet',
  'deleteMatchmakingRuleSet',
  'createMatchmakingConfiguration',
  'describeMatchmakingConfigurations',
  'updateMatchmakingConfiguration',
  'deleteMatchmakingConfiguration',
  'startMatchmaking',
  'describeMatchmaking',
  'stopMatchmaking',
  'acceptMatch',
  'startMatchBackfill',
  'stopMatchBackfill',
  'reportPlayerLeft',
  'changeGameHost',
  'describeGameSessions',
  'listTickets',
  'explainMatchmaking',
  'tick',
] as const;

/** One of `MATCHMAKER_METHODS`. */
export type MatchmakerMethod = (typeof MATCHMAKER_METHODS)[number];

// --- To the worker -----------------------------------------------------------

/** Call `method(...args)` on the hosted Matchmaker; answered by `result` or `error` with the same `id`. */
export interface CallMessage {
  type: 'call';
  id: number;
  method: MatchmakerMethod;
  args: unknown[];
}

/** (Re)start the worker's timer: `tick()` every `intervalMs` milliseconds. Answered by `result`. */
export interface StartTickingMessage {
  type: 'start-ticking';
  id: number;
  intervalMs: number;
}

/** Stop the worker's timer; the Matchmaker then moves only on a `tick` call. Answered by `result`. */
export interface StopTickingMessage {
  type: 'stop-ticking';
  id: number;
}

/** Answered by a `result` whose value is the Matchmaker's snapshot (plain data). */
export interface SnapshotMessage {
  type: 'snapshot';
  id: number;
}

/** Replace the hosted Matchmaker by one restored from `snapshot`. Answered by `result` or `error`. */
export interface RestoreMessage {
  type: 'restore';
  id: number;
  snapshot: unknown;
}

/**
 * Set the hosted Matchmaker's clock: from now on it reads `nowMs` plus the
 * time passed (a lobby host serves on the relay's clock, the lobby's, so
 * that ages do not jump when a host whose clock is off takes over). Answered by `result`.
 */
export interface SetClockMessage {
  type: 'set-clock';
  id: number;
  nowMs: number;
}

/** Stop the timer and stop answering; the host may then terminate the worker. Answered by `result`. */
export interface CloseMessage {
  type: 'close';
  id: number;
}

/** Every message a page or main thread sends to the worker. */
export type RequestMessage =
  | CallMessage
  | StartTickingMessage
  | StopTickingMessage
  | SnapshotMessage
  | RestoreMessage
  | SetClockMessage
  | CloseMessage;

// --- From the worker ---------------------------------------------------------

/** The value a request with this `id` produced. */
export interface ResultMessage {
  type: 'result';
  id: number;
  value: unknown;
}

/** The request with this `id` failed; `name` is the AWS exception name (`NotFoundException`, ...). */
export interface ErrorMessage {
  type: 'error';
  id: number;
  name: string;
  message: string;
}

/** A FlexMatch event the hosted Matchmaker emitted, streamed as it happens. */
export interface EventMessage {
  type: 'event';
  event: MatchmakingEvent;
}

/** A game-session update (`onUpdateGameSession`: backfill results), streamed as it happens. */
export interface GameSessionUpdateMessage {
  type: 'game-session-update';
  update: GameSessionUpdate;
}

/**
 * A failure that answers no request: a timer `tick()` that threw, or a
 * message so malformed that it carried no usable `id`.
 */
export interface FaultMessage {
  type: 'fault';
  source: 'tick' | 'message';
  name: string;
  message: string;
}

/** Every message the worker sends back. */
export type ResponseMessage = ResultMessage | ErrorMessage | EventMessage | GameSessionUpdateMessage | FaultMessage;

/** Every message on the wire, either direction. */
export type WorkerMessage = RequestMessage | ResponseMessage;

/** Why a value is not a `WorkerMessage`: the offending field and what it held. */
export interface MessageIssue {
  issue: string;
  /** The message's `id`, when it had a usable one, so the issue can answer it. */
  id?: number;
}

const TYPES = [
  'call',
  'start-ticking',
  'stop-ticking',
  'snapshot',
  'restore',
  'set-clock',
  'close',
  'result',
  'error',
  'event',
  'game-session-update',
  'fault',
] as const satisfies readonly WorkerMessage['type'][];

/** Longest timer interval accepted: setTimeout's own limit (about 24.8 days). */
export const MAX_TICK_INTERVAL_MS = 2 ** 31 - 1;

/**
 * Checks that `value` is a well-formed wire message and returns it typed, or
 * returns the first issue found, naming the field (`method: "constructor" is
 * not a Matchmaker method`). Payloads (`args`, `value`, `snapshot`) are only
 * checked for their container shape; the Matchmaker validates requests itself.
 */
export function parseWorkerMessage(value: unknown): WorkerMessage | MessageIssue {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { issue: `message: expected an object with a "type", got ${formatValue(value)}` };
  }
  const message = value as Record<string, unknown>;
  const type = message.type;
  if (!TYPES.includes(type as WorkerMessage['type'])) {
    return { issue: `type: expected one of ${TYPES.map((t) => `"${t}"`).join(', ')}, got ${formatValue(type)}` };
  }
  const kind = type as WorkerMessage['type'];
  if (kind === 'event' || kind === 'game-session-update' || kind === 'fault') return parseUnanswered(kind, message);

  const id = message.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
    return { issue: `id: expected a non-negative integer, got ${formatValue(id)}` };
  }
  const issue = (text: string): MessageIssue => ({ issue: text, id });
  switch (kind) {
    case 'call': {
      const method = message.method;
      if (typeof method !== 'string' || !(MATCHMAKER_METHODS as readonly string[]).includes(method)) {
        return issue(`method: ${formatValue(method)} is not a Matchmaker method (expected one of ${MATCHMAKER_METHODS.join(', ')})`);
      }
      if (!Array.isArray(message.args)) return issue(`args: expected an array, got ${formatValue(message.args)}`);
      return { type: kind, id, method: method as MatchmakerMethod, args: message.args };
    }
    case 'start-ticking': {
      const intervalMs = message.intervalMs;
      if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs <= 0 || intervalMs > MAX_TICK_INTERVAL_MS) {
        return issue(`intervalMs: expected a number of milliseconds from 1 to ${MAX_TICK_INTERVAL_MS}, got ${formatValue(intervalMs)}`);
      }
      return { type: kind, id, intervalMs };
    }
    case 'restore':
      if (typeof message.snapshot !== 'object' || message.snapshot === null) {
        return issue(`snapshot: expected an object, got ${formatValue(message.snapshot)}`);
      }
      return { type: kind, id, snapshot: message.snapshot };
    case 'set-clock': {
      const nowMs = message.nowMs;
      if (typeof nowMs !== 'number' || !Number.isSafeInteger(nowMs) || nowMs < 0) {
        return issue(`nowMs: expected milliseconds since the epoch (a non-negative integer), got ${formatValue(nowMs)}`);
      }
      return { type: kind, id, nowMs };
    }
    case 'result':
      return { type: kind, id, value: message.value };
    case 'error': {
      const text = parseErrorFields(message);
      return typeof text === 'string' ? issue(text) : { type: kind, id, ...text };
    }
    case 'stop-ticking':
    case 'snapshot':
    case 'close':
      return { type: kind, id };
    default:
      return assertNever(kind, 'message type');
  }
}

function parseUnanswered(
  kind: 'event' | 'game-session-update' | 'fault',
  message: Record<string, unknown>,
): WorkerMessage | MessageIssue {
  if (kind === 'event') {
    const event = message.event;
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      return { issue: `event: expected a FlexMatch event object, got ${formatValue(event)}` };
    }
    const detail = (event as { detail?: unknown }).detail;
    if (typeof detail !== 'object' || detail === null || typeof (detail as { type?: unknown }).type !== 'string') {
      return { issue: `event.detail.type: expected a string, got ${formatValue((detail as { type?: unknown } | null)?.type)}` };
    }
    return { type: kind, event: event as MatchmakingEvent };
  }
  if (kind === 'game-session-update') {
    const update = message.update as Partial<GameSessionUpdate> | null;
    if (typeof update !== 'object' || update === null || Array.isArray(update)) {
      return { issue: `update: expected a game-session update object, got ${formatValue(update)}` };
    }
    if (typeof update.backfillTicketId !== 'string') {
      return { issue: `update.backfillTicketId: expected a string, got ${formatValue(update.backfillTicketId)}` };
    }
    if (typeof update.updateReason !== 'string') {
      return { issue: `update.updateReason: expected a string, got ${formatValue(update.updateReason)}` };
    }
    if (typeof update.gameSession !== 'object' || update.gameSession === null) {
      return { issue: `update.gameSession: expected an object, got ${formatValue(update.gameSession)}` };
    }
    return { type: kind, update: update as GameSessionUpdate };
  }
  if (message.source !== 'tick' && message.source !== 'message') {
    return { issue: `source: expected "tick" or "message", got ${formatValue(message.source)}` };
  }
  const fields = parseErrorFields(message);
  return typeof fields === 'string' ? { issue: fields } : { type: kind, source: message.source, ...fields };
}

function parseErrorFields(message: Record<string, unknown>): { name: string; message: string } | string {
  if (typeof message.name !== 'string' || message.name === '') {
    return `name: expected a non-empty string, got ${formatValue(message.name)}`;
  }
  if (typeof message.message !== 'string') return `message: expected a string, got ${formatValue(message.message)}`;
  return { name: message.name, message: message.message };
}

/** True when `parseWorkerMessage` refused the value. */
export function isMessageIssue(parsed: WorkerMessage | MessageIssue): parsed is MessageIssue {
  return 'issue' in parsed;
}


