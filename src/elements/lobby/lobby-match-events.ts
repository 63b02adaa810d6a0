/**
 * The DOM events `<peermatch-lobby>` fires about the match after the
 * hand-off, from the client's events (pure: the element dispatches them).
 *
 * - `peermatch-player-joined` `{ playerId, connection }`: at the game host, a
 *   player admitted after `peermatch-ready` (a backfilled newcomer, a player
 *   back from a reload); use `connection` like those `peermatch-ready` gave.
 * - `peermatch-player-left` `{ playerId, gameHost, reason }`: a connection of
 *   the match ended: at the game host, a player's; at a player, the game
 *   host's (`gameHost: true`). `reason` is `closed` (either side closed it) or
 *   `silent` (no heartbeat: a closed tab, a crash, a lost network).
 * - `peermatch-connection-interrupted` / `peermatch-connection-resumed`
 *   `{ playerId, gameHost }`: nothing arrived from that player for a moment /
 *   something did again.
 * - `peermatch-seat-released` `{ playerId, backfillTicketId?, error? }`: at the
 *   game host, a departed player did not come back within the seat grace and
 *   the lobby host was told; with automatic backfill, `backfillTicketId` is
 *   refilling the seat.
 * - `peermatch-game-host-changed` `{ match, gameHostPlayerId, self, role, connections, gone }`:
 *   the game host left and a successor took over (game host migration). At
 *   the new game host (`self: true`, `role: 'game-host'`) `connections` are
 *   its connections to the players; at a player, its one connection to the new
 *   game host. Use these from now on; `gone` lists who is no longer in the match.
 * - `peermatch-nobody-left` `{ match, reason }`: the game host left and no
 *   successor (or no other player) is left: the match is over.
 * - `peermatch-host-changed` `{ term, waitedMs }`: a standby lobby host took
 *   the lobby over (the lobby host's tab closed, or it handed the lobby over);
 *   the search, its age and any acceptance carry over. `waitedMs` is how long
 *   the lobby's oldest call waited; the lobby says so only when it is long.
 * - `peermatch-replaced` `{ where, message }`: one player, one seat: this
 *   player plays in a newer tab or window of this browser (`where: 'tab'`) or
 *   on another device (`'device'`), so this lobby stopped and released its
 *   PeerJS peer and connections (the lobby shows `failed` / `replaced`). Not
 *   only after the hand-off: it can come at any time.
 */
import type { PeermatchClientEvent, ReplacedWhere } from '../../client/peermatch-client.ts';
import type { DepartureReason } from '../../client/handoff.ts';
import type { DataConnectionLike } from '../../client/peer-like.ts';
import type { ConnectionInfo } from '../../net/connection-info.ts';

export interface LobbyPlayerJoinedDetail {
  playerId: string;
  connection: DataConnectionLike;
}

export interface LobbyPlayerLeftDetail {
  playerId: string;
  /** True when the player who left is the game host. */
  gameHost: boolean;
  reason: DepartureReason;
}

export interface LobbyConnectionDetail {
  playerId: string;
  gameHost: boolean;
}

export interface LobbySeatReleasedDetail {
  playerId: string;
  backfillTicketId?: string;
  error?: string;
}

export interface LobbyGameHostChangedDetail {
  /** The match as it goes on: its new game host, the players still in it. */
  match: ConnectionInfo;
  gameHostPlayerId: string;
  /** True when this player is the new game host. */
  self: boolean;
  role: 'game-host' | 'player';
  /** The connections to use from now on (data sent before the game listens is held). */
  connections: DataConnectionLike[];
  /** The players no longer in the match (the game host that left first). */
  gone: string[];
}

export interface LobbyNobodyLeftDetail {
  match: ConnectionInfo;
  reason: string;
}

export interface LobbyReplacedDetail {
  where: ReplacedWhere;
  message: string;
}

/** A host change the lobby says so about: its oldest call waited at least this long (ms); a shorter pause goes unmentioned. */
export const HOST_CHANGE_NOTICE_MS = 1000;

/** Whether a client event is a host change long enough for the lobby to show `strings.hostChanged`. */
export function noticesHostChange(event: PeermatchClientEvent): boolean {
  return event.type === 'host-changed' && event.waitedMs >= HOST_CHANGE_NOTICE_MS;
}

export interface LobbyHostChangedDetail {
  term: number;
  waitedMs: number;
}

export type LobbyMatchEvent =
  | { type: 'peermatch-game-host-changed'; detail: LobbyGameHostChangedDetail }
  | { type: 'peermatch-nobody-left'; detail: LobbyNobodyLeftDetail }
  | { type: 'peermatch-player-joined'; detail: LobbyPlayerJoinedDetail }
  | { type: 'peermatch-player-left'; detail: LobbyPlayerLeftDetail }
  | { type: 'peermatch-connection-interrupted' | 'peermatch-connection-resumed'; detail: LobbyConnectionDetail }
  | { type: 'peermatch-seat-released'; detail: LobbySeatReleasedDetail }
  | { type: 'peermatch-replaced'; detail: LobbyReplacedDetail }
  | { type: 'peermatch-host-changed'; detail: LobbyHostChangedDetail };

/**
 * The DOM event a client event calls for, if any. `ready` tells whether the
 * lobby has fired `peermatch-ready` (admissions before it are part of the hand-off).
 */
export function matchEventOf(event: PeermatchClientEvent, ready: boolean): LobbyMatchEvent | undefined {
  switch (event.type) {
    case 'player-connected':
      return ready ? { type: 'peermatch-player-joined', detail: { playerId: event.playerId, connection: event.connection } } : undefined;
    case 'player-disconnected':
      return {
        type: 'peermatch-player-left',
        detail: { playerId: event.playerId, gameHost: event.playerId === event.match.gameHostPlayerId, reason: event.reason },
      };
    case 'connection-interrupted':
    case 'connection-resumed':
      return { type: `peermatch-${event.type}`, detail: { playerId: event.playerId, gameHost: event.playerId === event.match.gameHostPlayerId } };
    case 'seat-released': {
      const { type: _type, gameSessionArn: _arn, ...detail } = event;
      return { type: 'peermatch-seat-released', detail };
    }
    case 'game-host-changed': {
      const { match, gameHostPlayerId, self, connections, gone } = event;
      return { type: 'peermatch-game-host-changed', detail: { match, gameHostPlayerId, self, role: self ? 'game-host' : 'player', connections, gone } };
    }
    case 'nobody-left':
      return { type: 'peermatch-nobody-left', detail: { match: event.match, reason: event.reason } };
    case 'replaced':
      return { type: 'peermatch-replaced', detail: { where: event.where, message: event.message } };
    case 'host-changed':
      return { type: 'peermatch-host-changed', detail: { term: event.term, waitedMs: event.waitedMs } };
    default:
      return undefined;
  }
}
