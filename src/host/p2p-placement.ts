/**
 * Placement for peer-to-peer games: which matched player hosts the game, and
 * the connection info every player of the match receives.
 *
 * Why here and not in the core's `placement` hook: the browser Worker
 * (src/worker/matchmaker.worker.ts) cannot be given a hook (functions do not
 * cross `postMessage`, and only the Node thread has a `placementModule`), and
 * the peer ids live with the lobby host, not in the Matchmaker. So the lobby
 * host computes the game host when `MatchmakingSucceeded` arrives, from the
 * event and what it recorded at `startMatchmaking`, identically in a tab and in
 * Node. Pure functions: no clock, no I/O.
 */
import { regionOfArn } from '../core/matchmaker/game-sessions.ts';
import type { ConnectionInfo, ConnectionPlayer } from './connection-info.ts';

/** A candidate game host: one player of a new match. */
export interface GameHostCandidate {
  playerId: string;
  /** The ticket's StartTime in ms since the epoch (older tickets win ties). */
  ticketStartMs: number;
  /** The player's `LatencyInMs` as submitted, if any. */
  latencyInMs?: Record<string, number>;
}

/**
 * The game host of a new match: the player with the lowest latency to the
 * match's region (`region`: the region of the game session ARN, where the
 * engine judged every player's latency best) among those who reported one;
 * when nobody reported a latency for that region, the player of the oldest
 * ticket. Ties go to the older ticket, then to the earlier player in the
 * match's team order. Returns `undefined` only for an empty list.
 */
export function chooseGameHost(candidates: readonly GameHostCandidate[], region: string | undefined): string | undefined {
  let best: { candidate: GameHostCandidate; latencyMs: number } | undefined;
  for (const candidate of candidates) {
    const latencyMs = region === undefined ? undefined : candidate.latencyInMs?.[region];
    if (typeof latencyMs !== 'number' || !Number.isFinite(latencyMs)) continue;
    if (
      best === undefined ||
      latencyMs < best.latencyMs ||
      (latencyMs === best.latencyMs && candidate.ticketStartMs < best.candidate.ticketStartMs)
    ) {
      best = { candidate, latencyMs };
    }
  }
  if (best !== undefined) return best.candidate.playerId;
  let oldest: GameHostCandidate | undefined;
  for (const candidate of candidates) {
    if (oldest === undefined || candidate.ticketStartMs < oldest.ticketStartMs) oldest = candidate;
  }
  return oldest?.playerId;
}

/** The region of a GameLift ARN (`arn:aws:gamelift:<region>:...`), if it has one (the core's reading). */
export { regionOfArn };

/** What `connectionInfo` needs besides the players. */
export interface ConnectionInfoInput {
  matchId: string;
  gameSessionArn: string;
  gameHostPlayerId: string;
  players: readonly ConnectionPlayer[];
}

/**
 * The connection info of a placed match. Throws `InternalServiceException`
 * when the game host is not one of `players` (a bookkeeping bug: the caller
 * chose it from them).
 */
export function connectionInfo(input: ConnectionInfoInput): ConnectionInfo {
  const host = input.players.find((player) => player.playerId === input.gameHostPlayerId);
  if (host === undefined) {
    const error = new Error(`gameHostPlayerId: "${input.gameHostPlayerId}" is not a player of match "${input.matchId}"`);
    error.name = 'InternalServiceException';
    throw error;
  }
  return {
    matchId: input.matchId,
    gameSessionArn: input.gameSessionArn,
    gameHostPeerId: host.peerId,
    gameHostPlayerId: host.playerId,
    players: input.players.map((player) => ({ ...player })),
  };
}
