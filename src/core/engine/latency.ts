/**
 * Latency rules. A ticket qualifies in a region when its (party-aggregated)
 * latency there is at most `maxLatency`; a match forms only in a region where
 * every ticket qualifies, and with `maxDistance` every ticket must also lie
 * within `maxDistance` of the region's reference latency (`distanceReference`:
 * the lowest, or the average, latency of the match's tickets there; `min`
 * when unset). The best region is the one with the lowest average latency.
 */
import type { LatencyRule } from '../ruleset/types.ts';
import type { PreparedTicket } from './prepared-ticket.ts';

export interface RegionChoice {
  region: string;
  averageLatencyMs: number;
}

/** Outcome of the latency rules for a set of tickets. */
export interface LatencyOutcome {
  /** Regions where every rule holds, best first. Empty: the rules fail. */
  regions: RegionChoice[];
  /** The first rule that left no region, when the rules fail. */
  failedRule?: string;
}

/**
 * Regions a single ticket can play in under one latency rule (no distance
 * check). A backfill ticket plays where its game session is: the regions its
 * seated players reported, which the rule does not judge again (they are
 * already playing there); its newcomers must qualify there.
 */
export function ticketRegions(ticket: PreparedTicket, rule: LatencyRule): string[] {
  const latency = ticket.latencyFor(rule.partyAggregation);
  if (!latency) return [];
  if (ticket.isBackfill) return Object.keys(latency);
  return Object.keys(latency).filter((region) => rule.maxLatency === undefined || latency[region]! <= rule.maxLatency);
}

/**
 * Regions where every latency rule holds for all `tickets`. With no latency
 * rules, every region that all tickets reported (possibly none) is returned.
 * `session` (a backfill's game session regions, when known) limits the
 * regions to those.
 */
export function matchRegions(
  tickets: readonly PreparedTicket[],
  rules: readonly LatencyRule[],
  session?: readonly string[],
): LatencyOutcome {
  let candidates: Set<string> | undefined = session && rules.length > 0 ? new Set(session) : undefined;
  let failedRule: string | undefined;
  for (const rule of rules) {
    const allowed = regionsForRule(tickets, rule);
    candidates = candidates ? new Set([...candidates].filter((region) => allowed.has(region))) : allowed;
    if (tickets.length === 0 && session) candidates = new Set(session);
    if (candidates.size === 0) {
      failedRule = rule.name;
      break;
    }
  }
  if (!candidates) candidates = commonRegions(tickets);
  const regions = [...candidates]
    .map((region) => ({ region, averageLatencyMs: averageLatency(tickets, region) }))
    .sort((a, b) => a.averageLatencyMs - b.averageLatencyMs || a.region.localeCompare(b.region));
  return failedRule === undefined ? { regions } : { regions: [], failedRule };
}

function regionsForRule(tickets: readonly PreparedTicket[], rule: LatencyRule): Set<string> {
  const latencies = tickets.map((ticket) => ticket.latencyFor(rule.partyAggregation) ?? {});
  const first = latencies[0] ?? {};
  const allowed = new Set<string>();
  for (const region of Object.keys(first)) {
    const values: number[] = [];
    for (const latency of latencies) {
      const value = latency[region];
      if (value === undefined || (rule.maxLatency !== undefined && value > rule.maxLatency)) break;
      values.push(value);
    }
    if (values.length !== latencies.length) continue;
    if (rule.maxDistance !== undefined) {
      const reference =
        rule.distanceReference === 'avg' ? values.reduce((a, b) => a + b, 0) / values.length : Math.min(...values);
      if (values.some((value) => Math.abs(value - reference) > rule.maxDistance!)) continue;
    }
    allowed.add(region);
  }
  return allowed;
}

function commonRegions(tickets: readonly PreparedTicket[]): Set<string> {
  const latencies = tickets.map((ticket) => ticket.latencyFor('avg'));
  if (latencies.some((latency) => latency === undefined)) return new Set();
  const first = latencies[0] ?? {};
  return new Set(Object.keys(first).filter((region) => latencies.every((latency) => region in latency!)));
}

function averageLatency(tickets: readonly PreparedTicket[], region: string): number {
  const values = tickets.map((ticket) => ticket.latencyFor('avg')?.[region]).filter((v) => v !== undefined);
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}
