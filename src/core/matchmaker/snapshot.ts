/**
 * Snapshot and restore of a whole matchmaker: rule sets, configurations,
 * tickets (with their original start times), proposals awaiting acceptance,
 * game sessions and the wait history. A host persists the snapshot and
 * resumes from it without losing or re-aging a ticket: ages, request
 * timeouts, expansions and acceptance deadlines all come from the stored
 * times, so a ticket started at t=0 and restored at t=10 s still times out
 * at its original deadline.
 *
 * The snapshot is plain JSON (numbers for times, no `Date`, no `undefined`
 * values), safe for `JSON.stringify` and `structuredClone`.
 */
import type { ConfigurationRecord } from './configurations.ts';
import type { MatchmakerContext } from './context.ts';
import { invalidRequest, show } from './errors.ts';
import type { GameSessionRecord } from './game-sessions.ts';
import type { MatchRecord } from './matches.ts';
import type { RuleSetRecord } from './rule-sets.ts';
import type { TicketRecord } from './tickets.ts';
import type { WaitSample } from './wait-estimate.ts';
import { sameJson } from '../same-json.ts';

export const SNAPSHOT_FORMAT = 'peermatch.matchmaker';
export const SNAPSHOT_VERSION = 1;

export interface MatchmakerSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  /** `now()` when the snapshot was taken (ms); informational. */
  takenAtMs: number;
  region: string;
  accountId: string;
  ruleSets: Omit<RuleSetRecord, 'compiled'>[];
  configurations: ConfigurationRecord[];
  tickets: TicketRecord[];
  /** Proposals awaiting acceptance. */
  matches: MatchRecord[];
  gameSessions: GameSessionRecord[];
  waitHistory: Record<string, WaitSample[]>;
}

/** A deep copy through JSON, which also guarantees the result is plain JSON. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/**
 * The matchmaker's state as plain JSON. With `reuse` (a snapshot taken
 * earlier from this matchmaker, and never changed since), a record that has
 * not changed is that snapshot's own object rather than a new copy, so a
 * save costs a comparison per record, a copy per changed one, and a
 * replica's delta finds the changed records by identity.
 */
export function takeSnapshot(ctx: MatchmakerContext, reuse?: MatchmakerSnapshot): MatchmakerSnapshot {
  const ruleSets = ctx.ruleSets.all().map(({ compiled: _compiled, ...record }) => record);
  const configurations = ctx.configurations.all();
  const tickets = ctx.tickets.all();
  const matches = [...ctx.matches.values()];
  const gameSessions = [...ctx.gameSessions.values()];
  const waitHistory = ctx.waits.toJSON();
  const header = { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, takenAtMs: ctx.now(), region: ctx.region, accountId: ctx.accountId } as const;
  if (reuse === undefined) return plain({ ...header, ruleSets, configurations, tickets, matches, gameSessions, waitHistory });
  return {
    ...header,
    ruleSets: reused(ruleSets, reuse.ruleSets, (record) => record.name),
    configurations: reused(configurations, reuse.configurations, (record) => record.Name),
    tickets: reused(tickets, reuse.tickets, (record) => record.ticketId),
    matches: reused(matches, reuse.matches, (record) => record.matchId),
    gameSessions: reused(gameSessions, reuse.gameSessions, (record) => record.arn),
    waitHistory: sameJson(waitHistory, reuse.waitHistory) ? reuse.waitHistory : plain(waitHistory),
  };
}

/** `live` as plain JSON, each record the one of `previous` with its id when that is the same JSON. */
function reused<T>(live: readonly T[], previous: readonly T[], idOf: (record: T) => string): T[] {
  let byId: Map<string, T> | undefined;
  return live.map((record, index) => {
    const id = idOf(record);
    // Records mostly keep their place: look there first, and index the previous ones only when one moved.
    const atIndex = previous[index];
    const before = atIndex !== undefined && idOf(atIndex) === id ? atIndex : (byId ??= new Map(previous.map((item) => [idOf(item), item]))).get(id);
    return before !== undefined && sameJson(record, before) ? before : plain(record);
  });
}

/** Refuses a value that is not a snapshot this version can read. */
export function checkSnapshot(snapshot: unknown): MatchmakerSnapshot {
  const candidate = snapshot as Partial<MatchmakerSnapshot> | null;
  if (typeof candidate !== 'object' || candidate === null || candidate.format !== SNAPSHOT_FORMAT) {
    throw invalidRequest(`snapshot: not a peermatch matchmaker snapshot (format ${show(candidate?.format)})`);
  }
  if (candidate.version !== SNAPSHOT_VERSION) {
    throw invalidRequest(`snapshot.version: ${show(candidate.version)} is not supported (expected ${SNAPSHOT_VERSION})`);
  }
  for (const key of ['ruleSets', 'configurations', 'tickets', 'matches', 'gameSessions'] as const) {
    if (!Array.isArray(candidate[key])) throw invalidRequest(`snapshot.${key}: expected a list, got ${show(candidate[key])}`);
  }
  return plain(candidate as MatchmakerSnapshot);
}

/** Loads a checked snapshot into an empty context. */
export function loadSnapshot(ctx: MatchmakerContext, snapshot: MatchmakerSnapshot): void {
  for (const ruleSet of snapshot.ruleSets) ctx.ruleSets.restore(ruleSet);
  for (const configuration of snapshot.configurations) ctx.configurations.restore(configuration);
  for (const ticket of snapshot.tickets) ctx.tickets.add(ticket);
  for (const match of snapshot.matches) ctx.matches.set(match.matchId, match);
  for (const session of snapshot.gameSessions) ctx.gameSessions.set(session.arn, session);
}
