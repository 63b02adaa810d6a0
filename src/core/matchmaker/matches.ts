/**
 * A match between the engine proposing it and its placement: the tickets,
 * teams, metrics and, when the configuration requires acceptance, the
 * players' answers and the deadline.
 */
import type { ProposedMatch, RuleEvaluationMetric } from '../engine/types.ts';
import type { ConfigurationRecord } from './configurations.ts';
import { asPlayerId, asTicketId, byPlayerId, type MatchId, type PlayerId, type TicketId } from './ids.ts';

/** A proposed match (plain JSON; snapshots hold the ones awaiting acceptance). */
export interface MatchRecord {
  matchId: MatchId;
  configurationName: string;
  /** Every ticket of the match, the anchor (oldest, or the backfill ticket) first. */
  ticketIds: TicketId[];
  backfillTicketId?: TicketId;
  /** Every team instance in rule-set order, seated (backfill) and new players. */
  teams: { name: string; players: { playerId: PlayerId; ticketId: TicketId }[] }[];
  region?: string;
  ruleEvaluationMetrics: RuleEvaluationMetric[];
  proposedAtMs: number;
  acceptanceRequired: boolean;
  acceptanceTimeoutSeconds?: number;
  /** proposedAtMs + AcceptanceTimeoutSeconds; the acceptance times out at a tick at or after it. */
  acceptanceDeadlineMs?: number;
  /** Answers so far by player id: true accepted, false rejected. Absent: no answer yet. */
  acceptances: Record<string, boolean>;
}

export function newMatchRecord(
  matchId: MatchId,
  proposal: ProposedMatch,
  config: ConfigurationRecord,
  nowMs: number,
): MatchRecord {
  const record: MatchRecord = {
    matchId,
    configurationName: config.Name,
    ticketIds: proposal.ticketIds.map(asTicketId),
    teams: proposal.teams.map((team) => ({
      name: team.name,
      players: team.players.map((p) => ({ playerId: asPlayerId(p.playerId), ticketId: asTicketId(p.ticketId) })),
    })),
    ruleEvaluationMetrics: proposal.ruleEvaluationMetrics.map((m) => ({ ...m })),
    proposedAtMs: nowMs,
    acceptanceRequired: config.AcceptanceRequired,
    acceptances: byPlayerId<boolean>(),
  };
  if (proposal.backfillTicketId !== undefined) record.backfillTicketId = asTicketId(proposal.backfillTicketId);
  if (proposal.region !== undefined) record.region = proposal.region;
  if (config.AcceptanceTimeoutSeconds !== undefined) {
    record.acceptanceTimeoutSeconds = config.AcceptanceTimeoutSeconds;
    if (config.AcceptanceRequired) record.acceptanceDeadlineMs = nowMs + config.AcceptanceTimeoutSeconds * 1000;
  }
  return record;
}

/** Above this many tickets a match's tickets are found through a map (below, a scan is cheaper than building one). */
const SCAN_LIMIT = 16;

/** Finds a match's tickets by id: by a scan for the usual few, through a map built once for many. */
export class MatchTickets<T extends { ticketId: string }> {
  private readonly byId: Map<string, T> | undefined;

  constructor(readonly tickets: readonly T[]) {
    if (tickets.length > SCAN_LIMIT) this.byId = new Map(tickets.map((ticket) => [ticket.ticketId, ticket]));
  }

  get(ticketId: string): T | undefined {
    if (this.byId !== undefined) return this.byId.get(ticketId);
    for (let i = 0; i < this.tickets.length; i++) if (this.tickets[i]!.ticketId === ticketId) return this.tickets[i];
    return undefined;
  }
}

/** The player `playerId` of a ticket (tickets hold at most ten players). */
export function playerOf<P extends { PlayerId: string }>(ticket: { players: readonly P[] }, playerId: string): P | undefined {
  for (let i = 0; i < ticket.players.length; i++) if (ticket.players[i]!.PlayerId === playerId) return ticket.players[i];
  return undefined;
}

/** The new players of a ticket in the match (a backfill ticket's seated players are not new). */
export function newPlayersOf(match: MatchRecord, ticketId: TicketId): PlayerId[] {
  if (ticketId === match.backfillTicketId) return [];
  return match.teams.flatMap((team) => team.players.filter((p) => p.ticketId === ticketId).map((p) => p.playerId));
}

export function cloneMatch(match: MatchRecord): MatchRecord {
  return {
    ...match,
    ticketIds: [...match.ticketIds],
    teams: match.teams.map((team) => ({ name: team.name, players: team.players.map((p) => ({ ...p })) })),
    ruleEvaluationMetrics: match.ruleEvaluationMetrics.map((m) => ({ ...m })),
    acceptances: Object.assign(byPlayerId<boolean>(), match.acceptances),
  };
}
