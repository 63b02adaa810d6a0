/**
 * "Why is this ticket not matched?" for large matches (the balanced
 * strategy, large-match.ts). There a match forms as soon as the ticket's
 * batch (the tickets sharing its region under the latency rules and within
 * its batchDistance windows) holds the team minimums, so the answer is about
 * the batch: big enough (`ready`), the pool itself too small (`short`), or a
 * latency / batchDistance rule keeping enough players out (`blocked`, phase
 * `batch`). Expansion steps are judged by recomputing the batch with the
 * rules and team sizes in force at each step.
 */
import type { BatchDistanceRule, LatencyRule, Rule } from '../ruleset/types.ts';
import { expansionOutlook, expansionsOfRule, teamExpansions } from './explain-expansion.ts';
import type { CandidateMatch, EngineExplanation, ExplainedBlocker } from './explain-result.ts';
import type { EffectiveRules } from './expansions.ts';
import { acceptableRegions, batchFor, fillTeams, type Batch, type LargeContext } from './large-match.ts';
import { ticketRegions } from './latency.ts';
import type { MatchChecker } from './match-checks.ts';
import { byAge } from './ordering.ts';
import type { PreparedTicket } from './prepared-ticket.ts';
import { latencyRules } from './rule-plan.ts';

/** One try at the ticket's large match under some effective rules. */
interface Attempt {
  batch: Batch;
  /** The tickets of the match, the explained one first (unless it is a backfill ticket). */
  members: PreparedTicket[];
  /** New players, seated ones not counted. */
  players: number;
  /** Sum of the teams' minPlayers. */
  floor: number;
  enough: boolean;
}

/** Explains `target` in a large-match pool; `checker` carries the rule set, plan, schedule and time. */
export function explainLargeTicket(checker: MatchChecker, tickets: readonly PreparedTicket[], target: PreparedTicket): EngineExplanation {
  const { ruleSet, plan, schedule, nowMs } = checker;
  const context: LargeContext = { ruleSet, plan, schedule, nowMs };
  const fresh = tickets.filter((ticket) => !ticket.isBackfill && ticket !== target).sort(byAge);
  const seated = target.ticket.backfill?.players.length ?? 0;
  const attempt = (effective: EffectiveRules): Attempt | null => {
    const batch = batchFor(context, target, fresh, latencyRules(plan, effective.rules), effective.rules);
    if (!batch) return null;
    const room = effective.teams.reduce((sum, team) => sum + team.maxPlayers, 0) - seated;
    const members: PreparedTicket[] = target.isBackfill ? [] : [target];
    let players = target.isBackfill ? 0 : target.size;
    for (const ticket of batch.tickets) {
      if (players + ticket.size > room) continue;
      members.push(ticket);
      players += ticket.size;
    }
    const floor = effective.teams.reduce((sum, team) => sum + team.minPlayers, 0);
    const enough = target.isBackfill ? members.length > 0 : seated + players >= floor;
    return { batch, members, players, floor, enough };
  };
  const effective = schedule.at(target.ageSeconds(nowMs));
  const now = attempt(effective);
  const age = target.ageSeconds(nowMs);
  if (!now) {
    const rule = latencyRules(plan, effective.rules).find((latency) => acceptableRegions(target, [latency]).length === 0);
    const blocker: ExplainedBlocker = {
      rule: rule?.name ?? 'latency',
      type: 'latency',
      reason: `this ticket reports no region within maxLatency ${rule?.maxLatency ?? '-'} ms`,
      phase: 'alone',
    };
    const expansions = rule ? expansionsOfRule(ruleSet, rule.name) : [];
    const outlook = expansionOutlook(schedule, expansions, age, (expanded) => attempt(expanded) !== null);
    return { kind: 'blocked', candidate: describe(checker, target, [target], effective), blocker, ...outlook };
  }
  const candidate = describe(checker, target, now.members, effective);
  if (now.enough) return { kind: 'ready', candidate };
  const poolPlayers = fresh.reduce((sum, ticket) => sum + ticket.size, seated + (target.isBackfill ? 0 : target.size));
  if (poolPlayers < now.floor || fresh.length === 0) {
    const outlook = expansionOutlook(schedule, teamExpansions(ruleSet, 'minPlayers'), age, (expanded) =>
      poolPlayers >= expanded.teams.reduce((sum, team) => sum + team.minPlayers, 0),
    );
    return { kind: 'short', candidate, missingPlayers: Math.max(now.floor - poolPlayers, 1), ...outlook };
  }
  const blocker = batchBlocker(target, fresh, now.batch, effective);
  const expansions = blocker.type === 'teams' ? teamExpansions(ruleSet) : expansionsOfRule(ruleSet, blocker.rule);
  const outlook = expansionOutlook(schedule, expansions, age, (expanded) => attempt(expanded)?.enough === true);
  return { kind: 'blocked', candidate, blocker, ...outlook };
}

/**
 * The rule that kept the most players out of the batch: a latency rule (no
 * acceptable latency in the batch's region) or a batchDistance rule (another
 * value, or too far from the ticket's). Gap: the excluded ticket nearest to
 * passing, in ms or in the attribute's unit.
 */
function batchBlocker(target: PreparedTicket, fresh: readonly PreparedTicket[], batch: Batch, effective: EffectiveRules): ExplainedBlocker {
  const inBatch = new Set(batch.tickets);
  const excluded = fresh.filter((ticket) => !inBatch.has(ticket));
  let best: { rule: Rule; players: number; gap?: number; detail: string } | undefined;
  for (const rule of effective.rules.values()) {
    const tally =
      rule.type === 'latency'
        ? latencyExclusions(rule, excluded, batch.region)
        : rule.type === 'batchDistance'
          ? distanceExclusions(rule, target, excluded)
          : undefined;
    if (tally && tally.players > 0 && (!best || tally.players > best.players)) best = { rule, ...tally };
  }
  const players = excluded.reduce((sum, ticket) => sum + ticket.size, 0);
  if (!best) {
    return { rule: 'teams', type: 'teams', reason: `${players} players of the pool do not fit the teams with this ticket`, phase: 'batch' };
  }
  return {
    rule: best.rule.name,
    type: best.rule.type,
    reason: `${best.players} of the pool's players are kept out of this ticket's batch: ${best.detail}`,
    ...(best.gap !== undefined ? { gap: best.gap } : {}),
    phase: 'batch',
  };
}

function latencyExclusions(rule: LatencyRule, excluded: readonly PreparedTicket[], region: string | undefined) {
  if (region === undefined) return undefined;
  let players = 0;
  let gap: number | undefined;
  for (const ticket of excluded) {
    if (ticketRegions(ticket, rule).includes(region)) continue;
    players += ticket.size;
    const latency = ticket.latencyFor(rule.partyAggregation)?.[region];
    if (latency !== undefined && rule.maxLatency !== undefined) gap = Math.min(gap ?? Infinity, latency - rule.maxLatency);
  }
  return { players, ...(gap !== undefined ? { gap } : {}), detail: `latency to ${region} over maxLatency ${rule.maxLatency ?? '-'} ms` };
}

function distanceExclusions(rule: BatchDistanceRule, target: PreparedTicket, excluded: readonly PreparedTicket[]) {
  const own = target.valueFor(rule.batchAttribute);
  const anchorValue = target.numberFor(rule.batchAttribute, rule.partyAggregation);
  let players = 0;
  let gap: number | undefined;
  for (const ticket of excluded) {
    if (typeof own === 'string' || rule.maxDistance === undefined || anchorValue === undefined) {
      if (ticket.valueFor(rule.batchAttribute) !== own) players += ticket.size;
      continue;
    }
    const value = ticket.numberFor(rule.batchAttribute, rule.partyAggregation);
    const distance = value === undefined ? Infinity : Math.abs(value - anchorValue);
    if (distance <= rule.maxDistance) continue;
    players += ticket.size;
    if (Number.isFinite(distance)) gap = Math.min(gap ?? Infinity, distance - rule.maxDistance);
  }
  const detail =
    typeof own === 'string' || rule.maxDistance === undefined
      ? `${rule.batchAttribute} differs from ${JSON.stringify(own)}`
      : `${rule.batchAttribute} more than maxDistance ${rule.maxDistance} from ${anchorValue}`;
  return { players, ...(gap !== undefined ? { gap } : {}), detail };
}

/** The members as a `CandidateMatch`, spread over the teams in the guide's fill order. */
function describe(checker: MatchChecker, target: PreparedTicket, members: readonly PreparedTicket[], effective: EffectiveRules): CandidateMatch {
  const { ruleSet, nowMs } = checker;
  const seatedPlayers = target.ticket.backfill?.players ?? [];
  const teams = ruleSet.teams.map((team) => ({
    name: team.name,
    playerIds: seatedPlayers.filter((player) => player.team === team.name).map((player) => player.playerId),
  }));
  const fill = fillTeams(effective.teams, teams.map((team) => team.playerIds.length), members.map((ticket) => ticket.size));
  members.forEach((ticket, i) => {
    const team = fill ? teams[fill.assignment[i]!] : undefined;
    team?.playerIds.push(...ticket.ticket.players.map((player) => player.playerId));
  });
  const stamps = [target, ...members].map((ticket) => ticket.createdAtMs);
  const created = ruleSet.algorithm.expansionAgeSelection === 'oldest' ? Math.min(...stamps) : Math.max(...stamps);
  const ticketIds = members.map((ticket) => ticket.id);
  if (target.isBackfill) ticketIds.unshift(target.id);
  return {
    ticketIds,
    teams,
    playerCount: teams.reduce((sum, team) => sum + team.playerIds.length, 0),
    minPlayers: effective.teams.reduce((sum, team) => sum + team.minPlayers, 0),
    ageSeconds: (nowMs - created) / 1000,
  };
}
