/**
 * `startMatchmaking`: the checks a request passes before it becomes a QUEUED
 * ticket. Every request that could never match is refused here with an
 * `InvalidRequestException` naming the player and attribute (the reference
 * decision: a clear error beats a ticket that silently times out): more than
 * 10 players, duplicate player ids, a bad or used `TicketId`, attribute
 * values of the wrong type, a required attribute missing, no latency under a
 * latency rule, a party larger than every team. An unknown configuration is
 * `NotFoundException`. Only then are the players' older active tickets
 * cancelled (`PLAYER_IN_NEWER_TICKET`).
 */
import { checkPlayerList, checkPoolPlayer } from './attributes.ts';
import { cancelTicket } from './cancellation.ts';
import type { MatchmakerContext } from './context.ts';
import { invalidRequest, show } from './errors.ts';
import { checkRequestLimits } from './request-limits.ts';
import { largestTeam } from './rule-sets.ts';
import { createTicket, resolveTicketId } from './ticket-factory.ts';
import { NEWER_TICKET_MARK } from '../ticket-lifecycle.ts';
import { isActive, type TicketRecord } from './tickets.ts';
import type { StartMatchmakingInput } from './types.ts';

/** Most players one request may carry (the guide: "up to ten players"). */
export const MAX_PLAYERS_PER_REQUEST = 10;

export function startMatchmaking(ctx: MatchmakerContext, input: StartMatchmakingInput): TicketRecord {
  const config = ctx.configurations.get('ConfigurationName', input?.ConfigurationName);
  const ruleSet = ctx.ruleSets.get('RuleSetName', config.RuleSetName).compiled;
  const players = checkPlayerList(input.Players, { min: 1, max: MAX_PLAYERS_PER_REQUEST });
  // Validation only (nothing built): keeping the engine's form here (pool-cache.ts) was measured to cost the ingest more than it saves the tick.
  for (let index = 0; index < players.length; index++) checkPoolPlayer('Players', players[index]!, ruleSet, index);
  checkRequestLimits(players);
  const largest = largestTeam(ruleSet);
  if (players.length > largest.capacity) {
    throw invalidRequest(
      `Players: a party of ${players.length} players must share one team, but the largest team ` +
        `("${largest.name}") holds at most ${largest.capacity}`,
    );
  }
  const ticketId = resolveTicketId(ctx, input.TicketId);
  // A party of one (the usual request) is looked up without a list of ids.
  const holding =
    players.length === 1
      ? ctx.tickets.activeHolding(players[0]!.PlayerId)
      : ctx.tickets.activeHoldingPlayers(players.map((player) => player.PlayerId));
  if (holding.length > 0) cancelOlderTickets(ctx, holding, new Set(players.map((player) => player.PlayerId)), ticketId);
  return createTicket(ctx, config, ticketId, players);
}

/** Refuses the request if one of `holding` is being placed, else cancels them all (`PLAYER_IN_NEWER_TICKET`). */
function cancelOlderTickets(ctx: MatchmakerContext, holding: readonly TicketRecord[], ids: ReadonlySet<string>, ticketId: string): void {
  for (const older of holding) {
    if (older.status === 'PLACING') {
      throw invalidRequest(`Players: player(s) of ticket ${show(older.ticketId)} are being placed in a match right now`);
    }
  }
  for (const older of holding) {
    if (!isActive(older.status)) continue; // ended by an earlier cancellation's knock-on
    const player = older.players.find((p) => ids.has(p.PlayerId))!.PlayerId;
    const message = `Cancelled: player ${show(player)} ${NEWER_TICKET_MARK} (ticket ${show(ticketId)}).`;
    cancelTicket(ctx, older, 'PLAYER_IN_NEWER_TICKET', message);
  }
}
