/**
 * Creating tickets: the `TicketId` (given and checked, or generated from the
 * injected random source) and the QUEUED record.
 */
import { clonePlayer, clonePlayerWithoutTeam } from './attributes.ts';
import type { ConfigurationRecord } from './configurations.ts';
import type { MatchmakerContext } from './context.ts';
import { invalidRequest, show } from './errors.ts';
import { asTicketId, checkTicketId, uuidFrom, type TicketId } from './ids.ts';
import type { TicketRecord } from './tickets.ts';
import type { Player } from './types.ts';

/**
 * The ticket id of a request: a UUID when absent (or empty), else the given
 * id if it fits the pattern and was never used by a ticket this matchmaker
 * still holds (active or finished).
 */
export function resolveTicketId(ctx: MatchmakerContext, ticketId: unknown): TicketId {
  if (ticketId === undefined || ticketId === '') {
    let id = uuidFrom(ctx.random);
    while (ctx.tickets.has(id)) id = uuidFrom(ctx.random);
    return asTicketId(id);
  }
  const id = asTicketId(checkTicketId('TicketId', ticketId));
  const existing = ctx.tickets.get(id);
  if (existing) throw invalidRequest(`TicketId: ticket ${show(id)} already exists (status ${existing.status}); ticket ids are single-use`);
  return id;
}

/** A new QUEUED ticket, stored. `players` are copied. */
export function createTicket(
  ctx: MatchmakerContext,
  config: ConfigurationRecord,
  ticketId: TicketId,
  players: readonly Player[],
  backfill?: TicketRecord['backfill'],
): TicketRecord {
  const ticket: TicketRecord = {
    ticketId,
    configurationName: config.Name,
    configurationArn: config.ConfigurationArn,
    players: copyPlayers(players, backfill !== undefined),
    status: 'QUEUED',
    startTimeMs: ctx.now(),
  };
  if (backfill) ticket.backfill = { ...backfill };
  const estimate = ctx.waits.estimateSeconds(config.Name, ticket.startTimeMs);
  if (estimate !== undefined && !backfill) ticket.estimatedWaitTimeSeconds = estimate;
  ctx.tickets.add(ticket);
  return ticket;
}

/** Copies of `players`; a new-match ticket's without `Team` (it has none until matched). */
function copyPlayers(players: readonly Player[], withTeam: boolean): Player[] {
  const out: Player[] = [];
  for (let i = 0; i < players.length; i++) out.push(withTeam ? clonePlayer(players[i]!) : clonePlayerWithoutTeam(players[i]!));
  return out;
}
