/**
 * Peer-to-peer placement (non-AWS): when the players of a match carry a
 * `PeerId`, the core chooses the match's game host and writes the connection
 * info as plain data, once, at placement:
 *
 * - on each COMPLETED ticket's `GameSessionConnectionInfo`: `GameHostPeerId`,
 *   `GameHostPlayerId`, `MatchId`, `SuccessorPlayerIds` and, when automatic
 *   backfill runs for the session, `AutoBackfillTicketId`;
 * - in `MatchmakingSucceeded.detail.gameSessionInfo`: the same fields with
 *   their first letter lower-cased, and each player's `peerId`;
 * - on the game session record (`peerToPeer`), so a backfill keeps the game
 *   host and `reportPlayerLeft` re-ranks the successors.
 *
 * The game host of a new session is the first of the ranking below among the
 * players with a `PeerId`; a backfilled session keeps its game host while it
 * is seated. Successors are the other seated players with a `PeerId`, ranked
 * the same way. Ranking: players with a latency to the session's region
 * first, lowest latency first; then the others; ties (and the others) by
 * ticket age, oldest first; then team order. Pure functions, no clock.
 *
 * Matches without any `PeerId` get none of these fields (plain FlexMatch output).
 */
import type { GameSessionRecord, PeerToPeerRecord } from './game-sessions.ts';
import type { GameSessionConnectionInfo, Player } from './types.ts';
import { byPlayerId } from './ids.ts';

export { MAX_PEER_ID_LENGTH } from './request-limits.ts';

export type { PeerToPeerRecord };

/** One player to rank. */
export interface PeerCandidate {
  playerId: string;
  /** The player's ticket StartTime in ms (older tickets rank first among equals). */
  ticketStartMs: number;
  latencyInMs?: Record<string, number>;
}

/** `candidates` best first (see the file comment); the input order breaks the last ties. */
export function rankPeers(candidates: readonly PeerCandidate[], region: string): PeerCandidate[] {
  const latency = (candidate: PeerCandidate): number => {
    const value = candidate.latencyInMs?.[region];
    return typeof value === 'number' && Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
  };
  return candidates
    .map((candidate, index) => ({ candidate, index, latency: latency(candidate) }))
    .sort((a, b) => a.latency - b.latency || a.candidate.ticketStartMs - b.candidate.ticketStartMs || a.index - b.index)
    .map((entry) => entry.candidate);
}

/**
 * Records the game host of a placed session (a new one, or a backfill whose
 * game host is no longer seated) and the new players' ticket ages.
 * `newPlayers`: player id to its ticket's StartTime. Leaves a session whose
 * players carry no `PeerId` without a record.
 */
export function placePeers(session: GameSessionRecord, newPlayers: ReadonlyMap<string, number>): void {
  // No player with a PeerId: no game host to choose (the common case of a game that does not go peer to peer).
  if (!session.players.some((player) => player.PeerId !== undefined)) {
    delete session.peerToPeer;
    return;
  }
  const ages = Object.assign(byPlayerId<number>(), session.peerToPeer?.ticketStartMs);
  for (const [playerId, startMs] of newPlayers) ages[playerId] = startMs;
  const seated = new Set(session.players.map((player) => player.PlayerId));
  for (const playerId of Object.keys(ages)) if (!seated.has(playerId)) delete ages[playerId];
  const current = session.peerToPeer?.gameHostPlayerId;
  const stays = current !== undefined && session.players.some((p) => p.PlayerId === current && p.PeerId !== undefined);
  const gameHostPlayerId = stays ? current : rankPeers(candidates(session, ages), session.location)[0]?.playerId;
  if (gameHostPlayerId === undefined) delete session.peerToPeer;
  else session.peerToPeer = { gameHostPlayerId, ticketStartMs: ages };
}

/** Forgets a player who left the session (its age; the game host stays recorded). */
export function forgetPeer(session: GameSessionRecord, playerId: string): void {
  if (session.peerToPeer) delete session.peerToPeer.ticketStartMs[playerId];
}

/** The game host's player, when the session has a peer-to-peer placement. */
export function gameHostOf(session: GameSessionRecord): Player | undefined {
  const id = session.peerToPeer?.gameHostPlayerId;
  return id === undefined ? undefined : session.players.find((player) => player.PlayerId === id);
}

/** The seated players besides the game host who have a `PeerId`, best first. */
export function successorsOf(session: GameSessionRecord): string[] {
  const host = session.peerToPeer?.gameHostPlayerId;
  if (host === undefined) return [];
  return rankPeers(candidates(session, session.peerToPeer!.ticketStartMs), session.location)
    .map((candidate) => candidate.playerId)
    .filter((playerId) => playerId !== host);
}

/**
 * The peer-to-peer fields of a COMPLETED ticket's `GameSessionConnectionInfo`
 * for match `matchId` of `session`, or `{}` when the session has no game host.
 */
export function peerConnectionFields(session: GameSessionRecord, matchId: string): Partial<GameSessionConnectionInfo> {
  const host = gameHostOf(session);
  if (host?.PeerId === undefined) return {};
  const fields: Partial<GameSessionConnectionInfo> = {
    GameHostPeerId: host.PeerId,
    GameHostPlayerId: host.PlayerId,
    MatchId: matchId,
    SuccessorPlayerIds: successorsOf(session),
  };
  if (session.autoBackfillTicketId !== undefined) fields.AutoBackfillTicketId = session.autoBackfillTicketId;
  return fields;
}

function candidates(session: GameSessionRecord, ages: Readonly<Record<string, number>>): PeerCandidate[] {
  return session.players
    .filter((player) => player.PeerId !== undefined)
    .map((player) => {
      const candidate: PeerCandidate = { playerId: player.PlayerId, ticketStartMs: ages[player.PlayerId] ?? Number.POSITIVE_INFINITY };
      if (player.LatencyInMs !== undefined) candidate.latencyInMs = player.LatencyInMs;
      return candidate;
    });
}
