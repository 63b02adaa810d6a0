/**
 * "Why is this ticket not matched yet?", answered by the engine for one
 * SEARCHING ticket of a pool (the same pool a tick matches: the
 * configuration's SEARCHING tickets, see cycle.ts):
 * 1. if searchMatch finds a valid match anchored on the ticket now, it is
 *    `ready` (the next tick forms it, unless an older anchor takes a ticket);
 * 2. otherwise the closest candidate is the largest set of tickets the
 *    incremental checks let sit with it (explain-closest.ts); with enough
 *    players the complete check names the refusing rule, with too few the
 *    refusal of the next addition does, and a pool smaller than the minimum
 *    match is `short`;
 * 3. the expansion steps ahead of the refusing rule (or of team sizes) are
 *    probed (explain-expansion.ts).
 * Large matches (balanced strategy) go through explain-large.ts. Pure and
 * deterministic: no random source is read (batches are not formed; every
 * ticket of the pool is a candidate), and the work is bounded by node budgets.
 */
import type { CompiledRuleSet, LatencyRule } from '../ruleset/types.ts';
import type { DraftMatch } from './draft-match.ts';
import { searchMatch } from './exhaustive-search.ts';
import { draftOf, largestCandidate, nearestRefusal, type Placement } from './explain-closest.ts';
import { expansionOutlook, expansionsOfRule, teamExpansions } from './explain-expansion.ts';
import { explainLargeTicket } from './explain-large.ts';
import type { CandidateMatch, EngineExplanation, ExplainedBlocker, RefusalPhase } from './explain-result.ts';
import type { EffectiveRules } from './expansions.ts';
import { type Blocker, MatchChecker, RuleTally } from './match-checks.ts';
import { byAge, sortCandidates } from './ordering.ts';
import { PreparedTicket } from './prepared-ticket.ts';
import { type CheckPhase, checkRule } from './rule-checks.ts';
import type { PoolTicket } from './types.ts';

/** Candidates considered around the ticket, at least; more for larger matches (as find-matches.ts). */
const MIN_CANDIDATES = 64;

/** What `explainTicket` needs. */
export interface ExplainInput {
  /** The SEARCHING tickets of the ticket's configuration. */
  pool: readonly PoolTicket[];
  ticketId: string;
  nowMs: number;
}

/** Explains `input.ticketId`; undefined when the ticket is not in the pool. */
export function explainTicket(ruleSet: CompiledRuleSet, input: ExplainInput): EngineExplanation | undefined {
  const tickets = input.pool.map((ticket) => new PreparedTicket(ticket, ruleSet));
  const target = tickets.find((ticket) => ticket.id === input.ticketId);
  if (!target) return undefined;
  const checker = new MatchChecker(ruleSet, input.nowMs);
  if (ruleSet.isLargeMatch) return explainLargeTicket(checker, tickets, target);
  const backfill = target.isBackfill ? target : undefined;
  const others = tickets.filter((ticket) => ticket !== target && !ticket.isBackfill).sort(byAge);
  const limit = Math.max(MIN_CANDIDATES, 4 * ruleSet.maxPlayersTotal);
  const candidates = sortCandidates(target, others, checker.plan.sorts).slice(0, limit);

  const ready = draftOf(ruleSet, backfill, []);
  if (searchMatch(checker, ready, backfill ? undefined : target, candidates)) return { kind: 'ready', candidate: describe(checker, ready) };

  const order = backfill ? candidates : [target, ...candidates];
  const placements = largestCandidate(checker, draftOf(ruleSet, backfill, []), order, !backfill);
  const draft = draftOf(ruleSet, backfill, placements);
  if (!backfill && placements.length === 0) {
    const alone = nearestRefusal(checker, draft, [target], target.size + others.reduce((sum, ticket) => sum + ticket.size, 0));
    if (alone) return blocked(checker, draft, draftOf(ruleSet, backfill, [alone]), alone.blocker, 'alone');
  }
  const candidate = describe(checker, draft);
  const seated = draftOf(ruleSet, backfill, []).size;
  const poolPlayers = others.reduce((sum, ticket) => sum + ticket.size, seated + (backfill ? 0 : target.size));
  const seatedOnly = backfill !== undefined && others.length === 0;
  if (draft.size >= candidate.minPlayers && !(backfill && placements.length === 0)) {
    checker.lastBlocker = undefined;
    if (checker.completeRegion(draft, new RuleTally(ruleSet)) !== null) return { kind: 'ready', candidate };
    return blocked(checker, draft, draft, checker.lastBlocker!, 'complete');
  }
  const placed = new Set(placements.map((placement) => placement.ticket));
  const refusal = seatedOnly ? undefined : nearestRefusal(checker, draft, order.filter((ticket) => !placed.has(ticket)), poolPlayers);
  if (poolPlayers < candidate.minPlayers || !refusal) {
    // A backfill needs one newcomer at least, even when its seated players reach the minimum.
    const missingPlayers = Math.max(candidate.minPlayers - poolPlayers, 1);
    const outlook = expansionOutlook(checker.schedule, teamExpansions(ruleSet, 'minPlayers'), candidate.ageSeconds, (effective) =>
      poolPlayers >= effective.teams.reduce((sum, team) => sum + team.minPlayers, 0) && !seatedOnly,
    );
    return { kind: 'short', candidate, missingPlayers, ...outlook };
  }
  return blocked(checker, draft, draftOf(ruleSet, backfill, [...placements, refusal]), refusal.blocker, 'addition', refusal);
}

/** A `blocked` explanation: `subject` is the candidate the rule judged (with the refused addition, if any). */
function blocked(
  checker: MatchChecker,
  draft: DraftMatch,
  subject: DraftMatch,
  failure: Blocker,
  phase: RefusalPhase,
  refusal?: Placement,
): EngineExplanation {
  const { ruleSet, nowMs } = checker;
  const rule = ruleSet.rules.find((candidate) => candidate.name === failure.rule);
  const blocker: ExplainedBlocker = {
    rule: failure.rule,
    type: rule?.type ?? 'teams',
    reason: failure.check.reason ?? `rule ${failure.rule} fails`,
    ...(failure.check.gap !== undefined ? { gap: failure.check.gap } : {}),
    phase,
    ...(refusal ? { refusedTicketId: refusal.ticket.id } : {}),
  };
  if (rule?.type === 'latency' && blocker.gap === undefined) {
    const effective = checker.effective(subject).rules.get(rule.name) as LatencyRule;
    Object.assign(blocker, latencyDetail(subject, effective));
  }
  const checkPhase: CheckPhase = phase === 'complete' ? 'complete' : 'partial';
  const expansions = rule ? expansionsOfRule(ruleSet, rule.name) : teamExpansions(ruleSet);
  const outlook = expansionOutlook(checker.schedule, expansions, subject.ageSeconds(nowMs), (effective) =>
    lifts(effective, failure.rule, subject, checkPhase),
  );
  return { kind: 'blocked', candidate: describe(checker, draft), blocker, ...outlook };
}

/** Whether the refusal of `ruleName` (or `teams`) on `subject` is gone under `effective`. */
function lifts(effective: EffectiveRules, ruleName: string, subject: DraftMatch, phase: CheckPhase): boolean {
  const rule = effective.rules.get(ruleName);
  if (rule) return checkRule(rule, subject, effective.rules, phase).pass;
  return effective.teams.every(
    (team, t) => subject.counts[t]! <= team.maxPlayers && (phase === 'partial' || subject.counts[t]! >= team.minPlayers),
  );
}

/**
 * A latency refusal in numbers: the region every ticket reported where the
 * worst latency is nearest `maxLatency`, and by how many ms it is over.
 */
function latencyDetail(subject: DraftMatch, rule: LatencyRule): Partial<{ reason: string; gap: number }> {
  if (rule.maxLatency === undefined) return {};
  const latencies = subject.tickets.map((ticket) => ticket.latencyFor(rule.partyAggregation) ?? {});
  const regions = Object.keys(latencies[0] ?? {}).filter((region) => latencies.every((latency) => region in latency));
  let nearest: { region: string; worst: number } | undefined;
  for (const region of regions) {
    const worst = Math.max(...latencies.map((latency) => latency[region]!));
    if (!nearest || worst < nearest.worst) nearest = { region, worst };
  }
  if (!nearest || nearest.worst <= rule.maxLatency) return {};
  return {
    reason: `no region where every player is within maxLatency ${rule.maxLatency} ms (nearest: ${nearest.region}, ${nearest.worst} ms)`,
    gap: nearest.worst - rule.maxLatency,
  };
}

/** The draft as a `CandidateMatch`. */
function describe(checker: MatchChecker, draft: DraftMatch): CandidateMatch {
  const view = draft.view('avg');
  const ticketIds = draft.tickets.map((ticket) => ticket.id);
  if (draft.backfill) ticketIds.unshift(draft.backfill.id);
  return {
    ticketIds,
    teams: view.teams.map((team) => ({ name: team.name, playerIds: team.players.map((player) => player.playerId) })),
    playerCount: draft.size,
    minPlayers: checker.effective(draft).teams.reduce((sum, team) => sum + team.minPlayers, 0),
    ageSeconds: draft.ageSeconds(checker.nowMs),
  };
}
