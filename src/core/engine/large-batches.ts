/**
 * Step 1 of the balanced strategy (large-match.ts, `batchFor`) for a whole
 * pass: every ticket's acceptable regions and fastest region are worked out
 * once per expansion level, and tickets are kept in buckets per region in
 * age order, so that an anchor's batch costs the size of its bucket, not a
 * pass over the pool with the latency rules re-applied to every ticket.
 *
 * Buckets drop matched tickets as they are walked (in place, so each
 * ticket is dropped once). The batches are those `batchFor` gives: the same
 * tickets in the same order; `batchFor` stays for explanations.
 */
import type { CompiledRuleSet, LatencyRule, Rule } from '../ruleset/types.ts';
import type { EffectiveRules, ExpansionSchedule } from './expansions.ts';
import { ticketRegions } from './latency.ts';
import type { RulePlan } from './rule-plan.ts';
import type { PreparedTicket } from './prepared-ticket.ts';

/** The region figures of one expansion level (its latency rules). */
interface Level {
  latency: LatencyRule[];
  acceptable: Map<PreparedTicket, string[]>;
  /** Tickets by their fastest acceptable region (those with one). */
  byFastest: Map<string, PreparedTicket[]>;
  /** Tickets by every region they accept. */
  byAccepted: Map<string, PreparedTicket[]>;
}

export class LargeBatches {
  private readonly levels = new Map<EffectiveRules, Level>();
  /** Every fresh ticket, in age order (for anchors with no region to play in). */
  private readonly all: PreparedTicket[];

  constructor(
    private readonly context: LargeContext,
    /** Tickets that are not backfills, in age order. */
    private readonly fresh: readonly PreparedTicket[],
    /** Whether a ticket was matched earlier in this pass. */
    private readonly isMatched: (ticket: PreparedTicket) => boolean,
  ) {
    this.all = fresh.slice();
  }

  /**
   * `batchFor(context, anchor, fresh tickets not matched and not the anchor, latency, rules)`, except that
   * with no batchDistance rule the batch may hold the anchor itself (the caller skips it).
   */
  batchFor(anchor: PreparedTicket, effective: EffectiveRules, latency: LatencyRule[]): Batch | null {
    let region: string | undefined;
    let source: PreparedTicket[];
    const hasLatency = anchor.latencyFor('avg') !== undefined;
    if (latency.length > 0 || hasLatency) {
      const anchorRegions = acceptableRegions(anchor, latency);
      if (anchorRegions.length === 0) return null;
      const level = this.level(effective, latency);
      if (this.context.ruleSet.algorithm.batchingPreference === 'fastestRegion') {
        region = fastestOf(anchor, anchorRegions);
        source = this.live(level.byFastest.get(region));
      } else {
        const population = (r: string): number => {
          // A fresh anchor accepts its own regions: it sits in each of those buckets and is not a candidate.
          return this.live(level.byAccepted.get(r)).length - (anchor.isBackfill ? 0 : 1);
        };
        region = anchorRegions
          .map((r) => ({ r, n: population(r), ms: anchor.latencyFor('avg')?.[r] ?? 0 }))
          .sort((a, b) => b.n - a.n || a.ms - b.ms || a.r.localeCompare(b.r))[0]!.r;
        source = this.live(level.byAccepted.get(region));
      }
    } else {
      source = this.live(this.all);
    }
    // With no batchDistance rule the live bucket itself is the batch (the anchor in it is skipped by formMatch): no copy per anchor.
    if (!this.context.plan.batchDistance.some((name) => effective.rules.get(name)?.type === 'batchDistance')) return { tickets: source, region };
    let tickets = source.filter((ticket) => ticket !== anchor);
    for (const name of this.context.plan.batchDistance) {
      const rule: Rule | undefined = effective.rules.get(name);
      if (rule?.type !== 'batchDistance') continue;
      tickets = narrowByBatchDistance(anchor, tickets, rule.batchAttribute, rule.maxDistance, rule.partyAggregation);
    }
    return { tickets, region };
  }

  private level(effective: EffectiveRules, latency: LatencyRule[]): Level {
    let level = this.levels.get(effective);
    if (level) return level;
    level = { latency, acceptable: new Map(), byFastest: new Map(), byAccepted: new Map() };
    for (const ticket of this.fresh) {
      const regions = acceptableRegions(ticket, latency);
      level.acceptable.set(ticket, regions);
      if (regions.length === 0) continue;
      push(level.byFastest, fastestOf(ticket, regions), ticket);
      // acceptableRegions lists each region once (keys of one latency map, filtered).
      for (const region of regions) push(level.byAccepted, region, ticket);
    }
    this.levels.set(effective, level);
    return level;
  }

  /** The bucket without its matched tickets (dropped for good). */
  private live(bucket: PreparedTicket[] | undefined): PreparedTicket[] {
    if (!bucket) return [];
    let kept = 0;
    for (let i = 0; i < bucket.length; i++) {
      const ticket = bucket[i]!;
      if (!this.isMatched(ticket)) bucket[kept++] = ticket;
    }
    bucket.length = kept;
    return bucket;
  }
}

function push(map: Map<string, PreparedTicket[]>, key: string, ticket: PreparedTicket): void {
  const list = map.get(key);
  if (list) list.push(ticket);
  else map.set(key, [ticket]);
}

/** What the balanced strategy reads besides the tickets. */
export interface LargeContext {
  ruleSet: CompiledRuleSet;
  plan: RulePlan;
  schedule: ExpansionSchedule;
  nowMs: number;
}

/** The tickets an anchor's large match may draw from, and the region it plays in. */
export interface Batch {
  tickets: PreparedTicket[];
  region: string | undefined;
}

/** Regions where `ticket` qualifies under every latency rule (every region it reported when there are none). */
export function acceptableRegions(ticket: PreparedTicket, rules: readonly LatencyRule[]): string[] {
  if (rules.length === 0) return Object.keys(ticket.latencyFor('avg') ?? {});
  let regions: string[] | undefined;
  for (const rule of rules) {
    const own = ticketRegions(ticket, rule);
    regions = regions ? regions.filter((region) => own.includes(region)) : own;
  }
  return regions ?? [];
}

/** The region of `regions` where `ticket`'s latency is lowest (ties by name). */
export function fastestOf(ticket: PreparedTicket, regions: readonly string[]): string {
  const latency = ticket.latencyFor('avg') ?? {};
  // The first of the sorted list is the least under its order: one scan, no copy, no closure (a NaN breaks the order: sort as before).
  let best = regions[0]!;
  for (let i = 1; i < regions.length; i++) {
    const region = regions[i]!;
    const gap = latency[region]! - latency[best]!;
    if (Number.isNaN(gap)) return sortedFastest(latency, regions);
    if (gap < 0 || (gap === 0 && region.localeCompare(best) < 0)) best = region;
  }
  return best;
}

function sortedFastest(latency: Record<string, number>, regions: readonly string[]): string {
  return regions.slice().sort((a, b) => latency[a]! - latency[b]! || a.localeCompare(b))[0]!;
}

/** The tickets within `maxDistance` of the anchor's value, in the most populated window holding it (equal strings for a string). */
export function narrowByBatchDistance(
  anchor: PreparedTicket,
  tickets: PreparedTicket[],
  attribute: string,
  maxDistance: number | undefined,
  aggregation: 'avg' | 'min' | 'max',
): PreparedTicket[] {
  const own = anchor.valueFor(attribute);
  if (typeof own === 'string' || maxDistance === undefined) {
    return tickets.filter((ticket) => ticket.valueFor(attribute) === own);
  }
  const anchorValue = anchor.numberFor(attribute, aggregation);
  if (anchorValue === undefined) return [];
  const inReach = tickets.filter((ticket) => {
    const value = ticket.numberFor(attribute, aggregation);
    return value !== undefined && Math.abs(value - anchorValue) <= maxDistance;
  });
  // Every window [low, low + maxDistance] holding the anchor: keep the most populated one.
  const values = inReach.map((ticket) => ticket.numberFor(attribute, aggregation)!).sort((a, b) => a - b);
  let bestLow = anchorValue - maxDistance;
  let bestCount = -1;
  for (const low of [anchorValue - maxDistance, ...values.filter((value) => value <= anchorValue)]) {
    const count = values.filter((value) => value >= low && value <= low + maxDistance).length;
    if (count > bestCount) [bestLow, bestCount] = [low, count];
  }
  return inReach.filter((ticket) => {
    const value = ticket.numberFor(attribute, aggregation)!;
    return value >= bestLow && value <= bestLow + maxDistance;
  });
}

