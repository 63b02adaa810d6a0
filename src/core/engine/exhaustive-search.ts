/**
 * Exhaustive search: builds the fullest valid match around an anchor ticket.
 *
 * For each team-size profile, fullest first, a depth-first search places the
 * anchor and then candidates in sort order, trying every team a ticket fits
 * (a party always stays on one team), checking the incremental rules at each
 * tentative addition, and backtracking when a branch cannot complete. This
 * finds matches a greedy fill misses: nine equal players under an
 * EqualTeamSizes rule make a 4v4 (the 5v4 profile is pruned before any ticket
 * is tried), and a monster placed where a later hunter cannot accept it is
 * moved on the second look. A node budget bounds the work per anchor; the
 * pass's budget (`checker.nodesLeft`) is counted down here and checked by
 * the caller between anchors, so a search, once started, is never cut by it
 * (its outcome depends only on its inputs, and a failure can be remembered).
 *
 * Two cuts keep hopeless anchors cheap without changing what is found: the
 * look-ahead (lookahead.ts) abandons a branch once the candidates that can
 * still join cannot fill the profile, and a branch that failed only for lack
 * of joinable players is not retried with the ticket on another team, nor
 * with another profile of the same total (the players, not the teams, were
 * missing).
 */
import type { DraftMatch } from './draft-match.ts';
import type { EffectiveRules } from './expansions.ts';
import { type MatchChecker, RuleTally } from './match-checks.ts';
import { Lookahead } from './lookahead.ts';
import type { PreparedTicket } from './prepared-ticket.ts';
import { type SizeBounds, profilesFullestFirst } from './profiles.ts';
import { checkRule } from './rule-checks.ts';
import type { Rule } from '../ruleset/types.ts';

/** Most tentative additions tried around one anchor, over all profiles. */
export const NODE_BUDGET_PER_ANCHOR = 4000;
/** Most tentative additions tried for one team-size profile, so a hopeless full profile cannot starve smaller ones. */
export const NODE_BUDGET_PER_PROFILE = 800;

export interface SearchResult {
  region: string | undefined;
  tally: RuleTally;
}

/**
 * Fills `draft` (which holds nothing, or only a backfill's seated players)
 * with `anchor` (omitted for a backfill anchor) and some of `candidates`.
 * Leaves the winning tickets in the draft and returns the region, or returns
 * null (draft emptied) when no valid match exists within the budget.
 */
export function searchMatch(
  checker: MatchChecker,
  draft: DraftMatch,
  anchor: PreparedTicket | undefined,
  candidates: readonly PreparedTicket[],
): SearchResult | null {
  const order = anchor ? [anchor, ...candidates] : [...candidates];
  const suffixPlayers = new Int32Array(order.length + 1);
  for (let i = order.length - 1; i >= 0; i--) suffixPlayers[i] = suffixPlayers[i + 1]! + order[i]!.size;
  const ageCeiling = anchor ? anchor.ageSeconds(checker.nowMs) : draft.ageSeconds(checker.nowMs);
  const effective = checker.schedule.at(ageCeiling);
  // The draft holds only seated players (if any) here.
  const seatedTotal = draft.size;

  const lookahead = lookaheadFor(checker, draft, order);
  const teamCount = checker.ruleSet.teams.length;
  const buffer = teamBuffer(order.length * teamCount);
  const tally = new RuleTally(checker.ruleSet);
  const interchangeable = cachedInterchangeable(checker);
  /** Totals whose search failed on player counts alone: every profile of that total fails the same way. */
  let hopelessTotals: Set<number> | undefined;
  let total = NODE_BUDGET_PER_ANCHOR;
  let budget = 0;
  const available = seatedTotal + suffixPlayers[0]!;
  // Without seated players the profiles depend on the expansion level alone: listed once per pass, not per anchor.
  const profiles =
    seatedTotal === 0
      ? cachedProfiles(checker, effective, draft)
      : profilesFullestFirst(profileBounds(effective, draft), available, profileFilter(checker, effective, draft, seatedTotal));
  for (const target of profiles) {
    if (total <= 0) {
      checker.searchCut = true;
      break;
    }
    const targetTotal = target.reduce((a, b) => a + b, 0);
    if (targetTotal > available || hopelessTotals?.has(targetTotal)) continue;
    budget = Math.min(NODE_BUDGET_PER_PROFILE, total);
    let region: string | undefined | null = null;
    // Whether the subtree searched so far failed for a reason that depends on team placement
    // (a rule check, team room, the budget) rather than on too few joinable players.
    let placementMatters = false;
    const walk = (index: number): boolean => {
      let need = 0;
      for (let t = 0; t < target.length; t++) need += target[t]! - draft.counts[t]!;
      if (need === 0) {
        region = checker.completeRegion(draft, tally);
        placementMatters ||= region === null;
        return region !== null;
      }
      if (index >= order.length || (lookahead ? lookahead.playersFrom(index) : suffixPlayers[index]!) < need) return false;
      if (budget <= 0) {
        checker.searchCut = true;
        return !(placementMatters = true);
      }
      const ticket = order[index]!;
      // The teams to try, written into this depth's row of a shared buffer (no list per node).
      const at = index * teamCount;
      const teams = !lookahead || lookahead.admits(index) ? fillTeamsBySpace(target, draft.counts, ticket.size, interchangeable, buffer, at) : -1;
      if (teams === 0) placementMatters = true;
      for (let k = 0; k < teams; k++) {
        const team = buffer[at + k]!;
        budget--;
        total--;
        checker.nodesLeft--;
        const outer = placementMatters;
        placementMatters = false;
        draft.add(ticket, team);
        if (checker.passesIncremental(draft, tally)) {
          lookahead?.push(index);
          if (walk(index + 1)) return true;
          lookahead?.pop();
        } else {
          placementMatters = true;
        }
        draft.removeLast();
        const inner = placementMatters;
        placementMatters ||= outer;
        // The same players fail the same way on any team: trying the ticket elsewhere cannot help.
        if (!inner) break;
      }
      if (index === 0 && anchor) return false;
      return walk(index + 1);
    };
    if (walk(0)) return { region: region ?? undefined, tally };
    if (!placementMatters) (hopelessTotals ??= new Set()).add(targetTotal);
  }
  return null;
}

const profileCache = new WeakMap<MatchChecker, Map<EffectiveRules, number[][]>>();
const sizeOnlyCache = new WeakMap<MatchChecker, Map<EffectiveRules, Rule[]>>();
const interchangeableCache = new WeakMap<MatchChecker, (a: number, b: number) => boolean>();

/** The rules that read only team sizes, at one expansion level, listed once per checker (pass). */
function sizeOnlyRules(checker: MatchChecker, effective: EffectiveRules): Rule[] {
  let byLevel = sizeOnlyCache.get(checker);
  if (!byLevel) sizeOnlyCache.set(checker, (byLevel = new Map()));
  let rules = byLevel.get(effective);
  if (!rules) byLevel.set(effective, (rules = [...checker.plan.sizeOnly].map((name) => effective.rules.get(name)!)));
  return rules;
}

/** `interchangeableTeams`, worked out once per checker (pass). */
function cachedInterchangeable(checker: MatchChecker): (a: number, b: number) => boolean {
  let test = interchangeableCache.get(checker);
  if (!test) interchangeableCache.set(checker, (test = interchangeableTeams(checker)));
  return test;
}

/** Every accepted profile of an expansion level with no seated players, fullest first, listed once per checker (pass). */
function cachedProfiles(checker: MatchChecker, effective: EffectiveRules, draft: DraftMatch): number[][] {
  let byLevel = profileCache.get(checker);
  if (!byLevel) profileCache.set(checker, (byLevel = new Map()));
  let profiles = byLevel.get(effective);
  if (!profiles) {
    profiles = [...profilesFullestFirst(profileBounds(effective, draft), Number.POSITIVE_INFINITY, profileFilter(checker, effective, draft, 0))];
    byLevel.set(effective, profiles);
  }
  return profiles;
}

/** Each team's size bounds at an expansion level, never below the players the draft already seats there. */
function profileBounds(effective: EffectiveRules, draft: DraftMatch): SizeBounds[] {
  return effective.teams.map((team, i) => ({
    min: Math.max(team.minPlayers, draft.counts[i]!),
    max: Math.max(team.maxPlayers, draft.counts[i]!),
  }));
}

/** Profiles that add players to the seated ones and pass the rules that read only team sizes. */
function profileFilter(checker: MatchChecker, effective: EffectiveRules, draft: DraftMatch, seatedTotal: number): (sizes: number[]) => boolean {
  const sizeOnly = sizeOnlyRules(checker, effective);
  return (sizes) =>
    sizes.reduce((a, b) => a + b, 0) > seatedTotal && sizeOnly.every((rule) => checkRule(rule, sizeSubject(sizes, draft), effective.rules).pass);
}

/**
 * The look-ahead for a search over `order`, or null when the rule set has no
 * monotone conditions or the draft holds a backfill's seated players (whom
 * the conditions do not summarise), or for matches of two players.
 */
function lookaheadFor(checker: MatchChecker, draft: DraftMatch, order: readonly PreparedTicket[]): Lookahead | null {
  const conditions = checker.conditions;
  // A match of two tickets is one step deep: there is nothing to look ahead to.
  if (!conditions || draft.backfill || order.length === 0 || checker.ruleSet.maxPlayersTotal <= 2) return null;
  const { nowMs } = checker;
  const oldestAge = Math.max(...order.map((ticket) => ticket.ageSeconds(nowMs)));
  // With the newest ticket's age (the default) a draft only gets younger as it grows; with the oldest, older.
  if (checker.ruleSet.algorithm.expansionAgeSelection === 'oldest') return new Lookahead(conditions, order, () => oldestAge);
  return new Lookahead(conditions, order, (ticket) => Math.min(draft.ageSeconds(nowMs), ticket.ageSeconds(nowMs)));
}

/** One buffer for the teams each depth of a search tries (searches never run inside each other). */
let sharedTeams = new Int32Array(256);

function teamBuffer(size: number): Int32Array {
  if (sharedTeams.length < size) sharedTeams = new Int32Array(Math.max(size, 2 * sharedTeams.length));
  return sharedTeams;
}

/**
 * Teams with room for `size` more players under `target`, most open slots
 * first. Of several empty, interchangeable teams with the same target only
 * the first is offered: placing a ticket in its twin would explore the same
 * matches again under other team names.
 */
export function teamsBySpace(
  target: readonly number[],
  counts: readonly number[],
  size: number,
  interchangeable: (a: number, b: number) => boolean,
): number[] {
  const out = new Int32Array(target.length);
  return Array.from(out.subarray(0, fillTeamsBySpace(target, counts, size, interchangeable, out, 0)));
}

/** `teamsBySpace` written into `out` from `at` on; returns how many teams it wrote. */
function fillTeamsBySpace(
  target: readonly number[],
  counts: readonly number[],
  size: number,
  interchangeable: (a: number, b: number) => boolean,
  out: Int32Array,
  at: number,
): number {
  // Runs on every node of the search: plain loops, an insertion sort (few teams), no closures, no allocation.
  let length = 0;
  for (let t = 0; t < target.length; t++) {
    if (target[t]! - counts[t]! < size) continue;
    let twin = false;
    if (counts[t] === 0) {
      for (let i = 0; i < length && !twin; i++) {
        const u = out[at + i]!;
        twin = counts[u] === 0 && target[u] === target[t] && interchangeable(u, t);
      }
    }
    if (twin) continue;
    // Most open slots first, ties to the lower index (teams arrive in index order, so a stable insertion keeps that).
    const open = target[t]! - counts[t]!;
    let place = length;
    while (place > 0 && target[out[at + place - 1]!]! - counts[out[at + place - 1]!]! < open) {
      out[at + place] = out[at + place - 1]!;
      place--;
    }
    out[at + place] = t;
    length++;
  }
  return length;
}

/**
 * Two teams are interchangeable when no rule can tell them apart: instances
 * of one definition whose own instance names no rule mentions, or teams
 * that no rule mentions at all.
 */
export function interchangeableTeams(checker: MatchChecker): (a: number, b: number) => boolean {
  const named = checker.plan.namedTeams;
  const teams = checker.ruleSet.teams;
  const anonymous = teams.map((team) => !named.has(team.name) && !named.has(team.definition));
  return (a, b) =>
    (anonymous[a]! && anonymous[b]!) ||
    (teams[a]!.definition === teams[b]!.definition && !named.has(teams[a]!.name) && !named.has(teams[b]!.name));
}

/** A stand-in match with `sizes` anonymous players per team, for rules that read only team sizes. */
function sizeSubject(sizes: readonly number[], draft: DraftMatch) {
  const template = draft.view('avg');
  const view = {
    teams: template.teams.map((team, i) => ({
      name: team.name,
      definition: team.definition,
      players: Array.from({ length: sizes[i]! }, (_, n) => ({ playerId: `${team.name}#${n}`, attributes: {} })),
    })),
  };
  return { view: () => view, tickets: [] };
}
