/**
 * What a matched player needs to join its peer-to-peer game, and where it
 * finds it. The lobby host picks the game host when a match is placed and
 * writes the connection info into the `MatchmakingSucceeded` event it relays
 * (the relay's `event` frame carries only FlexMatch events and game-session
 * updates, so the info rides inside the event, the way the core shows a
 * placement hook's extra fields):
 *
 * - `detail.gameSessionInfo.gameHostPeerId`, `.gameHostPlayerId`, `.matchId`;
 * - `detail.gameSessionInfo.players[i].peerId` next to the core's `playerId`,
 *   `team` and `playerSessionId`.
 *
 * A client reads it with `connectionInfoOf(event)`. The same three fields
 * appear PascalCased (`GameHostPeerId`, `GameHostPlayerId`, `MatchId`) in the
 * `GameSessionConnectionInfo` of a COMPLETED ticket that `describeMatchmaking`
 * answers, for a client that reloads after the event.
 *
 * After a backfill, the event of the backfill's match lists every seated
 * player and names the same game host. Isomorphic, no I/O.
 */
import type { EventPlayer, MatchmakingEvent } from '../core/matchmaker/events.ts';

/** One player of the game session, as the game host and the other players see it. */
export interface ConnectionPlayer {
  playerId: string;
  /** The rule set's team instance name the player was placed on. */
  team: string;
  /** The player session created for this player (`psess-...`). */
  playerSessionId: string;
  /** The PeerJS id the player's client announced with its ticket (`PeerId` of `startMatchmaking`). */
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
}

/** The fields the host adds to a COMPLETED ticket's `GameSessionConnectionInfo` in `describeMatchmaking`. */
export interface ConnectionInfoExtras {
  GameHostPeerId: string;
  GameHostPlayerId: string;
  MatchId: string;
}

/** A player of `gameSessionInfo.players` as the lobby host relays it. */
type RelayedPlayer = EventPlayer & { peerId?: unknown };

/**
 * The connection info in a relayed `MatchmakingSucceeded` event, or
 * `undefined` for any other event, or one the lobby host did not complete
 * (missing game host, or a player without team, player session or peer id).
 */
export function connectionInfoOf(event: MatchmakingEvent): ConnectionInfo | undefined {
  const detail = event.detail;
  if (detail.type !== 'MatchmakingSucceeded') return undefined;
  const info = detail.gameSessionInfo;
  const { gameHostPeerId, gameHostPlayerId, gameSessionArn } = info;
  const matchId = typeof info.matchId === 'string' ? info.matchId : detail.matchId;
  if (typeof gameHostPeerId !== 'string' || typeof gameHostPlayerId !== 'string' || typeof gameSessionArn !== 'string') {
    return undefined;
  }
  const players: ConnectionPlayer[] = [];
  for (const player of info.players as RelayedPlayer[]) {
    const { playerId, team, playerSessionId, peerId } = player;
    if (typeof team !== 'string' || typeof playerSessionId !== 'string' || typeof peerId !== 'string') return undefined;
    players.push({ playerId, team, playerSessionId, peerId });
  }
  if (!players.some((player) => player.playerId === gameHostPlayerId)) return undefined;
  return { matchId, gameSessionArn, gameHostPeerId, gameHostPlayerId, players };
}

/**
 * The event with `connection` written into `detail.gameSessionInfo` (a copy;
 * the input is not changed). Used by the lobby host; `connectionInfoOf` reads it back.
 */
export function withConnectionInfo(event: MatchmakingEvent, connection: ConnectionInfo): MatchmakingEvent {
  const copy = structuredClone(event);
  const info = copy.detail.gameSessionInfo;
  info.gameHostPeerId = connection.gameHostPeerId;
  info.gameHostPlayerId = connection.gameHostPlayerId;
  info.matchId = connection.matchId;
  info.gameSessionArn = connection.gameSessionArn;
  const peers = new Map(connection.players.map((player) => [player.playerId, player.peerId]));
  for (const player of info.players as RelayedPlayer[]) {
    const peerId = peers.get(player.playerId);
    if (peerId !== undefined) player.peerId = peerId;
  }
  return copy;
}
