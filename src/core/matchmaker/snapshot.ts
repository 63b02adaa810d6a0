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

export function takeSnapshot(ctx: MatchmakerContext): MatchmakerSnapshot {
  return plain({
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    takenAtMs: ctx.now(),
    region: ctx.region,
    accountId: ctx.accountId,
    ruleSets: ctx.ruleSets.all().map(({ compiled: _compiled, ...record }) => record),
    configurations: ctx.configurations.all(),
    tickets: ctx.tickets.all(),
    matches: [...ctx.matches.values()],
    gameSessions: [...ctx.gameSessions.values()],
    waitHistory: ctx.waits.toJSON(),
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
