/**
 * The types of `PeermatchClient` (peermatch-client.ts): how it is set up,
 * what its calls take, and every event it reports on its one stream.
 */
import type { GameSessionUpdate, MatchmakingEvent } from '../core/matchmaker/events.ts';
import type { AcceptMatchInput, MatchmakingTicket, Player, StartMatchmakingInput } from '../core/matchmaker/types.ts';
import type { RelayErrorCode } from '../net/protocol.ts';
import type { BackoffOptions, Timers } from '../net/backoff.ts';
import type { HandoffNotice } from './handoff.ts';
import type { HeartbeatOptions } from './heartbeat.ts';
import type { MigrationNotice } from './migration.ts';
import type { PeerFactory, PeerServerOptions } from './peer-like.ts';
import type { RelayStatus, WebSocketFactory } from './relay-socket.ts';
import type { ClientStorage, RememberedProposal } from './storage.ts';
import type { PartyChange, PartyView } from '../net/party-wire.ts';

/** How a client is set up. Only `serverUrl` and `lobby` are required. */
export interface PeermatchClientOptions {
  /** The peermatch server: `http(s)://host:port`. */
  serverUrl: string;
  lobby: string;
  /** The player this client plays as (the default `PlayerId` of its calls); default: a random one. */
  playerId?: string;
  /** Where identity and ticket are remembered; default IndexedDB in browsers, memory elsewhere. */
  storage?: ClientStorage;
  /** Makes the PeerJS peer; default real PeerJS. `null`: no peer (a relay-only client; matches cannot be handed off). */
  peerFactory?: PeerFactory | null;
  /**
   * ICE servers etc. for `RTCPeerConnection`. Default: the STUN/TURN servers
   * the peermatch server hands out (with short-lived TURN credentials), or
   * PeerJS's when the server has none. A game's own configuration wins.
   */
  rtcConfig?: PeerServerOptions['config'];
  /** Time limit of the hand-off after `MatchmakingSucceeded`, ms (default 15000). */
  handoffTimeoutMs?: number;
  /**
   * The heartbeat on match connections: a beat every `intervalMs` (1000); a
   * connection silent for `interruptedAfterMs` (2500) is reported
   * `connection-interrupted`, for `goneAfterMs` (4000) it is closed and
   * reported `player-disconnected` with reason `silent`.
   */
  heartbeat?: HeartbeatOptions;
  /**
   * At a game host: how long a player whose connection ended keeps its seat
   * before the lobby host is told it left (`reportPlayerLeft`, which with
   * `BackfillMode: AUTOMATIC` starts refilling the seat), ms (default 10000).
   * A player back within it is admitted again. `null`: never tell (the game
   * calls `reportPlayerLeft` itself).
   */
  seatGraceMs?: number | null;
  /**
   * Game host migration: when the game host of a ready match is gone, how long
   * each successor has to start the match before the players skip it, ms
   * (default 3000). See migration.ts.
   */
  successorAnswerMs?: number;
  /** Time limit of one request, ms (default 35000). */
  requestTimeoutMs?: number;
  /** Time `connect()` waits for the PeerJS peer to register, ms (default 10000). */
  peerOpenTimeoutMs?: number;
  /** Opens WebSockets; default the platform's (pass `ws` in Node 20). */
  webSocket?: WebSocketFactory;
  backoff?: BackoffOptions;
  timers?: Timers;
  random?: () => number;
}

/** `startMatchmaking` as a player client sends it: the host fills `ConfigurationName`, the client `Players` and `TicketId`. */
export type ClientStartMatchmakingInput = Omit<StartMatchmakingInput, 'ConfigurationName' | 'Players'> & {
  ConfigurationName?: string;
  /** Default: this client's player, without attributes. */
  Players?: Player[];
};

/** `acceptMatch` with `PlayerIds` defaulting to this client's player. */
export type ClientAcceptMatchInput = Omit<AcceptMatchInput, 'PlayerIds'> & { PlayerIds?: string[] };

/** Everything a client reports, on one stream (`on`). */
export type PeermatchClientEvent =
  /** The relay connection's state, and whether the lobby's host is there. */
  | { type: 'status'; status: RelayStatus; hostAvailable: boolean; reason?: string; retryInMs?: number }
  /**
   * A standby lobby host took the lobby over under `term` (the primary's tab
   * closed, its machine failed, or it handed the lobby over). Nothing was
   * lost: the ticket, its age and any acceptance carry over, and pending
   * calls are answered by the new host. `waitedMs`: how long the oldest
   * pending call had waited; show something only when it is long.
   */
  | { type: 'host-changed'; term: number; waitedMs: number }
  /** The PeerJS peer registered (`open`) or lost the signaling server. */
  | { type: 'peer-status'; open: boolean; peerId: string; reason?: string }
  /** A FlexMatch event about one of this client's tickets (the EventBridge envelope). */
  | { type: 'matchmaking-event'; event: MatchmakingEvent }
  /** A backfill outcome of a game session this client hosts. */
  | { type: 'game-session-update'; update: GameSessionUpdate }
  /**
   * A ticket as `describeMatchmaking` found it on (re)connect or when the
   * lobby's host came back, when events may have been missed; with the
   * remembered proposal when the ticket awaits acceptance.
   */
  | { type: 'ticket-status'; ticket: MatchmakingTicket; proposal?: RememberedProposal }
  /** A relay refusal not tied to a request (rate limit, malformed frame). */
  | { type: 'relay-error'; code: RelayErrorCode | 'MALFORMED' | 'TOO_LARGE'; message: string }
  /**
   * At a game host: a departed player's grace ran out and the lobby host was
   * told it left; `backfillTicketId` is the automatic backfill refilling its
   * seat, `error` why the lobby host refused (the seat is then still taken).
   */
  | { type: 'seat-released'; gameSessionArn: string; playerId: string; backfillTicketId?: string; error?: string }
  /**
   * At a new game host (after `game-host-changed` with `self`): the lobby host
   * granted this client the session's backfill rights (`claimGameHost`), or
   * refused them (`error`).
   */
  | { type: 'game-host-claimed'; gameSessionArn: string; playerId: string; error?: string }
  /**
   * One player, one seat: this player plays somewhere newer, and this client
   * stopped (relay, PeerJS peer and every DataConnection closed; nothing is
   * retried). `tab`: another tab or window of this browser profile took over
   * its relay identity; `device`: the player started a newer ticket elsewhere
   * (another device or browser), which cancelled this client's ticket, or
   * this client's `startMatchmaking` was refused because another device or
   * browser holds the player's active ticket (the lobby host keeps the seat
   * of the client that is there).
   */
  | { type: 'replaced'; where: ReplacedWhere; message: string }
  /**
   * This player's party changed (`client.party`, party.ts): `party` is the
   * party now (`null`: this player is in none any more, e.g. removed);
   * `change` says what happened and to whom, for notices from the lobby host
   * ("bob declined the match; the party is ready, not searching").
   */
  | { type: 'party'; party: PartyView | null; change?: PartyChange }
  | HandoffNotice
  | MigrationNotice;

/** Where a replaced client's player plays now (see the `replaced` event). */
export type ReplacedWhere = 'tab' | 'device';

/** What `connect()` resolves with. */
export interface ConnectResult {
  clientId: string;
  /** True when the remembered identity was resumed. */
  resumed: boolean;
  peerId: string;
  /** The remembered ticket, when it is still active (re-attached). */
  ticket?: MatchmakingTicket;
  /** The remembered party, joined again (a reload keeps the party). */
  party?: PartyView;
}
