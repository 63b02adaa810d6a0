/**
 * The relay wire: every frame that travels over the server's `/relay`
 * WebSocket, in every direction, declared once as unions on `type`, with one
 * guard per direction. The server, the host adapter and the player client all
 * import this module and nothing else for the wire; nobody declares a frame
 * again.
 *
 * ```
 *  client ──ClientFrame──▶ server ──ServerToHostFrame──▶ host
 *  client ◀─ServerToClientFrame── server ◀──HostFrame─── host
 * ```
 *
 * Frames are JSON text frames of at most `MAX_FRAME_BYTES` bytes (UTF-8).
 * `Date`s in payloads travel as ISO 8601 strings (`JSON.stringify`);
 * `reviveDates` turns the AWS date fields back into `Date`s.
 *
 * A connection's first frame decides its role: `register` makes it a host,
 * `join` a client. The server stamps every client request with the identity
 * it issued (`from-client.clientId`); a client never supplies a `clientId`,
 * and fields a guard does not know are dropped, not forwarded.
 *
 * Isomorphic: no Node or DOM APIs, so it runs in a tab, a Worker and Node.
 */
import { parseIceConfig, type IceConfig } from './ice-config.ts';
import { formatValue } from '../core/format-value.ts';
import { MATCHMAKING_EVENT_TYPES } from '../core/matchmaker/events.ts';
import type { GameSessionUpdate, MatchmakingEvent } from '../core/matchmaker/events.ts';
import type {
  AcceptMatchInput,
  ChangeGameHostOutput,
  DescribeGameSessionsInput,
  DescribeGameSessionsOutput,
  DescribeMatchmakingInput,
  DescribeMatchmakingOutput,
  EmptyOutput,
  ReportPlayerLeftInput,
  ReportPlayerLeftOutput,
  StartMatchBackfillInput,
  StartMatchBackfillOutput,
  StartMatchmakingInput,
  StartMatchmakingOutput,
  StopMatchBackfillInput,
  StopMatchmakingInput,
} from '../core/matchmaker/types.ts';
import type { RelayErrorCode } from './relay-errors.ts';
import { RELAY_ERROR_CODES } from './relay-errors.ts';
import { parseBoundedJson } from './bounded-json.ts';
import { CLIENT_OPS, type ClientId, type ClientOp, type JsonObject, type LobbyName } from './relay-ids.ts';
import type { ReportConnectionsInput } from './connection-report.ts';
import { parsePartyNotice, type PartyOps } from './party-wire.ts';
import type {
  JoinFrame,
  RequestFrame,
  ClientFrame,
  RelayEvent,
  ErrorFrame,
  HostToClientMessage,
  ServerToClientFrame,
  HostFrame,
  ServerToHostFrame,
  RelayFrame,
  JoinedFrame,
} from './relay-frame-types.ts';

// --- Identities and limits ----------------------------------------------------

export type { ClientId, LobbyName } from './relay-ids.ts';

/** Path of the ticket relay WebSocket on the server. */
export const RELAY_PATH = '/relay';
/** Mount path of the PeerJS signaling server: a PeerJS client uses `{ host, port, path: PEERJS_PATH }`. */
export const PEERJS_PATH = '/peerjs';

/** Largest frame the relay accepts or sends, in bytes of UTF-8 JSON text (64 KiB). */
export const MAX_FRAME_BYTES = 64 * 1024;
/** Lobby names: 1-64 characters, URL-safe, starting with a letter or digit. */
export const LOBBY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Client ids as the server issues them: 1-64 base64url characters. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Lobby tokens and resume tokens: 22-128 base64url characters (at least 128 bits). */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;
/** Longest `requestId`, in characters. */
export const MAX_REQUEST_ID_LENGTH = 64;

/** True when `value` is a well-formed lobby name. */
export function isLobbyName(value: unknown): value is LobbyName {
  return typeof value === 'string' && LOBBY_NAME_PATTERN.test(value);
}

/** True when `value` is a well-formed client id. */
export function isClientId(value: unknown): value is ClientId {
  return typeof value === 'string' && CLIENT_ID_PATTERN.test(value);
}

// --- Operations a client may ask the host for ----------------------------------

export { CLIENT_OPS, type ClientOp } from './relay-ids.ts';

/**
 * Non-AWS: a game host peer reports that a player left its game session; the
 * core unseats it and, with automatic backfill, refills the slot
 * (src/core/matchmaker/player-left.ts).
 */
export type { ReportPlayerLeftInput, ReportPlayerLeftOutput };

/**
 * `startMatchmaking` through a lobby: `ConfigurationName` defaults to the
 * lobby's configuration; every player needs a `PeerId`, and a ticket-level
 * `PeerId` is the default for the players without one (one client, one peer).
 */
export type LobbyStartMatchmakingInput = Omit<StartMatchmakingInput, 'ConfigurationName'> & {
  ConfigurationName?: string;
  PeerId?: string;
};

/** `startMatchBackfill` through a lobby: `ConfigurationName` defaults to the lobby's configuration. */
export type LobbyStartMatchBackfillInput = Omit<StartMatchBackfillInput, 'ConfigurationName'> & { ConfigurationName?: string };

/** `claimGameHost`: the session, and the claimant's player seated in it. */
export interface ClaimGameHostInput {
  GameSessionArn: string;
  PlayerId: string;
}

export type { ChangeGameHostOutput };

/**
 * Non-AWS: what a lobby runs and how full it is, for a lobby page ("this
 * match needs 2 players; 1 is waiting"). Input: `{}`.
 */
export interface DescribeLobbyOutput {
  ConfigurationName: string;
  RuleSetName: string;
  /** The players one match needs at least (every team at its `minPlayers`). */
  MinPlayersPerMatch: number;
  /** The players one match holds at most. */
  MaxPlayersPerMatch: number;
  /** The most players of the rule set's largest team (a party may not be larger). */
  MaxPlayersPerTeam?: number;
  /** Players in the lobby's tickets that are searching now (QUEUED or SEARCHING). */
  PlayersWaiting: number;
  AcceptanceRequired: boolean;
}

/**
 * Input and output of each client operation (the AWS GameLift shapes; dates
 * arrive as ISO strings, see `reviveDates`). For typed clients; the wire
 * itself carries `input` as a plain JSON object.
 */
export interface ClientOps extends PartyOps {
  startMatchmaking: { input: LobbyStartMatchmakingInput; output: StartMatchmakingOutput };
  describeMatchmaking: { input: DescribeMatchmakingInput; output: DescribeMatchmakingOutput };
  stopMatchmaking: { input: StopMatchmakingInput; output: EmptyOutput };
  acceptMatch: { input: AcceptMatchInput; output: EmptyOutput };
  startMatchBackfill: { input: LobbyStartMatchBackfillInput; output: StartMatchBackfillOutput };
  stopMatchBackfill: { input: StopMatchBackfillInput; output: EmptyOutput };
  reportPlayerLeft: { input: ReportPlayerLeftInput; output: ReportPlayerLeftOutput };
  describeGameSessions: { input: DescribeGameSessionsInput; output: DescribeGameSessionsOutput };
  describeLobby: { input: Record<string, never>; output: DescribeLobbyOutput };
  /**
   * Non-AWS, game host migration: a successor's client says it is now the
   * game host of `GameSessionArn` (its player `PlayerId`), after the game
   * host left; granted with the session's backfill rights (src/host/game-host-claim.ts).
   */
  claimGameHost: { input: ClaimGameHostInput; output: ChangeGameHostOutput };
  /** Non-AWS: how this client's connections of a match went, for the lobby host's console (connection-report.ts). */
  reportConnections: { input: ReportConnectionsInput; output: EmptyOutput };
}

/** A client's request with its input typed after its `op` (`ClientOps`). */
export type ClientRequest = { [Op in ClientOp]: { op: Op; input: ClientOps[Op]['input'] } }[ClientOp];

/**
 * A request frame as a `ClientRequest`. The relay checked `op`; the input's
 * fields are checked where they are used (the Matchmaker, with errors naming
 * each field), so here they are only given their declared type.
 */
export function clientRequestOf(frame: { op: ClientOp; input: JsonObject }): ClientRequest {
  return { op: frame.op, input: frame.input } as ClientRequest;
}

export type { JsonObject } from './relay-ids.ts';

// --- Connection reports (declared in connection-report.ts) ---------------------

export {
  CONNECTION_PATHS,
  FAILURE_STEPS,
  MAX_REPORTED_CONNECTIONS,
  MAX_REPORT_ID_LENGTH,
  MAX_FAILURE_REASON_LENGTH,
  parseReportConnections,
} from './connection-report.ts';
export type { ReportConnectionsInput, ReportedConnection, ReportedFailure } from './connection-report.ts';

// --- Parties (declared in party-wire.ts) ----------------------------------------

export {
  MAX_PARTY_MEMBERS,
  PARTY_CODE_ALPHABET,
  PARTY_CODE_LENGTH,
  PARTY_CODE_PATTERN,
  PARTY_QUERY_PARAMETER,
  parsePartyNotice,
} from './party-wire.ts';
export type { PartyChange, PartyChangeType, PartyMemberView, PartyNotice, PartyOps, PartyOutput, PartyPlayerData, PartyView } from './party-wire.ts';

// --- Error codes (declared in relay-errors.ts) ---------------------------------

export { RELAY_CLOSE_CODES, RELAY_ERROR_CODES } from './relay-errors.ts';
export type { RelayErrorCode } from './relay-errors.ts';

// --- Frames (declared in relay-frame-types.ts) ----------------------------------

export type {
  JoinFrame,
  RequestFrame,
  PingFrame,
  ClientFrame,
  JoinedFrame,
  ResponseFrame,
  GameSessionUpdateNotice,
  RelayEvent,
  EventFrame,
  HostStatusFrame,
  ErrorFrame,
  PongFrame,
  HostToClientMessage,
  ServerToClientFrame,
  RegisterFrame,
  ToClientFrame,
  HostFrame,
  RegisteredFrame,
  FromClientFrame,
  ClientJoinedFrame,
  ClientLeftFrame,
  ServerToHostFrame,
  RelayFrame,
  IceFrame,
} from './relay-frame-types.ts';

// --- Guards --------------------------------------------------------------------

/**
 * Why a value is not a frame of the expected direction. `message` names the
 * field path and the offending value; `requestId` is set when the frame had a
 * usable one, so the refusal can answer that request.
 */
export interface ProtocolIssue {
  code: 'MALFORMED' | 'TOO_LARGE';
  message: string;
  requestId?: string;
}

/** True when a guard refused the value. */
export function isProtocolIssue(parsed: RelayFrame | ProtocolIssue): parsed is ProtocolIssue {
  return !('type' in parsed);
}

/** Serializes a frame to the JSON text that goes on the wire. */
export function encodeFrame(frame: RelayFrame): string {
  return JSON.stringify(frame);
}

/**
 * A client→server frame from a WebSocket text (or an already-parsed value),
 * or the first issue found. Run by the server on every client frame.
 */
export function parseClientFrame(input: unknown): ClientFrame | ProtocolIssue {
  const frame = toObject(input);
  if ('code' in frame) return frame;
  const type = frame.value.type;
  switch (type) {
    case 'join':
      return parseJoin(frame.value);
    case 'request':
      return parseRequest(frame.value, 'request');
    case 'ping':
      return { type };
    default:
      return badType(type, ['join', 'request', 'ping']);
  }
}

/** A host→server frame from a WebSocket text (or a parsed value), or the first issue found. Run by the server. */
export function parseHostFrame(input: unknown): HostFrame | ProtocolIssue {
  const frame = toObject(input);
  if ('code' in frame) return frame;
  const f = frame.value;
  switch (f.type) {
    case 'register': {
      if (!isLobbyName(f.lobby)) return malformed(`register.lobby: ${LOBBY_RULE}, got ${formatValue(f.lobby)}`);
      if (f.token === undefined) return { type: 'register', lobby: f.lobby };
      if (!isToken(f.token)) return malformed(`register.token: ${TOKEN_RULE}, got ${formatValue(f.token)}`);
      return { type: 'register', lobby: f.lobby, token: f.token };
    }
    case 'to-client': {
      if (!isClientId(f.clientId)) return malformed(`to-client.clientId: ${CLIENT_ID_RULE}, got ${formatValue(f.clientId)}`);
      const message = parseHostToClient(f.message, 'to-client.message');
      return isProtocolIssue(message) ? message : { type: 'to-client', clientId: f.clientId, message };
    }
    case 'ping':
      return { type: 'ping' };
    default:
      return badType(f.type, ['register', 'to-client', 'ping']);
  }
}

/** A server→client frame from a WebSocket text (or a parsed value), or the first issue found. Run by the player client. */
export function parseServerToClient(input: unknown): ServerToClientFrame | ProtocolIssue {
  const frame = toObject(input);
  if ('code' in frame) return frame;
  const f = frame.value;
  switch (f.type) {
    case 'joined': {
      if (!isLobbyName(f.lobby)) return malformed(`joined.lobby: ${LOBBY_RULE}, got ${formatValue(f.lobby)}`);
      if (!isClientId(f.clientId)) return malformed(`joined.clientId: ${CLIENT_ID_RULE}, got ${formatValue(f.clientId)}`);
      if (!isToken(f.resumeToken)) return malformed(`joined.resumeToken: ${TOKEN_RULE}, got ${formatValue(f.resumeToken)}`);
      if (typeof f.resumed !== 'boolean') return malformed(`joined.resumed: expected a boolean, got ${formatValue(f.resumed)}`);
      if (typeof f.hostAvailable !== 'boolean') {
        return malformed(`joined.hostAvailable: expected a boolean, got ${formatValue(f.hostAvailable)}`);
      }
      const joined: JoinedFrame = { type: 'joined', lobby: f.lobby, clientId: f.clientId, resumeToken: f.resumeToken, resumed: f.resumed, hostAvailable: f.hostAvailable };
      if (f.ice !== undefined) {
        const ice = parseIceConfig(f.ice, 'joined.ice');
        if (typeof ice === 'string') return malformed(ice);
        joined.ice = ice;
      }
      return joined;
    }
    case 'ice': {
      const ice = parseIceConfig(f.ice, 'ice.ice');
      return typeof ice === 'string' ? malformed(ice) : { type: 'ice', ice };
    }
    case 'response':
    case 'event':
      return parseHostToClient(f, '');
    case 'host-status':
      if (typeof f.available !== 'boolean') return malformed(`host-status.available: expected a boolean, got ${formatValue(f.available)}`);
      return { type: 'host-status', available: f.available };
    case 'error':
      return parseError(f);
    case 'pong':
      return { type: 'pong' };
    default:
      return badType(f.type, ['joined', 'response', 'event', 'host-status', 'error', 'pong', 'ice']);
  }
}

/** A server→host frame from a WebSocket text (or a parsed value), or the first issue found. Run by the host adapter. */
export function parseServerToHost(input: unknown): ServerToHostFrame | ProtocolIssue {
  const frame = toObject(input);
  if ('code' in frame) return frame;
  const f = frame.value;
  switch (f.type) {
    case 'registered': {
      if (!isLobbyName(f.lobby)) return malformed(`registered.lobby: ${LOBBY_RULE}, got ${formatValue(f.lobby)}`);
      if (!isToken(f.token)) return malformed(`registered.token: ${TOKEN_RULE}, got ${formatValue(f.token)}`);
      if (typeof f.created !== 'boolean') return malformed(`registered.created: expected a boolean, got ${formatValue(f.created)}`);
      if (!Array.isArray(f.clients)) return malformed(`registered.clients: expected an array of client ids, got ${formatValue(f.clients)}`);
      const bad = f.clients.findIndex((id) => !isClientId(id));
      if (bad >= 0) return malformed(`registered.clients[${bad}]: ${CLIENT_ID_RULE}, got ${formatValue(f.clients[bad])}`);
      return { type: 'registered', lobby: f.lobby, token: f.token, created: f.created, clients: f.clients as ClientId[] };
    }
    case 'from-client': {
      if (!isClientId(f.clientId)) return malformed(`from-client.clientId: ${CLIENT_ID_RULE}, got ${formatValue(f.clientId)}`);
      const message = f.message;
      if (!isObject(message) || message.type !== 'request') {
        return malformed(`from-client.message: expected a "request" frame, got ${formatValue(message)}`);
      }
      const request = parseRequest(message, 'from-client.message');
      return isProtocolIssue(request) ? request : { type: 'from-client', clientId: f.clientId, message: request };
    }
    case 'client-joined':
      if (!isClientId(f.clientId)) return malformed(`client-joined.clientId: ${CLIENT_ID_RULE}, got ${formatValue(f.clientId)}`);
      if (typeof f.resumed !== 'boolean') return malformed(`client-joined.resumed: expected a boolean, got ${formatValue(f.resumed)}`);
      return { type: 'client-joined', clientId: f.clientId, resumed: f.resumed };
    case 'client-left':
      if (!isClientId(f.clientId)) return malformed(`client-left.clientId: ${CLIENT_ID_RULE}, got ${formatValue(f.clientId)}`);
      return { type: 'client-left', clientId: f.clientId };
    case 'error':
      return parseError(f);
    case 'pong':
      return { type: 'pong' };
    default:
      return badType(f.type, ['registered', 'from-client', 'client-joined', 'client-left', 'error', 'pong']);
  }
}

// --- Helpers -------------------------------------------------------------------

const LOBBY_RULE = 'expected 1-64 characters of [A-Za-z0-9._-] starting with a letter or digit';
const CLIENT_ID_RULE = 'expected 1-64 characters of [A-Za-z0-9_-]';
const TOKEN_RULE = 'expected 22-128 characters of [A-Za-z0-9_-]';
const REQUEST_ID_RULE = `expected a string of 1-${MAX_REQUEST_ID_LENGTH} characters`;

function isToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRequestId(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= MAX_REQUEST_ID_LENGTH;
}

function malformed(message: string, requestId?: string): ProtocolIssue {
  return requestId === undefined ? { code: 'MALFORMED', message } : { code: 'MALFORMED', message, requestId };
}

function badType(type: unknown, expected: readonly string[]): ProtocolIssue {
  return malformed(`frame.type: expected one of ${expected.map((t) => `"${t}"`).join(', ')}, got ${formatValue(type)}`);
}

/** Size check and JSON parse of a text frame; an already-parsed value only needs to be an object. */
function toObject(input: unknown): { value: JsonObject } | ProtocolIssue {
  let value = input;
  if (typeof input === 'string') {
    const bytes = utf8Length(input, MAX_FRAME_BYTES);
    if (bytes > MAX_FRAME_BYTES) {
      return { code: 'TOO_LARGE', message: `frame: at least ${bytes} bytes, over the limit of ${MAX_FRAME_BYTES} bytes` };
    }
    const parsed = parseBoundedJson(input);
    if (!('value' in parsed)) return parsed.bound === 'syntax' ? malformed(parsed.message) : { code: 'TOO_LARGE', message: parsed.message };
    value = parsed.value;
  }
  if (!isObject(value)) return malformed(`frame: expected a JSON object with a "type", got ${formatValue(value)}`);
  return { value };
}

/**
 * UTF-8 byte length of `text`, counted only as far as needed: exact when the
 * text has at most `limit` UTF-16 units, else the unit count (a lower bound,
 * already over `limit`).
 */
export function utf8Length(text: string, limit = Number.POSITIVE_INFINITY): number {
  // Every UTF-16 unit is at least one byte, so a text longer than `limit` units is over it.
  return text.length > limit ? text.length : countUtf8(text);
}

function countUtf8(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) bytes += 1;
    else if (unit < 0x800) bytes += 2;
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

function parseJoin(f: JsonObject): JoinFrame | ProtocolIssue {
  if (!isLobbyName(f.lobby)) return malformed(`join.lobby: ${LOBBY_RULE}, got ${formatValue(f.lobby)}`);
  if (f.resume === undefined) return { type: 'join', lobby: f.lobby };
  const resume = f.resume;
  if (!isObject(resume)) return malformed(`join.resume: expected an object { clientId, resumeToken }, got ${formatValue(resume)}`);
  if (!isClientId(resume.clientId)) return malformed(`join.resume.clientId: ${CLIENT_ID_RULE}, got ${formatValue(resume.clientId)}`);
  if (!isToken(resume.resumeToken)) return malformed(`join.resume.resumeToken: ${TOKEN_RULE}, got ${formatValue(resume.resumeToken)}`);
  return { type: 'join', lobby: f.lobby, resume: { clientId: resume.clientId, resumeToken: resume.resumeToken } };
}

function parseRequest(f: JsonObject, path: string): RequestFrame | ProtocolIssue {
  if (!isRequestId(f.requestId)) return malformed(`${path}.requestId: ${REQUEST_ID_RULE}, got ${formatValue(f.requestId)}`);
  const requestId = f.requestId;
  if (typeof f.op !== 'string' || !(CLIENT_OPS as readonly string[]).includes(f.op)) {
    return malformed(`${path}.op: expected one of ${CLIENT_OPS.join(', ')}, got ${formatValue(f.op)}`, requestId);
  }
  if (!isObject(f.input)) return malformed(`${path}.input: expected a JSON object (the AWS request), got ${formatValue(f.input)}`, requestId);
  return { type: 'request', requestId, op: f.op as ClientOp, input: f.input };
}

/** `response` or `event`, at `path` ('' for a top-level frame, else e.g. `to-client.message`). */
function parseHostToClient(value: unknown, path: string): HostToClientMessage | ProtocolIssue {
  const at = (field: string) => (path === '' ? field : `${path}.${field}`);
  if (!isObject(value)) return malformed(`${path}: expected a "response" or "event" frame, got ${formatValue(value)}`);
  if (value.type === 'response') {
    const where = path === '' ? 'response' : path;
    if (!isRequestId(value.requestId)) return malformed(`${where}.requestId: ${REQUEST_ID_RULE}, got ${formatValue(value.requestId)}`);
    const requestId = value.requestId;
    if (value.ok === true) return { type: 'response', requestId, ok: true, value: value.value };
    if (value.ok !== false) return malformed(`${where}.ok: expected a boolean, got ${formatValue(value.ok)}`, requestId);
    const error = value.error;
    if (!isObject(error) || typeof error.name !== 'string' || error.name === '' || typeof error.message !== 'string') {
      return malformed(`${where}.error: expected { name: non-empty string, message: string }, got ${formatValue(error)}`, requestId);
    }
    return { type: 'response', requestId, ok: false, error: { name: error.name, message: error.message } };
  }
  if (value.type === 'event') {
    const where = path === '' ? 'event.event' : `${path}.event`;
    const event = parseRelayEvent(value.event, where);
    return typeof event === 'string' ? malformed(event) : { type: 'event', event };
  }
  return malformed(`${at('type')}: expected "response" or "event", got ${formatValue(value.type)}`);
}

/** The most players one presence notice names (a game session holds at most 200). */
const MAX_PRESENCE_PLAYERS = 200;

function parseRelayEvent(event: unknown, where: string): RelayEvent | string {
  if (!isObject(event)) return `${where}: expected a FlexMatch event or a game-session update, got ${formatValue(event)}`;
  if (event.kind === 'presence') {
    if (typeof event.gameSessionArn !== 'string') return `${where}.gameSessionArn: expected a string, got ${formatValue(event.gameSessionArn)}`;
    if (typeof event.away !== 'boolean') return `${where}.away: expected a boolean, got ${formatValue(event.away)}`;
    const ids = event.playerIds;
    if (!Array.isArray(ids) || ids.length > MAX_PRESENCE_PLAYERS || !ids.every((id) => typeof id === 'string')) {
      return `${where}.playerIds: expected at most ${MAX_PRESENCE_PLAYERS} strings, got ${formatValue(ids)}`;
    }
    return { kind: 'presence', gameSessionArn: event.gameSessionArn, playerIds: ids as string[], away: event.away };
  }
  if (event.kind === 'party') return parsePartyNotice(event, where);
  if (event.kind === 'game-session-update') {
    const update = event.update;
    if (!isObject(update)) return `${where}.update: expected an object, got ${formatValue(update)}`;
    if (typeof update.backfillTicketId !== 'string') return `${where}.update.backfillTicketId: expected a string, got ${formatValue(update.backfillTicketId)}`;
    if (typeof update.updateReason !== 'string') return `${where}.update.updateReason: expected a string, got ${formatValue(update.updateReason)}`;
    if (!isObject(update.gameSession)) return `${where}.update.gameSession: expected an object, got ${formatValue(update.gameSession)}`;
    return { kind: 'game-session-update', update: update as unknown as GameSessionUpdate };
  }
  const detail = event.detail;
  const detailType = isObject(detail) ? detail.type : undefined;
  if (typeof detailType !== 'string' || !(MATCHMAKING_EVENT_TYPES as readonly string[]).includes(detailType)) {
    return `${where}.detail.type: expected a FlexMatch event type (${MATCHMAKING_EVENT_TYPES.join(', ')}), got ${formatValue(detailType)}`;
  }
  return event as unknown as MatchmakingEvent;
}

function parseError(f: JsonObject): ErrorFrame | ProtocolIssue {
  if (typeof f.code !== 'string' || !(RELAY_ERROR_CODES as readonly string[]).includes(f.code)) {
    return malformed(`error.code: expected one of ${RELAY_ERROR_CODES.join(', ')}, got ${formatValue(f.code)}`);
  }
  if (typeof f.message !== 'string') return malformed(`error.message: expected a string, got ${formatValue(f.message)}`);
  const frame: ErrorFrame = { type: 'error', code: f.code as RelayErrorCode, message: f.message };
  if (f.requestId !== undefined) {
    if (!isRequestId(f.requestId)) return malformed(`error.requestId: ${REQUEST_ID_RULE}, got ${formatValue(f.requestId)}`);
    frame.requestId = f.requestId;
  }
  if (f.clientId !== undefined) {
    if (!isClientId(f.clientId)) return malformed(`error.clientId: ${CLIENT_ID_RULE}, got ${formatValue(f.clientId)}`);
    frame.clientId = f.clientId;
  }
  return frame;
}

// --- Dates ---------------------------------------------------------------------

/** The AWS fields that are `Date`s in the SDK shapes and ISO strings on the wire. */
const DATE_FIELDS: ReadonlySet<string> = new Set(['StartTime', 'EndTime', 'CreationTime']);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

/**
 * Returns `value` with every `StartTime`, `EndTime` and `CreationTime` that
 * holds an ISO 8601 string turned back into a `Date` (in place, recursively),
 * so a response value has the AWS SDK shapes again. Other values pass unchanged.
 */
export function reviveDates<T>(value: T): T {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = reviveDates(value[i]);
  } else if (isObject(value)) {
    const record: JsonObject = value;
    for (const key of Object.keys(record)) {
      const field = record[key];
      if (DATE_FIELDS.has(key) && typeof field === 'string' && ISO_DATE.test(field)) record[key] = new Date(field);
      else if (typeof field === 'object' && field !== null) record[key] = reviveDates(field);
    }
  }
  return value;
}
