/**
 * Matchmaking tickets: the stored record, the status state machine, and the
 * SDK `MatchmakingTicket` view.
 *
 * ```
 * QUEUED --tick--> SEARCHING --match--> REQUIRES_ACCEPTANCE --all accept--> PLACING --> COMPLETED
 *    |                 |  \--match, no acceptance------------------------------^   \--> FAILED (placement)
 *    |                 |                    |--reject / acceptance timeout--> SEARCHING (all accepted) | FAILED
 *    +-----------------+--------------------+--> CANCELLED (stop, newer ticket for a player)
 *    +-----------------+--> TIMED_OUT (RequestTimeoutSeconds after StartTime)
 * ```
 *
 * `StatusReason` codes (FlexMatch publishes none; these are peermatch's):
 * | code                       | status     | meaning |
 * | -------------------------- | ---------- | ------- |
 * | `PROPOSED_MATCH_REJECTED`  | SEARCHING  | every player of this ticket accepted, a player of another ticket rejected |
 * | `PROPOSED_MATCH_TIMED_OUT` | SEARCHING  | every player of this ticket accepted, another ticket did not answer in time |
 * | `PROPOSED_MATCH_CANCELLED` | SEARCHING  | another ticket of the proposed match was cancelled during acceptance |
 * | `REJECTED`                 | FAILED     | a player of this ticket rejected the proposed match |
 * | `ACCEPTANCE_TIMED_OUT`     | FAILED     | a player of this ticket had not accepted when the acceptance timeout expired |
 * | `ACCEPTANCE_INCOMPLETE`    | FAILED     | a player of this ticket had not accepted yet when another ticket rejected |
 * | `PLACEMENT_FAILED`         | FAILED     | the placement step threw (`MatchmakingFailed`, `BACKFILL_FAILED`) |
 * | `CANCELLED_BY_REQUEST`     | CANCELLED  | `stopMatchmaking` or `stopMatchBackfill` |
 * | `PLAYER_IN_NEWER_TICKET`   | CANCELLED  | one of its players started a new matchmaking request |
 * | `TIMED_OUT`                | TIMED_OUT  | `RequestTimeoutSeconds` passed since StartTime |
 * Other statuses carry no reason.
 */
import type { RuleEvaluationMetric } from '../engine/types.ts';
import { clonePlayer } from './attributes.ts';
import { internalError } from './errors.ts';
import type { MatchId, TicketId } from './ids.ts';
import { isActiveStatus } from '../ticket-lifecycle.ts';
import type { GameSessionConnectionInfo, MatchmakingConfigurationStatus, MatchmakingTicket, Player } from './types.ts';

export type TicketStatus = MatchmakingConfigurationStatus;

export type StatusReason =
  | 'PROPOSED_MATCH_REJECTED'
  | 'PROPOSED_MATCH_TIMED_OUT'
  | 'PROPOSED_MATCH_CANCELLED'
  | 'REJECTED'
  | 'ACCEPTANCE_TIMED_OUT'
  | 'ACCEPTANCE_INCOMPLETE'
  | 'PLACEMENT_FAILED'
  | 'CANCELLED_BY_REQUEST'
  | 'PLAYER_IN_NEWER_TICKET'
  | 'TIMED_OUT';

/** A ticket as the matchmaker stores it (plain JSON: times in ms). */
export interface TicketRecord {
  ticketId: TicketId;
  configurationName: string;
  configurationArn: string;
  /** The request's players; `Team` is filled while the ticket is in a match. */
  players: Player[];
  status: TicketStatus;
  statusReason?: StatusReason;
  statusMessage?: string;
  startTimeMs: number;
  endTimeMs?: number;
  /** Seconds, as estimated when the ticket entered SEARCHING. */
  estimatedWaitTimeSeconds?: number;
  connection?: GameSessionConnectionInfo;
  /** The match the ticket is (or last was) part of. */
  matchId?: MatchId;
  /** Present on a backfill ticket. */
  backfill?: { gameSessionArn: string; automatic: boolean };
  /** `ruleEvaluationMetrics` of the last match the ticket was part of. */
  lastMetrics?: RuleEvaluationMetric[];
}

const TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  QUEUED: ['SEARCHING', 'CANCELLED', 'TIMED_OUT'],
  SEARCHING: ['REQUIRES_ACCEPTANCE', 'PLACING', 'CANCELLED', 'TIMED_OUT'],
  REQUIRES_ACCEPTANCE: ['SEARCHING', 'PLACING', 'FAILED', 'CANCELLED'],
  PLACING: ['COMPLETED', 'FAILED'],
  COMPLETED: [],
  FAILED: [],
  CANCELLED: [],
  TIMED_OUT: [],
};

/** Statuses a ticket can still leave; a player is "in an active ticket" in any of them. */
export function isActive(status: TicketStatus): boolean {
  return isActiveStatus(status);
}

/**
 * Moves a ticket to `to`, setting (or clearing) reason and message, and
 * `endTimeMs` on a terminal status. A move the state machine does not allow
 * is a bug: `InternalServiceException`.
 */
export function transition(
  ticket: TicketRecord,
  to: TicketStatus,
  nowMs: number,
  reason?: StatusReason,
  message?: string,
): void {
  if (!TRANSITIONS[ticket.status].includes(to)) {
    throw internalError(`ticket ${ticket.ticketId}: no transition from ${ticket.status} to ${to}`);
  }
  ticket.status = to;
  // `delete` only what is there: deleting an absent key still costs a runtime call, on every move of every ticket.
  if (reason !== undefined) ticket.statusReason = reason;
  else if ('statusReason' in ticket) delete ticket.statusReason;
  if (message !== undefined) ticket.statusMessage = message;
  else if ('statusMessage' in ticket) delete ticket.statusMessage;
  if (!isActiveStatus(to)) ticket.endTimeMs = nowMs;
}

/** Sets each player's `Team` from a match (or clears it when `teamOf` is undefined). */
export function assignTeams(ticket: TicketRecord, teamOf: ((playerId: string) => string | undefined) | undefined): void {
  if (ticket.backfill) return; // a backfill ticket's players keep the teams the request gave
  for (const player of ticket.players) {
    const team = teamOf?.(player.PlayerId);
    if (team === undefined) delete player.Team;
    else player.Team = team;
  }
}

/** The SDK view of a ticket. `liveEstimateSeconds` replaces the stored estimate while the ticket waits. */
export function toSdkTicket(ticket: TicketRecord, liveEstimateSeconds?: number): MatchmakingTicket {
  const out: MatchmakingTicket = {
    TicketId: ticket.ticketId,
    ConfigurationName: ticket.configurationName,
    ConfigurationArn: ticket.configurationArn,
    Status: ticket.status,
    StartTime: new Date(ticket.startTimeMs),
    Players: clonePlayers(ticket.players),
  };
  if (ticket.statusReason !== undefined) out.StatusReason = ticket.statusReason;
  if (ticket.statusMessage !== undefined) out.StatusMessage = ticket.statusMessage;
  if (ticket.endTimeMs !== undefined) out.EndTime = new Date(ticket.endTimeMs);
  const waiting = ticket.status === 'QUEUED' || ticket.status === 'SEARCHING';
  const estimate = waiting && liveEstimateSeconds !== undefined ? liveEstimateSeconds : ticket.estimatedWaitTimeSeconds;
  if (estimate !== undefined) out.EstimatedWaitTime = estimate;
  if (ticket.connection !== undefined) out.GameSessionConnectionInfo = cloneConnection(ticket.connection);
  return out;
}

function clonePlayers(players: readonly Player[]): Player[] {
  const out: Player[] = [];
  for (let i = 0; i < players.length; i++) out.push(clonePlayer(players[i]!));
  return out;
}

export function cloneConnection(info: GameSessionConnectionInfo): GameSessionConnectionInfo {
  const out: GameSessionConnectionInfo = { ...info };
  if (info.MatchedPlayerSessions) out.MatchedPlayerSessions = info.MatchedPlayerSessions.map((s) => ({ ...s }));
  if (info.SuccessorPlayerIds) out.SuccessorPlayerIds = [...info.SuccessorPlayerIds];
  return out;
}

const NONE: readonly TicketRecord[] = Object.freeze([]);

/**
 * The tickets of one matchmaker, with the indexes the API needs: the active
 * ticket of each player (new-match tickets only) and the active backfill
 * ticket of each game session.
 */
export class TicketStore {
  private readonly byId = new Map<string, TicketRecord>();
  /** Player id -> id(s) of the new-match tickets that hold the player (any status): one id, or a set of two or more. */
  private readonly byPlayer = new Map<string, string | Set<string>>();

  get(ticketId: string): TicketRecord | undefined {
    return this.byId.get(ticketId);
  }

  has(ticketId: string): boolean {
    return this.byId.has(ticketId);
  }

  add(ticket: TicketRecord): void {
    this.byId.set(ticket.ticketId, ticket);
    if (ticket.backfill) return;
    for (const player of ticket.players) {
      const held = this.byPlayer.get(player.PlayerId);
      if (held === undefined || held === ticket.ticketId) this.byPlayer.set(player.PlayerId, ticket.ticketId);
      else if (typeof held === 'string') this.byPlayer.set(player.PlayerId, new Set([held, ticket.ticketId]));
      else held.add(ticket.ticketId);
    }
  }

  delete(ticketId: string): void {
    const ticket = this.byId.get(ticketId);
    this.byId.delete(ticketId);
    for (const player of ticket?.backfill ? [] : (ticket?.players ?? [])) {
      const held = this.byPlayer.get(player.PlayerId);
      if (held === ticketId) this.byPlayer.delete(player.PlayerId);
      else if (typeof held === 'object') {
        held.delete(ticketId);
        if (held.size === 1) this.byPlayer.set(player.PlayerId, held.values().next().value!);
      }
    }
  }

  /** Every ticket in insertion (start) order. */
  all(): TicketRecord[] {
    return [...this.byId.values()];
  }

  /** Every active ticket in start order: one pass, no copy of the whole store first. */
  active(): TicketRecord[] {
    const out: TicketRecord[] = [];
    for (const ticket of this.byId.values()) if (isActive(ticket.status)) out.push(ticket);
    return out;
  }

  /** Every ticket in start order, live: for a reader that neither adds nor deletes tickets while it walks. */
  values(): IterableIterator<TicketRecord> {
    return this.byId.values();
  }

  /** `activeHoldingPlayers` of one player id (the usual party of one): no list built, a shared empty answer. */
  activeHolding(playerId: string): readonly TicketRecord[] {
    const held = this.byPlayer.get(playerId);
    if (held === undefined) return NONE;
    if (typeof held === 'string') {
      const ticket = this.byId.get(held)!;
      return isActive(ticket.status) ? [ticket] : NONE;
    }
    return this.activeHoldingPlayers([playerId]);
  }

  /** Active new-match tickets holding one of `playerIds` (backfill tickets list seated players, not requests). */
  activeHoldingPlayers(playerIds: Iterable<string>): TicketRecord[] {
    let found: TicketRecord[] | undefined;
    for (const playerId of playerIds) {
      const held = this.byPlayer.get(playerId);
      if (held === undefined) continue;
      for (const id of typeof held === 'string' ? [held] : held) {
        const ticket = this.byId.get(id)!;
        if (!isActive(ticket.status)) continue;
        if (found === undefined) found = [ticket];
        else if (!found.includes(ticket)) found.push(ticket);
      }
    }
    if (found === undefined) return [];
    return found.length === 1 ? found : found.sort((a, b) => a.startTimeMs - b.startTimeMs);
  }

  /** The active backfill ticket of a game session, if any. */
  activeBackfillFor(gameSessionArn: string): TicketRecord | undefined {
    return this.active().find((ticket) => ticket.backfill?.gameSessionArn === gameSessionArn);
  }
}
