/**
 * The guards of the host direction of the relay wire: `parseHostFrame` (run
 * by the server on every frame of a lobby host, primary or standby) and
 * `parseServerToHost` (run by the host adapter). Each returns the typed
 * frame, stripped of fields the protocol does not know, or the first issue,
 * naming the field path and the value. protocol.ts re-exports both.
 *
 * Isomorphic: no Node or DOM APIs.
 */
import { formatValue } from '../core/format-value.ts';
import type { ClientId, HostId, JsonObject } from './relay-ids.ts';
import type {
  HostFrame,
  PromotedFrame,
  RegisteredFrame,
  RegisterFrame,
  ServerToHostFrame,
  ToStandbyFrame,
} from './relay-frame-types.ts';
import {
  badType,
  CLIENT_ID_RULE,
  COUNT_RULE,
  HOST_ID_RULE,
  isClientId,
  isCount,
  isHostId,
  isLobbyName,
  isObject,
  isProtocolIssue,
  isToken,
  LOBBY_RULE,
  malformed,
  parseIdList,
  toObject,
  TOKEN_RULE,
  type ProtocolIssue,
} from './frame-checks.ts';
import { parseError, parseHostToClient, parseRequest } from './frame-parts.ts';

/** Longest `termProof` (of `register`, `registered`, `promoted`), in characters; the relay's are 48. */
export const MAX_TERM_PROOF_LENGTH = 128;

/** Longest `resync.reason` (and `standby-resync.reason`), in characters. */
export const MAX_RESYNC_REASON_LENGTH = 500;

const HOST_FRAME_TYPES = ['register', 'to-client', 'to-standby', 'ack', 'resync', 'hand-over', 'ping'];
const SERVER_TO_HOST_TYPES = [
  'registered',
  'from-client',
  'client-joined',
  'client-left',
  'standby-joined',
  'standby-left',
  'from-primary',
  'standby-ack',
  'standby-resync',
  'promoted',
  'demoted',
  'primary-changed',
  'error',
  'pong',
];

/** A host→server frame from a WebSocket text (or a parsed value), or the first issue found. Run by the server. */
export function parseHostFrame(input: unknown): HostFrame | ProtocolIssue {
  const frame = toObject(input);
  if ('code' in frame) return frame;
  const f = frame.value;
  switch (f.type) {
    case 'register':
      return parseRegister(f);
    case 'to-client': {
      if (!isClientId(f.clientId)) return malformed(`to-client.clientId: ${CLIENT_ID_RULE}, got ${formatValue(f.clientId)}`);
      const message = parseHostToClient(f.message, 'to-client.message');
      return isProtocolIssue(message) ? message : { type: 'to-client', clientId: f.clientId, message };
    }
    case 'to-standby': {
      if (f.hostId !== undefined && !isHostId(f.hostId)) return malformed(`to-standby.hostId: ${HOST_ID_RULE} (or none, for every standby), got ${formatValue(f.hostId)}`);
      if (!isObject(f.message)) return malformed(`to-standby.message: expected a JSON object, got ${formatValue(f.message)}`);
      const toStandby: ToStandbyFrame = { type: 'to-standby', message: f.message };
      if (f.hostId !== undefined) toStandby.hostId = f.hostId;
      return toStandby;
    }
    case 'ack': {
      if (!isCount(f.term)) return malformed(`ack.term: ${COUNT_RULE}, got ${formatValue(f.term)}`);
      if (!isCount(f.seq)) return malformed(`ack.seq: ${COUNT_RULE}, got ${formatValue(f.seq)}`);
      return { type: 'ack', term: f.term, seq: f.seq };
    }
    case 'resync': {
      const reason = reasonIssue(f.reason, 'resync.reason');
      return reason ?? { type: 'resync', reason: f.reason as string };
    }
    case 'hand-over':
      if (!isHostId(f.hostId)) return malformed(`hand-over.hostId: ${HOST_ID_RULE}, got ${formatValue(f.hostId)}`);
      return { type: 'hand-over', hostId: f.hostId };
    case 'ping':
      return { type: 'ping' };
    default:
      return badType(f.type, HOST_FRAME_TYPES);
  }
}

/** A server→host frame from a WebSocket text (or a parsed value), or the first issue found. Run by the host adapter. */
export function parseServerToHost(input: unknown): ServerToHostFrame | ProtocolIssue {
  const frame = toObject(input);
  if ('code' in frame) return frame;
  const f = frame.value;
  switch (f.type) {
    case 'registered':
      return parseRegistered(f);
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
    case 'standby-joined':
    case 'standby-left':
      if (!isHostId(f.hostId)) return malformed(`${f.type}.hostId: ${HOST_ID_RULE}, got ${formatValue(f.hostId)}`);
      return { type: f.type, hostId: f.hostId };
    case 'from-primary':
      if (!isCount(f.term)) return malformed(`from-primary.term: ${COUNT_RULE}, got ${formatValue(f.term)}`);
      if (!isObject(f.message)) return malformed(`from-primary.message: expected a JSON object, got ${formatValue(f.message)}`);
      return { type: 'from-primary', term: f.term, message: f.message };
    case 'standby-ack':
      if (!isHostId(f.hostId)) return malformed(`standby-ack.hostId: ${HOST_ID_RULE}, got ${formatValue(f.hostId)}`);
      if (!isCount(f.seq)) return malformed(`standby-ack.seq: ${COUNT_RULE}, got ${formatValue(f.seq)}`);
      return { type: 'standby-ack', hostId: f.hostId, seq: f.seq };
    case 'standby-resync': {
      if (!isHostId(f.hostId)) return malformed(`standby-resync.hostId: ${HOST_ID_RULE}, got ${formatValue(f.hostId)}`);
      const reason = reasonIssue(f.reason, 'standby-resync.reason');
      return reason ?? { type: 'standby-resync', hostId: f.hostId, reason: f.reason as string };
    }
    case 'promoted':
      return parsePromoted(f);
    case 'demoted':
      if (!isCount(f.term)) return malformed(`demoted.term: ${COUNT_RULE}, got ${formatValue(f.term)}`);
      if (!isHostId(f.primary)) return malformed(`demoted.primary: ${HOST_ID_RULE}, got ${formatValue(f.primary)}`);
      return { type: 'demoted', term: f.term, primary: f.primary };
    case 'primary-changed':
      if (!isCount(f.term)) return malformed(`primary-changed.term: ${COUNT_RULE}, got ${formatValue(f.term)}`);
      if (f.primary !== null && !isHostId(f.primary)) return malformed(`primary-changed.primary: ${HOST_ID_RULE} or null, got ${formatValue(f.primary)}`);
      return { type: 'primary-changed', term: f.term, primary: f.primary };
    case 'error':
      return parseError(f);
    case 'pong':
      return { type: 'pong' };
    default:
      return badType(f.type, SERVER_TO_HOST_TYPES);
  }
}

function parseRegister(f: JsonObject): RegisterFrame | ProtocolIssue {
  if (!isLobbyName(f.lobby)) return malformed(`register.lobby: ${LOBBY_RULE}, got ${formatValue(f.lobby)}`);
  const register: RegisterFrame = { type: 'register', lobby: f.lobby };
  if (f.token !== undefined) {
    if (!isToken(f.token)) return malformed(`register.token: ${TOKEN_RULE}, got ${formatValue(f.token)}`);
    register.token = f.token;
  }
  if (f.standby !== undefined) {
    if (typeof f.standby !== 'boolean') return malformed(`register.standby: expected a boolean, got ${formatValue(f.standby)}`);
    register.standby = f.standby;
  }
  if (f.term !== undefined) {
    if (!isCount(f.term)) return malformed(`register.term: ${COUNT_RULE}, got ${formatValue(f.term)}`);
    register.term = f.term;
  }
  if (f.termProof !== undefined) {
    const issue = termProofIssue(f.termProof, 'register.termProof');
    if (issue) return issue;
    register.termProof = f.termProof as string;
  }
  return register;
}

function parseRegistered(f: JsonObject): RegisteredFrame | ProtocolIssue {
  if (!isLobbyName(f.lobby)) return malformed(`registered.lobby: ${LOBBY_RULE}, got ${formatValue(f.lobby)}`);
  if (!isToken(f.token)) return malformed(`registered.token: ${TOKEN_RULE}, got ${formatValue(f.token)}`);
  if (typeof f.created !== 'boolean') return malformed(`registered.created: expected a boolean, got ${formatValue(f.created)}`);
  const clients = parseIdList<ClientId>(f.clients, 'registered.clients', 'client ids', isClientId, CLIENT_ID_RULE);
  if (isIssue(clients)) return clients;
  if (f.role !== 'primary' && f.role !== 'standby') return malformed(`registered.role: expected "primary" or "standby", got ${formatValue(f.role)}`);
  if (!isCount(f.term)) return malformed(`registered.term: ${COUNT_RULE}, got ${formatValue(f.term)}`);
  if (!isHostId(f.hostId)) return malformed(`registered.hostId: ${HOST_ID_RULE}, got ${formatValue(f.hostId)}`);
  const standbys = parseIdList<HostId>(f.standbys, 'registered.standbys', 'host ids', isHostId, HOST_ID_RULE);
  if (isIssue(standbys)) return standbys;
  if (f.primary !== null && !isHostId(f.primary)) return malformed(`registered.primary: ${HOST_ID_RULE} or null, got ${formatValue(f.primary)}`);
  const registered: RegisteredFrame = {
    type: 'registered',
    lobby: f.lobby,
    token: f.token,
    created: f.created,
    clients,
    role: f.role,
    term: f.term,
    hostId: f.hostId,
    standbys,
    primary: f.primary,
  };
  if (f.standbyToken !== undefined) {
    if (!isToken(f.standbyToken)) return malformed(`registered.standbyToken: ${TOKEN_RULE}, got ${formatValue(f.standbyToken)}`);
    registered.standbyToken = f.standbyToken;
  }
  if (f.termProof !== undefined) {
    const issue = termProofIssue(f.termProof, 'registered.termProof');
    if (issue) return issue;
    registered.termProof = f.termProof as string;
  }
  if (f.serverTimeMs !== undefined) {
    if (!isCount(f.serverTimeMs)) return malformed(`registered.serverTimeMs: ${COUNT_RULE} of milliseconds since the epoch, got ${formatValue(f.serverTimeMs)}`);
    registered.serverTimeMs = f.serverTimeMs;
  }
  return registered;
}

function parsePromoted(f: JsonObject): PromotedFrame | ProtocolIssue {
  if (!isCount(f.term)) return malformed(`promoted.term: ${COUNT_RULE}, got ${formatValue(f.term)}`);
  const clients = parseIdList<ClientId>(f.clients, 'promoted.clients', 'client ids', isClientId, CLIENT_ID_RULE);
  if (isIssue(clients)) return clients;
  const standbys = parseIdList<HostId>(f.standbys, 'promoted.standbys', 'host ids', isHostId, HOST_ID_RULE);
  if (isIssue(standbys)) return standbys;
  if (!isCount(f.pausedMs)) return malformed(`promoted.pausedMs: ${COUNT_RULE} of milliseconds, got ${formatValue(f.pausedMs)}`);
  const promoted: PromotedFrame = { type: 'promoted', term: f.term, clients, standbys, pausedMs: f.pausedMs };
  if (f.termProof !== undefined) {
    const issue = termProofIssue(f.termProof, 'promoted.termProof');
    if (issue) return issue;
    promoted.termProof = f.termProof as string;
  }
  if (f.serverTimeMs !== undefined) {
    if (!isCount(f.serverTimeMs)) return malformed(`promoted.serverTimeMs: ${COUNT_RULE} of milliseconds since the epoch, got ${formatValue(f.serverTimeMs)}`);
    promoted.serverTimeMs = f.serverTimeMs;
  }
  return promoted;
}

/** The issue with a term proof at `path`, or `null` when it is a string of 1 to `MAX_TERM_PROOF_LENGTH` characters. */
function termProofIssue(proof: unknown, path: string): ProtocolIssue | null {
  if (typeof proof === 'string' && proof.length >= 1 && proof.length <= MAX_TERM_PROOF_LENGTH) return null;
  const got = typeof proof === 'string' ? `a string of ${proof.length} characters` : formatValue(proof);
  return malformed(`${path}: expected a string of 1-${MAX_TERM_PROOF_LENGTH} characters, got ${got}`);
}

/** The issue with a resync reason at `path`, or `null` when it is a string of at most `MAX_RESYNC_REASON_LENGTH` characters. */
function reasonIssue(reason: unknown, path: string): ProtocolIssue | null {
  if (typeof reason === 'string' && reason.length <= MAX_RESYNC_REASON_LENGTH) return null;
  const got = typeof reason === 'string' ? `a string of ${reason.length} characters` : formatValue(reason);
  return malformed(`${path}: expected a string of at most ${MAX_RESYNC_REASON_LENGTH} characters, got ${got}`);
}

function isIssue<T>(value: T[] | ProtocolIssue): value is ProtocolIssue {
  return !Array.isArray(value);
}
