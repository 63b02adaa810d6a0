/**
 * `reportConnections`: after a match's hand-off ends, each player's client
 * tells the lobby host how its WebRTC connections of that match went (how
 * each connected and its round-trip time, or which step failed), so the host
 * console's completed matches can show it. A request op like the others
 * (the relay forwards it stamped with the sender's client id); this module
 * declares its input and the one guard the lobby host runs on it. Part of
 * the protocol module (protocol.ts re-exports it).
 *
 * Bounded: at most `MAX_REPORTED_CONNECTIONS` connections, every string
 * short, so one report stays a few kilobytes at most. Isomorphic.
 */
import { formatValue } from '../core/format-value.ts';

/** How a connection's packets travel: host candidates, through a NAT (STUN), or relayed by TURN. */
export const CONNECTION_PATHS = ['direct', 'stun', 'relayed'] as const;
/** The step of a hand-off that failed. */
export const FAILURE_STEPS = ['signaling', 'ice', 'turn-credentials', 'turn-unreachable', 'admission'] as const;
/** Most connections one report may list (a game host of a 200-player match has 199). */
export const MAX_REPORTED_CONNECTIONS = 200;
/** Longest id (ticket, match, player) in a report, in characters. */
export const MAX_REPORT_ID_LENGTH = 128;
/** Longest failure reason, in characters. */
export const MAX_FAILURE_REASON_LENGTH = 600;
/** Largest round-trip time a report may state, ms (ten minutes: anything above is not a measurement). */
const MAX_ROUND_TRIP_MS = 600_000;
const CANDIDATE_TYPE = /^[a-z]{1,16}$/;

/** One open connection, as the reporting client saw it. */
export interface ReportedConnection {
  /** The player at the other end (for a player: the game host's player). */
  PlayerId: string;
  Path: (typeof CONNECTION_PATHS)[number];
  /** Round-trip time of the selected candidate pair, ms. */
  RoundTripTimeMs?: number;
  /** ICE candidate types of the selected pair: `host`, `srflx`, `prflx`, `relay`. */
  LocalCandidateType: string;
  RemoteCandidateType: string;
  IceRestarts: number;
}

/** Why the reporting client's hand-off failed. */
export interface ReportedFailure {
  Step: (typeof FAILURE_STEPS)[number];
  /** Plain words, as the player saw them. */
  Reason: string;
}

/** The input of `reportConnections`: one client's view of one match it was placed in with `TicketId`. */
export type ReportConnectionsInput =
  | { TicketId: string; MatchId: string; Outcome: 'ready'; Connections: ReportedConnection[] }
  | { TicketId: string; MatchId: string; Outcome: 'failed'; Failure: ReportedFailure };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}


function checkId(value: unknown, path: string): string | undefined {
  if (typeof value === 'string' && value.length >= 1 && value.length <= MAX_REPORT_ID_LENGTH) return undefined;
  return `${path}: expected a string of 1-${MAX_REPORT_ID_LENGTH} characters, got ${formatValue(value)}`;
}

/**
 * The report in `input` (copied, unknown fields dropped) or a message naming
 * the first problem by path, value and limit. Run by the lobby host before
 * the ownership check.
 */
export function parseReportConnections(input: unknown): ReportConnectionsInput | string {
  if (!isObject(input)) return `reportConnections: expected an object { TicketId, MatchId, Outcome, ... }, got ${formatValue(input)}`;
  const problem = checkId(input.TicketId, 'TicketId') ?? checkId(input.MatchId, 'MatchId');
  if (problem) return problem;
  const base = { TicketId: input.TicketId as string, MatchId: input.MatchId as string };
  if (input.Outcome === 'failed') {
    const failure = parseFailure(input.Failure);
    return typeof failure === 'string' ? failure : { ...base, Outcome: 'failed', Failure: failure };
  }
  if (input.Outcome !== 'ready') return `Outcome: expected "ready" or "failed", got ${formatValue(input.Outcome)}`;
  const list = input.Connections;
  if (!Array.isArray(list) || list.length > MAX_REPORTED_CONNECTIONS) {
    const got = Array.isArray(list) ? `${list.length} entries` : formatValue(list);
    return `Connections: expected an array of at most ${MAX_REPORTED_CONNECTIONS} connections, got ${got}`;
  }
  const connections: ReportedConnection[] = [];
  for (const [i, entry] of list.entries()) {
    const connection = parseConnection(entry, `Connections[${i}]`);
    if (typeof connection === 'string') return connection;
    connections.push(connection);
  }
  return { ...base, Outcome: 'ready', Connections: connections };
}

function parseConnection(entry: unknown, at: string): ReportedConnection | string {
  if (!isObject(entry)) return `${at}: expected an object { PlayerId, Path, LocalCandidateType, RemoteCandidateType, IceRestarts, RoundTripTimeMs? }, got ${formatValue(entry)}`;
  const problem = checkId(entry.PlayerId, `${at}.PlayerId`);
  if (problem) return problem;
  if (!(CONNECTION_PATHS as readonly unknown[]).includes(entry.Path)) {
    return `${at}.Path: expected one of ${CONNECTION_PATHS.join(', ')}, got ${formatValue(entry.Path)}`;
  }
  for (const field of ['LocalCandidateType', 'RemoteCandidateType'] as const) {
    const value = entry[field];
    if (typeof value !== 'string' || !CANDIDATE_TYPE.test(value)) return `${at}.${field}: expected 1-16 lowercase letters (an ICE candidate type), got ${formatValue(value)}`;
  }
  const restarts = entry.IceRestarts;
  if (typeof restarts !== 'number' || !Number.isSafeInteger(restarts) || restarts < 0 || restarts > 1000) {
    return `${at}.IceRestarts: expected an integer from 0 to 1000, got ${formatValue(restarts)}`;
  }
  const connection: ReportedConnection = {
    PlayerId: entry.PlayerId as string,
    Path: entry.Path as ReportedConnection['Path'],
    LocalCandidateType: entry.LocalCandidateType as string,
    RemoteCandidateType: entry.RemoteCandidateType as string,
    IceRestarts: restarts,
  };
  const rtt = entry.RoundTripTimeMs;
  if (rtt !== undefined) {
    if (typeof rtt !== 'number' || !Number.isFinite(rtt) || rtt < 0 || rtt > MAX_ROUND_TRIP_MS) {
      return `${at}.RoundTripTimeMs: expected a number of ms from 0 to ${MAX_ROUND_TRIP_MS}, got ${formatValue(rtt)}`;
    }
    connection.RoundTripTimeMs = rtt;
  }
  return connection;
}

function parseFailure(value: unknown): ReportedFailure | string {
  if (!isObject(value)) return `Failure: expected an object { Step, Reason }, got ${formatValue(value)}`;
  if (!(FAILURE_STEPS as readonly unknown[]).includes(value.Step)) return `Failure.Step: expected one of ${FAILURE_STEPS.join(', ')}, got ${formatValue(value.Step)}`;
  const reason = value.Reason;
  if (typeof reason !== 'string' || reason.length === 0 || reason.length > MAX_FAILURE_REASON_LENGTH) {
    const got = typeof reason === 'string' ? `${reason.length} characters` : formatValue(reason);
    return `Failure.Reason: expected a string of 1-${MAX_FAILURE_REASON_LENGTH} characters, got ${got}`;
  }
  // The reason lands in a host's log line and its console: one line of text.
  const control = /[\u0000-\u001f\u007f]/.exec(reason);
  if (control) return `Failure.Reason: expected one line without control characters, got ${formatValue(control[0])} at index ${control.index}`;
  return { Step: value.Step as ReportedFailure['Step'], Reason: reason };
}
