/**
 * The checks every relay frame guard shares (protocol.ts for the client
 * direction, host-frames.ts for the host direction): the identity patterns
 * and limits, the small predicates, the issue shape, and reading a text
 * frame within the relay's size and nesting bounds.
 *
 * Isomorphic: no Node or DOM APIs.
 */
import { formatValue } from '../core/format-value.ts';
import { parseBoundedJson } from './bounded-json.ts';
import type { ClientId, HostId, JsonObject, LobbyName } from './relay-ids.ts';
import type { RelayFrame } from './relay-frame-types.ts';

/** Largest frame the relay accepts or sends, in bytes of UTF-8 JSON text (64 KiB). */
export const MAX_FRAME_BYTES = 64 * 1024;
/** Lobby names: 1-64 characters, URL-safe, starting with a letter or digit. */
export const LOBBY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Client ids as the server issues them: 1-64 base64url characters. */
export const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Host ids as the server issues them at `register`: 1-64 base64url characters, like client ids. */
export const HOST_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Lobby tokens and resume tokens: 22-128 base64url characters (at least 128 bits). */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,128}$/;
/** Longest `requestId`, in characters. */
export const MAX_REQUEST_ID_LENGTH = 64;

export const LOBBY_RULE = 'expected 1-64 characters of [A-Za-z0-9._-] starting with a letter or digit';
export const CLIENT_ID_RULE = 'expected 1-64 characters of [A-Za-z0-9_-]';
export const HOST_ID_RULE = 'expected a host id of 1-64 characters of [A-Za-z0-9_-]';
export const TOKEN_RULE = 'expected 22-128 characters of [A-Za-z0-9_-]';
export const REQUEST_ID_RULE = `expected a string of 1-${MAX_REQUEST_ID_LENGTH} characters`;
export const COUNT_RULE = 'expected a non-negative safe integer';

/** True when `value` is a well-formed lobby name. */
export function isLobbyName(value: unknown): value is LobbyName {
  return typeof value === 'string' && LOBBY_NAME_PATTERN.test(value);
}

/** True when `value` is a well-formed client id. */
export function isClientId(value: unknown): value is ClientId {
  return typeof value === 'string' && CLIENT_ID_PATTERN.test(value);
}

/** True when `value` is a well-formed host id. */
export function isHostId(value: unknown): value is HostId {
  return typeof value === 'string' && HOST_ID_PATTERN.test(value);
}

export function isToken(value: unknown): value is string {
  return typeof value === 'string' && TOKEN_PATTERN.test(value);
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isRequestId(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= MAX_REQUEST_ID_LENGTH;
}

/** A term, a sequence number, a duration: a whole number from 0 up to `Number.MAX_SAFE_INTEGER`. */
export function isCount(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

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

export function malformed(message: string, requestId?: string): ProtocolIssue {
  return requestId === undefined ? { code: 'MALFORMED', message } : { code: 'MALFORMED', message, requestId };
}

export function badType(type: unknown, expected: readonly string[]): ProtocolIssue {
  return malformed(`frame.type: expected one of ${expected.map((t) => `"${t}"`).join(', ')}, got ${formatValue(type)}`);
}

/** An array of ids at `path`, each checked by `isId`: the typed array, or the issue naming the first bad element. */
export function parseIdList<T extends string>(value: unknown, path: string, noun: string, isId: (id: unknown) => id is T, rule: string): T[] | ProtocolIssue {
  if (!Array.isArray(value)) return malformed(`${path}: expected an array of ${noun}, got ${formatValue(value)}`);
  const bad = value.findIndex((id) => !isId(id));
  if (bad >= 0) return malformed(`${path}[${bad}]: ${rule}, got ${formatValue(value[bad])}`);
  return value as T[];
}

/** Size check and JSON parse of a text frame; an already-parsed value only needs to be an object. */
export function toObject(input: unknown): { value: JsonObject } | ProtocolIssue {
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
