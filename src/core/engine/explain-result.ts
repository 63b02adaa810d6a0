/**
 * What the engine says about one searching ticket (explain-ticket.ts): the
 * candidate match it got closest to forming around the ticket, what stopped
 * it, and the expansion step that would change that. Engine-level names
 * (camelCase); the Matchmaker turns this into the SDK-style
 * `TicketExplanation` (src/core/matchmaker/explain.ts).
 */
import type { RuleType } from '../ruleset/types.ts';

/** The candidate match closest to forming around the explained ticket. */
export interface CandidateMatch {
  /** The explained ticket first (or its backfill ticket), then the others in the order they were placed. */
  ticketIds: string[];
  /** Every team in rule-set order, with the players placed on it (a backfill's seated players included). */
  teams: { name: string; playerIds: string[] }[];
  playerCount: number;
  /** Sum of the teams' `minPlayers` at the candidate's wait (expansions applied). */
  minPlayers: number;
  /** The candidate's wait in seconds: its newest ticket's (or oldest's, `expansionAgeSelection: "oldest"`); expansions count from it. */
  ageSeconds: number;
}

/**
 * Where the refusal happened:
 * - `alone`: the explained ticket by itself already breaks the rule (a party
 *   whose own players are too far apart, no acceptable region);
 * - `addition`: the rule refused adding `refusedTicketId` to the candidate;
 * - `complete`: the candidate has enough players, the rule refused it whole;
 * - `batch`: large matches (balanced strategy): the rule kept tickets out of
 *   the explained ticket's batch.
 */
export type RefusalPhase = 'alone' | 'addition' | 'complete' | 'batch';

/** The rule that refused the candidate. */
export interface ExplainedBlocker {
  /** The rule's name, or `teams` when team sizes refused it. */
  rule: string;
  type: RuleType | 'teams';
  /** The rule's words, with the values and the limit. */
  reason: string;
  /** How far from passing, in the rule's unit, when the rule measures one. */
  gap?: number;
  phase: RefusalPhase;
  /** `addition`: the ticket whose addition was refused. */
  refusedTicketId?: string;
}

/** One future expansion step and whether it lets the candidate through. */
export interface ExpansionOutlook {
  /** The expansion target as written (`rules[FairTeamSkill].maxDistance`, `teams[players].minPlayers`). */
  target: string;
  value: number;
  /** The candidate wait (seconds) at which the step applies. */
  atWaitSeconds: number;
  /** Seconds from now until then (0 when due at the next tick). */
  inSeconds: number;
  /**
   * True when, with every expansion in force at `atWaitSeconds`, the refusal
   * is lifted: the blocking rule passes on the same candidate (another rule
   * may still refuse it then), or, for a pool short of players, the pool
   * reaches the expanded minimum. For large matches the batch is recomputed
   * with the expanded rules.
   */
  lifts: boolean;
}

interface Outlook {
  /** The earliest future step of an expansion that touches the refusal. */
  nextExpansion?: ExpansionOutlook;
  /** The first future step that lifts the refusal, when it is not `nextExpansion`. */
  liftingExpansion?: ExpansionOutlook;
}

/**
 * - `ready`: a valid match around the ticket exists now; it forms at the next tick.
 * - `blocked`: enough players, but a rule (or team sizes) refuses them.
 * - `short`: the pool holds fewer players than the smallest match needs.
 */
export type EngineExplanation =
  | { kind: 'ready'; candidate: CandidateMatch }
  | ({ kind: 'blocked'; candidate: CandidateMatch; blocker: ExplainedBlocker } & Outlook)
  | ({ kind: 'short'; candidate: CandidateMatch; missingPlayers: number } & Outlook);
