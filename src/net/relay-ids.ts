/**
 * The relay's identities and operation names, which the frame types
 * (relay-frame-types.ts) and the guards (protocol.ts, which re-exports these)
 * both use: client ids, lobby names, the client operations, JSON objects.
 */

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A connection identity the server issued to a client; survives reconnects with the resume token. */
export type ClientId = Brand<string, 'ClientId'>;
/** A host connection's identity in its lobby, issued by the server at `register` (primary or standby). */
export type HostId = Brand<string, 'HostId'>;
/** A lobby name: 1-64 characters of `[A-Za-z0-9._-]`, starting with a letter or digit (`LOBBY_NAME_PATTERN`). */
export type LobbyName = Brand<string, 'LobbyName'>;

/**
 * The matchmaker operations a player client may request through the relay.
 * The relay checks only that `op` is one of these; the host checks ownership
 * (a client acts only on tickets it submitted) and the Matchmaker checks the input.
 */
export const CLIENT_OPS = [
  'startMatchmaking',
  'describeMatchmaking',
  'stopMatchmaking',
  'acceptMatch',
  'startMatchBackfill',
  'stopMatchBackfill',
  'reportPlayerLeft',
  'describeGameSessions',
  'describeLobby',
  'reportConnections',
  'claimGameHost',
  'createParty',
  'joinParty',
  'describeParty',
  'leaveParty',
  'removePartyMember',
  'changePartyLeader',
  'setPartyReady',
  'startPartyMatchmaking',
] as const;

/** One of `CLIENT_OPS`. */
export type ClientOp = (typeof CLIENT_OPS)[number];

/** A JSON object (not an array, not null). */
export type JsonObject = { [key: string]: unknown };
