/**
 * `changeGameHost` (non-AWS): a peer-to-peer game session's game host left
 * and one of its successors took over the match (the players migrated to
 * it); the session's record now names it, so later backfills' connection
 * info names the new game host and its successors are ranked without it.
 *
 * The lobby host calls it after checking who may claim the session (see
 * src/host/game-host-claim.ts); the core checks only the session's own data.
 *
 * Refused (`InvalidRequestException`, naming the value): a session without a
 * peer-to-peer game host, a player not seated in it, a seated player without
 * a `PeerId` (nobody could connect to it), and, when `PresentPlayerIds` is
 * given (who is known to be still there), a player while the game host or a
 * successor ranked above it is present: every player skips the same gone
 * successors, so the first one still there is the one they connect to. An unknown session is a
 * `NotFoundException`. Naming the current game host again changes nothing.
 */
import type { MatchmakerContext } from './context.ts';
import { invalidRequest, show } from './errors.ts';
import { successorsOf } from './peer-to-peer.ts';
import { seatedPlayer } from './seated-player.ts';
import type { ChangeGameHostInput, ChangeGameHostOutput } from './types.ts';

export function changeGameHost(ctx: MatchmakerContext, input: ChangeGameHostInput): ChangeGameHostOutput {
  const { arn, session, player } = seatedPlayer(ctx, input);
  const playerId = player.PlayerId;
  const record = session.peerToPeer;
  if (record === undefined) throw invalidRequest(`GameSessionArn: game session ${show(arn)} has no peer-to-peer game host`);
  if (player.PeerId === undefined) throw invalidRequest(`PlayerId: player ${show(playerId)} of ${show(arn)} has no PeerId to host the game with`);
  const present = input.PresentPlayerIds;
  if (present !== undefined && record.gameHostPlayerId !== playerId) {
    if (!Array.isArray(present)) throw invalidRequest(`PresentPlayerIds: expected an array of player ids, got ${show(present)}`);
    if (present.includes(record.gameHostPlayerId)) {
      throw invalidRequest(`PlayerId: the game host ${show(record.gameHostPlayerId)} of ${show(arn)} is still there; ${show(playerId)} may not take over`);
    }
    const successors = successorsOf(session);
    const rank = successors.indexOf(playerId);
    const above = successors.slice(0, rank < 0 ? successors.length : rank).find((id) => present.includes(id));
    if (above !== undefined) {
      throw invalidRequest(`PlayerId: successor ${show(above)} ranks above ${show(playerId)} in game session ${show(arn)} and is still there`);
    }
  }
  if (record.gameHostPlayerId !== playerId) {
    record.gameHostPlayerId = playerId;
    session.updatedAtMs = ctx.now();
  }
  return { GameHostPlayerId: playerId, GameHostPeerId: player.PeerId, SuccessorPlayerIds: successorsOf(session) };
}
