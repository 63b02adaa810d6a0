/**
 * One matchmaking cycle (`tick()`), at the injected `now()`:
 * 1. acceptance timeouts due (proposals whose deadline has passed);
 * 2. request timeouts due (QUEUED or SEARCHING tickets `RequestTimeoutSeconds`
 *    after their StartTime; a ticket in acceptance waits for the outcome);
 * 3. tickets QUEUED before this tick enter SEARCHING (`MatchmakingSearching`);
 * 4. per configuration, the engine forms every match its SEARCHING tickets
 *    allow (expansions by ticket age are the engine's), and each is proposed;
 * 5. finished tickets older than the retention are forgotten, and so are game
 *    sessions no match has changed for as long (and with no active backfill
 *    ticket): a host that runs for days holds a bounded number of both. A
 *    later backfill request for a forgotten session records it again.
 * Tickets created during the tick (automatic backfill) wait for the next one.
 */
import { EngineMemo, type PassWork } from '../engine/engine-memo.ts';
import { findMatches } from '../engine/find-matches.ts';
import type { PoolTicket, ProposedMatch } from '../engine/types.ts';
import type { CompiledRuleSet } from '../ruleset/types.ts';
import { expireAcceptances, proposeMatch } from './acceptance.ts';
import { backfillEnded, toPoolTicket, withReservedSlots } from './backfill.ts';
import type { ConfigurationRecord } from './configurations.ts';
import type { MatchmakerContext } from './context.ts';
import { internalError } from './errors.ts';
import { emitSearching, emitTicketEnded } from './notify.ts';
import { poolTicketOf } from './pool-cache.ts';
import { isActive, transition, type TicketRecord } from './tickets.ts';

/** One engine memo per configuration record (engine-memo.ts). */
const memos = new WeakMap<ConfigurationRecord, EngineMemo>();

/** What one `tick()` did. */
export interface TickResult {
  /** `now()` of the tick (ms). */
  nowMs: number;
  /** Matches proposed in this tick (placed at once unless acceptance is required). */
  proposedMatchIds: string[];
  /** Tickets that timed out in this tick. */
  timedOutTicketIds: string[];
  /** The engine's work in this tick, counted (summed over configurations): what changed, not the pool. */
  work: PassWork;
}

export function runCycle(ctx: MatchmakerContext, retentionMs: number): TickResult {
  const nowMs = ctx.now();
  const result: TickResult = { nowMs, proposedMatchIds: [], timedOutTicketIds: [], work: { prepared: 0, searched: 0, skipped: 0, deferred: 0 } };
  const queued: TicketRecord[] = [];
  for (const ticket of ctx.tickets.values()) if (ticket.status === 'QUEUED') queued.push(ticket);
  expireAcceptances(ctx, nowMs);
  applyRequestTimeouts(ctx, nowMs, result);
  for (const ticket of queued) {
    if (ticket.status !== 'QUEUED') continue;
    transition(ticket, 'SEARCHING', nowMs);
    emitSearching(ctx, ticket, ctx.configurations.get('ConfigurationName', ticket.configurationName));
  }
  for (const config of ctx.configurations.all()) matchConfiguration(ctx, config, nowMs, result);
  forgetOldTickets(ctx, nowMs, retentionMs);
  forgetOldSessions(ctx, nowMs, retentionMs);
  return result;
}

function applyRequestTimeouts(ctx: MatchmakerContext, nowMs: number, result: TickResult): void {
  for (const ticket of ctx.tickets.active()) {
    if (ticket.status !== 'QUEUED' && ticket.status !== 'SEARCHING') continue;
    const config = ctx.configurations.get('ConfigurationName', ticket.configurationName);
    if (nowMs < ticket.startTimeMs + config.RequestTimeoutSeconds * 1000) continue;
    transition(ticket, 'TIMED_OUT', nowMs, 'TIMED_OUT', 'Removed from matchmaking due to timing out.');
    result.timedOutTicketIds.push(ticket.ticketId);
    emitTicketEnded(ctx, ticket, config, 'MatchmakingTimedOut');
    if (ticket.backfill) backfillEnded(ctx, ticket, 'BACKFILL_TIMED_OUT');
  }
}

/**
 * The engine's pool for one configuration: its SEARCHING tickets, in the
 * engine's form (also what `explainMatchmaking` explains against).
 */
export function searchingPool(ctx: MatchmakerContext, config: ConfigurationRecord, ruleSet: CompiledRuleSet): PoolTicket[] {
  const pool: PoolTicket[] = [];
  // Live walk: converting a ticket neither adds nor deletes one.
  for (const ticket of ctx.tickets.values()) {
    if (ticket.status !== 'SEARCHING' || ticket.configurationName !== config.Name) continue;
    // Converted once (pool-cache.ts), at startMatchmaking or on the ticket's first search.
    const entry = poolTicketOf(ticket, ruleSet, convert);
    if (entry) pool.push(entry);
  }
  return pool;
}

function convert(ticket: TicketRecord, ruleSet: CompiledRuleSet): PoolTicket | null {
  try {
    return toPoolTicket(ticket, ruleSet);
  } catch {
    // Only reachable if the rule set changed under the ticket; it waits out its timeout.
    return null;
  }
}

function matchConfiguration(ctx: MatchmakerContext, config: ConfigurationRecord, nowMs: number, result: TickResult): void {
  const ruleSet = ctx.ruleSets.get('RuleSetName', config.RuleSetName).compiled;
  const pool = searchingPool(ctx, config, ruleSet);
  if (pool.length === 0) return;
  for (const proposal of engineMatches(ctx, ruleSet, config, pool, nowMs, result.work)) {
    // A listener may have stopped a ticket while earlier proposals were announced.
    const tickets: TicketRecord[] = [];
    for (const id of proposal.ticketIds) {
      const ticket = ctx.tickets.get(id);
      if (ticket?.status !== 'SEARCHING') break;
      tickets.push(ticket);
    }
    if (tickets.length !== proposal.ticketIds.length) continue;
    result.proposedMatchIds.push(proposeMatch(ctx, config, proposal, tickets).matchId);
  }
}

/**
 * The engine's matches. With `AdditionalPlayerCount`, new matches are built
 * with reserved slots and backfill matches with the full team sizes, in the
 * order `backfillPriority` asks (`low`: new matches first).
 */
function engineMatches(
  ctx: MatchmakerContext,
  ruleSet: CompiledRuleSet,
  config: ConfigurationRecord,
  pool: PoolTicket[],
  nowMs: number,
  work: PassWork,
): ProposedMatch[] {
  let memo = memos.get(config);
  if (!memo) memos.set(config, (memo = new EngineMemo()));
  const run = (rules: CompiledRuleSet, tickets: readonly PoolTicket[], cache?: EngineMemo): ProposedMatch[] => {
    if (tickets.length === 0) return [];
    try {
      const found = findMatches(rules, { pool: tickets, nowMs, random: ctx.random, ...(cache ? { memo: cache } : {}) }).matches;
      if (cache) {
        work.prepared += cache.work.prepared;
        work.searched += cache.work.searched;
        work.skipped += cache.work.skipped;
        work.deferred += cache.work.deferred;
      }
      return found;
    } catch (error) {
      throw internalError(`matchmaking configuration "${config.Name}": the engine failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  if (config.AdditionalPlayerCount === 0) return run(ruleSet, pool, memo);
  const reserved = withReservedSlots(ruleSet, config.AdditionalPlayerCount);
  const backfillFirst = { ...ruleSet, algorithm: { ...ruleSet.algorithm, backfillPriority: 'high' as const } };
  const unused = (matches: readonly ProposedMatch[]) => {
    const used = new Set(matches.flatMap((match) => match.ticketIds));
    return pool.filter((ticket) => !used.has(ticket.ticketId));
  };
  const backfills = (tickets: readonly PoolTicket[]) =>
    tickets.some((ticket) => ticket.backfill) ? run(backfillFirst, tickets).filter((m) => m.backfillTicketId !== undefined) : [];
  if (ruleSet.algorithm.backfillPriority === 'low') {
    const fresh = run(reserved, pool.filter((ticket) => !ticket.backfill));
    return [...fresh, ...backfills(unused(fresh))];
  }
  const filled = backfills(pool);
  return [...filled, ...run(reserved, unused(filled).filter((ticket) => !ticket.backfill))];
}

function forgetOldTickets(ctx: MatchmakerContext, nowMs: number, retentionMs: number): void {
  for (const ticket of ctx.tickets.all()) {
    if (!isActive(ticket.status) && ticket.endTimeMs !== undefined && nowMs - ticket.endTimeMs > retentionMs) {
      ctx.tickets.delete(ticket.ticketId);
    }
  }
}

function forgetOldSessions(ctx: MatchmakerContext, nowMs: number, retentionMs: number): void {
  let backfilled: Set<string> | undefined;
  for (const session of ctx.gameSessions.values()) {
    if (nowMs - (session.updatedAtMs ?? session.creationTimeMs) <= retentionMs) continue;
    backfilled ??= new Set(ctx.tickets.active().flatMap((ticket) => (ticket.backfill ? [ticket.backfill.gameSessionArn] : [])));
    if (!backfilled.has(session.arn)) ctx.gameSessions.delete(session.arn);
  }
}
