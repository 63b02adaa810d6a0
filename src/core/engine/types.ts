/**
 * What the matchmaking engine takes and gives back.
 *
 * The engine is pure: the caller (the Matchmaker service) hands it the pool of
 * searching tickets, the compiled rule set, the time and a random source, and
 * gets back the matches that pool allows at that moment. It keeps no state
 * between calls.
 */
import type { AttributeValue } from '../ruleset/types.ts';

/** A player as the engine sees it: attributes already unwrapped and defaulted. */
export interface PoolPlayer {
  playerId: string;
  attributes: Record<string, AttributeValue>;
  /** Latency to each region/location in milliseconds (`LatencyInMs`). */
  latencyMs?: Record<string, number>;
}

/** A player already in a game session, with the team it plays on. */
export interface SeatedPlayer extends PoolPlayer {
  team: string;
}

/** A matchmaking ticket waiting in the pool. */
export interface PoolTicket {
  ticketId: string;
  /** When the ticket entered matchmaking (ms, same clock as `now`). Ages come from this. */
  createdAtMs: number;
  /** New players to place (one party: they always share a team). Empty for a backfill ticket with no newcomers. */
  players: PoolPlayer[];
  /**
   * Present on a backfill ticket: the game session's current players, fixed
   * on their teams. The match built around it keeps them and adds tickets to
   * fill open slots. Two backfill tickets are never matched together.
   */
  backfill?: { gameSessionArn: string; players: SeatedPlayer[] };
}

/** One rule's tally while the engine built a match (the `ruleEvaluationMetrics` of the events). */
export interface RuleEvaluationMetric {
  ruleName: string;
  passedCount: number;
  failedCount: number;
}

export interface MatchedPlayer {
  playerId: string;
  ticketId: string;
}

/** A match the pool allows now: the Matchmaker proposes it (acceptance) or places it. */
export interface ProposedMatch {
  /** Ticket ids in the match, the anchor (oldest, or the backfill ticket) first. */
  ticketIds: string[];
  /** Set when the match is built around a backfill ticket. */
  backfillTicketId?: string;
  /** Every team instance in rule-set order, with new and (for backfill) seated players. */
  teams: { name: string; players: MatchedPlayer[] }[];
  /** Best region where every player qualifies under the latency rules (lowest average latency). */
  region?: string;
  ruleEvaluationMetrics: RuleEvaluationMetric[];
}

