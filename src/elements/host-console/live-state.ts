/**
 * What the host console's live view shows, derived from what the Matchmaker
 * answers (`listTickets`) and emits (FlexMatch events): tickets by status,
 * the matches being proposed or placed and those completed, the event log,
 * and the samples behind the charts. Pure: the controller passes `nowMs`.
 */
import type { MatchmakingEvent } from '../../core/matchmaker/events.ts';
import type { MatchmakingConfigurationStatus, MatchmakingTicket } from '../../core/matchmaker/types.ts';
import { assertNever } from '../../core/assert-never.ts';
import { connectionInfoOf } from '../../net/connection-info.ts';

import { isActiveStatus, TICKET_STATUSES } from '../../core/ticket-lifecycle.ts';

export { isActiveStatus, TICKET_STATUSES };

/** One row of the tickets table. */
export interface TicketRow {
  ticketId: string;
  playerIds: string[];
  status: MatchmakingConfigurationStatus;
  /** Seconds waited: until now for an active ticket, until its EndTime for a finished one. */
  waitSeconds: number;
  statusReason?: string;
  estimatedWaitSeconds?: number;
}

/** Ticket count per status (every status present, zero when none). */
export function countByStatus(tickets: readonly MatchmakingTicket[]): Record<MatchmakingConfigurationStatus, number> {
  const counts = Object.fromEntries(TICKET_STATUSES.map((status) => [status, 0])) as Record<MatchmakingConfigurationStatus, number>;
  for (const ticket of tickets) counts[ticket.Status] += 1;
  return counts;
}

/** The table rows: active tickets first (longest wait first), then finished ones (latest end first). */
export function ticketRows(tickets: readonly MatchmakingTicket[], nowMs: number): TicketRow[] {
  const rows = tickets.map((ticket): TicketRow & { endMs: number } => {
    const startMs = new Date(ticket.StartTime).getTime();
    const endMs = ticket.EndTime !== undefined ? new Date(ticket.EndTime).getTime() : nowMs;
    const row: TicketRow & { endMs: number } = {
      ticketId: ticket.TicketId,
      playerIds: ticket.Players.map((player) => player.PlayerId),
      status: ticket.Status,
      waitSeconds: Math.max(0, Math.round((endMs - startMs) / 1000)),
      endMs,
    };
    if (ticket.StatusReason !== undefined) row.statusReason = ticket.StatusReason;
    if (ticket.EstimatedWaitTime !== undefined) row.estimatedWaitSeconds = ticket.EstimatedWaitTime;
    return row;
  });
  rows.sort((a, b) => {
    const active = Number(isActiveStatus(b.status)) - Number(isActiveStatus(a.status));
    if (active !== 0) return active;
    return isActiveStatus(a.status) ? b.waitSeconds - a.waitSeconds : b.endMs - a.endMs;
  });
  return rows.map(({ endMs: _endMs, ...row }) => row);
}

/** Where a match stands. */
export type MatchState = 'awaiting-acceptance' | 'placing' | 'completed' | 'failed';

/** A match the Matchmaker proposed, as the events tell it. */
export interface MatchSummary {
  matchId: string;
  state: MatchState;
  /** When the state last changed (event time, ms). */
  atMs: number;
  ticketIds: string[];
  teams: { name: string; playerIds: string[] }[];
  /** Why a failed match failed (`Rejected`, `TimedOut`). */
  reason?: string;
  /** A completed match's game host, as the core placed it (when it wrote connection info). */
  gameHostPlayerId?: string;
}

/** The teams of an event's players (players without a team under "—"). */
function teamsOf(event: MatchmakingEvent): MatchSummary['teams'] {
  const teams = new Map<string, string[]>();
  for (const player of event.detail.gameSessionInfo.players) {
    const name = player.team ?? '—';
    teams.set(name, [...(teams.get(name) ?? []), player.playerId]);
  }
  return [...teams].map(([name, playerIds]) => ({ name, playerIds }));
}

/**
 * The match map after one event (a new map; matches not named by the event
 * are kept). Events without a match id return the map unchanged.
 */
export function applyMatchEvent(matches: ReadonlyMap<string, MatchSummary>, event: MatchmakingEvent): Map<string, MatchSummary> {
  const next = new Map(matches);
  const detail = event.detail;
  const atMs = Date.parse(event.time);
  const base = (matchId: string): MatchSummary =>
    next.get(matchId) ?? { matchId, state: 'placing', atMs, ticketIds: detail.tickets.map((t) => t.ticketId), teams: teamsOf(event) };
  switch (detail.type) {
    case 'PotentialMatchCreated':
      next.set(detail.matchId, { ...base(detail.matchId), state: detail.acceptanceRequired ? 'awaiting-acceptance' : 'placing', atMs });
      break;
    case 'AcceptMatchCompleted':
      next.set(detail.matchId, {
        ...base(detail.matchId),
        atMs,
        ...(detail.acceptance === 'Accepted' ? { state: 'placing' as const } : { state: 'failed' as const, reason: detail.acceptance }),
      });
      break;
    case 'MatchmakingSucceeded': {
      const gameHostPlayerId = connectionInfoOf(event)?.gameHostPlayerId;
      next.set(detail.matchId, { ...base(detail.matchId), state: 'completed', atMs, teams: teamsOf(event), ...(gameHostPlayerId ? { gameHostPlayerId } : {}) });
      break;
    }
    case 'MatchmakingSearching':
    case 'AcceptMatch':
    case 'MatchmakingTimedOut':
    case 'MatchmakingCancelled':
    case 'MatchmakingFailed':
      break;
    default:
      return assertNever(detail);
  }
  return next;
}

/** Keeps the `limit` most recent matches of the map (by `atMs`). */
export function boundMatches(matches: ReadonlyMap<string, MatchSummary>, limit: number): Map<string, MatchSummary> {
  if (matches.size <= limit) return new Map(matches);
  const kept = [...matches.values()].sort((a, b) => b.atMs - a.atMs).slice(0, limit);
  return new Map(kept.map((match) => [match.matchId, match]));
}

/** Matches being formed (awaiting acceptance, placing) and recently failed, latest first. */
export function proposedMatches(matches: ReadonlyMap<string, MatchSummary>): MatchSummary[] {
  return [...matches.values()].filter((match) => match.state !== 'completed').sort((a, b) => b.atMs - a.atMs);
}

/** Completed matches, latest first. */
export function completedMatches(matches: ReadonlyMap<string, MatchSummary>): MatchSummary[] {
  return [...matches.values()].filter((match) => match.state === 'completed').sort((a, b) => b.atMs - a.atMs);
}

/** One line of the event log. */
export interface EventLogEntry {
  /** Event time, ms. */
  atMs: number;
  type: string;
  /** Tickets, match and outcome in words. */
  text: string;
}

/** The log line of a FlexMatch event. */
export function describeEvent(event: MatchmakingEvent): EventLogEntry {
  const detail = event.detail;
  const tickets = detail.tickets.map((ticket) => ticket.ticketId).join(', ');
  const match = 'matchId' in detail && detail.matchId !== undefined ? ` match ${detail.matchId}` : '';
  let outcome = '';
  switch (detail.type) {
    case 'MatchmakingSearching':
      outcome = detail.estimatedWaitMillis === 'NOT_AVAILABLE' ? '' : ` (estimate ${Math.round(detail.estimatedWaitMillis / 1000)} s)`;
      break;
    case 'PotentialMatchCreated':
      outcome = detail.acceptanceRequired ? ' (acceptance required)' : '';
      break;
    case 'AcceptMatchCompleted':
      outcome = `: ${detail.acceptance}`;
      break;
    case 'MatchmakingTimedOut':
    case 'MatchmakingCancelled':
    case 'MatchmakingFailed':
      outcome = `: ${detail.reason}${detail.message ? ` (${detail.message})` : ''}`;
      break;
    case 'AcceptMatch':
    case 'MatchmakingSucceeded':
      break;
    default:
      return assertNever(detail);
  }
  return { atMs: Date.parse(event.time), type: detail.type, text: `${tickets}${match}${outcome}` };
}

/** A completed ticket's time to match: the x and y of the wait-time chart. */
export interface WaitSample {
  /** When the match succeeded, ms. */
  atMs: number;
  ticketId: string;
  waitSeconds: number;
}

/** The time-to-match samples of a `MatchmakingSucceeded` event (none for any other event). */
export function waitSamplesOf(event: MatchmakingEvent): WaitSample[] {
  if (event.detail.type !== 'MatchmakingSucceeded') return [];
  const atMs = Date.parse(event.time);
  return event.detail.tickets.map((ticket) => ({
    atMs,
    ticketId: ticket.ticketId,
    waitSeconds: Math.max(0, (atMs - Date.parse(ticket.startTime)) / 1000),
  }));
}
