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

/** The team each player of the match plays on. */
export function teamOfPlayer(match: MatchRecord): Map<string, string> {
  const teams = new Map<string, string>();
  for (const team of match.teams) for (const player of team.players) teams.set(player.playerId, team.name);
  return teams;
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
