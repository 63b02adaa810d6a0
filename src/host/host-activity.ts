/**
 * What a lobby host does, one line each, for the headless host's log
 * (`peermatch host`): tickets in, matches formed and placed, tickets that
 * end unmatched, players gone (a relay connection closed, a game host's
 * report), how each player's connections of a match went (its client's
 * report). Pure: each function turns one happening into its line(s).
 */
import { assertNever } from '../core/assert-never.ts';
import type { EventTicket, MatchmakingEvent } from '../core/matchmaker/events.ts';
import type { ConnectionReport } from './connection-reports.ts';
import type { LedgerState } from './ledger.ts';

/** The lines of one FlexMatch event (none for the acceptance steps, which change no ticket's place). */
export function eventActivity(event: MatchmakingEvent): string[] {
  const detail = event.detail;
  switch (detail.type) {
    case 'MatchmakingSearching':
      return detail.tickets.map((ticket) => `ticket ${ticket.ticketId} searching: ${playersOf(ticket)}`);
    case 'PotentialMatchCreated':
      return [`match ${detail.matchId} formed: ${teamsOf(detail.tickets)}${detail.acceptanceRequired ? ' (waiting for acceptance)' : ''}`];
    case 'MatchmakingSucceeded': {
      const arn = detail.gameSessionInfo.gameSessionArn;
      return [`match ${detail.matchId} placed: ${detail.tickets.length} ticket(s)${arn ? `, game session ${arn}` : ''}`];
    }
    case 'MatchmakingTimedOut':
    case 'MatchmakingCancelled':
    case 'MatchmakingFailed':
      return detail.tickets.map((ticket) => `ticket ${ticket.ticketId} ended ${detail.reason}: ${playersOf(ticket)}; ${detail.message}`);
    case 'AcceptMatch':
    case 'AcceptMatchCompleted':
      return [];
    default:
      return assertNever(detail);
  }
}

/** The line for a client whose relay connection closed, naming the players it submitted. */
export function clientLeftActivity(clientId: string, ledger: LedgerState): string {
  const players = Object.entries(ledger.players)
    .filter(([, record]) => record.clientId === clientId)
    .map(([playerId]) => playerId);
  return players.length === 0 ? `client ${clientId} gone (relay connection closed)` : `player(s) ${players.join(', ')} gone (client ${clientId} closed its relay connection)`;
}

/** The line for a game host's report that a player left its game session. */
export function playerLeftActivity(gameSessionArn: string, playerId: string): string {
  return `player ${playerId} gone from game session ${gameSessionArn} (reported by its game host)`;
}

/**
 * The line for a player's connection report: `match m1: alice ready: to bob
 * relayed (relay/srflx), 41.2 ms round trip` or `match m1: alice failed at
 * turn-credentials: the TURN server ... refused the credentials (401 ...)`.
 */
export function connectionActivity(report: ConnectionReport): string {
  const who = `match ${report.matchId}: ${report.playerIds.join(', ')}`;
  if (report.outcome === 'failed') return `${who} failed at ${report.failure?.Step ?? '?'}: ${report.failure?.Reason ?? ''}`;
  const connections = report.connections.map((c) => {
    const rtt = c.RoundTripTimeMs === undefined ? '' : `, ${c.RoundTripTimeMs} ms round trip`;
    const restarts = c.IceRestarts > 0 ? `, ${c.IceRestarts} ICE restart(s)` : '';
    return `to ${c.PlayerId} ${c.Path} (${c.LocalCandidateType}/${c.RemoteCandidateType})${rtt}${restarts}`;
  });
  return `${who} ready: ${connections.length > 0 ? connections.join('; ') : 'connected (no WebRTC statistics)'}`;
}

function playersOf(ticket: EventTicket): string {
  return ticket.players.map((player) => player.playerId).join(', ');
}

function teamsOf(tickets: readonly EventTicket[]): string {
  const teams = new Map<string, string[]>();
  for (const player of tickets.flatMap((ticket) => ticket.players)) {
    const team = player.team ?? '?';
    teams.set(team, [...(teams.get(team) ?? []), player.playerId]);
  }
  return [...teams].map(([team, players]) => `${team} [${players.join(', ')}]`).join(' vs ');
}
