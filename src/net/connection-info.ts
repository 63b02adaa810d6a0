/**
 * The peer-to-peer connection info a matched player needs to join its game,
 * and the one place clients read it. The core writes it once, at placement
 * (src/core/matchmaker/peer-to-peer.ts), as plain data that crosses the
 * Worker and the relay unchanged:
 *
 * - `MatchmakingSucceeded.detail.gameSessionInfo`: `gameHostPeerId`,
 *   `gameHostPlayerId`, `matchId`, `successorPlayerIds`,
 *   `autoBackfillTicketId` (when automatic backfill runs), and each
 *   player's `peerId` next to its `team` and `playerSessionId`;
 * - a COMPLETED ticket's `GameSessionConnectionInfo` (for a client that
 *   reloads after the event): `GameHostPeerId`, `GameHostPlayerId`,
 *   `MatchId`, `SuccessorPlayerIds`, `AutoBackfillTicketId`.
 *
 * After a backfill, the event of the backfill's match lists every seated
 * player and names the same game host. Isomorphic, no I/O.
 */
import type { MatchmakingEvent, MatchmakingEventDetail } from '../core/matchmaker/events.ts';
import type { MatchmakingTicket } from '../core/matchmaker/types.ts';

/** One player of the game session, as the game host and the other players see it. */
export interface ConnectionPlayer {
  playerId: string;
  /** The rule set's team instance name the player was placed on. */
  team: string;
  /** The player session created for this player (`psess-...`). */
  playerSessionId: string;
  /** The PeerJS id the player's ticket carried (`Players[].PeerId`); empty for a player without one. */
  peerId: string;
}

/** Connection info of one placed match (a new game session, or a backfill of one). */
export interface ConnectionInfo {
  /** The match that was placed; for a backfill, the backfill's match. */
  matchId: string;
  /** The game session every player joins; the ARN `startMatchBackfill` and `reportPlayerLeft` name. */
  gameSessionArn: string;
  /** The PeerJS id of the game host: every other player opens a DataConnection to it. */
  gameHostPeerId: string;
  /** The player who hosts the game (one of `players`); only this player's client may backfill the session. */
  gameHostPlayerId: string;
  /** Every player of the match's tickets (after a backfill: every seated player), in team order. */
  players: ConnectionPlayer[];
  /** The other seated players with a PeerJS id, best game host first (latency to the region, else ticket age). */
  successorPlayerIds: string[];
  /** The automatic backfill ticket running for the session, when there is one (the game host's to stop). */
  autoBackfillTicketId?: string;
}

/** What a COMPLETED ticket's `GameSessionConnectionInfo` says of its peer-to-peer game. */
export interface TicketConnection {
  matchId: string;
  gameSessionArn: string;
  gameHostPeerId: string;
  gameHostPlayerId: string;
  successorPlayerIds: string[];
  autoBackfillTicketId?: string;
}

/**
 * The connection info in a `MatchmakingSucceeded` event (or its detail), or
 * `undefined` for any other event, or one without a game host (no player
 * carried a PeerId) or with a player lacking its team or player session.
 */
export function connectionInfoOf(event: MatchmakingEvent | MatchmakingEventDetail): ConnectionInfo | undefined {
  const detail = 'detail' in event ? event.detail : event;
  if (detail.type !== 'MatchmakingSucceeded') return undefined;
  const info = detail.gameSessionInfo;
  const { gameHostPeerId, gameHostPlayerId, gameSessionArn } = info;
  const matchId = typeof info.matchId === 'string' ? info.matchId : detail.matchId;
  if (typeof gameHostPeerId !== 'string' || typeof gameHostPlayerId !== 'string' || typeof gameSessionArn !== 'string') {
    return undefined;
  }
  const players: ConnectionPlayer[] = [];
  for (const { playerId, team, playerSessionId, peerId } of info.players) {
    if (typeof team !== 'string' || typeof playerSessionId !== 'string') return undefined;
    players.push({ playerId, team, playerSessionId, peerId: typeof peerId === 'string' ? peerId : '' });
  }
  if (!players.some((player) => player.playerId === gameHostPlayerId)) return undefined;
  const connection: ConnectionInfo = {
    matchId,
    gameSessionArn,
    gameHostPeerId,
    gameHostPlayerId,
    players,
    successorPlayerIds: strings(info.successorPlayerIds),
  };
  if (typeof info.autoBackfillTicketId === 'string') connection.autoBackfillTicketId = info.autoBackfillTicketId;
  return connection;
}

/** The peer-to-peer connection of a COMPLETED ticket (`describeMatchmaking`), or `undefined` when it names no game host. */
export function ticketConnectionOf(ticket: MatchmakingTicket): TicketConnection | undefined {
  const info = ticket.GameSessionConnectionInfo;
  if (info === undefined) return undefined;
  const { GameHostPeerId, GameHostPlayerId, MatchId, GameSessionArn } = info;
  if (typeof GameHostPeerId !== 'string' || typeof GameHostPlayerId !== 'string' || typeof MatchId !== 'string' || typeof GameSessionArn !== 'string') {
    return undefined;
  }
  const connection: TicketConnection = {
    matchId: MatchId,
    gameSessionArn: GameSessionArn,
    gameHostPeerId: GameHostPeerId,
    gameHostPlayerId: GameHostPlayerId,
    successorPlayerIds: strings(info.SuccessorPlayerIds),
  };
  if (typeof info.AutoBackfillTicketId === 'string') connection.autoBackfillTicketId = info.AutoBackfillTicketId;
  return connection;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}
