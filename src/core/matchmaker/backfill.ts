/**
 * Match backfill: `startMatchBackfill` (manual), the tickets automatic
 * backfill creates by itself, and what a backfill's end tells the game
 * session (`onUpdateGameSession`).
 *
 * - A backfill ticket carries the game session's current players with their
 *   teams; the engine keeps them on those teams and adds new tickets to open
 *   slots under the same rules. One backfill ticket per match; one active
 *   backfill ticket per game session.
 * - As in FlexMatch standalone mode, any `GameSessionArn` that fits the API
 *   pattern is accepted; a session this matchmaker never placed is recorded
 *   from the request (with no `MatchmakerData` until a backfill succeeds).
 * - Only new players are asked to accept; the backfill ticket counts as
 *   accepted, returns to SEARCHING when a proposal fails, and ends COMPLETED
 *   with `MatchmakingSucceeded` when its match is placed.
 * - Automatic (`BackfillMode: AUTOMATIC`): a session this configuration placed
 *   with open slots gets a backfill ticket right after placement, and a new
 *   one after each success (while slots stay open) and after each timeout.
 *   Stopping the ticket (`stopMatchmaking` / `stopMatchBackfill`) stops
 *   automatic backfill for that session.
 * - `AdditionalPlayerCount` reserves slots: new matches are built with the
 *   team maximums lowered by that many players in all (one at a time,
 *   round-robin from the first team, never below a team's minimum), so
 *   automatic backfill has slots to fill; backfill matches use the full sizes.
 */
import type { CompiledRuleSet, TeamInstance } from '../ruleset/types.ts';
import type { PoolTicket, SeatedPlayer } from '../engine/types.ts';
import { checkPlayerList, checkPoolPlayer, clonePlayer, toPoolPlayer } from './attributes.ts';
import type { ConfigurationRecord } from './configurations.ts';
import type { MatchmakerContext } from './context.ts';
import { invalidRequest, show } from './errors.ts';
import { hasOpenSlots, regionOfArn, teamCounts, type GameSessionRecord } from './game-sessions.ts';
import { checkGameSessionArn, type TicketId } from './ids.ts';
import { notifyGameSession } from './notify.ts';
import { teamCapacity } from './rule-sets.ts';
import { checkRequestLimits } from './request-limits.ts';
import { createTicket, resolveTicketId } from './ticket-factory.ts';
import type { TicketRecord } from './tickets.ts';
import type { Player, StartMatchBackfillInput } from './types.ts';

/** Validates a `startMatchBackfill` request and queues its ticket. */
export function startMatchBackfill(ctx: MatchmakerContext, input: StartMatchBackfillInput): TicketRecord {
  const config = ctx.configurations.get('ConfigurationName', input?.ConfigurationName);
  const ruleSet = ctx.ruleSets.get('RuleSetName', config.RuleSetName).compiled;
  const arn = checkGameSessionArn('GameSessionArn', input.GameSessionArn);
  const players = checkPlayerList(input.Players, { min: 0 });
  players.forEach((player, index) => {
    const field = `Players[${index}]`;
    if (player.Team === undefined || !ruleSet.teams.some((team) => team.name === player.Team)) {
      const names = ruleSet.teams.map((team) => team.name).join(', ');
      throw invalidRequest(`${field}.Team: every current player needs its team, one of [${names}]; got ${show(player.Team)}`);
    }
    checkPoolPlayer('Players', player, ruleSet, index);
  });
  checkRequestLimits(players);
  for (const [team, count] of teamCounts(players)) {
    const capacity = teamCapacity(ruleSet, team);
    if (count > capacity) {
      throw invalidRequest(`Players: team "${team}" has ${count} current players, more than it can ever hold (${capacity})`);
    }
  }
  const active = ctx.tickets.activeBackfillFor(arn);
  if (active) {
    throw invalidRequest(
      `GameSessionArn: game session ${show(arn)} already has an active backfill ticket ${show(active.ticketId)} (${active.status}); ` +
        'stop it before requesting another',
    );
  }
  const ticketId = resolveTicketId(ctx, input.TicketId);
  const known = ctx.gameSessions.get(arn);
  if (!known) ctx.gameSessions.set(arn, unknownSession(ctx, arn, config, ruleSet, input));
  return createTicket(ctx, config, ticketId, known ? withSeatedPeerIds(players, known) : players, {
    gameSessionArn: arn,
    automatic: false,
  });
}

/** The request's players, each without a `PeerId` given the one the session seats it with (so the game host stays reachable). */
function withSeatedPeerIds(players: readonly Player[], session: GameSessionRecord): Player[] {
  const peers = new Map(session.players.map((player) => [player.PlayerId, player.PeerId]));
  return players.map((player) => {
    const peerId = player.PeerId ?? peers.get(player.PlayerId);
    return peerId === undefined || player.PeerId !== undefined ? player : { ...player, PeerId: peerId };
  });
}

/** A game session this matchmaker never placed, as the backfill request describes it. */
function unknownSession(
  ctx: MatchmakerContext,
  arn: string,
  config: ConfigurationRecord,
  ruleSet: CompiledRuleSet,
  input: StartMatchBackfillInput,
): GameSessionRecord {
  return {
    arn,
    creationTimeMs: ctx.now(),
    location: regionOfArn(arn) ?? ctx.region,
    configurationName: config.Name,
    configurationArn: config.ConfigurationArn,
    gameProperties: [],
    maximumPlayerSessionCount: ruleSet.maxPlayersTotal,
    teamNames: ruleSet.teams.map((team) => team.name),
    players: input.Players.map(clonePlayer),
    autoBackfillMode: 'MANUAL',
    playerSessions: {},
  };
}

/** Queues the automatic backfill ticket `ticketId` for a session with open slots. */
export function startAutoBackfill(
  ctx: MatchmakerContext,
  session: GameSessionRecord,
  config: ConfigurationRecord,
  ticketId: TicketId,
): TicketRecord {
  session.autoBackfillTicketId = ticketId;
  return createTicket(ctx, config, ticketId, session.players, { gameSessionArn: session.arn, automatic: true });
}

/**
 * Tells the game session how its backfill ticket ended without a match, and
 * keeps automatic backfill going (after a timeout) or stops it (cancelled).
 */
export function backfillEnded(
  ctx: MatchmakerContext,
  ticket: TicketRecord,
  reason: 'BACKFILL_TIMED_OUT' | 'BACKFILL_CANCELLED' | 'BACKFILL_FAILED',
): void {
  const backfill = ticket.backfill;
  if (!backfill) return;
  const session = ctx.gameSessions.get(backfill.gameSessionArn);
  if (backfill.automatic && session && session.autoBackfillTicketId === ticket.ticketId) {
    if (reason === 'BACKFILL_CANCELLED') {
      session.autoBackfillStopped = true;
      delete session.autoBackfillTicketId;
    } else {
      const config = ctx.configurations.all().find((c) => c.Name === ticket.configurationName);
      const ruleSet = config && ctx.ruleSets.get('RuleSetName', config.RuleSetName).compiled;
      if (config?.BackfillMode === 'AUTOMATIC' && ruleSet && hasOpenSlots(ruleSet, session.players)) {
        // The next ticket first, so that the session the game server gets names it.
        startAutoBackfill(ctx, session, config, resolveTicketId(ctx, undefined));
        notifyGameSession(ctx, backfill.gameSessionArn, ticket.ticketId, reason);
        return;
      }
      delete session.autoBackfillTicketId;
    }
  }
  notifyGameSession(ctx, backfill.gameSessionArn, ticket.ticketId, reason);
}

/** A ticket in the engine's form; throws when its players no longer fit the rule set. */
export function toPoolTicket(ticket: TicketRecord, ruleSet: CompiledRuleSet): PoolTicket {
  if (!ticket.backfill) {
    return {
      ticketId: ticket.ticketId,
      createdAtMs: ticket.startTimeMs,
      // The index apart from the field: the path `Players[i]` is only spelled out for a refusal, not for every conversion.
      players: ticket.players.map((player, index) => toPoolPlayer('Players', player, ruleSet, index)),
    };
  }
  const seated: SeatedPlayer[] = ticket.players.map((player, index) => ({
    ...toPoolPlayer('Players', player, ruleSet, index),
    team: player.Team!,
  }));
  return {
    ticketId: ticket.ticketId,
    createdAtMs: ticket.startTimeMs,
    players: [],
    backfill: { gameSessionArn: ticket.backfill.gameSessionArn, players: seated },
  };
}

/**
 * The rule set new matches are built with when `AdditionalPlayerCount`
 * reserves `reserved` slots: team maximums lowered one player at a time,
 * round-robin from the first team, never below a team's minimum.
 */
export function withReservedSlots(ruleSet: CompiledRuleSet, reserved: number): CompiledRuleSet {
  if (reserved <= 0) return ruleSet;
  const teams: TeamInstance[] = ruleSet.teams.map((team) => ({ ...team }));
  let left = reserved;
  let lowered = true;
  while (left > 0 && lowered) {
    lowered = false;
    for (const team of teams) {
      if (left === 0) break;
      if (team.maxPlayers > Math.max(team.minPlayers, 1)) {
        team.maxPlayers -= 1;
        left -= 1;
        lowered = true;
      }
    }
  }
  const maxPlayersTotal = teams.reduce((sum, team) => sum + team.maxPlayers, 0);
  return { ...ruleSet, teams, maxPlayersTotal };
}
