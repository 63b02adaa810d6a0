/**
 * Builds the FlexMatch event envelopes (events.ts) from tickets and matches,
 * and hands them to the bus.
 */
import type { RuleEvaluationMetric } from '../engine/types.ts';
import type { ConfigurationRecord } from './configurations.ts';
import type { MatchmakerContext } from './context.ts';
import type {
  EventPlayer,
  EventTicket,
  GameSessionInfo,
  GameSessionUpdate,
  GameSessionUpdateReason,
  MatchmakingEventDetail,
} from './events.ts';
import { toSdkGameSession } from './game-sessions.ts';
import { uuidFrom } from './ids.ts';
import type { MatchRecord } from './matches.ts';
import type { TicketRecord } from './tickets.ts';
import type { GameSessionConnectionInfo } from './types.ts';

/** Detail without the fields every event gets from its configuration. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type DetailInput = DistributiveOmit<MatchmakingEventDetail, 'customEventData'>;

/** Wraps a detail in the envelope and delivers it. The detail is taken over (callers build it for this call). */
export function emitEvent(ctx: MatchmakerContext, config: ConfigurationRecord, detail: DetailInput): void {
  const full = detail as MatchmakingEventDetail;
  if (config.CustomEventData !== undefined) full.customEventData = config.CustomEventData;
  ctx.bus.emit({
    version: '0',
    id: uuidFrom(ctx.random),
    'detail-type': 'GameLift Matchmaking Event',
    source: 'aws.gamelift',
    account: ctx.accountId,
    time: isoTime(eventTime, ctx.now()),
    region: ctx.region,
    resources: [config.ConfigurationArn],
    detail: full,
  });
}

/** An ISO time string, formatted once per distinct time (a tick emits many events at one time). */
function isoTime(memo: { ms: number; iso: string }, ms: number): string {
  if (ms !== memo.ms) {
    memo.ms = ms;
    memo.iso = new Date(ms).toISOString();
  }
  return memo.iso;
}

/** The last event `time` and the last ticket `startTime` formatted (two memos: they alternate). */
const eventTime = { ms: Number.NaN, iso: '' };
const startTime = { ms: Number.NaN, iso: '' };

export interface EventTicketOptions {
  /** Include each player's acceptance answer (AcceptMatch). */
  acceptances?: MatchRecord['acceptances'];
  /** Include each player's player session id (MatchmakingSucceeded). */
  playerSessions?: Record<string, string>;
}

/** The `tickets` of an event: each ticket's players with the team it has now. */
export function eventTickets(tickets: readonly TicketRecord[], options?: EventTicketOptions): EventTicket[] {
  // Loops, not map() with closures: this runs for every ticket of every match and every search.
  const acceptances = options?.acceptances;
  const playerSessions = options?.playerSessions;
  const out: EventTicket[] = [];
  for (let t = 0; t < tickets.length; t++) {
    const ticket = tickets[t]!;
    const answers = ticket.backfill ? undefined : acceptances;
    const players: EventPlayer[] = [];
    for (let p = 0; p < ticket.players.length; p++) {
      const player = ticket.players[p]!;
      const entry: EventPlayer = { playerId: player.PlayerId };
      const session = playerSessions?.[player.PlayerId];
      if (session !== undefined) entry.playerSessionId = session;
      if (player.Team !== undefined) entry.team = player.Team;
      if (player.PeerId !== undefined) entry.peerId = player.PeerId;
      const answer = answers?.[player.PlayerId];
      if (answer !== undefined) entry.accepted = answer;
      players.push(entry);
    }
    out.push({ ticketId: ticket.ticketId, startTime: isoTime(startTime, ticket.startTimeMs), players });
  }
  return out;
}

/**
 * `gameSessionInfo`: every player of `tickets`, the game session ARN of a
 * backfill, and the connection fields once placed.
 */
export function gameSessionInfo(
  tickets: readonly EventTicket[],
  gameSessionArn?: string,
  connection?: GameSessionConnectionInfo,
): GameSessionInfo {
  const players: EventPlayer[] = [];
  for (let t = 0; t < tickets.length; t++) {
    const listed = tickets[t]!.players;
    for (let p = 0; p < listed.length; p++) players.push({ ...listed[p]! });
  }
  const info: GameSessionInfo = { players };
  const arn = connection?.GameSessionArn ?? gameSessionArn;
  if (arn !== undefined) info.gameSessionArn = arn;
  if (connection) {
    // for-in over own keys is Object.entries' order without its list of pairs.
    for (const key in connection) {
      if (!Object.hasOwn(connection, key)) continue;
      const value = connection[key];
      if (key === 'GameSessionArn' || key === 'MatchedPlayerSessions' || value === undefined) continue;
      const copy = Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : value;
      info[lowerFirst(key)] = copy;
    }
  }
  return info;
}

/** `ipAddress` from `IpAddress`, each key spelled once (the same few keys come back on every event). */
function lowerFirst(key: string): string {
  let lower = lowered.get(key);
  if (lower === undefined) {
    lower = key.charAt(0).toLowerCase() + key.slice(1);
    if (lowered.size < 256) lowered.set(key, lower);
  }
  return lower;
}
const lowered = new Map<string, string>();

/** Metrics for an event about a ticket outside a match: its last match's, or every rule at zero. */
export function ticketMetrics(ctx: MatchmakerContext, ticket: TicketRecord, config: ConfigurationRecord): RuleEvaluationMetric[] {
  if (ticket.lastMetrics) return ticket.lastMetrics.map((m) => ({ ...m }));
  const ruleSet = ctx.ruleSets.get('RuleSetName', config.RuleSetName);
  return ruleSet.compiled.rules.map((rule) => ({ ruleName: rule.name, passedCount: 0, failedCount: 0 }));
}

/** The event of a ticket that ends outside a successful match: TimedOut, Cancelled or Failed. */
export function emitTicketEnded(
  ctx: MatchmakerContext,
  ticket: TicketRecord,
  config: ConfigurationRecord,
  type: 'MatchmakingTimedOut' | 'MatchmakingCancelled' | 'MatchmakingFailed',
): void {
  const tickets = eventTickets([ticket]);
  const base = {
    tickets,
    gameSessionInfo: gameSessionInfo(tickets, ticket.backfill?.gameSessionArn),
    message: ticket.statusMessage ?? '',
    ruleEvaluationMetrics: ticketMetrics(ctx, ticket, config),
    ...(ticket.matchId !== undefined ? { matchId: ticket.matchId } : {}),
  };
  if (type === 'MatchmakingTimedOut') emitEvent(ctx, config, { ...base, type, reason: 'TimedOut' });
  else if (type === 'MatchmakingCancelled') emitEvent(ctx, config, { ...base, type, reason: 'Cancelled' });
  else emitEvent(ctx, config, { ...base, type, reason: ticket.statusReason ?? 'UNEXPECTED_ERROR' });
}

/** Tells the game session's listeners how a backfill ended (`onUpdateGameSession`). */
export function notifyGameSession(
  ctx: MatchmakerContext,
  gameSessionArn: string,
  backfillTicketId: string,
  updateReason: GameSessionUpdateReason,
): void {
  const session = ctx.gameSessions.get(gameSessionArn);
  if (!session) return;
  const update: GameSessionUpdate = { backfillTicketId, updateReason, gameSession: toSdkGameSession(session) };
  if (session.autoBackfillTicketId !== undefined) update.autoBackfillTicketId = session.autoBackfillTicketId;
  ctx.bus.emitUpdate(gameSessionArn, update);
}

/**
 * Puts a ticket into SEARCHING-facing state for the event: records the wait
 * estimate on the ticket and emits `MatchmakingSearching`.
 */
export function emitSearching(ctx: MatchmakerContext, ticket: TicketRecord, config: ConfigurationRecord): void {
  const estimateMs = ctx.waits.estimateMs(config.Name, ctx.now());
  if (estimateMs === undefined) delete ticket.estimatedWaitTimeSeconds;
  else ticket.estimatedWaitTimeSeconds = Math.ceil(estimateMs / 1000);
  const tickets = eventTickets([ticket]);
  emitEvent(ctx, config, {
    type: 'MatchmakingSearching',
    tickets,
    estimatedWaitMillis: estimateMs ?? 'NOT_AVAILABLE',
    gameSessionInfo: gameSessionInfo(tickets, ticket.backfill?.gameSessionArn),
  });
}
