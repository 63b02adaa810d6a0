/**
 * The relay wire: every frame that travels over the server's `/relay`
 * WebSocket, in every direction, declared once as unions on `type`, with one
 * guard per direction (the host direction's live in host-frames.ts and are
 * re-exported here). The server, the host adapter and the player client all
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
import { parseIceConfig } from './ice-config.ts';
import { formatValue } from '../core/format-value.ts';
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
import type { ClientOp, JsonObject } from './relay-ids.ts';
import type { ReportConnectionsInput } from './connection-report.ts';
import type { PartyOps } from './party-wire.ts';
import type { JoinFrame, ClientFrame, ServerToClientFrame, RelayFrame, JoinedFrame, HostStatusFrame } from './relay-frame-types.ts';
import {
  badType,
  CLIENT_ID_RULE,
  COUNT_RULE,
  isClientId,
  isCount,
  isLobbyName,
  isObject,
  isToken,
  LOBBY_RULE,
  malformed,
  toObject,
  TOKEN_RULE,
  type ProtocolIssue,
} from './frame-checks.ts';
import { parseError, parseHostToClient, parseRequest } from './frame-parts.ts';

// --- Identities and limits ----------------------------------------------------

export type { ClientId, HostId, LobbyName } from './relay-ids.ts';

/** Path of the ticket relay WebSocket on the server. */
export const RELAY_PATH = '/relay';
/** Mount path of the PeerJS signaling server: a PeerJS client uses `{ host, port, path: PEERJS_PATH }`. */
export const PEERJS_PATH = '/peerjs';

export {
  MAX_FRAME_BYTES,
  LOBBY_NAME_PATTERN,
  CLIENT_ID_PATTERN,
  HOST_ID_PATTERN,
  TOKEN_PATTERN,
  MAX_REQUEST_ID_LENGTH,
  isLobbyName,
  isClientId,
  isHostId,
  utf8Length,
  isProtocolIssue,
} from './frame-checks.ts';
export type { ProtocolIssue } from './frame-checks.ts';
export { parseHostFrame, parseServerToHost, MAX_RESYNC_REASON_LENGTH } from './host-frames.ts';

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
  /**
   * Present when the lobby's owner lets players' tabs serve as standby hosts
   * (the host option `playerStandbys`): the lobby's standby credential, which
   * admits a standby host only (src/host/player-standbys.ts).
   */
  standbyOffer?: StandbyOffer;
}

/** A lobby's offer to let this player's tab be one of its standby hosts. */
export interface StandbyOffer {
  /** The lobby's standby credential (`standby-` and an HMAC): register with it as a standby. */
  token: string;
}

/**
 * The standby offer of a `describeLobby` answer, or `undefined` when there is
 * none or it is malformed (a client never trusts a host's answer blindly).
 */
export function standbyOfferOf(answer: unknown): StandbyOffer | undefined {
  if (!isObject(answer)) return undefined;
  const offer = answer.standbyOffer;
  return isObject(offer) && isToken(offer.token) ? { token: offer.token } : undefined;
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
  ToStandbyFrame,
  AckFrame,
  ResyncFrame,
  HandOverFrame,
  StandbyJoinedFrame,
  StandbyLeftFrame,
  FromPrimaryFrame,
  StandbyAckFrame,
  StandbyResyncFrame,
  PromotedFrame,
  DemotedFrame,
  PrimaryChangedFrame,
} from './relay-frame-types.ts';

// --- Guards (the host direction's live in host-frames.ts) ----------------------

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
    case 'host-status': {
      if (typeof f.available !== 'boolean') return malformed(`host-status.available: expected a boolean, got ${formatValue(f.available)}`);
      const status: HostStatusFrame = { type: 'host-status', available: f.available };
      if (f.term !== undefined) {
        if (!isCount(f.term)) return malformed(`host-status.term: ${COUNT_RULE}, got ${formatValue(f.term)}`);
        status.term = f.term;
      }
      return status;
    }
    case 'error':
      return parseError(f);
    case 'pong':
      return { type: 'pong' };
    default:
      return badType(f.type, ['joined', 'response', 'event', 'host-status', 'error', 'pong', 'ice']);
  }
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
