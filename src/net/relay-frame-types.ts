/**
 * The relay's wire frames, every direction, as types only (the guards that
 * check them live in protocol.ts, which re-exports these): what a player
 * client, the server and a lobby host send each other.
 */
import type { GameSessionUpdate, MatchmakingEvent } from '../core/matchmaker/events.ts';
import type { ClientId, ClientOp, JsonObject, LobbyName } from './relay-ids.ts';
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

/** The lobby's host came (`available: true`) or went (`false`); requests wait while it is away, briefly. */
export interface HostStatusFrame {
  type: 'host-status';
  available: boolean;
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

/**
 * A host claims or re-claims a lobby. Without `token`: claim a free lobby, the
 * server issues a token. With `token`: re-claim a lobby this token owns (a tab
 * reload), or claim a free one keeping that token. Answered by `registered` or `error`.
 */
export interface RegisterFrame {
  type: 'register';
  lobby: LobbyName;
  token?: string;
}

/** Deliver `message` to the client `clientId` and to no one else. */
export interface ToClientFrame {
  type: 'to-client';
  clientId: ClientId;
  message: HostToClientMessage;
}

/** Every frame a host sends. */
export type HostFrame = RegisterFrame | ToClientFrame | PingFrame;

// --- server → host -------------------------------------------------------------

/** The host owns `lobby`; keep `token` to register it again. `clients` are connected now. */
export interface RegisteredFrame {
  type: 'registered';
  lobby: LobbyName;
  token: string;
  /** True when the lobby was free and is now claimed; false for a re-registration. */
  created: boolean;
  clients: ClientId[];
}

/** A client's request, stamped by the relay with the identity it authenticated. */
export interface FromClientFrame {
  type: 'from-client';
  clientId: ClientId;
  message: RequestFrame;
}

/** A client connected (or reconnected: `resumed`). */
export interface ClientJoinedFrame {
  type: 'client-joined';
  clientId: ClientId;
  resumed: boolean;
}

/** A client's connection closed; it may come back with the same id within the server's grace period. */
export interface ClientLeftFrame {
  type: 'client-left';
  clientId: ClientId;
}

/** Every frame the server sends to a host. */
export type ServerToHostFrame = RegisteredFrame | FromClientFrame | ClientJoinedFrame | ClientLeftFrame | ErrorFrame | PongFrame;

/** Every relay frame, any direction. */
export type RelayFrame = ClientFrame | ServerToClientFrame | HostFrame | ServerToHostFrame;
