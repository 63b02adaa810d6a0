/**
 * One matchmaking pass: the matches a pool allows at a moment.
 *
 * Small matches (40 players or fewer) are built by exhaustive search around
 * each batch's oldest ticket; large ones with the balanced strategy. A ticket
 * appears in at most one match. The function is pure: same rule set, pool,
 * time and random sequence, same matches.
 */
import type { CompiledRuleSet } from '../ruleset/types.ts';
import { type BalanceItem, balanceAssignment } from './balance.ts';
import { CandidateIndex, nearnessKey, spreadReach } from './candidate-index.ts';
import type { EffectiveRules } from './expansions.ts';
import type { EngineMemo, FailedSearch } from './engine-memo.ts';
import { DraftMatch } from './draft-match.ts';
import { type SearchResult, searchMatch } from './exhaustive-search.ts';
import { buildLargeMatches } from './large-match.ts';
import { ticketRegions } from './latency.ts';
import { MatchChecker, RuleTally } from './match-checks.ts';
import { BATCH_SIZE, anchorOrder, byAge, formBatches, sortCandidates } from './ordering.ts';
import { PreparedTicket } from './prepared-ticket.ts';
import { RepeatedSearches } from './repeated-searches.ts';
import { latencyRules } from './rule-plan.ts';
import type { PoolTicket, ProposedMatch } from './types.ts';

/** Tentative additions a failed search must have cost to be remembered for look-alike anchors (repeated-searches.ts). */
const REPEAT_AFTER_NODES = 64;
/** Candidates considered per anchor, at least; more for larger matches. */
const MIN_CANDIDATES = 64;

/** Input of one engine pass (declared here, not in types.ts, which engine-memo.ts imports). */
export interface EngineInput {
  pool: readonly PoolTicket[];
  nowMs: number;
  /** Uniform in [0, 1). Injected so that a seed reproduces a run. */
  random: () => number;
  /**
   * The caller's cache across passes (engine-memo.ts): tickets prepared once,
   * failed searches with unchanged inputs not repeated. Without it every
   * pass starts afresh; with it, the same matches form, with less work.
   */
  memo?: EngineMemo;
}

/** Forms every match the pool allows at `input.nowMs`. */
export function findMatches(ruleSet: CompiledRuleSet, input: EngineInput): { matches: ProposedMatch[] } {
  const checker = new MatchChecker(ruleSet, input.nowMs, input.memo?.passNodeBudget);
  const key = nearnessKey(ruleSet, new Set([...checker.plan.incremental, ...checker.plan.completion]));
  const memo = input.memo;
  const tickets = memo
    ? memo.begin(ruleSet, input.pool, input.nowMs, (ticket) => (key ? ticket.numberFor(key.attribute, key.aggregation) : undefined))
    : input.pool.map((ticket) => new PreparedTicket(ticket, ruleSet));
  if (ruleSet.isLargeMatch) {
    const context = { ruleSet, plan: checker.plan, schedule: checker.schedule, nowMs: input.nowMs };
    return { matches: buildLargeMatches(context, tickets) };
  }
  const matches = exhaustiveMatches(checker, tickets, input.random, memo);
  for (const match of matches) memo?.noteMatched(match.ticketIds);
  return { matches };
}

function exhaustiveMatches(checker: MatchChecker, tickets: PreparedTicket[], random: () => number, memo: EngineMemo | undefined): ProposedMatch[] {
  const { ruleSet } = checker;
  const batchRules = checker.plan.batchDistance.map((name) => ruleSet.rules.find((rule) => rule.name === name)!);
  const attributeType = (name: string) => ruleSet.playerAttributes.find((a) => a.name === name)?.type;
  const stringAttributes: string[] = [];
  const numericAttributes: string[] = [];
  for (const rule of batchRules) {
    if (rule.type !== 'batchDistance') continue;
    (attributeType(rule.batchAttribute) === 'string' ? stringAttributes : numericAttributes).push(rule.batchAttribute);
  }
  const candidateLimit = Math.max(MIN_CANDIDATES, 4 * ruleSet.maxPlayersTotal);
  // Matches of two solo tickets take the first candidate that passes: the nearest two are walked first.
  const pairsOnly = ruleSet.maxPlayersTotal === 2 && ruleSet.teams.length === 2;
  const firstLimit = pairsOnly ? 2 : Math.min(candidateLimit, 4 * ruleSet.maxPlayersTotal);
  const key = nearnessKey(ruleSet, new Set([...checker.plan.incremental, ...checker.plan.completion]));
  // Nearness also decides which tickets share a batch when the pool must be split.
  const batchKeys = key && !numericAttributes.includes(key.attribute) ? [...numericAttributes, key.attribute] : numericAttributes;
  // Matches of two solo tickets (pairsOnly): candidates follow the batch's least-gap pairing first.
  // With a nearness index and no sort rule an anchor's work no longer grows with its batch: no need to split.
  const batchSize = key && checker.plan.sorts.length === 0 ? Number.POSITIVE_INFINITY : BATCH_SIZE;
  // A failure proves something only if the anchor saw its whole partition (a split batch hides the rest).
  const remember = memo && (batchSize === Number.POSITIVE_INFINITY || tickets.length <= BATCH_SIZE) ? memo : undefined;
  const matches: ProposedMatch[] = [];
  // One draft for every new-match search of the pass: it is empty between searches, and its accumulators are reused.
  const shared = new DraftMatch(ruleSet);
  const repeats = new RepeatedSearches(checker);
  const batches = formBatches(tickets, ruleSet, stringAttributes, batchKeys, random, batchSize).map((batch) => {
    // Sorted by age once: the index and the anchor order break their ties by this order (stable sorts).
    const byAgeOrder = batch.slice().sort(byAge);
    const index = new CandidateIndex(byAgeOrder, key, pairsOnly);
    return { index, anchors: anchorOrder(byAgeOrder, ruleSet, (ticket) => index.nearestGap(ticket)) };
  });
  // After a pass that ran out of budget, the anchors it did not reach go first: the work resumes where it stopped.
  const sweeps: ((anchor: PreparedTicket) => boolean)[] = memo?.resuming
    ? [(anchor) => memo.wasUnreached(anchor.id), (anchor) => !memo.wasUnreached(anchor.id)]
    : [() => true];
  for (const inSweep of sweeps) {
    for (const { index, anchors } of batches) {
      for (const anchor of anchors) {
        // A matched ticket left its batch's index (searchAround): that is the record of who is matched.
        if (!inSweep(anchor) || index.removed(anchor)) continue;
        if (memo?.unchanged(anchor.id)) {
          memo.work.skipped++;
          continue;
        }
        if (checker.nodesLeft <= 0) {
          // Out of budget: no candidate walk, no search; the anchor goes first next tick.
          memo?.defer(anchor.id);
          continue;
        }
        const match = searchAround(checker, anchor, index, firstLimit, candidateLimit, remember, shared, repeats);
        if (memo) memo.work.searched++;
        if (match) matches.push(match);
      }
    }
  }
  return matches;
}

/**
 * One anchor's search: a few nearest candidates first (most anchors match
 * among them), the full window only if they fail. A failure is remembered,
 * also one cut by the anchor's own node budget: the search is deterministic,
 * so it comes out the same while its inputs are unchanged. A match leaves
 * the index.
 */
function searchAround(
  checker: MatchChecker,
  anchor: PreparedTicket,
  index: CandidateIndex,
  firstLimit: number,
  candidateLimit: number,
  remember: EngineMemo | undefined,
  shared: DraftMatch,
  repeats: RepeatedSearches,
): ProposedMatch | undefined {
  const { ruleSet } = checker;
  let { candidates, window } = candidatesFor(checker, anchor, index, firstLimit);
  const draft = anchor.isBackfill ? new DraftMatch(ruleSet, anchor) : shared;
  checker.searchCut = false;
  let result = searchOnce(checker, draft, anchor, candidates, repeats);
  if (!result && candidates.length >= firstLimit && firstLimit < candidateLimit) {
    ({ candidates, window } = candidatesFor(checker, anchor, index, candidateLimit));
    checker.searchCut = false;
    result = searchOnce(checker, draft, anchor, candidates, repeats);
  }
  if (!result) {
    draft.clear(); // a failed search leaves it empty already; made sure of, since the next search reuses it
    if (remember && window) remember.recordFailure(anchor.id, window);
    return undefined;
  }
  if (ruleSet.algorithm.strategy === 'balanced' && ruleSet.algorithm.balancedAttribute) {
    balanceDraft(checker, draft, ruleSet.algorithm.balancedAttribute, result.tally);
  }
  const match = draft.toProposedMatch(result.region, result.tally.metrics());
  for (const ticket of draft.tickets) index.remove(ticket);
  index.remove(anchor);
  draft.clear();
  return match;
}

/**
 * `searchMatch` around a new-match anchor, unless the same search already
 * failed in this pass (repeated-searches.ts): then its record is charged
 * again, as if it had run, and it fails.
 */
function searchOnce(
  checker: MatchChecker,
  draft: DraftMatch,
  anchor: PreparedTicket,
  candidates: readonly PreparedTicket[],
  repeats: RepeatedSearches,
): SearchResult | null {
  if (anchor.isBackfill) return searchMatch(checker, draft, undefined, candidates);
  const key = repeats.keyIfLikely(anchor, candidates);
  const seen = key === undefined ? undefined : repeats.find(key);
  if (seen) {
    checker.nodesLeft -= seen.nodes;
    checker.searchCut = seen.cut;
    if (seen.blocker) checker.lastBlocker = seen.blocker;
    return null;
  }
  const nodesBefore = checker.nodesLeft;
  const blockerBefore = checker.lastBlocker;
  const result = searchMatch(checker, draft, anchor, candidates);
  const nodes = nodesBefore - checker.nodesLeft;
  // A search that failed within a few additions costs less than its record: only long failures are kept.
  if (!result && nodes >= REPEAT_AFTER_NODES) {
    const blocker = checker.lastBlocker !== blockerBefore ? checker.lastBlocker : undefined;
    repeats.record(anchor, candidates, key, { nodes, cut: checker.searchCut, blocker });
  }
  return result;
}

/**
 * The tickets tried around an anchor: unmatched new tickets that pass the
 * pre-filter, at most `limit`, in the order of the reference decision
 * "Candidate order": sort rules first, then nearest on the value `distance`
 * rules measure, then oldest. With no sort rules the index's window order
 * stands, so the walk stops at the limit.
 */
function candidatesFor(
  checker: MatchChecker,
  anchor: PreparedTicket,
  index: CandidateIndex,
  limit: number,
): { candidates: PreparedTicket[]; window: FailedSearch | undefined } {
  const effective = checker.schedule.at(anchor.ageSeconds(checker.nowMs));
  const compatible = compatibility(checker, anchor, effective);
  const sorted = checker.plan.sorts.length > 0;
  const reach = reachAt(checker, index, effective);
  const own = index.valueOf(anchor);
  const pool: PreparedTicket[] = [];
  gathering.pool = pool;
  gathering.farthest = 0;
  gathering.compatible = compatible;
  gathering.sorted = sorted;
  gathering.limit = limit;
  const extent = index.walk(anchor, reach, gather);
  const farthest = gathering.farthest;
  gathering.compatible = ALWAYS;
  if (!extent) {
    // Cut by the limit: the window is what the walk reached, and a ticket leaving it lets another in.
    const window = own === undefined || !Number.isFinite(farthest) ? undefined : { low: own - farthest, high: own + farthest, limited: true };
    return { candidates: pool, window };
  }
  const candidates = sorted ? sortCandidates(anchor, pool, checker.plan.sorts).slice(0, limit) : pool;
  const limited = sorted && pool.length > limit;
  return { candidates, window: { low: extent.low, high: extent.high, limited } };
}

/** How far from an anchor's value its candidates can lie at one expansion level (spreadReach), found once per level. */
const reaches = new WeakMap<CandidateIndex, Map<EffectiveRules, number>>();

function reachAt(checker: MatchChecker, index: CandidateIndex, effective: EffectiveRules): number {
  let byLevel = reaches.get(index);
  if (!byLevel) {
    byLevel = new Map();
    reaches.set(index, byLevel);
  }
  let reach = byLevel.get(effective);
  if (reach === undefined) {
    reach = spreadReach(index.key, checker.plan.incremental, effective.rules);
    byLevel.set(effective, reach);
  }
  return reach;
}

/** The pre-filter that lets every ticket through (no latency or batchDistance rule in force). */
const ALWAYS = (_ticket: PreparedTicket): boolean => true;

/** The candidate walk in progress (walks never nest): one visitor for every anchor, no closure made per walk. */
const gathering = { pool: [] as PreparedTicket[], farthest: 0, compatible: ALWAYS, sorted: false, limit: 0 };

function gather(ticket: PreparedTicket, distance: number): boolean {
  if (distance > gathering.farthest) gathering.farthest = distance;
  if (ticket.isBackfill || (gathering.compatible !== ALWAYS && !gathering.compatible(ticket))) return true;
  gathering.pool.push(ticket);
  return gathering.sorted || gathering.pool.length < gathering.limit;
}

/**
 * A cheap pre-filter of candidates against the anchor: a shared acceptable
 * region under every latency rule, and numeric batchDistance values within
 * reach of the anchor's. (Exact checks follow during the search.)
 */
function compatibility(checker: MatchChecker, anchor: PreparedTicket, effective: EffectiveRules): (ticket: PreparedTicket) => boolean {
  const latencyInForce = latencyRules(checker.plan, effective.rules);
  if (latencyInForce.length === 0 && checker.plan.batchDistance.length === 0) return ALWAYS;
  const latency = latencyInForce.map((rule) => ({ rule, regions: new Set(ticketRegions(anchor, rule)) }));
  const distances = checker.plan.batchDistance
    .map((name) => effective.rules.get(name))
    .flatMap((rule) => {
      if (rule?.type !== 'batchDistance' || rule.maxDistance === undefined) return [];
      const value = anchor.numberFor(rule.batchAttribute, rule.partyAggregation);
      return value === undefined ? [] : [{ rule, value, maxDistance: rule.maxDistance }];
    });
  return (ticket) =>
    latency.every(({ rule, regions }) => ticketRegions(ticket, rule).some((region) => regions.has(region))) &&
    distances.every(({ rule, value, maxDistance }) => {
      const own = ticket.numberFor(rule.batchAttribute, rule.partyAggregation);
      return own !== undefined && Math.abs(own - value) <= maxDistance;
    });
}

/**
 * `balanced` with 40 players or fewer (the guide's Example 10): after the
 * exhaustive search, swap tickets between teams to even out the balanced
 * attribute, keeping only swaps after which every rule still holds.
 */
function balanceDraft(checker: MatchChecker, draft: DraftMatch, attribute: string, tally: RuleTally): void {
  const tickets = draft.tickets;
  const items: BalanceItem[] = tickets.map((ticket) => ({
    size: ticket.size,
    sum: ticket.playersFor('avg').reduce((sum, p) => sum + (typeof p.attributes[attribute] === 'number' ? (p.attributes[attribute] as number) : 0), 0),
    fixed: false,
  }));
  const assignment = tickets.map((_, i) => draft.teamOf(i));
  balanceAssignment(items, assignment, checker.ruleSet.teams.length, (a, b) => {
    draft.swapTeams(a, b);
    const probe = new RuleTally(checker.ruleSet);
    const holds = checker.passesIncremental(draft, probe) && checker.completeRegion(draft, probe) !== null;
    if (!holds) draft.swapTeams(a, b);
    return holds;
  });
}
