/**
 * What the lobby host keeps of its players' connection reports
 * (`reportConnections`, net/connection-report.ts): per completed match, each
 * ticket's view of its WebRTC connections (how each connected and its
 * round-trip time) or the step its hand-off failed at, for the host console.
 *
 * It learns the matches from the Matchmaker's `MatchmakingSucceeded` events
 * (which tickets, which players), and accepts a report only from the client
 * that submitted the ticket (`ownerOf`, the ledger) for a match that ticket
 * was placed in, naming only players of that match. Bounded like the rest of
 * the host's retained data: at most `maxMatches` matches, each forgotten after
 * `retentionMs` (the ledger's ticket retention); one report per ticket
 * (a later one replaces it). Not persisted: diagnostics of a match are live
 * information, and a reloaded host starts with none.
 */
import type { MatchmakingEvent } from '../core/matchmaker/index.ts';
import { awsError, show } from '../core/matchmaker/errors.ts';
import {
  parseReportConnections,
  type ClientId,
  type ReportConnectionsInput,
  type ReportedConnection,
  type ReportedFailure,
} from '../net/protocol.ts';

/** One ticket's report on one match, as the host console shows it. */
export interface ConnectionReport {
  matchId: string;
  ticketId: string;
  /** The players of the reporting ticket. */
  playerIds: string[];
  /** When the host received it, ms. */
  atMs: number;
  outcome: 'ready' | 'failed';
  /** `ready`: every open connection of the ticket's client. */
  connections: ReportedConnection[];
  /** `failed`: the step and the reason in plain words. */
  failure?: ReportedFailure;
}

/** A completed match as far as the reports need it. */
interface KnownMatch {
  completedAtMs: number;
  /** Ticket id → its player ids. */
  tickets: Map<string, string[]>;
  players: Set<string>;
  reports: Map<string, ConnectionReport>;
}

/** How the store is bounded and timed. */
export interface ConnectionReportsOptions {
  /** Current time, ms; default `Date.now`. */
  now?(): number;
  /** Most matches kept (the oldest go first); default 500. */
  maxMatches?: number;
  /** How long a completed match's reports are kept, ms; default one hour (the ledger's ticket retention). */
  retentionMs?: number;
}

/** See the file comment. */
export class ConnectionReports {
  private readonly matches = new Map<string, KnownMatch>();
  private readonly listeners = new Set<(report: ConnectionReport) => void>();
  private readonly now: () => number;
  private readonly maxMatches: number;
  private readonly retentionMs: number;

  constructor(options: ConnectionReportsOptions = {}) {
    this.now = options.now ?? Date.now;
    this.maxMatches = options.maxMatches ?? 500;
    this.retentionMs = options.retentionMs ?? 3_600_000;
  }

  /** Learns a completed match from the Matchmaker's events (other events are ignored). */
  noteEvent(event: MatchmakingEvent): void {
    const detail = event.detail;
    if (detail.type !== 'MatchmakingSucceeded') return;
    this.prune();
    const tickets = new Map(detail.tickets.map((ticket) => [ticket.ticketId, ticket.players.map((player) => player.playerId)]));
    const players = new Set(detail.gameSessionInfo.players.map((player) => player.playerId));
    this.matches.delete(detail.matchId);
    this.matches.set(detail.matchId, { completedAtMs: this.now(), tickets, players, reports: new Map() });
    // Map order is insertion order: the first entries are the oldest matches.
    for (const matchId of this.matches.keys()) {
      if (this.matches.size <= this.maxMatches) break;
      this.matches.delete(matchId);
    }
  }

  /**
   * Checks and keeps `clientId`'s report. `ownerOf(ticketId)` answers the
   * client id that submitted a ticket (undefined when unknown). Throws an
   * `InvalidRequestException` naming the problem, storing nothing, for a
   * malformed report, a ticket of another client, a match the ticket was not
   * placed in (or one the host no longer keeps), or a connection to someone
   * who is not a player of that match.
   */
  accept(clientId: ClientId, input: unknown, ownerOf: (ticketId: string) => string | undefined): ConnectionReport {
    const parsed = parseReportConnections(input);
    if (typeof parsed === 'string') throw awsError('InvalidRequestException', parsed);
    if (ownerOf(parsed.TicketId) !== clientId) {
      throw awsError('InvalidRequestException', `TicketId: ticket ${show(parsed.TicketId)} was not submitted by this client`);
    }
    this.prune();
    const match = this.matches.get(parsed.MatchId);
    const playerIds = match?.tickets.get(parsed.TicketId);
    if (!match || !playerIds) {
      throw awsError('InvalidRequestException', `MatchId: ticket ${show(parsed.TicketId)} is not in a completed match ${show(parsed.MatchId)} this host keeps`);
    }
    const report = reportOf(parsed, playerIds, this.now());
    report.connections.forEach((connection, i) => {
      if (!match.players.has(connection.PlayerId)) {
        throw awsError('InvalidRequestException', `Connections[${i}].PlayerId: ${show(connection.PlayerId)} is not a player of match ${show(parsed.MatchId)}`);
      }
    });
    match.reports.set(parsed.TicketId, report);
    for (const listener of [...this.listeners]) {
      try {
        listener(report);
      } catch {
        // A console's rendering fault is not the reporting player's.
      }
    }
    return report;
  }

  /** The reports of a match, in arrival order (none for a match the host does not keep). */
  reportsOf(matchId: string): ConnectionReport[] {
    return [...(this.matches.get(matchId)?.reports.values() ?? [])];
  }

  /** Calls `listener` with every report accepted from now on; returns the unsubscribe function. */
  on(listener: (report: ConnectionReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets the matches completed longer than the retention ago. */
  private prune(): void {
    const cutoffMs = this.now() - this.retentionMs;
    for (const [matchId, match] of this.matches) {
      if (match.completedAtMs > cutoffMs) break;
      this.matches.delete(matchId);
    }
  }
}

function reportOf(input: ReportConnectionsInput, playerIds: string[], atMs: number): ConnectionReport {
  const base = { matchId: input.MatchId, ticketId: input.TicketId, playerIds: [...playerIds], atMs };
  return input.Outcome === 'ready'
    ? { ...base, outcome: 'ready', connections: input.Connections }
    : { ...base, outcome: 'failed', connections: [], failure: input.Failure };
}
