/**
 * The FlexMatch matchmaking events (the guide's "FlexMatch matchmaking
 * events"), with the EventBridge envelope of its examples, and the bus that
 * delivers them and the game-session updates to listeners.
 *
 * Which event, when (one event per ticket unless noted):
 * | event                  | emitted when |
 * | ---------------------- | ------------ |
 * | MatchmakingSearching   | a ticket enters the pool (QUEUED -> SEARCHING on `tick()`) or returns to it after a failed acceptance |
 * | PotentialMatchCreated  | one per match, for every match the engine forms, acceptance required or not |
 * | AcceptMatch            | one per match, after every `acceptMatch` call, with each player's answer so far |
 * | AcceptMatchCompleted   | one per match, when acceptance ends: `Accepted`, `Rejected` or `TimedOut` |
 * | MatchmakingSucceeded   | one per match, when it is placed: every ticket, each player's team and player session id |
 * | MatchmakingTimedOut    | a ticket reaches its configuration's `RequestTimeoutSeconds` |
 * | MatchmakingCancelled   | `stopMatchmaking` / `stopMatchBackfill`, or a player started a newer ticket |
 * | MatchmakingFailed      | a ticket fails acceptance (a player rejected or did not answer) or placement |
 *
 * The guide's prose also names a `MatchmakingRequiresAcceptance` event, but
 * its event reference has none; `PotentialMatchCreated` with
 * `acceptanceRequired: true` is that signal here.
 */
import type { RuleEvaluationMetric } from '../engine/types.ts';
import type { GameSession } from './types.ts';

/** A player as the events list it. */
export interface EventPlayer {
  playerId: string;
  team?: string;
  /** AcceptMatch: the player's answer; absent when the player has not answered. */
  accepted?: boolean;
  /** MatchmakingSucceeded: the player session created for the player. */
  playerSessionId?: string;
  /** Non-AWS: the player's `PeerId`, when its request carried one. */
  peerId?: string;
}

export interface EventTicket {
  ticketId: string;
  /** ISO 8601, the ticket's StartTime. */
  startTime: string;
  players: EventPlayer[];
}

/**
 * `gameSessionInfo`: the players of the event, and the connection fields once
 * a placement filled them. Extra placement fields (a peer-to-peer host id)
 * appear with their first letter lower-cased (`HostPeerId` -> `hostPeerId`).
 */
export interface GameSessionInfo {
  gameSessionArn?: string;
  ipAddress?: string;
  dnsName?: string;
  port?: number;
  players: EventPlayer[];
  /**
   * Peer-to-peer (non-AWS, when players carry a `PeerId`; MatchmakingSucceeded):
   * `gameHostPeerId`, `gameHostPlayerId`, `matchId`, `successorPlayerIds` and
   * `autoBackfillTicketId`, the lower-cased connection info of peer-to-peer.ts.
   */
  successorPlayerIds?: string[];
  [extra: string]: string | number | boolean | EventPlayer[] | string[] | undefined;
}

interface DetailBase {
  tickets: EventTicket[];
  gameSessionInfo: GameSessionInfo;
  /** The configuration's `CustomEventData`, when it has one. */
  customEventData?: string;
}

export interface MatchmakingSearchingDetail extends DetailBase {
  type: 'MatchmakingSearching';
  /** Milliseconds, or `NOT_AVAILABLE` without recent history. */
  estimatedWaitMillis: number | 'NOT_AVAILABLE';
}

export interface PotentialMatchCreatedDetail extends DetailBase {
  type: 'PotentialMatchCreated';
  matchId: string;
  acceptanceRequired: boolean;
  /** Seconds; present when the configuration has an acceptance timeout. */
  acceptanceTimeout?: number;
  ruleEvaluationMetrics: RuleEvaluationMetric[];
}

export interface AcceptMatchDetail extends DetailBase {
  type: 'AcceptMatch';
  matchId: string;
}

export type AcceptanceOutcome = 'Accepted' | 'Rejected' | 'TimedOut';

export interface AcceptMatchCompletedDetail extends DetailBase {
  type: 'AcceptMatchCompleted';
  matchId: string;
  acceptance: AcceptanceOutcome;
}

export interface MatchmakingSucceededDetail extends DetailBase {
  type: 'MatchmakingSucceeded';
  matchId: string;
}

interface EndedDetailBase extends DetailBase {
  /** The last match the ticket was part of, if any. */
  matchId?: string;
  message: string;
  ruleEvaluationMetrics: RuleEvaluationMetric[];
}

export interface MatchmakingTimedOutDetail extends EndedDetailBase {
  type: 'MatchmakingTimedOut';
  reason: 'TimedOut';
}

export interface MatchmakingCancelledDetail extends EndedDetailBase {
  type: 'MatchmakingCancelled';
  reason: 'Cancelled';
}

export interface MatchmakingFailedDetail extends EndedDetailBase {
  type: 'MatchmakingFailed';
  /** The ticket's StatusReason code (`REJECTED`, `ACCEPTANCE_TIMED_OUT`, `PLACEMENT_FAILED`, ...). */
  reason: string;
}

export type MatchmakingEventDetail =
  | MatchmakingSearchingDetail
  | PotentialMatchCreatedDetail
  | AcceptMatchDetail
  | AcceptMatchCompletedDetail
  | MatchmakingSucceededDetail
  | MatchmakingTimedOutDetail
  | MatchmakingCancelledDetail
  | MatchmakingFailedDetail;

export type MatchmakingEventType = MatchmakingEventDetail['type'];

/** Every event type, in lifecycle order. */
export const MATCHMAKING_EVENT_TYPES: readonly MatchmakingEventType[] = [
  'MatchmakingSearching',
  'PotentialMatchCreated',
  'AcceptMatch',
  'AcceptMatchCompleted',
  'MatchmakingSucceeded',
  'MatchmakingTimedOut',
  'MatchmakingCancelled',
  'MatchmakingFailed',
];

/** The EventBridge envelope of every FlexMatch event. Plain JSON. */
export interface MatchmakingEvent<D extends MatchmakingEventDetail = MatchmakingEventDetail> {
  version: '0';
  id: string;
  'detail-type': 'GameLift Matchmaking Event';
  source: 'aws.gamelift';
  account: string;
  /** ISO 8601 from the injected clock. */
  time: string;
  region: string;
  /** The configuration ARN. */
  resources: string[];
  detail: D;
}

export type MatchmakingEventListener = (event: MatchmakingEvent) => void;

/** `updateReason` of the server SDK's `onUpdateGameSession`. */
export type GameSessionUpdateReason =
  | 'MATCHMAKING_DATA_UPDATED'
  | 'BACKFILL_FAILED'
  | 'BACKFILL_TIMED_OUT'
  | 'BACKFILL_CANCELLED';

/**
 * What `onUpdateGameSession` delivers (non-AWS shape of the server SDK
 * callback's three arguments): the backfill ticket, the reason, and the game
 * session as it now is (unchanged unless `MATCHMAKING_DATA_UPDATED`).
 */
export interface GameSessionUpdate {
  backfillTicketId: string;
  updateReason: GameSessionUpdateReason;
  gameSession: GameSession;
  /** Non-AWS: the automatic backfill ticket now running for the session (also in `MatchmakerData`), if any. */
  autoBackfillTicketId?: string;
}

export type GameSessionUpdateListener = (update: GameSessionUpdate) => void;

type Delivery =
  | { kind: 'event'; event: MatchmakingEvent }
  | { kind: 'update'; gameSessionArn: string; update: GameSessionUpdate };

/**
 * Delivers events synchronously, in order. A listener that calls back into
 * the matchmaker (and so emits) gets its events delivered after the current
 * one has reached every listener, so every listener sees the same order. A
 * listener that throws does not stop delivery; its error goes to `onError`,
 * or, without one, waits in `takeUncaught()` for the caller to rethrow.
 */
export class EventBus {
  private readonly eventListeners = new Set<MatchmakingEventListener>();
  /** The listeners as they were when the set last changed; an event is delivered to the list current when it starts. */
  private eventListenerList: readonly MatchmakingEventListener[] | undefined;
  private readonly updateListeners = new Set<{ gameSessionArn?: string; listener: GameSessionUpdateListener }>();
  private readonly queue: Delivery[] = [];
  private delivering = false;
  private uncaught: unknown[] = [];

  constructor(private readonly onError?: (error: unknown) => void) {}

  /** Listener errors not handed to an `onError`, oldest first; clears them. */
  takeUncaught(): unknown[] {
    const errors = this.uncaught;
    this.uncaught = [];
    return errors;
  }

  on(listener: MatchmakingEventListener): () => void {
    this.eventListeners.add(listener);
    this.eventListenerList = undefined;
    return () => {
      this.eventListenerList = undefined;
      return this.eventListeners.delete(listener);
    };
  }

  onUpdate(listener: GameSessionUpdateListener, gameSessionArn?: string): () => void {
    const entry = gameSessionArn === undefined ? { listener } : { gameSessionArn, listener };
    this.updateListeners.add(entry);
    return () => this.updateListeners.delete(entry);
  }

  emit(event: MatchmakingEvent): void {
    if (this.delivering || this.queue.length > 0) {
      this.queue.push({ kind: 'event', event });
      this.drain();
      return;
    }
    // Nothing ahead of it: delivered at once, without a queue entry (a tick emits thousands of events).
    this.delivering = true;
    try {
      this.deliverEvent(event);
      for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) this.deliver(next);
    } finally {
      this.delivering = false;
    }
  }

  emitUpdate(gameSessionArn: string, update: GameSessionUpdate): void {
    this.queue.push({ kind: 'update', gameSessionArn, update });
    this.drain();
  }

  private drain(): void {
    if (this.delivering) return;
    this.delivering = true;
    try {
      for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) this.deliver(next);
    } finally {
      this.delivering = false;
    }
  }

  private deliver(delivery: Delivery): void {
    if (delivery.kind === 'event') {
      this.deliverEvent(delivery.event);
      return;
    }
    for (const entry of [...this.updateListeners]) {
      if (entry.gameSessionArn !== undefined && entry.gameSessionArn !== delivery.gameSessionArn) continue;
      this.call(() => entry.listener(delivery.update));
    }
  }

  /** One event to every listener, without a closure or a copy of the listeners per event (a tick emits thousands). */
  private deliverEvent(event: MatchmakingEvent): void {
    const listeners = (this.eventListenerList ??= [...this.eventListeners]);
    for (let i = 0; i < listeners.length; i++) {
      try {
        listeners[i]!(event);
      } catch (error) {
        this.fail(error);
      }
    }
  }

  private fail(error: unknown): void {
    if (this.onError) this.onError(error);
    else this.uncaught.push(error);
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.fail(error);
    }
  }
}
