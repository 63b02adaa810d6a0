/**
 * Cancelling tickets: `stopMatchmaking`, `stopMatchBackfill`, and a player
 * starting a newer ticket (the guide: "any active matchmaking tickets with the
 * same player ID are automatically canceled").
 *
 * A cancelled ticket gets `MatchmakingCancelled`; a backfill ticket also tells
 * its game session `BACKFILL_CANCELLED` (and stops automatic backfill); a
 * ticket cancelled during acceptance ends its proposal (acceptance.ts).
 */
import { abandonMatch } from './acceptance.ts';
import { backfillEnded } from './backfill.ts';
import type { MatchmakerContext } from './context.ts';
import { invalidRequest, notFound, show } from './errors.ts';
import { emitTicketEnded } from './notify.ts';
import { isActive, transition, type StatusReason, type TicketRecord } from './tickets.ts';
import type { StopMatchBackfillInput, StopMatchmakingInput } from './types.ts';

/**
 * Cancels an active ticket and tells everyone concerned. `replaced`: a
 * backfill ticket the core replaces by another (player-left.ts): its game
 * session hears nothing and automatic backfill goes on.
 */
export function cancelTicket(
  ctx: MatchmakerContext,
  ticket: TicketRecord,
  reason: Extract<StatusReason, 'CANCELLED_BY_REQUEST' | 'PLAYER_IN_NEWER_TICKET'>,
  message: string,
  replaced = false,
): void {
  const wasAccepting = ticket.status === 'REQUIRES_ACCEPTANCE';
  transition(ticket, 'CANCELLED', ctx.now(), reason, message);
  const config = ctx.configurations.get('ConfigurationName', ticket.configurationName);
  emitTicketEnded(ctx, ticket, config, 'MatchmakingCancelled');
  if (wasAccepting && ticket.matchId !== undefined) {
    const match = ctx.matches.get(ticket.matchId);
    if (match) abandonMatch(ctx, match, ticket);
  }
  if (ticket.backfill && !replaced) backfillEnded(ctx, ticket, 'BACKFILL_CANCELLED');
}

function activeTicket(ctx: MatchmakerContext, ticketId: unknown): TicketRecord {
  const ticket = ctx.tickets.get(String(ticketId));
  if (!ticket) throw notFound(`TicketId: no matchmaking ticket ${show(ticketId)}`);
  if (!isActive(ticket.status)) {
    throw invalidRequest(`TicketId: ticket ${show(ticket.ticketId)} is already ${ticket.status}; only active tickets can be stopped`);
  }
  if (ticket.status === 'PLACING') {
    throw invalidRequest(`TicketId: ticket ${show(ticket.ticketId)} is PLACING; a match being placed cannot be stopped`);
  }
  return ticket;
}

/** `stopMatchmaking`: cancels a matchmaking or backfill ticket. */
export function stopMatchmaking(ctx: MatchmakerContext, input: StopMatchmakingInput): void {
  const ticket = activeTicket(ctx, input?.TicketId);
  cancelTicket(ctx, ticket, 'CANCELLED_BY_REQUEST', 'Cancelled by request.');
}

/** `stopMatchBackfill` (server SDK): cancels a backfill ticket; the optional ARNs must agree with it. */
export function stopMatchBackfill(ctx: MatchmakerContext, input: StopMatchBackfillInput): void {
  const ticket = activeTicket(ctx, input?.TicketId);
  if (!ticket.backfill) {
    throw invalidRequest(`TicketId: ticket ${show(ticket.ticketId)} is not a backfill ticket; use stopMatchmaking`);
  }
  if (input.GameSessionArn !== undefined && input.GameSessionArn !== ticket.backfill.gameSessionArn) {
    throw invalidRequest(
      `GameSessionArn: ticket ${show(ticket.ticketId)} backfills ${show(ticket.backfill.gameSessionArn)}, not ${show(input.GameSessionArn)}`,
    );
  }
  if (input.MatchmakingConfigurationArn !== undefined && input.MatchmakingConfigurationArn !== ticket.configurationArn) {
    throw invalidRequest(
      `MatchmakingConfigurationArn: ticket ${show(ticket.ticketId)} uses ${show(ticket.configurationArn)}, not ${show(input.MatchmakingConfigurationArn)}`,
    );
  }
  cancelTicket(ctx, ticket, 'CANCELLED_BY_REQUEST', 'Cancelled by request.');
}
