/**
 * The closest candidate match around one ticket, for exhaustive search rule
 * sets: the largest set of tickets that can sit together (every tentative
 * addition passing the same incremental checks a real search makes, and no
 * team taking players the other teams' minimums need), and the refusal of
 * the next addition. A depth-first search like searchMatch's,
 * but it keeps the fullest draft it reached instead of only complete matches,
 * bounded by a node budget and finished greedily.
 */
import type { CompiledRuleSet } from '../ruleset/types.ts';
import { DraftMatch } from './draft-match.ts';
import { interchangeableTeams, teamsBySpace } from './exhaustive-search.ts';
import { type Blocker, type MatchChecker, RuleTally } from './match-checks.ts';
import type { PreparedTicket } from './prepared-ticket.ts';

/** Most tentative additions tried while looking for the largest candidate. */
export const EXPLAIN_NODE_BUDGET = 4000;

/** A ticket on a team (an index into the rule set's team instances). */
export interface Placement {
  ticket: PreparedTicket;
  team: number;
}

/** A refused tentative addition: the ticket, the team it was tried on, the failed check. */
export interface Refusal extends Placement {
  blocker: Blocker;
}

/** A draft holding `placements` in order (and the backfill's seated players). */
export function draftOf(ruleSet: CompiledRuleSet, backfill: PreparedTicket | undefined, placements: readonly Placement[]): DraftMatch {
  const draft = new DraftMatch(ruleSet, backfill);
  for (const placement of placements) draft.add(placement.ticket, placement.team);
  return draft;
}

/**
 * The most players `order` can place together on `draft` (which holds
 * nothing, or a backfill's seated players). With `anchorFirst`, `order[0]`
 * is always placed (no placement at all when it cannot be). Deterministic:
 * tickets are tried in `order`, teams most open slots first.
 */
export function largestCandidate(
  checker: MatchChecker,
  draft: DraftMatch,
  order: readonly PreparedTicket[],
  anchorFirst: boolean,
): Placement[] {
  const tally = new RuleTally(checker.ruleSet);
  const interchangeable = interchangeableTeams(checker);
  const suffixPlayers = new Array<number>(order.length + 1).fill(0);
  for (let i = order.length - 1; i >= 0; i--) suffixPlayers[i] = suffixPlayers[i + 1]! + order[i]!.size;
  // Capacity is judged by passesIncremental at the draft's own wait; teams are offered up to their widest size.
  const widest = checker.schedule.at(Number.MAX_SAFE_INTEGER).teams.map((team) => team.maxPlayers);
  const fits = minimumsFit(checker, draft.size + suffixPlayers[0]!);
  const placed: Placement[] = [];
  let best: Placement[] = [];
  let bestSize = -1;
  let budget = EXPLAIN_NODE_BUDGET;
  const walk = (index: number): void => {
    if (draft.size > bestSize) [best, bestSize] = [placed.slice(), draft.size];
    if (index >= order.length || budget <= 0 || draft.size + suffixPlayers[index]! <= bestSize) return;
    const ticket = order[index]!;
    const room = checker.effective(draft).teams.map((team, t) => Math.max(team.maxPlayers, widest[t]!, draft.counts[t]!));
    for (const team of teamsBySpace(room, draft.counts, ticket.size, interchangeable)) {
      budget--;
      draft.add(ticket, team);
      placed.push({ ticket, team });
      if (checker.passesIncremental(draft, tally) && fits(draft)) walk(index + 1);
      placed.pop();
      draft.removeLast();
      if (budget <= 0) return;
    }
    if (index === 0 && anchorFirst) return;
    walk(index + 1);
  };
  walk(0);
  if (anchorFirst && best.length === 0) return [];
  for (const placement of best) draft.add(placement.ticket, placement.team);
  extendGreedily(checker, draft, order, best, (candidate) => checker.passesIncremental(candidate, tally) && fits(candidate));
  for (let i = 0; i < best.length; i++) draft.removeLast();
  return best;
}

/** Adds every ticket the search left out (its budget spent) that still fits, in order. */
function extendGreedily(
  checker: MatchChecker,
  draft: DraftMatch,
  order: readonly PreparedTicket[],
  placements: Placement[],
  accepts: (draft: DraftMatch) => boolean,
): void {
  const used = new Set(placements.map((placement) => placement.ticket));
  for (const ticket of order) {
    if (used.has(ticket)) continue;
    for (let team = 0; team < draft.counts.length; team++) {
      draft.add(ticket, team);
      if (accepts(draft)) {
        placements.push({ ticket, team });
        used.add(ticket);
        break;
      }
      draft.removeLast();
    }
  }
}

/**
 * Why none of `tickets` can join `draft`: each is tried on every team and
 * the refusal nearest to passing is kept (smallest gap; a refusal without a
 * gap counts as far; ties to the earlier ticket). Team capacity refusals
 * ("team is full") only count when no rule refused anything. Undefined when
 * some ticket fits after all, or there is none.
 */
export function nearestRefusal(
  checker: MatchChecker,
  draft: DraftMatch,
  tickets: readonly PreparedTicket[],
  poolPlayers: number,
): Refusal | undefined {
  const tally = new RuleTally(checker.ruleSet);
  const fits = minimumsFit(checker, poolPlayers);
  let nearest: Refusal | undefined;
  const rank = (refusal: Refusal): [number, number] => [
    refusal.blocker.rule === 'teams' ? 1 : 0,
    refusal.blocker.check.gap ?? Number.POSITIVE_INFINITY,
  ];
  for (const ticket of tickets) {
    for (let team = 0; team < draft.counts.length; team++) {
      checker.lastBlocker = undefined;
      draft.add(ticket, team);
      const passes = checker.passesIncremental(draft, tally);
      const fitting = passes && fits(draft);
      const name = checker.ruleSet.teams[team]!.name;
      draft.removeLast();
      if (fitting) return undefined;
      const blocker: Blocker = passes
        ? { rule: 'teams', check: { pass: false, reason: `team ${name} would take players the other teams need for their minPlayers` } }
        : checker.lastBlocker!;
      const refusal: Refusal = { ticket, team, blocker };
      if (!nearest || isBefore(rank(refusal), rank(nearest))) nearest = refusal;
    }
  }
  return nearest;
}

/**
 * Whether a draft leaves the other teams room to reach their minimums with
 * the `poolPlayers` there are (or with exactly their minimums, when the pool
 * is smaller): without it a partial check is happy to pile every player on
 * one team, which no complete match can use.
 */
function minimumsFit(checker: MatchChecker, poolPlayers: number): (draft: DraftMatch) => boolean {
  return (draft) => {
    const teams = checker.effective(draft).teams;
    let claimed = 0;
    let floor = 0;
    teams.forEach((team, t) => {
      claimed += Math.max(draft.counts[t]!, team.minPlayers);
      floor += team.minPlayers;
    });
    return claimed <= Math.max(poolPlayers, floor);
  };
}

function isBefore(a: [number, number], b: [number, number]): boolean {
  return a[0] !== b[0] ? a[0] < b[0] : a[1] < b[1];
}
