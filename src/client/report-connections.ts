/**
 * The `reportConnections` a client sends its lobby host when a match's
 * hand-off ends (net/connection-report.ts): the open connections with how
 * each connected and its round-trip time, or the step that failed, so the
 * host console's completed matches show them. Pure: `PeermatchClient` sends it.
 */
import { MAX_FAILURE_REASON_LENGTH, type ReportConnectionsInput, type ReportedConnection } from '../net/protocol.ts';
import type { HandoffNotice } from './handoff.ts';

type Outcome = Extract<HandoffNotice, { type: 'match-ready' | 'match-failed' }>;

/**
 * The report of a `match-ready` or `match-failed` notice for the ticket
 * `ticketId`, or undefined when there is nothing to say (a failure before any
 * connection step, such as a match without connection info).
 */
export function connectionReportOf(notice: Outcome, ticketId: string): ReportConnectionsInput | undefined {
  const base = { TicketId: ticketId, MatchId: notice.match.matchId };
  if (notice.type === 'match-failed') {
    if (!notice.failure) return undefined;
    return { ...base, Outcome: 'failed', Failure: { Step: notice.failure.step, Reason: clip(notice.failure.reason, MAX_FAILURE_REASON_LENGTH) } };
  }
  const playerOf = new Map(notice.match.players.map((player) => [player.peerId, player.playerId]));
  playerOf.set(notice.match.gameHostPeerId, notice.match.gameHostPlayerId);
  const connections: ReportedConnection[] = [];
  for (const network of notice.network ?? []) {
    const playerId = playerOf.get(network.peerId);
    if (playerId === undefined) continue;
    const connection: ReportedConnection = {
      PlayerId: playerId,
      Path: network.path,
      LocalCandidateType: candidateType(network.localCandidateType),
      RemoteCandidateType: candidateType(network.remoteCandidateType),
      IceRestarts: network.iceRestarts,
    };
    if (network.roundTripTimeMs !== undefined) connection.RoundTripTimeMs = network.roundTripTimeMs;
    connections.push(connection);
  }
  return { ...base, Outcome: 'ready', Connections: connections };
}

/** A candidate type as the wire takes it (lowercase letters); anything else is `unknown`. */
function candidateType(type: string): string {
  return /^[a-z]{1,16}$/.test(type) ? type : 'unknown';
}

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
