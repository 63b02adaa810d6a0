/**
 * What the host console renders (`ConsoleState`), kept by the controller
 * (console-controller.ts) and read by the views: the host's phase, the live
 * lists of the Matchmaker, and the host's place among the lobby's hosts.
 */
import type { GameSessionUpdate } from '../../core/matchmaker/events.ts';
import type { TicketExplanation } from '../../core/matchmaker/explain-types.ts';
import type { GameSession, MatchmakingConfiguration, MatchmakingRuleSet, MatchmakingTicket } from '../../core/matchmaker/types.ts';
import type { ConnectionReport } from '../../host/connection-reports.ts';
import { NO_HOSTS, type HostsView } from './console-hosts.ts';
import type { EventLogEntry, MatchSummary, WaitSample } from './live-state.ts';

/** Where the host stands: `refused` when the server gave the lobby to another host (see `ConsoleState.refusal`). */
export type HostPhase = 'idle' | 'starting' | 'registering' | 'hosting' | 'importing' | 'refused' | 'failed';

/** The configuration and rule set the running lobby really has (a restored one keeps its own), and its tick interval. */
export interface LobbySetupView {
  configuration: MatchmakingConfiguration;
  ruleSet: MatchmakingRuleSet;
  tickIntervalMs: number;
}

/** The open ticket's explanation. */
export type ExplanationState =
  | { kind: 'closed' }
  | { kind: 'loading'; ticketId: string }
  | { kind: 'ready'; ticketId: string; explanation: TicketExplanation }
  | { kind: 'error'; ticketId: string; message: string };

/** A game-session update (backfill result), for the backfills list. */
export interface BackfillEntry {
  atMs: number;
  ticketId: string;
  reason: GameSessionUpdate['updateReason'];
  gameSessionId: string;
  players: string;
}

/** Everything the console renders. */
export interface ConsoleState {
  phase: HostPhase;
  paused: boolean;
  restored: boolean;
  /** The failure (phase `failed`) or the last action's outcome, in words. */
  message: string;
  /** parseHostState's errors of the last import, one per problem. */
  importErrors: string[];
  tickets: MatchmakingTicket[];
  sessions: GameSession[];
  matches: Map<string, MatchSummary>;
  /** By match id: what its players reported of their connections (path and round trip, or the failed step), in arrival order. */
  connections: Map<string, ConnectionReport[]>;
  /** Latest first, at most `EVENT_LOG_LIMIT`. */
  events: EventLogEntry[];
  /** Latest first, at most `BACKFILL_LIMIT`. */
  backfills: BackfillEntry[];
  /** By ticket id: time to match of completed tickets (events and COMPLETED tickets of the list). */
  waitSamples: Map<string, WaitSample>;
  /** When the last poll answered (ms): the `now` of waits and charts. */
  nowMs: number;
  explanation: ExplanationState;
  /** Phase `refused`: the server's refusal code (`LOBBY_TAKEN`, `BAD_TOKEN`, ...) and message. */
  refusal: { code: string; message: string } | undefined;
  /** What the running lobby runs, read from its Matchmaker once it started. */
  setup: LobbySetupView | undefined;
  /** Whether the Rule set tab shows `setup` (the lobby's own): a restored lobby's, or a standby's once promoted. */
  adoptSetup: boolean;
  /** The running host among the lobby's hosts: role, term, standbys (see console-hosts.ts). */
  hosts: HostsView;
}

/** The state of a console that hosts nothing yet. */
export function emptyState(): ConsoleState {
  return {
    phase: 'idle',
    paused: false,
    restored: false,
    message: '',
    importErrors: [],
    tickets: [],
    sessions: [],
    matches: new Map(),
    connections: new Map(),
    events: [],
    backfills: [],
    waitSamples: new Map(),
    nowMs: Date.now(),
    explanation: { kind: 'closed' },
    refusal: undefined,
    setup: undefined,
    adoptSetup: false,
    hosts: NO_HOSTS,
  };
}

const WAIT_SAMPLE_LIMIT = 5000;

/** Keeps the most recent samples (Map order is insertion order: drop the oldest inserted). */
export function boundSamples(samples: Map<string, WaitSample>): Map<string, WaitSample> {
  if (samples.size <= WAIT_SAMPLE_LIMIT) return samples;
  return new Map([...samples].slice(samples.size - WAIT_SAMPLE_LIMIT));
}

/** `Name: message` of anything thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}
