/**
 * The relay's error codes (`error` frames) and WebSocket close codes, shared
 * by the server, the host adapter and the player client.
 */

/**
 * Why the server refused something, in an `error` frame:
 * - `MALFORMED`: not JSON, a binary frame, or a frame of the wrong shape (the message names the field);
 * - `TOO_LARGE`: a frame over `MAX_FRAME_BYTES`, nested deeper than `MAX_FRAME_DEPTH` or with a string
 *   longer than `MAX_FRAME_STRING_LENGTH`; to a client, also a host answer that would not fit a frame;
 * - `RATE_LIMITED`: more frames per second than the connection's budget;
 * - `TOO_MANY_CONNECTIONS`: too many open connections from one address (then closed);
 * - `NOT_JOINED`: a client request before `join` (or no `join`/`register` in time);
 * - `ALREADY_JOINED`: a second `join`/`register` on one connection;
 * - `NOT_REGISTERED`: a host frame before `register`;
 * - `UNKNOWN_LOBBY`: `join` of a lobby no host has registered;
 * - `LOBBY_TAKEN`: `register` without a token of a lobby another host owns;
 * - `BAD_TOKEN`: a wrong lobby token or resume token, or a standby credential for a lobby no host holds;
 * - `LOBBY_LIMIT`: the server already holds as many lobbies as it allows;
 * - `LOBBY_FULL`: the lobby already has as many clients (or standby hosts) as it allows;
 * - `HOST_UNAVAILABLE`: the lobby's host is away and the request could not wait (answers `requestId`);
 * - `CLIENT_UNAVAILABLE`: (to a host) the named client, or the standby named by `to-standby` or
 *   `hand-over`, is gone; the message was not delivered (nothing was handed over);
 * - `REPLACED`: a newer connection took over this identity or lobby (then closed);
 * - `FENCED`: (to a host) a frame only the lobby's primary host may send (`to-client`, `to-standby`,
 *   `hand-over`), from a standby or a host whose term is over; or a frame only a standby sends
 *   (`ack`, `resync`) from the primary; nothing was forwarded;
 * - `SHUTTING_DOWN`: the server is stopping (then closed; reconnect and resume);
 * - `INTERNAL`: the relay failed on this frame (a bug; logged with the connection), nothing was forwarded.
 */
export type RelayErrorCode =
  | 'MALFORMED'
  | 'TOO_LARGE'
  | 'RATE_LIMITED'
  | 'TOO_MANY_CONNECTIONS'
  | 'NOT_JOINED'
  | 'ALREADY_JOINED'
  | 'NOT_REGISTERED'
  | 'UNKNOWN_LOBBY'
  | 'LOBBY_TAKEN'
  | 'BAD_TOKEN'
  | 'LOBBY_LIMIT'
  | 'LOBBY_FULL'
  | 'HOST_UNAVAILABLE'
  | 'CLIENT_UNAVAILABLE'
  | 'REPLACED'
  | 'FENCED'
  | 'SHUTTING_DOWN'
  | 'INTERNAL';

/** Every `RelayErrorCode`, for guards and exhaustive tests. */
export const RELAY_ERROR_CODES = [
  'MALFORMED',
  'TOO_LARGE',
  'RATE_LIMITED',
  'TOO_MANY_CONNECTIONS',
  'NOT_JOINED',
  'ALREADY_JOINED',
  'NOT_REGISTERED',
  'UNKNOWN_LOBBY',
  'LOBBY_TAKEN',
  'BAD_TOKEN',
  'LOBBY_LIMIT',
  'LOBBY_FULL',
  'HOST_UNAVAILABLE',
  'CLIENT_UNAVAILABLE',
  'REPLACED',
  'FENCED',
  'SHUTTING_DOWN',
  'INTERNAL',
] as const satisfies readonly RelayErrorCode[];

/** WebSocket close codes the relay uses. */
export const RELAY_CLOSE_CODES = {
  /** The server is stopping; reconnect (and resume) later. */
  goingAway: 1001,
  /** Abuse (repeated violations, too many connections, no join in time). */
  policyViolation: 1008,
  /** A text frame that is not UTF-8 (an `error` frame `MALFORMED` goes first). */
  invalidPayload: 1007,
  /** A frame beyond the hard payload limit (an `error` frame `TOO_LARGE` goes first). */
  tooLarge: 1009,
  /** A newer connection took over this client identity or this lobby's host role. */
  replaced: 4000,
} as const;
