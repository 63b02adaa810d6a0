/**
 * Reading raw relay frames: size, text, and what can be learned from a frame
 * that will not be handled in full (its `requestId`, or, for a host frame over
 * the size limit, the client and request it answers), always within the
 * bounds of `parseBoundedJson`, never throwing.
 */
import type { RawData } from 'ws';
import { parseBoundedJson, peekTopLevelString } from '../net/bounded-json.ts';
import { encodeFrame, isClientId, MAX_REQUEST_ID_LENGTH, utf8Length } from '../net/protocol.ts';
import type { Logger } from './logger.ts';
import type { RelayConnection } from './relay-connection.ts';
import type { LiveLobby } from './relay-lobby.ts';
import type { ClientId, RequestFrame } from '../net/protocol.ts';

/** Bytes of a received frame. */
export function byteLength(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, chunk) => sum + chunk.length, 0);
  return data.byteLength;
}

/** A received frame as text. */
export function toText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8');
  return data.toString('utf8');
}

function isRequestId(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 1 && value.length <= MAX_REQUEST_ID_LENGTH;
}

/** The `requestId` of a frame that will not be handled (rate-limited, failed), when it has a usable one. */
export function peekRequestId(text: string): string | undefined {
  return peekTopLevelString(text, 'requestId', MAX_REQUEST_ID_LENGTH);
}

/** Whom a host's `to-client` frame was for: the client, and the request when it is a `response`. */
export interface HostFrameTarget {
  clientId: ClientId;
  requestId?: string;
}

/** The client (and request) a host's oversized `to-client` frame was meant for, if it says so. */
export function peekHostTarget(text: string): HostFrameTarget | undefined {
  const parsed = parseBoundedJson(text);
  if (!('value' in parsed)) return undefined;
  const frame = parsed.value as { type?: unknown; clientId?: unknown; message?: { type?: unknown; requestId?: unknown } } | null;
  if (typeof frame !== 'object' || frame === null || frame.type !== 'to-client' || !isClientId(frame.clientId)) return undefined;
  const message = frame.message;
  const requestId = typeof message === 'object' && message !== null && message.type === 'response' && isRequestId(message.requestId) ? message.requestId : undefined;
  return requestId === undefined ? { clientId: frame.clientId } : { clientId: frame.clientId, requestId };
}

/**
 * A frame over `maxFrameBytes`. From a client (or a host frame that names no
 * client): `TOO_LARGE`, a violation. From a host, an answer that would not
 * fit: its client gets `TOO_LARGE` naming the request, the host is told, and
 * no violation counts against the host (a player's input made it large).
 * `lobby` is the host's lobby (undefined for a client).
 */
export function refuseOversized(connection: RelayConnection, lobby: LiveLobby | undefined, bytes: number, text: string, maxFrameBytes: number, logger: Logger): void {
  const target = lobby === undefined ? undefined : peekHostTarget(text);
  if (lobby === undefined || target === undefined) {
    connection.refuse('TOO_LARGE', `frame: ${bytes} bytes is over the limit of ${maxFrameBytes} bytes`, { requestId: peekRequestId(text) });
    return;
  }
  const what = target.requestId === undefined ? 'an event' : `the answer to request ${JSON.stringify(target.requestId)}`;
  const message = `${what} is ${bytes} bytes, over the relay's limit of ${maxFrameBytes} bytes; it was not delivered`;
  if (target.requestId !== undefined) {
    lobby.answered(target.clientId, target.requestId);
    lobby.deliverToClient(target.clientId, encodeFrame({ type: 'error', code: 'TOO_LARGE', message: `${message}; ask for less`, requestId: target.requestId }));
  }
  logger.warn('relay: host frame over the limit', { lobby: lobby.name, clientId: target.clientId, requestId: target.requestId, bytes });
  connection.notify('TOO_LARGE', `to-client: ${message} to client ${target.clientId}`, { clientId: target.clientId, requestId: target.requestId });
}

/**
 * How much JSON text can grow when parsed and encoded again: `1e20` (4
 * bytes) becomes `100000000000000000000` (21); nothing grows more. A frame
 * under `maxFrameBytes / MAX_REENCODING_GROWTH` needs no measuring after.
 */
export const MAX_REENCODING_GROWTH = 6;

/** Room the `from-client` stamp takes around a request (type, a 64-character client id), bytes. */
const STAMP_BYTES = 128;

/**
 * Why `request` (received as `receivedBytes`) cannot go to the host, or
 * `null`: re-encoded and stamped (`from-client`), a request can grow, and it
 * must still fit a frame the host accepts.
 */
export function forwardedSizeIssue(clientId: ClientId, request: RequestFrame, receivedBytes: number, maxFrameBytes: number): string | null {
  if (receivedBytes * MAX_REENCODING_GROWTH + STAMP_BYTES <= maxFrameBytes) return null;
  const bytes = utf8Length(encodeFrame({ type: 'from-client', clientId, message: request }));
  return bytes > maxFrameBytes ? `request: ${bytes} bytes once stamped for the host, over the limit of ${maxFrameBytes} bytes` : null;
}
