/**
 * `reportPlayerLeft` (non-AWS): a game session's host reports that a player
 * left, and the core unseats it. FlexMatch learns this from the game server
 * (player sessions ending); a standalone matchmaker has no game server, so
 * the game host says it.
 *
 * - The player leaves `players` (and so `MatchmakerData`) and its player
 *   session is forgotten; the successors of a peer-to-peer session are
 *   re-ranked without it.
 * - AUTOMATIC backfill (the configuration's and the session's mode, not
 *   stopped by the game): the running automatic backfill ticket still lists
 *   the departed player, so it is cancelled (`MatchmakingCancelled`, no
 *   `BACKFILL_CANCELLED` for the session) and replaced by a new automatic
 *   ticket with the players still seated, when a slot is open. A manual
 *   backfill ticket is the game's: left alone, and no automatic one is added.
 * - MANUAL backfill: nothing else; the game asks for backfill itself.
 *
 * Refused: an unknown session (`NotFoundException`), a player not seated in
 * it, the peer-to-peer game host itself (the game ends with it), and a
 * session whose backfill match is being placed right now.
 */
import { startAutoBackfill } from './backfill.ts';
import { cancelTicket } from './cancellation.ts';
import type { MatchmakerContext } from './context.ts';
import { invalidRequest, show } from './errors.ts';
import { byPlayerId } from './ids.ts';
import { hasOpenSlots } from './game-sessions.ts';
import { forgetPeer } from './peer-to-peer.ts';
import { resolveTicketId } from './ticket-factory.ts';
import { seatedPlayer } from './seated-player.ts';
import type { ReportPlayerLeftInput, ReportPlayerLeftOutput } from './types.ts';

export function reportPlayerLeft(ctx: MatchmakerContext, input: ReportPlayerLeftInput): ReportPlayerLeftOutput {
  const { arn, session, player } = seatedPlayer(ctx, input);
  const playerId = player.PlayerId;
  if (session.peerToPeer?.gameHostPlayerId === playerId) {
    throw invalidRequest(`PlayerId: player ${show(playerId)} is the game host of ${show(arn)}; the game ends with it`);
  }
  const active = ctx.tickets.activeBackfillFor(arn);
  if (active?.status === 'PLACING') {
    throw invalidRequest(`GameSessionArn: backfill ticket ${show(active.ticketId)} of ${show(arn)} is being placed right now; report again`);
  }

  session.players = session.players.filter((player) => player.PlayerId !== playerId);
  const sessions = Object.assign(byPlayerId<string>(), session.playerSessions);
  delete sessions[playerId];
  session.playerSessions = sessions;
  session.updatedAtMs = ctx.now();
  forgetPeer(session, playerId);

  const config = ctx.configurations.all().find((c) => c.Name === session.configurationName);
  const automatic =
    config?.BackfillMode === 'AUTOMATIC' && session.autoBackfillMode === 'AUTOMATIC' && session.autoBackfillStopped !== true;
  if (!automatic || (active !== undefined && active.ticketId !== session.autoBackfillTicketId)) return {};
  const ruleSet = ctx.ruleSets.get('RuleSetName', config.RuleSetName).compiled;
  const ticketId = hasOpenSlots(ruleSet, session.players) ? resolveTicketId(ctx, undefined) : undefined;
  if (active !== undefined) {
    const next = ticketId === undefined ? '' : ` by ticket ${show(ticketId)}`;
    cancelTicket(ctx, active, 'CANCELLED_BY_REQUEST', `Replaced${next}: player ${show(playerId)} left game session ${show(arn)}.`, true);
  }
  if (ticketId === undefined) {
    delete session.autoBackfillTicketId;
    return {};
  }
  startAutoBackfill(ctx, session, config, ticketId);
  return { BackfillTicketId: ticketId };
}
