/**
 * Proposing matches and player acceptance (the guide's "Request player
 * acceptance").
 *
 * Every match the engine forms is announced with `PotentialMatchCreated`.
 * Without acceptance it goes straight to placement. With acceptance its
 * tickets wait in REQUIRES_ACCEPTANCE (out of the pool) until:
 * - every new player accepted: `AcceptMatchCompleted` `Accepted`, placement;
 * - a player rejected (`acceptMatch` REJECT): `AcceptMatchCompleted` `Rejected`;
 * - the deadline (proposal time + `AcceptanceTimeoutSeconds`) passed at a
 *   `tick()`: `AcceptMatchCompleted` `TimedOut`.
 * On a failure, tickets whose players all accepted return to SEARCHING
 * (`MatchmakingSearching`), the others go FAILED (`MatchmakingFailed`); a
 * backfill ticket needs no answers and always returns to SEARCHING.
 *
 * peermatch's reading where the guide is silent: a ticket of the proposal
 * that is cancelled during acceptance (`stopMatchmaking`, or a player starting
 * a newer ticket) ends the proposal as `Rejected`, and every other ticket
 * returns to SEARCHING (`PROPOSED_MATCH_CANCELLED`): its players neither
 * rejected nor let the time run out. An `acceptMatch` at or after the
 * deadline is refused, even before the `tick()` that times the proposal out.
 */
import type { ProposedMatch } from '../engine/types.ts';
import type { ConfigurationRecord } from './configurations.ts';
import type { MatchmakerContext } from './context.ts';
import { invalidRequest, notFound, show } from './errors.ts';
import type { AcceptanceOutcome } from './events.ts';
import { asMatchId, uuidFrom } from './ids.ts';
import { MatchTickets, newMatchRecord, newPlayersOf, playerOf, type MatchRecord } from './matches.ts';
import { emitEvent, emitSearching, emitTicketEnded, eventTickets, gameSessionInfo } from './notify.ts';
import { placeMatch } from './placement.ts';
import { assignTeams, transition, type StatusReason, type TicketRecord } from './tickets.ts';
import type { AcceptMatchInput } from './types.ts';

function ticketsOf(ctx: MatchmakerContext, match: MatchRecord): TicketRecord[] {
  return match.ticketIds.map((id) => ctx.tickets.get(id)!);
}

function configOf(ctx: MatchmakerContext, match: MatchRecord): ConfigurationRecord {
  return ctx.configurations.get('ConfigurationName', match.configurationName);
}

function backfillArnOf(tickets: readonly TicketRecord[]): string | undefined {
  return tickets.find((ticket) => ticket.backfill)?.backfill?.gameSessionArn;
}

/**
 * Turns an engine proposal into a match: acceptance, or placement at once.
 * Tickets must be SEARCHING; `tickets` are their records in the proposal's
 * order, when the caller has them (else they are looked up).
 */
export function proposeMatch(
  ctx: MatchmakerContext,
  config: ConfigurationRecord,
  proposal: ProposedMatch,
  tickets?: readonly TicketRecord[],
): MatchRecord {
  const nowMs = ctx.now();
  const match = newMatchRecord(asMatchId(uuidFrom(ctx.random)), proposal, config, nowMs);
  tickets ??= ticketsOf(ctx, match);
  // The match record's own copy for all its tickets: neither is ever changed, and events copy it (ticketMetrics).
  const lastMetrics = match.ruleEvaluationMetrics;
  const to = match.acceptanceRequired ? 'REQUIRES_ACCEPTANCE' : 'PLACING';
  for (const ticket of tickets) {
    transition(ticket, to, nowMs);
    ticket.matchId = match.matchId;
    ticket.lastMetrics = lastMetrics;
  }
  seatTeams(match, tickets);
  if (match.acceptanceRequired) ctx.matches.set(match.matchId, match);
  const listed = eventTickets(tickets);
  const metrics = match.ruleEvaluationMetrics.map((m) => ({ ...m }));
  const info = gameSessionInfo(listed, backfillArnOf(tickets));
  // Two literals rather than a spread of an optional field: the same keys in the same order, without an object per match.
  const { matchId, acceptanceRequired, acceptanceTimeoutSeconds: timeout } = match;
  emitEvent(
    ctx,
    config,
    timeout !== undefined
      ? { type: 'PotentialMatchCreated', tickets: listed, matchId, acceptanceRequired, acceptanceTimeout: timeout, ruleEvaluationMetrics: metrics, gameSessionInfo: info }
      : { type: 'PotentialMatchCreated', tickets: listed, matchId, acceptanceRequired, ruleEvaluationMetrics: metrics, gameSessionInfo: info },
  );
  if (!match.acceptanceRequired) placeMatch(ctx, match, config, tickets);
  return match;
}

/**
 * `assignTeams` with the match's teams for every ticket of a new proposal:
 * each player gets the team the match seats it on (none if it is not seated).
 * Walks the teams once instead of building a map of every player.
 */
function seatTeams(match: MatchRecord, tickets: readonly TicketRecord[]): void {
  for (const ticket of tickets) {
    if (ticket.backfill) continue; // a backfill ticket's players keep the teams the request gave
    for (const player of ticket.players) if (player.Team !== undefined) delete player.Team;
  }
  const byId = new MatchTickets(tickets);
  for (const team of match.teams) {
    for (const member of team.players) {
      const ticket = byId.get(member.ticketId);
      if (ticket === undefined || ticket.backfill) continue;
      const player = playerOf(ticket, member.playerId);
      if (player !== undefined) player.Team = team.name;
    }
  }
}

/** `acceptMatch`: records the answers of players on one ticket and settles the proposal when it can. */
export function acceptMatch(ctx: MatchmakerContext, input: AcceptMatchInput): void {
  const ticket = ctx.tickets.get(String(input?.TicketId));
  if (!ticket) throw notFound(`TicketId: no matchmaking ticket ${show(input?.TicketId)}`);
  if (input.AcceptanceType !== 'ACCEPT' && input.AcceptanceType !== 'REJECT') {
    throw invalidRequest(`AcceptanceType: expected "ACCEPT" or "REJECT", got ${show(input.AcceptanceType)}`);
  }
  if (!Array.isArray(input.PlayerIds) || input.PlayerIds.length === 0) {
    throw invalidRequest(`PlayerIds: a non-empty list of player ids is required, got ${show(input.PlayerIds)}`);
  }
  const match = ticket.matchId !== undefined ? ctx.matches.get(ticket.matchId) : undefined;
  if (ticket.status !== 'REQUIRES_ACCEPTANCE' || !match) {
    throw invalidRequest(`TicketId: ticket ${show(ticket.ticketId)} is ${ticket.status}; only a REQUIRES_ACCEPTANCE ticket takes acceptances`);
  }
  if (ticket.backfill) {
    throw invalidRequest(`TicketId: ${show(ticket.ticketId)} is a backfill ticket; only the new players of a backfill match accept`);
  }
  const own = new Set<string>(newPlayersOf(match, ticket.ticketId));
  input.PlayerIds.forEach((playerId, index) => {
    if (!own.has(playerId)) {
      throw invalidRequest(`PlayerIds[${index}]: player ${show(playerId)} is not on ticket ${show(ticket.ticketId)}`);
    }
  });
  const nowMs = ctx.now();
  if (match.acceptanceDeadlineMs !== undefined && nowMs >= match.acceptanceDeadlineMs) {
    throw invalidRequest(
      `TicketId: the acceptance window of match ${show(match.matchId)} closed at ${new Date(match.acceptanceDeadlineMs).toISOString()}`,
    );
  }
  for (const playerId of input.PlayerIds) match.acceptances[playerId] = input.AcceptanceType === 'ACCEPT';

  const config = configOf(ctx, match);
  const tickets = ticketsOf(ctx, match);
  const listed = eventTickets(tickets, { acceptances: match.acceptances });
  emitEvent(ctx, config, {
    type: 'AcceptMatch',
    tickets: listed,
    matchId: match.matchId,
    gameSessionInfo: gameSessionInfo(listed, backfillArnOf(tickets)),
  });
  if (Object.values(match.acceptances).includes(false)) {
    endAcceptance(ctx, match, 'Rejected');
  } else if (tickets.every((t) => allAccepted(match, t))) {
    endAcceptance(ctx, match, 'Accepted');
  }
}

/** Whether every new player of the ticket accepted (a backfill ticket always has). */
function allAccepted(match: MatchRecord, ticket: TicketRecord): boolean {
  return newPlayersOf(match, ticket.ticketId).every((playerId) => match.acceptances[playerId] === true);
}

/** Times out every proposal whose deadline is at or before `nowMs`. */
export function expireAcceptances(ctx: MatchmakerContext, nowMs: number): void {
  for (const match of [...ctx.matches.values()]) {
    if (match.acceptanceDeadlineMs !== undefined && nowMs >= match.acceptanceDeadlineMs && ctx.matches.has(match.matchId)) {
      endAcceptance(ctx, match, 'TimedOut');
    }
  }
}

/**
 * Ends a proposal whose ticket `cancelled` was just cancelled: `Rejected`,
 * and every other ticket returns to SEARCHING.
 */
export function abandonMatch(ctx: MatchmakerContext, match: MatchRecord, cancelled: TicketRecord): void {
  endAcceptance(ctx, match, 'Rejected', cancelled.ticketId);
}

function endAcceptance(ctx: MatchmakerContext, match: MatchRecord, outcome: AcceptanceOutcome, cancelledId?: string): void {
  ctx.matches.delete(match.matchId);
  const config = configOf(ctx, match);
  const tickets = ticketsOf(ctx, match);
  const listed = eventTickets(tickets);
  emitEvent(ctx, config, {
    type: 'AcceptMatchCompleted',
    tickets: listed,
    acceptance: outcome,
    matchId: match.matchId,
    gameSessionInfo: gameSessionInfo(listed, backfillArnOf(tickets)),
  });
  const nowMs = ctx.now();
  if (outcome === 'Accepted') {
    for (const ticket of tickets) transition(ticket, 'PLACING', nowMs);
    placeMatch(ctx, match, config);
    return;
  }
  for (const ticket of tickets) {
    if (ticket.ticketId === cancelledId || ticket.status !== 'REQUIRES_ACCEPTANCE') continue;
    const verdict = failedAcceptanceVerdict(match, ticket, outcome, cancelledId !== undefined);
    if (verdict.status === 'SEARCHING') {
      transition(ticket, 'SEARCHING', nowMs, verdict.reason, verdict.message);
      assignTeams(ticket, undefined);
      emitSearching(ctx, ticket, config);
    } else {
      transition(ticket, 'FAILED', nowMs, verdict.reason, verdict.message);
      emitTicketEnded(ctx, ticket, config, 'MatchmakingFailed');
    }
  }
}

/** Where a ticket goes when its proposal fails, and why. */
function failedAcceptanceVerdict(
  match: MatchRecord,
  ticket: TicketRecord,
  outcome: 'Rejected' | 'TimedOut',
  byCancellation: boolean,
): { status: 'SEARCHING' | 'FAILED'; reason: StatusReason; message: string } {
  const id = match.matchId;
  const searching = (reason: StatusReason, message: string) => ({ status: 'SEARCHING' as const, reason, message });
  const failed = (reason: StatusReason, message: string) => ({ status: 'FAILED' as const, reason, message });
  if (byCancellation) {
    return searching('PROPOSED_MATCH_CANCELLED', `Another ticket of proposed match ${id} was cancelled; searching again.`);
  }
  if (allAccepted(match, ticket)) {
    return outcome === 'Rejected'
      ? searching('PROPOSED_MATCH_REJECTED', `Proposed match ${id} was rejected by another player; searching again.`)
      : searching('PROPOSED_MATCH_TIMED_OUT', `Proposed match ${id} was not accepted in time by other players; searching again.`);
  }
  const players = newPlayersOf(match, ticket.ticketId);
  const rejecters = players.filter((playerId) => match.acceptances[playerId] === false);
  if (rejecters.length > 0) return failed('REJECTED', `Player(s) ${rejecters.join(', ')} rejected proposed match ${id}.`);
  const silent = players.filter((playerId) => match.acceptances[playerId] !== true).join(', ');
  return outcome === 'TimedOut'
    ? failed('ACCEPTANCE_TIMED_OUT', `Player(s) ${silent} did not accept proposed match ${id} in time.`)
    : failed('ACCEPTANCE_INCOMPLETE', `Player(s) ${silent} had not accepted proposed match ${id} when another player rejected it.`);
}
