/**
 * Guards for the parts several relay frames carry, shared by the client
 * direction (protocol.ts) and the host direction (host-frames.ts): a client
 * request (`request`, `from-client.message`), a host message to a client
 * (`response`/`event`, `to-client.message`), and an `error` frame.
 *
 * Isomorphic: no Node or DOM APIs.
 */
import { formatValue } from '../core/format-value.ts';
import { MATCHMAKING_EVENT_TYPES } from '../core/matchmaker/events.ts';
import type { GameSessionUpdate, MatchmakingEvent } from '../core/matchmaker/events.ts';
import { RELAY_ERROR_CODES, type RelayErrorCode } from './relay-errors.ts';
import { CLIENT_OPS, type ClientOp, type JsonObject } from './relay-ids.ts';
import type { ErrorFrame, HostToClientMessage, RelayEvent, RequestFrame } from './relay-frame-types.ts';
import { CLIENT_ID_RULE, isClientId, isObject, isRequestId, malformed, REQUEST_ID_RULE, type ProtocolIssue } from './frame-checks.ts';
import { parsePartyNotice } from './party-wire.ts';

export function parseRequest(f: JsonObject, path: string): RequestFrame | ProtocolIssue {
  if (!isRequestId(f.requestId)) return malformed(`${path}.requestId: ${REQUEST_ID_RULE}, got ${formatValue(f.requestId)}`);
  const requestId = f.requestId;
  if (typeof f.op !== 'string' || !(CLIENT_OPS as readonly string[]).includes(f.op)) {
    return malformed(`${path}.op: expected one of ${CLIENT_OPS.join(', ')}, got ${formatValue(f.op)}`, requestId);
  }
  if (!isObject(f.input)) return malformed(`${path}.input: expected a JSON object (the AWS request), got ${formatValue(f.input)}`, requestId);
  return { type: 'request', requestId, op: f.op as ClientOp, input: f.input };
}

/** `response` or `event`, at `path` ('' for a top-level frame, else e.g. `to-client.message`). */
export function parseHostToClient(value: unknown, path: string): HostToClientMessage | ProtocolIssue {
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

export function parseError(f: JsonObject): ErrorFrame | ProtocolIssue {
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
