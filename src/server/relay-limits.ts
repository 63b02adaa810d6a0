/**
 * The relay's limits, their defaults, and the check that a set of limits is
 * usable. Every limit is per process; counts are inclusive maxima.
 */
import { MAX_FRAME_BYTES } from '../net/protocol.ts';

/** Limits and timings of the ticket relay. */
export interface RelayLimits {
  /** Largest accepted frame, bytes; larger frames are answered `TOO_LARGE`. At most `MAX_FRAME_BYTES`. */
  maxFrameBytes: number;
  /** Frames above this are cut by the WebSocket layer itself (close 1009, no error frame), bytes. */
  hardMaxPayloadBytes: number;
  /** Sustained frames per second a client identity may send (its budget survives reconnects and resumes). */
  clientFramesPerSecond: number;
  /** Frames a client identity may send in a burst. */
  clientFrameBurst: number;
  /** Sustained client frames per second from one IP address, all its connections together. */
  addressFramesPerSecond: number;
  /** Client frames one IP address may send in a burst. */
  addressFrameBurst: number;
  /** Sustained new connections per second from one IP address (beyond: HTTP 429 at the upgrade). */
  connectsPerSecondPerAddress: number;
  /** New connections one IP address may open in a burst. */
  connectBurstPerAddress: number;
  /** Longest block of an address after connections closed for abuse (1 s, 2 s, 4 s ... up to this), ms. */
  maxBlockMs: number;
  /** Lobbies one IP address may hold at once (registered by it, live or waiting for their host). */
  maxLobbiesPerAddress: number;
  /** Sustained lobby creations per minute from one IP address. */
  lobbyCreationsPerMinutePerAddress: number;
  /** Lobby creations one IP address may make in a burst. */
  lobbyCreationBurstPerAddress: number;
  /** Sustained frames per second a host connection may send (it answers every client). */
  hostFramesPerSecond: number;
  /** Frames a host connection may send in a burst. */
  hostFrameBurst: number;
  /** Violations (malformed, oversized, rate-limited frames, bad tokens) tolerated in a burst before the connection is closed. */
  maxViolations: number;
  /** Violations forgiven per second. */
  violationsForgivenPerSecond: number;
  /** Open connections from one IP address. */
  maxConnectionsPerAddress: number;
  /** Lobbies held at once (with a host connected or waiting for one). */
  maxLobbies: number;
  /** Connected clients per lobby. */
  maxClientsPerLobby: number;
  /** How long client requests wait for an absent host before `HOST_UNAVAILABLE`, ms. */
  hostGraceMs: number;
  /** Requests waiting for an absent host, per lobby. */
  maxQueuedPerLobby: number;
  /** Requests waiting for an absent host, per client. */
  maxQueuedPerClient: number;
  /** How long host messages wait for a disconnected client to resume, ms. */
  clientGraceMs: number;
  /** Host messages waiting for one disconnected client. */
  maxOutboxPerClient: number;
  /** Standby hosts per lobby (beyond: `register` is refused `LOBBY_FULL`). */
  maxStandbysPerLobby: number;
  /**
   * A primary host that sent nothing (hosts ping every few seconds) for this
   * long is taken for lost while a synced standby can take over: its socket
   * is terminated and the standby promoted, ms.
   */
  primarySilenceMs: number;
  /**
   * Requests forwarded to a lobby's primary and not answered yet that the
   * relay remembers, to hand them to a new primary; beyond, the oldest is forgotten (logged).
   */
  maxInFlightPerLobby: number;
  /** Interval of WebSocket pings; a socket that has not answered the previous ping is terminated, ms. */
  heartbeatIntervalMs: number;
  /** A connection must `join` or `register` within this time, ms. */
  joinTimeoutMs: number;
  /** A lobby whose host has been away this long, while players wait in it, is released, ms. */
  lobbyTtlMs: number;
  /** A lobby with no host and no player (registered and left, or abandoned) is released after this, ms. */
  unusedLobbyTtlMs: number;
  /** A connection whose unsent data exceeds this (a reader that stopped reading) is terminated, bytes. */
  maxBufferedBytes: number;
}

/** The defaults: sized for one host serving a few thousand players on one small machine. */
export const DEFAULT_RELAY_LIMITS: Readonly<RelayLimits> = Object.freeze({
  maxFrameBytes: MAX_FRAME_BYTES,
  hardMaxPayloadBytes: 1024 * 1024,
  clientFramesPerSecond: 20,
  clientFrameBurst: 40,
  addressFramesPerSecond: 400,
  addressFrameBurst: 1_000,
  connectsPerSecondPerAddress: 10,
  connectBurstPerAddress: 30,
  maxBlockMs: 60_000,
  maxLobbiesPerAddress: 8,
  lobbyCreationsPerMinutePerAddress: 6,
  lobbyCreationBurstPerAddress: 8,
  // A host answers every request of every client (10,000 clients at 20/s each, in theory): this only stops a runaway host.
  hostFramesPerSecond: 50_000,
  hostFrameBurst: 100_000,
  maxViolations: 10,
  violationsForgivenPerSecond: 0.2,
  maxConnectionsPerAddress: 64,
  maxLobbies: 1_000,
  maxClientsPerLobby: 10_000,
  hostGraceMs: 30_000,
  maxQueuedPerLobby: 1_000,
  maxQueuedPerClient: 16,
  clientGraceMs: 30_000,
  maxOutboxPerClient: 64,
  maxStandbysPerLobby: 4,
  primarySilenceMs: 6_000,
  maxInFlightPerLobby: 2_000,
  heartbeatIntervalMs: 30_000,
  joinTimeoutMs: 10_000,
  lobbyTtlMs: 7 * 24 * 3600 * 1000,
  unusedLobbyTtlMs: 10 * 60 * 1000,
  maxBufferedBytes: 8 * 1024 * 1024,
});

/**
 * The defaults overridden by `overrides`. Throws a `RangeError` naming the
 * first limit that is not a positive number (or, for `maxFrameBytes`, is
 * above `MAX_FRAME_BYTES` or the hard payload limit).
 */
export function resolveLimits(overrides: Partial<RelayLimits> = {}): RelayLimits {
  const limits: RelayLimits = { ...DEFAULT_RELAY_LIMITS };
  for (const [key, value] of Object.entries(overrides) as [keyof RelayLimits, number | undefined][]) {
    if (value === undefined) continue;
    if (!(key in DEFAULT_RELAY_LIMITS)) throw new RangeError(`limits.${key}: not a relay limit`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`limits.${key}: expected a positive number, got ${JSON.stringify(value)}`);
    }
    limits[key] = value;
  }
  if (limits.maxFrameBytes > MAX_FRAME_BYTES) {
    throw new RangeError(`limits.maxFrameBytes: at most MAX_FRAME_BYTES (${MAX_FRAME_BYTES}), got ${limits.maxFrameBytes}`);
  }
  if (limits.hardMaxPayloadBytes < limits.maxFrameBytes) {
    throw new RangeError(`limits.hardMaxPayloadBytes: at least maxFrameBytes (${limits.maxFrameBytes}), got ${limits.hardMaxPayloadBytes}`);
  }
  return limits;
}
