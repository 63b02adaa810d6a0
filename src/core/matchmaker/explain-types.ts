/**
 * "Why is this ticket not matched yet?" — the answer `Matchmaker.explainMatchmaking`
 * gives (a peermatch extension; FlexMatch has no such call). Shapes are
 * PascalCase like the AWS ones they sit beside, and plain JSON (they cross
 * the Worker RPC and the relay by structured clone).
 */
import type { RuleType } from '../ruleset/types.ts';
import type { MatchmakingConfigurationStatus } from './types.ts';

/** `explainMatchmaking` input. */
export interface ExplainMatchmakingInput {
  TicketId: string;
}

/** `explainMatchmaking` output. */
export interface ExplainMatchmakingOutput {
  Explanation: TicketExplanation;
}

/** One team of the closest candidate match. */
export interface CandidateTeam {
  Name: string;
  PlayerIds: string[];
}

/**
 * The match the engine got closest to forming around this ticket: the
 * largest set of tickets it could place together before a rule refused the
 * next addition (or before the pool ran out of players).
 */
export interface ClosestCandidate {
  TicketIds: string[];
  PlayerCount: number;
  /** Players the rule set needs at least (sum of the teams' current minPlayers). */
  MinPlayers: number;
  Teams: CandidateTeam[];
}

/** The rule that refused the closest candidate. */
export interface BlockingRule {
  Name: string;
  Type: RuleType;
  /** The rule's own words: which value, which limit (e.g. `avg(skill) differs by 14, maxDistance 10`). */
  Reason: string;
  /** How far the candidate is from passing, in the rule's unit, when the rule measures one. */
  Gap?: number;
  /** Set when the rule refused adding this ticket to the candidate (rather than the candidate itself). */
  RefusedTicketId?: string;
}

/** The next expansion step of the blocking rule (or of team sizes) for this ticket. */
export interface NextExpansion {
  /** The expansion target, as written in the rule set (`rules[FairTeamSkill].maxDistance`). */
  Target: string;
  /** The value the step sets. */
  Value: unknown;
  /** The ticket's wait, in seconds, at which the step applies. */
  AtWaitSeconds: number;
  /** Seconds from now until it applies (0 when already due at the next tick). */
  InSeconds: number;
  /** True when the step's value would let the closest candidate pass the blocking rule. */
  Lifts: boolean;
}

/** The explanation of one ticket at the Matchmaker's `now()`. */
export interface TicketExplanation {
  TicketId: string;
  Status: MatchmakingConfigurationStatus;
  ConfigurationName: string;
  /** Seconds since the ticket's StartTime. */
  WaitSeconds: number;
  /** One plain-language sentence a host console shows first. */
  Summary: string;
  ClosestCandidate?: ClosestCandidate;
  BlockingRule?: BlockingRule;
  /** Absent when no expansion step is left that touches the blocker. */
  NextExpansion?: NextExpansion;
  /** When `NextExpansion` does not lift the refusal: the first later step that does, if any. */
  LiftingExpansion?: NextExpansion;
  /** Players still missing when the pool is too small for even the minimum match. */
  MissingPlayers?: number;
}
