/**
 * The host console's words for how a completed match's players connected:
 * one line per reporting ticket, from the reports the lobby host kept
 * (host/connection-reports.ts): each connection's path and round-trip time,
 * or the step that failed and why. Pure; the live view renders the lines.
 */
import { assertNever } from '../../core/assert-never.ts';
import type { ConnectionReport } from '../../host/connection-reports.ts';
import type { ReportedConnection, ReportedFailure } from '../../net/protocol.ts';
import type { ConsoleStrings } from './console-strings.ts';

/** One line under a completed match. */
export interface ConnectionLine {
  ticketId: string;
  playerIds: string[];
  outcome: ConnectionReport['outcome'];
  /** The paths of the ticket's connections, in order (`ready` only). */
  paths: ReportedConnection['Path'][];
  /** `alice: direct, 0.4 ms round trip to bob` or `alice: failed at signaling: no answer from …`. */
  text: string;
}

/** Words for a path. */
export function pathWords(path: ReportedConnection['Path'], s: ConsoleStrings): string {
  switch (path) {
    case 'direct':
      return s.pathDirect;
    case 'stun':
      return s.pathStun;
    case 'relayed':
      return s.pathRelayed;
    default:
      return assertNever(path);
  }
}

/** Words for a failed step. */
export function stepWords(step: ReportedFailure['Step'], s: ConsoleStrings): string {
  switch (step) {
    case 'signaling':
      return s.stepSignaling;
    case 'ice':
      return s.stepIce;
    case 'turn-credentials':
      return s.stepTurnCredentials;
    case 'turn-unreachable':
      return s.stepTurnUnreachable;
    case 'admission':
      return s.stepAdmission;
    default:
      return assertNever(step);
  }
}

/** `direct, 0.4 ms round trip to bob`. */
function connectionWords(connection: ReportedConnection, s: ConsoleStrings): string {
  const rtt = connection.RoundTripTimeMs === undefined ? '' : `, ${formatMs(connection.RoundTripTimeMs)} ${s.roundTrip}`;
  return `${pathWords(connection.Path, s)}${rtt} ${s.to} ${connection.PlayerId}`;
}

/** A round-trip time with one decimal below 10 ms, whole ms above. */
export function formatMs(ms: number): string {
  return ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
}

/** The lines of a match's reports, in arrival order; the game host's ticket says so. */
export function connectionLines(reports: readonly ConnectionReport[], s: ConsoleStrings, gameHostPlayerId?: string): ConnectionLine[] {
  return reports.map((report) => {
    const hosts = gameHostPlayerId !== undefined && report.playerIds.includes(gameHostPlayerId);
    const who = `${report.playerIds.join(', ')}${hosts ? ` (${s.gameHost})` : ''}`;
    const base = { ticketId: report.ticketId, playerIds: report.playerIds, outcome: report.outcome };
    if (report.outcome === 'failed') {
      const failure = report.failure;
      const text = failure ? `${who}: ${s.failedAt} ${stepWords(failure.Step, s)}: ${failure.Reason}` : `${who}: ${s.failedAt} ?`;
      return { ...base, paths: [], text };
    }
    const parts = report.connections.map((connection) => connectionWords(connection, s));
    return { ...base, paths: report.connections.map((c) => c.Path), text: `${who}: ${parts.length > 0 ? parts.join('; ') : s.connectedNoStats}` };
  });
}
