/**
 * What one configuration's engine keeps from pass to pass, so that a pass
 * does the work of what changed rather than of the whole pool:
 *
 * - tickets are prepared once (party aggregations, views) when they first
 *   appear and dropped when they leave;
 * - an exhaustive search that failed is not repeated while its inputs are
 *   unchanged: no ticket arrived inside the value window its candidates came
 *   from, none left that window when the window was cut by the candidate
 *   limit, and no ticket's wait crossed an expansion step;
 * - the work of a pass is bounded by a node budget per tick
 *   (`passNodeBudget`); when it runs out, the anchors not reached yet go
 *   first in the next pass (the pass resumes where it stopped instead of
 *   spending the budget on the same oldest anchors again).
 *
 * Why skipping is safe: a search that was not cut by the candidate limit
 * tried every match of its candidates that its own (per-anchor) node budget
 * allows, and the search is deterministic; with no new candidate in reach,
 * the candidates now are a subset of those, and every match of a subset was
 * already tried, or would be cut the same way. Only a search stopped by the
 * pass budget proves nothing and is not remembered. The budget counts
 * tentative additions, not milliseconds, so that a seeded run stays
 * deterministic on any machine. The memo is owned by the caller (the
 * Matchmaker keeps one per configuration); the engine stays a function of
 * its inputs plus this explicit cache. `work` counts what a pass did, for
 * tests that check work is proportional to change (counted, not timed).
 */
import type { CompiledRuleSet } from '../ruleset/types.ts';
import { PASS_NODE_BUDGET } from './match-checks.ts';
import { PreparedTicket } from './prepared-ticket.ts';
import type { PoolTicket } from './types.ts';

/** The value window an anchor's failed search drew its candidates from. */
export interface FailedSearch {
  low: number;
  high: number;
  /** The candidate limit cut the window: a ticket leaving it lets another in. */
  limited: boolean;
}

/** Work of the last pass, counted. */
export interface PassWork {
  /** Tickets prepared (new to the pool). */
  prepared: number;
  /** Anchors searched. */
  searched: number;
  /** Anchors whose failed search was not repeated. */
  skipped: number;
  /** Anchors left for the next pass because the pass budget ran out (they go first then). */
  deferred: number;
}

export interface EngineMemoOptions {
  /** Tentative additions per pass; PASS_NODE_BUDGET by default. */
  passNodeBudget?: number;
}

export class EngineMemo {
  private ruleSet: CompiledRuleSet | undefined;
  private prepared = new Map<string, PreparedTicket>();
  private failed = new Map<string, FailedSearch>();
  private lastNowMs: number | undefined;
  /** Values (nearness key) of tickets that arrived / left since the last pass, sorted; NaN: a ticket without one. */
  private added: Float64Array = new Float64Array(0);
  private removed: Float64Array = new Float64Array(0);
  private expansionCrossed = false;
  /** Tickets put in a match by the last pass: if still here (the match was not proposed), they count as arrived. */
  private matched = new Set<string>();
  /** Passes begun so far (the stamp `begin` marks the pool's tickets with). */
  private passes = 0;
  work: PassWork = { prepared: 0, searched: 0, skipped: 0, deferred: 0 };
  readonly passNodeBudget: number;
  /** Anchors the last pass did not reach before its budget ran out: this pass takes them first. */
  private unreached = new Set<string>();
  private nextUnreached = new Set<string>();

  constructor(options: EngineMemoOptions = {}) {
    this.passNodeBudget = options.passNodeBudget ?? PASS_NODE_BUDGET;
  }

  /**
   * Starts a pass: prepares new tickets, forgets departed ones, and works out
   * what changed since the last pass. Returns the pool's prepared tickets.
   */
  begin(
    ruleSet: CompiledRuleSet,
    pool: readonly PoolTicket[],
    nowMs: number,
    valueOf: (ticket: PreparedTicket) => number | undefined,
  ): PreparedTicket[] {
    if (ruleSet !== this.ruleSet) {
      this.ruleSet = ruleSet;
      this.prepared = new Map();
      this.failed = new Map();
      this.lastNowMs = undefined;
    }
    this.work = { prepared: 0, searched: 0, skipped: 0, deferred: 0 };
    this.unreached = this.nextUnreached;
    this.nextUnreached = new Set();
    // The map is updated in place, not rebuilt: each ticket of the pool is stamped with this pass, and
    // those left unstamped afterwards have left the pool (ticket ids are unique in a pool).
    const pass = ++this.passes;
    const tickets: PreparedTicket[] = [];
    const added: number[] = [];
    const removed: number[] = [];
    for (const ticket of pool) {
      let prepared = this.prepared.get(ticket.ticketId);
      if (!prepared || prepared.ticket !== ticket || this.matched.has(ticket.ticketId)) {
        if (prepared) removed.push(valueOf(prepared) ?? Number.NaN);
        prepared = new PreparedTicket(ticket, ruleSet);
        this.work.prepared++;
        added.push(valueOf(prepared) ?? Number.NaN);
        this.failed.delete(ticket.ticketId);
        this.prepared.set(ticket.ticketId, prepared);
      }
      prepared.memoPass = pass;
      tickets.push(prepared);
    }
    for (const [id, ticket] of this.prepared) {
      if (ticket.memoPass === pass) continue;
      removed.push(valueOf(ticket) ?? Number.NaN);
      this.failed.delete(id);
      this.prepared.delete(id);
    }
    this.matched = new Set();
    this.added = Float64Array.from(added).sort();
    this.removed = Float64Array.from(removed).sort();
    this.expansionCrossed = this.lastNowMs !== undefined && crossedExpansion(ruleSet, pool, this.lastNowMs, nowMs);
    if (this.lastNowMs !== undefined && nowMs < this.lastNowMs) this.expansionCrossed = true;
    this.lastNowMs = nowMs;
    return tickets;
  }

  /** Whether the failed search of `anchorId` would come out the same now. */
  unchanged(anchorId: string): boolean {
    const failed = this.failed.get(anchorId);
    if (!failed || this.expansionCrossed) return false;
    if (hits(this.added, failed.low, failed.high)) return false;
    return !(failed.limited && hits(this.removed, failed.low, failed.high));
  }

  /** Whether the last pass ran out of budget before reaching this anchor (it goes first now). */
  wasUnreached(anchorId: string): boolean {
    return this.unreached.has(anchorId);
  }

  /** Whether the last pass left anchors unreached (this pass sweeps them first). */
  get resuming(): boolean {
    return this.unreached.size > 0;
  }

  /** Notes an anchor this pass could not reach for lack of budget. */
  defer(anchorId: string): void {
    this.nextUnreached.add(anchorId);
    this.work.deferred++;
  }

  recordFailure(anchorId: string, search: FailedSearch): void {
    this.failed.set(anchorId, search);
  }

  /** Notes the tickets of a match this pass formed. */
  noteMatched(ticketIds: readonly string[]): void {
    for (const id of ticketIds) {
      this.matched.add(id);
      this.failed.delete(id);
    }
  }
}

/** Whether some value of sorted `values` lies in [low, high], or some is NaN (no value: anywhere). */
function hits(values: Float64Array, low: number, high: number): boolean {
  if (values.length === 0) return false;
  // Float64Array sorts NaN last.
  if (Number.isNaN(values[values.length - 1]!)) return true;
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < low) lo = mid + 1;
    else hi = mid;
  }
  return lo < values.length && values[lo]! <= high;
}

/** Whether some ticket's wait crossed an expansion step between two passes. */
function crossedExpansion(ruleSet: CompiledRuleSet, pool: readonly PoolTicket[], fromMs: number, toMs: number): boolean {
  const waits = new Set(ruleSet.expansions.flatMap((expansion) => expansion.steps.map((step) => step.waitTimeSeconds * 1000)));
  if (waits.size === 0) return false;
  for (const ticket of pool) {
    for (const wait of waits) {
      const at = ticket.createdAtMs + wait;
      if (at > fromMs && at <= toMs) return true;
    }
  }
  return false;
}
