/**
 * The relay's wire frames, every direction, as types only (the guards that
 * check them live in protocol.ts and host-frames.ts; protocol.ts re-exports
 * these): what a player
 * client, the server and a lobby host send each other.
 */
import type { GameSessionUpdate, MatchmakingEvent } from '../core/matchmaker/events.ts';
import type { ClientId, ClientOp, HostId, JsonObject, LobbyName } from './relay-ids.ts';
import type { RelayErrorCode } from './relay-errors.ts';
import type { IceConfig } from './ice-config.ts';
import type { PartyNotice } from './party-wire.ts';

// --- client → server -----------------------------------------------------------

/** A client enters a lobby; answered by `joined` (or `error`). `resume` keeps a previous identity. */
export interface JoinFrame {
  type: 'join';
  lobby: LobbyName;
  resume?: { clientId: ClientId; resumeToken: string };
}

/**
 * A client asks the lobby's host to run `op` with the AWS-shaped `input`.
 * Answered by a `response` with the same `requestId` (from the host), or by an
 * `error` carrying the `requestId` (from the relay: `HOST_UNAVAILABLE`, `RATE_LIMITED`, ...).
 */
export interface RequestFrame {
  type: 'request';
  /** 1-64 characters, chosen by the client, unique among its pending requests. */
  requestId: string;
  op: ClientOp;
  input: JsonObject;
}

/** Application-level keepalive (browsers cannot send WebSocket pings); answered by `pong`. */
export interface PingFrame {
  type: 'ping';
}

/** Every frame a player client sends. */
export type ClientFrame = JoinFrame | RequestFrame | PingFrame;

// --- server → client -----------------------------------------------------------

/** The client is in the lobby as `clientId`; keep `resumeToken` to keep the identity on reconnect. */
export interface JoinedFrame {
  type: 'joined';
  lobby: LobbyName;
  clientId: ClientId;
  resumeToken: string;
  /** True when `resume` was accepted (same identity as before). */
  resumed: boolean;
  /** Whether the lobby's host is connected right now. */
  hostAvailable: boolean;
  /** The STUN/TURN servers for this client's WebRTC connections, when the server has any (`ice-config.ts`). */
  ice?: IceConfig;
}

/** A fresh ICE configuration (new TURN credentials), sent before the previous one expires. */
export interface IceFrame {
  type: 'ice';
  ice: IceConfig;
}

/** The host's answer to the request `requestId`: a value, or an AWS-named error. */
export type ResponseFrame =
  | { type: 'response'; requestId: string; ok: true; value: unknown }
  | { type: 'response'; requestId: string; ok: false; error: { name: string; message: string } };

/** A backfill outcome for a game session (the server SDK's `onUpdateGameSession`), as a relay event. */
export interface GameSessionUpdateNotice {
  kind: 'game-session-update';
  update: GameSessionUpdate;
}

/**
 * Players of a game session this client plays in whose client left the relay
 * (`away: true`: a closed tab, a crash) or came back (`away: false`). A hint
 * for the match connection's heartbeat, which then gives up on a silent
 * connection sooner (see src/client/heartbeat.ts).
 */
export interface PresenceNotice {
  kind: 'presence';
  gameSessionArn: string;
  playerIds: string[];
  away: boolean;
}

export type { PartyNotice } from './party-wire.ts';

/** What an `event` frame carries: a FlexMatch event envelope, a game-session update, a presence hint or a party change (party-wire.ts). */
export type RelayEvent = MatchmakingEvent | GameSessionUpdateNotice | PresenceNotice | PartyNotice;

/** Something happened to one of the client's tickets (or game sessions). */
export interface EventFrame {
  type: 'event';
  event: RelayEvent;
}

/**
 * The lobby's host came (`available: true`) or went (`false`); requests wait
 * while it is away, briefly. `term` is set when a standby host took over
 * (failover or hand-over): the lobby is served by a new host under that term,
 * with nothing lost, and the client's pending requests are answered by it.
 */
export interface HostStatusFrame {
  type: 'host-status';
  available: boolean;
  term?: number;
}

/** A refusal by the relay. `requestId` when it answers a request; `clientId` when it is about a client (to hosts). */
export interface ErrorFrame {
  type: 'error';
  code: RelayErrorCode;
  /** Says what was wrong and with which value: `request.requestId: expected a string of 1-64 characters, got 42`. */
  message: string;
  requestId?: string;
  clientId?: ClientId;
}

/** Answer to `ping`. */
export interface PongFrame {
  type: 'pong';
}

/** The frames a host may address to a client (`to-client.message`). */
export type HostToClientMessage = ResponseFrame | EventFrame;

/** Every frame the server sends to a player client. */
export type ServerToClientFrame = JoinedFrame | ResponseFrame | EventFrame | HostStatusFrame | ErrorFrame | PongFrame | IceFrame;

// --- host → server -------------------------------------------------------------
//
// A lobby has one primary host, which serves the players, and any number of
// standby hosts, which hold a replica of its state (src/host/replication.ts)
// and one of which the server promotes when the primary is lost. Terms fence
// old primaries: every promotion or new primary raises the lobby's term, and
// the relay accepts `to-client`, `to-standby` and `hand-over` only from the
// connection that is primary now (else `FENCED`).

/**
 * A host claims or re-claims a lobby, as primary or standby. Without `token`:
 * claim a free lobby, the server issues a token. With `token` (the lobby
 * token, the operator's recovery token, or a standby credential): re-claim a
 * lobby this token owns (a tab reload), claim a free one keeping that token,
 * or join as a standby. Answered by `registered` or `error`.
 *
 * The role: `standby: true` (or a standby credential) asks for standby. Else
 * the host becomes primary when no primary is connected, or when its `term`
 * is the lobby's current term (the primary itself, reloaded: the older
 * connection is closed with `REPLACED`); otherwise a primary with a newer
 * term serves the lobby and the host joins as a standby (an old primary that
 * comes back). A host that became primary while no primary was connected and
 * synced standbys were waiting joins as a standby instead when its `term` is
 * older than the lobby's. One exception to "standby": a host whose `term` is
 * the lobby's current term while no primary is connected was the last
 * primary (promoted, then restarted) and becomes primary again, whatever its
 * `standby` flag, provided it proves it: with the lobby token (or recovery
 * token), or with the `termProof` the relay gave it for that term. Without
 * either (a standby credential that only heard the term) it is a standby.
 * Every new primary raises the lobby's term
 * (saved by the server before `registered` is sent). Beyond the server's
 * standbys per lobby (default 4): `LOBBY_FULL`. A standby credential never
 * claims a free lobby (`BAD_TOKEN`).
 */
export interface RegisterFrame {
  type: 'register';
  lobby: LobbyName;
  token?: string;
  /** Join as a standby host; never primary until promoted. */
  standby?: boolean;
  /** The term this host last served the lobby under as primary (from its saved state); absent on a first start. */
  term?: number;
  /** The `termProof` the relay gave this host as primary of `term` (from its saved state); absent when it has none. */
  termProof?: string;
}

/** Deliver `message` to the client `clientId` and to no one else. Primary only. */
export interface ToClientFrame {
  type: 'to-client';
  clientId: ClientId;
  message: HostToClientMessage;
}

/**
 * The primary's replication stream to one standby (`hostId`) or to every
 * standby (no `hostId`). `message` is opaque to the relay (a `ReplicaMessage`
 * of src/host/replication.ts, checked by the standby), bounded like every frame.
 * A `hostId` that is not a connected standby is answered `CLIENT_UNAVAILABLE`.
 */
export interface ToStandbyFrame {
  type: 'to-standby';
  hostId?: HostId;
  message: JsonObject;
}

/**
 * A standby holds the primary's stream up to `seq` of `term` (its store has
 * it). The relay notes it (the most up-to-date standby is promoted first) and
 * forwards it to the primary as `standby-ack`, both counting it for no more
 * than the last replication part (`{kind: 'part', seq, index: count - 1}`)
 * the relay forwarded this standby under the term. An ack of another term,
 * or while nothing was forwarded to it under the term, is dropped.
 */
export interface AckFrame {
  type: 'ack';
  term: number;
  seq: number;
}

/** A standby lost the stream's thread (a gap, a bad part) and asks the primary for a fresh snapshot. */
export interface ResyncFrame {
  type: 'resync';
  reason: string;
}

/**
 * The primary hands the lobby to the standby `hostId` on purpose (the host
 * console's "Hand over"): the relay promotes it under a new term and demotes
 * the sender, which gets `demoted` and continues as a standby. The primary
 * sends it once that standby holds every change (its `standby-ack`). A
 * `hostId` that is not a connected standby is answered `CLIENT_UNAVAILABLE`
 * and the sender stays primary.
 */
export interface HandOverFrame {
  type: 'hand-over';
  hostId: HostId;
}

/** Every frame a host sends. */
export type HostFrame = RegisterFrame | ToClientFrame | ToStandbyFrame | AckFrame | ResyncFrame | HandOverFrame | PingFrame;

// --- server → host -------------------------------------------------------------

/** The host holds `lobby` as `role` under `term`; keep `token` to register it again. */
export interface RegisteredFrame {
  type: 'registered';
  lobby: LobbyName;
  token: string;
  /** True when the lobby was free and is now claimed; false for a re-registration. */
  created: boolean;
  /** A primary: the clients connected now. A standby: empty. */
  clients: ClientId[];
  role: 'primary' | 'standby';
  /** The lobby's term now (a primary serves under it; a standby follows the primary of it). */
  term: number;
  /** This connection's identity among the lobby's hosts. */
  hostId: HostId;
  /** A primary: the standbys connected now (send each a snapshot). A standby: empty. */
  standbys: HostId[];
  /** A standby: the primary it follows, or null when none is connected (it waits). */
  primary: HostId | null;
  /**
   * The lobby's standby credential, to every host (a standby that registered
   * with it too, so that once promoted it can grant it in turn): it lets
   * another host join as a standby and nothing more (it cannot take the
   * lobby while a primary is connected, nor claim it anew). An HMAC under
   * the server secret, like the recovery token.
   */
  standbyToken?: string;
  /**
   * A primary: the proof that it is the primary of `term` (an HMAC under the
   * server secret). Keep it with the term and send both at `register`: after a
   * restart it makes this host primary again while no primary is connected,
   * which the term alone (every standby hears it) does not.
   */
  termProof?: string;  /**
   * The relay's wall clock when it sent this frame (ms since the epoch): the
   * lobby's clock. A primary serves on it (its own clock set by the
   * difference), so ticket ages and timeouts carry on unchanged when a host
   * whose clock is off takes over. Absent from older relays.
   */
  serverTimeMs?: number;
}

/** A client's request, stamped by the relay with the identity it authenticated. To the primary only. */
export interface FromClientFrame {
  type: 'from-client';
  clientId: ClientId;
  message: RequestFrame;
}

/** A client connected (or reconnected: `resumed`). To the primary only. */
export interface ClientJoinedFrame {
  type: 'client-joined';
  clientId: ClientId;
  resumed: boolean;
}

/** A client's connection closed; it may come back with the same id within the server's grace period. To the primary only. */
export interface ClientLeftFrame {
  type: 'client-left';
  clientId: ClientId;
}

/** To the primary: a standby connected (send it a snapshot) or left. */
export interface StandbyJoinedFrame {
  type: 'standby-joined';
  hostId: HostId;
}
export interface StandbyLeftFrame {
  type: 'standby-left';
  hostId: HostId;
}

/** To a standby: the primary's replication stream (`to-standby.message`), under the primary's term. */
export interface FromPrimaryFrame {
  type: 'from-primary';
  term: number;
  message: JsonObject;
}

/** To the primary: the standby `hostId` holds the stream up to `seq` (its `ack`). */
export interface StandbyAckFrame {
  type: 'standby-ack';
  hostId: HostId;
  seq: number;
}

/** To the primary: the standby `hostId` asks for a fresh snapshot (its `resync`). */
export interface StandbyResyncFrame {
  type: 'standby-resync';
  hostId: HostId;
  reason: string;
}

/**
 * To a standby: it is the lobby's primary now, under `term` (the previous
 * primary was lost, or handed the lobby over). `clients` are connected now,
 * `standbys` are the other standbys (send each a snapshot). The requests the
 * previous primary had not answered, and those that waited, follow as
 * `from-client` frames, oldest first; answer them idempotently (by client
 * and request id), since the previous primary may have applied some.
 * `pausedMs`: how long the lobby had no primary.
 */
export interface PromotedFrame {
  type: 'promoted';
  term: number;
  clients: ClientId[];
  standbys: HostId[];
  pausedMs: number;
  /** The proof that it is the primary of `term` (see `RegisteredFrame.termProof`). */
  termProof?: string;  /** The relay's wall clock when it sent this frame (see `RegisteredFrame.serverTimeMs`). */
  serverTimeMs?: number;
}

/**
 * To a primary that is not one any more (it handed the lobby over): it is a
 * standby of `primary` under `term` now; its frames as primary are refused
 * `FENCED` from here on.
 */
export interface DemotedFrame {
  type: 'demoted';
  term: number;
  primary: HostId;
}

/** To a standby: another host is primary now, under `term`; a fresh snapshot from it follows. */
export interface PrimaryChangedFrame {
  type: 'primary-changed';
  term: number;
  primary: HostId | null;
}

/** Every frame the server sends to a host. */
export type ServerToHostFrame =
  | RegisteredFrame
  | FromClientFrame
  | ClientJoinedFrame
  | ClientLeftFrame
  | StandbyJoinedFrame
  | StandbyLeftFrame
  | FromPrimaryFrame
  | StandbyAckFrame
  | StandbyResyncFrame
  | PromotedFrame
  | DemotedFrame
  | PrimaryChangedFrame
  | ErrorFrame
  | PongFrame;

/** Every relay frame, any direction. */
export type RelayFrame = ClientFrame | ServerToClientFrame | HostFrame | ServerToHostFrame;
