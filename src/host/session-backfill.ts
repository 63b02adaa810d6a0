/**
 * Players leaving a peer-to-peer game session, and the automatic backfill
 * that refills their slots.
 *
 * The core Matchmaker has no operation to remove a player from a game
 * session: a session's seated players change only when a backfill succeeds
 * (they become the backfill ticket's players plus the new ones). So when the
 * game host reports a departure, the lobby host:
 * 1. remembers the player as departed for that session (the Matchmaker still
 *    seats it until the next backfill succeeds);
 * 2. for an AUTOMATIC session, stops the session's active backfill ticket
 *    (which still lists the departed player; this stops the core's own
 *    automatic backfill for the session, and the cancellation is not relayed)
 *    and starts a backfill ticket with the remaining players (their team,
 *    attributes from the session's MatchmakerData, latencies as submitted);
 * 3. from then on keeps automatic backfill going itself, as the core would:
 *    a new ticket after a success that leaves slots open, after a timeout and
 *    after a failure; none after the game host stops the backfill.
 * A MANUAL session only records the departure: the game host sends its own
 * `startMatchBackfill` with the players it still has.
 */
import type { GameSession, GameSessionUpdate, MatchmakerData, Player } from '../core/matchmaker/index.ts';
import type { AttributeValue } from '../core/matchmaker/types.ts';
import type { GameHostRecord, Ledger } from './ledger.ts';
import { awsError, show } from '../core/matchmaker/errors.ts';
import type { MatchmakerLike } from './matchmaker-like.ts';

/** What the backfill steps work with. */
export interface BackfillContext {
  matchmaker: MatchmakerLike;
  ledger: Ledger;
  /** Called after the ledger changed. */
  changed(): void;
}

const SDK_KEY: Record<string, keyof AttributeValue> = {
  STRING: 'S',
  DOUBLE: 'N',
  STRING_LIST: 'SL',
  STRING_DOUBLE_MAP: 'SDM',
};

/** The game session and its parsed MatchmakerData; `NotFoundException` naming the ARN when the Matchmaker has none. */
export async function describeSession(
  matchmaker: MatchmakerLike,
  arn: string,
): Promise<{ session: GameSession; data: MatchmakerData | undefined }> {
  const { GameSessions } = await matchmaker.describeGameSessions({ GameSessionId: arn });
  const session = GameSessions[0];
  if (session === undefined) throw awsError('NotFoundException', `GameSessionArn: no game session ${show(arn)}`);
  const data = session.MatchmakerData === undefined ? undefined : (JSON.parse(session.MatchmakerData) as MatchmakerData);
  return { session, data };
}

/** The configuration name at the end of a configuration ARN (`...:matchmakingconfiguration/NAME`). */
export function configurationNameOf(arn: string): string {
  return arn.slice(arn.lastIndexOf('/') + 1);
}

/** The seated players of MatchmakerData as SDK `Player`s, without `skip`; latencies from the ledger. */
function seatedPlayers(data: MatchmakerData, ledger: Ledger, skip: ReadonlySet<string>): Player[] {
  const players: Player[] = [];
  for (const team of data.teams) {
    for (const seated of team.players) {
      if (skip.has(seated.playerId)) continue;
      const attributes: Record<string, AttributeValue> = {};
      for (const [name, attribute] of Object.entries(seated.attributes)) {
        const key = SDK_KEY[attribute.attributeType];
        if (key !== undefined) attributes[name] = { [key]: attribute.valueAttribute } as AttributeValue;
      }
      const player: Player = { PlayerId: seated.playerId, Team: team.name, PlayerAttributes: attributes };
      const latency = ledger.player(seated.playerId)?.latencyInMs;
      if (latency !== undefined) player.LatencyInMs = { ...latency };
      players.push(player);
    }
  }
  return players;
}

/**
 * `reportPlayerLeft` for a game host already checked to be `record`'s client.
 * Refuses (`InvalidRequestException`) a player who is not seated, already
 * reported, or is the game host itself.
 */
export async function reportPlayerLeft(
  ctx: BackfillContext,
  arn: string,
  record: GameHostRecord,
  playerId: string,
): Promise<{ BackfillTicketId?: string }> {
  const { data } = await describeSession(ctx.matchmaker, arn);
  const departed = new Set(record.departedPlayerIds ?? []);
  const seated = data?.teams.some((team) => team.players.some((p) => p.playerId === playerId)) ?? false;
  if (!seated || departed.has(playerId)) {
    throw awsError('InvalidRequestException', `PlayerId: player ${show(playerId)} is not seated in game session ${show(arn)}`);
  }
  if (playerId === record.playerId) {
    throw awsError('InvalidRequestException', `PlayerId: player ${show(playerId)} is the game host of ${show(arn)}; the game ends with it`);
  }
  departed.add(playerId);
  record.departedPlayerIds = [...departed];
  ctx.changed();
  if (data?.autoBackfillMode !== 'AUTOMATIC') return {};
  const ticketId = await refill(ctx, arn, record);
  return ticketId === undefined ? {} : { BackfillTicketId: ticketId };
}

/**
 * Replaces the session's active backfill ticket (if any) by one listing the
 * players still seated, when a slot is open. Returns the new ticket's id.
 */
async function refill(ctx: BackfillContext, arn: string, record: GameHostRecord): Promise<string | undefined> {
  const { session, data } = await describeSession(ctx.matchmaker, arn);
  if (data === undefined) return undefined;
  const active = data.autoBackfillTicketId ?? record.backfillTicketId;
  if (active !== undefined) {
    ctx.ledger.supersede(active);
    try {
      await ctx.matchmaker.stopMatchBackfill({ TicketId: active, GameSessionArn: arn });
    } catch {
      // It ended on its own meanwhile (matched, timed out): nothing to replace, and its news is real.
      ctx.ledger.isSuperseded(active, true);
    }
  }
  const players = seatedPlayers(data, ctx.ledger, new Set(record.departedPlayerIds ?? []));
  record.hostManagedBackfill = true;
  ctx.changed();
  if (players.length >= session.MaximumPlayerSessionCount) return undefined;
  const { MatchmakingTicket } = await ctx.matchmaker.startMatchBackfill({
    ConfigurationName: configurationNameOf(data.matchmakingConfigurationArn),
    GameSessionArn: arn,
    Players: players,
  });
  ctx.ledger.addBackfillTicket(MatchmakingTicket.TicketId, arn);
  ctx.changed();
  return MatchmakingTicket.TicketId;
}

/**
 * Bookkeeping for a game-session update, before it is relayed: the ended
 * backfill ticket, the next automatic one the core started, departed players
 * the session no longer seats. Returns whether the update should be relayed
 * (not for a backfill ticket the host itself replaced) and, for a session
 * the host keeps backfilling, whether a new ticket is due (`continueBackfill`).
 */
export function noteUpdate(
  ctx: BackfillContext,
  update: GameSessionUpdate,
  nowMs: number,
): { relay: boolean; continueBackfill: boolean } {
  const arn = update.gameSession.GameSessionId;
  const superseded = ctx.ledger.isSuperseded(update.backfillTicketId, true);
  const record = ctx.ledger.gameSession(arn);
  const placed = update.updateReason === 'MATCHMAKING_DATA_UPDATED';
  const data =
    update.gameSession.MatchmakerData === undefined ? undefined : (JSON.parse(update.gameSession.MatchmakerData) as MatchmakerData);
  ctx.ledger.endTicket(
    update.backfillTicketId,
    nowMs,
    placed && data ? { matchId: data.matchId, gameSessionArn: arn } : undefined,
  );
  let continueBackfill = false;
  if (record) {
    if (data?.autoBackfillTicketId !== undefined) {
      // The core runs automatic backfill for this session again.
      ctx.ledger.addBackfillTicket(data.autoBackfillTicketId, arn);
      record.hostManagedBackfill = false;
    }
    if (placed && data && record.departedPlayerIds) {
      const seated = new Set(data.teams.flatMap((team) => team.players.map((p) => p.playerId)));
      const still = record.departedPlayerIds.filter((id) => seated.has(id));
      if (still.length > 0) record.departedPlayerIds = still;
      else delete record.departedPlayerIds;
    }
    if (update.updateReason === 'BACKFILL_CANCELLED' && !superseded) record.hostManagedBackfill = false;
    continueBackfill =
      record.hostManagedBackfill === true &&
      !superseded &&
      update.updateReason !== 'BACKFILL_CANCELLED' &&
      record.backfillTicketId === undefined;
  }
  ctx.changed();
  return { relay: !superseded, continueBackfill };
}

/** Starts the next host-managed backfill ticket of a session (see `noteUpdate`). */
export async function continueBackfill(ctx: BackfillContext, arn: string): Promise<void> {
  const record = ctx.ledger.gameSession(arn);
  if (record?.hostManagedBackfill !== true || record.backfillTicketId !== undefined) return;
  await refill(ctx, arn, record);
}
