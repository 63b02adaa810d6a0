/**
 * The `balanced` strategy for large matches (41 to 200 players).
 *
 * 1. Batching: tickets are grouped by region. `largestPopulation`: the anchor
 *    (oldest ticket) plays in the region, among those where it has acceptable
 *    latency, that the most tickets also accept. `fastestRegion`: only tickets
 *    whose own fastest acceptable region is the anchor's. `batchDistance`
 *    rules narrow the batch to equal strings and to the window of width
 *    `maxDistance` around the anchor that holds the most tickets.
 * 2. When the batch holds at least the sum of the team minimums, the match
 *    forms at once with every eligible ticket up to the maximums, oldest first
 *    (the reference decision: no waiting).
 * 3. Teams fill in the guide's order: teams below their minimum first, then the
 *    team with the most open slots (ties to the first team).
 * 4. Tickets are swapped between teams to even out the `balancedAttribute`
 *    averages.
 */
import type { LatencyRule, Rule, TeamInstance } from '../ruleset/types.ts';
import { type BalanceItem, balanceLarge } from './balance.ts';
import type { EffectiveRules } from './expansions.ts';
import { type Batch, type LargeContext, LargeBatches, acceptableRegions, fastestOf, narrowByBatchDistance } from './large-batches.ts';
import { byAge } from './ordering.ts';
import type { PreparedTicket } from './prepared-ticket.ts';
import { latencyRules } from './rule-plan.ts';

export { acceptableRegions, fastestOf, narrowByBatchDistance, type Batch, type LargeContext } from './large-batches.ts';
import type { MatchedPlayer, ProposedMatch, RuleEvaluationMetric } from './types.ts';

/** Forms every large match the pool allows now. */
export function buildLargeMatches(context: LargeContext, tickets: readonly PreparedTicket[]): ProposedMatch[] {
  const anchors = tickets.slice().sort((a, b) => Number(b.isBackfill) - Number(a.isBackfill) || byAge(a, b));
  const fresh = tickets.filter((ticket) => !ticket.isBackfill).sort(byAge);
  const stamp = ++largePasses;
  const isMatched = (ticket: PreparedTicket): boolean => ticket.matchedStamp === stamp;
  const matches: ProposedMatch[] = [];
  const batches = new LargeBatches(context, fresh, isMatched);
  const latencyAt = new Map<EffectiveRules, LatencyRule[]>();
  for (const anchor of anchors) {
    if (isMatched(anchor)) continue;
    const effective = context.schedule.at(anchor.ageSeconds(context.nowMs));
    let latency = latencyAt.get(effective);
    if (!latency) latencyAt.set(effective, (latency = latencyRules(context.plan, effective.rules)));
    const batch = batches.batchFor(anchor, effective, latency);
    if (!batch) continue;
    const formed = formMatch(context, anchor, batch.tickets, batch.region, latency);
    if (!formed) continue;
    // The match holds the anchor (a backfill's id comes first) and its members: marked matched for this pass.
    anchor.matchedStamp = stamp;
    for (const ticket of formed.members) ticket.matchedStamp = stamp;
    matches.push(formed.match);
  }
  return matches;
}

/** Passes of `buildLargeMatches` so far: each marks the tickets it matched with its own number. */
let largePasses = 0;

/**
 * Step 1 for one anchor: the tickets of `available` that share its region
 * (latency rules, batching preference) and lie within its batchDistance
 * windows. Null when the anchor itself has no acceptable region.
 */
export function batchFor(
  context: LargeContext,
  anchor: PreparedTicket,
  available: PreparedTicket[],
  latency: LatencyRule[],
  rules: ReadonlyMap<string, Rule>,
): Batch | null {
  let region: string | undefined;
  let tickets = available;
  const hasLatency = anchor.latencyFor('avg') !== undefined;
  if (latency.length > 0 || hasLatency) {
    const acceptable = (ticket: PreparedTicket): string[] => acceptableRegions(ticket, latency);
    const anchorRegions = acceptable(anchor);
    if (anchorRegions.length === 0) return null;
    if (context.ruleSet.algorithm.batchingPreference === 'fastestRegion') {
      region = fastestOf(anchor, anchorRegions);
      tickets = tickets.filter((ticket) => {
        const own = acceptable(ticket);
        return own.length > 0 && fastestOf(ticket, own) === region;
      });
    } else {
      const accepted = new Map(tickets.map((ticket) => [ticket, new Set(acceptable(ticket))]));
      const population = (r: string): number => tickets.filter((ticket) => accepted.get(ticket)!.has(r)).length;
      region = anchorRegions
        .map((r) => ({ r, n: population(r), ms: anchor.latencyFor('avg')?.[r] ?? 0 }))
        .sort((a, b) => b.n - a.n || a.ms - b.ms || a.r.localeCompare(b.r))[0]!.r;
      tickets = tickets.filter((ticket) => accepted.get(ticket)!.has(region!));
    }
  }
  for (const name of context.plan.batchDistance) {
    const rule = rules.get(name);
    if (rule?.type !== 'batchDistance') continue;
    tickets = narrowByBatchDistance(anchor, tickets, rule.batchAttribute, rule.maxDistance, rule.partyAggregation);
  }
  return { tickets, region };
}

function formMatch(
  context: LargeContext,
  anchor: PreparedTicket,
  batch: PreparedTicket[],
  region: string | undefined,
  latency: LatencyRule[],
): { match: ProposedMatch; members: PreparedTicket[] } | null {
  const { ruleSet, schedule, nowMs } = context;
  const seated = anchor.ticket.backfill?.players ?? [];
  const seatedCounts = ruleSet.teams.map((team) => seated.filter((player) => player.team === team.name).length);
  const ceiling = schedule.at(anchor.ageSeconds(nowMs)).teams;
  const room = ceiling.reduce((sum, team) => sum + team.maxPlayers, 0) - seated.length;
  const members: PreparedTicket[] = anchor.isBackfill ? [] : [anchor];
  let players = anchor.isBackfill ? 0 : anchor.size;
  for (const ticket of batch) {
    // Full: no later ticket fits (every new ticket holds a player).
    if (players >= room) break;
    if (ticket === anchor) continue;
    if (players + ticket.size <= room) {
      members.push(ticket);
      players += ticket.size;
    }
  }
  // The anchor's age gives the most relaxed minimums this match can have: below them, nothing to try.
  const floor = ceiling.reduce((sum, team) => sum + team.minPlayers, 0);
  if (!anchor.isBackfill && seated.length + players < floor) return null;
  // With "newest" wait times a new ticket can make the match younger and its minimums stricter: drop the newest until it holds.
  while (members.length > 0 && (anchor.isBackfill || seated.length + players >= floor)) {
    const teams = schedule.at(matchAge(context, anchor, members)).teams;
    const fill = fillTeams(teams, seatedCounts, members.map((ticket) => ticket.size));
    const viable = fill && (anchor.isBackfill || teams.every((team, t) => fill.filled[t]! >= team.minPlayers));
    if (fill && viable && members.length > 0) {
      return { match: finish(context, anchor, members, fill.assignment, teams, region, latency), members };
    }
    if (anchor.isBackfill || members.length === 1) return null;
    players -= members.pop()!.size;
  }
  return null;
}

function matchAge(context: LargeContext, anchor: PreparedTicket, members: readonly PreparedTicket[]): number {
  // Math.min / Math.max pairwise, as over the list of stamps (no list per attempt).
  const oldest = context.ruleSet.algorithm.expansionAgeSelection === 'oldest';
  let created = anchor.createdAtMs;
  for (let i = 0; i < members.length; i++) created = oldest ? Math.min(created, members[i]!.createdAtMs) : Math.max(created, members[i]!.createdAtMs);
  return (context.nowMs - created) / 1000;
}

/**
 * The guide's team-fill order for tickets of the given sizes, starting from
 * `counts` players per team. Returns each ticket's team and the resulting
 * team sizes, or null when some ticket fits in no team.
 */
export function fillTeams(
  teams: readonly TeamInstance[],
  counts: readonly number[],
  sizes: readonly number[],
): { assignment: number[]; filled: number[] } | null {
  const filled = counts.slice();
  const assignment: number[] = [];
  for (const size of sizes) {
    let best = -1;
    for (let t = 0; t < teams.length; t++) {
      if (teams[t]!.maxPlayers - filled[t]! < size) continue;
      if (best < 0 || fillsBefore(teams, filled, t, best)) best = t;
    }
    if (best < 0) return null;
    assignment.push(best);
    filled[best]! += size;
  }
  return { assignment, filled };
}

function fillsBefore(teams: readonly TeamInstance[], filled: readonly number[], a: number, b: number): boolean {
  const belowA = filled[a]! < teams[a]!.minPlayers;
  const belowB = filled[b]! < teams[b]!.minPlayers;
  if (belowA !== belowB) return belowA;
  return teams[a]!.maxPlayers - filled[a]! > teams[b]!.maxPlayers - filled[b]!;
}

function finish(
  context: LargeContext,
  anchor: PreparedTicket,
  members: PreparedTicket[],
  assignment: number[],
  teams: readonly TeamInstance[],
  region: string | undefined,
  latency: LatencyRule[],
): ProposedMatch {
  const { ruleSet } = context;
  const attribute = ruleSet.algorithm.balancedAttribute;
  if (attribute) {
    const items: BalanceItem[] = members.map((ticket) => ({
      size: ticket.size,
      sum: ticket.playersFor('avg').reduce((sum, player) => sum + numberOr0(player.attributes[attribute]), 0),
      fixed: false,
    }));
    balanceLarge(items, assignment, teams.length);
  }
  const out: { name: string; players: MatchedPlayer[] }[] = ruleSet.teams.map((team) => ({ name: team.name, players: [] }));
  for (const player of anchor.ticket.backfill?.players ?? []) {
    out.find((team) => team.name === player.team)?.players.push({ playerId: player.playerId, ticketId: anchor.id });
  }
  members.forEach((ticket, i) => {
    for (const player of ticket.ticket.players) out[assignment[i]!]!.players.push({ playerId: player.playerId, ticketId: ticket.id });
  });
  const metrics: RuleEvaluationMetric[] = ruleSet.rules.map((rule) => ({
    ruleName: rule.name,
    passedCount: latency.some((l) => l.name === rule.name) || context.plan.batchDistance.includes(rule.name) ? members.length : 0,
    failedCount: 0,
  }));
  const ticketIds = members.map((ticket) => ticket.id);
  if (anchor.isBackfill) ticketIds.unshift(anchor.id);
  return {
    ticketIds,
    ...(anchor.isBackfill ? { backfillTicketId: anchor.id } : {}),
    teams: out,
    ...(region !== undefined ? { region } : {}),
    ruleEvaluationMetrics: metrics,
  };
}

function numberOr0(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}
