/**
 * Placement: what happens when a match is ready (all accepted, or no
 * acceptance required). In FlexMatch standalone mode the game starts the
 * game session itself; here a pluggable hook does it. The peer-to-peer host
 * uses it to choose the game-host peer and fill the connection info.
 *
 * The match goes PLACING, the hook runs, and then every ticket goes
 * COMPLETED with its `GameSessionConnectionInfo`, one `MatchmakingSucceeded`
 * lists every ticket, and the game session record is created (new match) or
 * its `MatchmakerData` updated (backfill, `MATCHMAKING_DATA_UPDATED`). A hook
 * that throws, or answers a `GameSessionArn` outside the API's pattern, fails
 * the match: its tickets go FAILED with `PLACEMENT_FAILED` (`MatchmakingFailed`;
 * `BACKFILL_FAILED` for a backfill).
 *
 * Peer-to-peer: when players carry a `PeerId`, the game host, its successors
 * and the match are written into the connection info here (peer-to-peer.ts),
 * the one place they are written.
 */
import type { CompiledRuleSet } from '../ruleset/types.ts';
import { clonePlayerOnTeam } from './attributes.ts';
import { startAutoBackfill } from './backfill.ts';
import type { ConfigurationRecord } from './configurations.ts';
import type { MatchmakerContext } from './context.ts';
import { show } from './errors.ts';
import { hasOpenSlots, matchmakerData, type GameSessionRecord } from './game-sessions.ts';
import { byPlayerId, checkGameSessionArn, uuidFrom } from './ids.ts';
import { MatchTickets, playerOf, type MatchRecord } from './matches.ts';
import { emitEvent, emitTicketEnded, eventTickets, gameSessionInfo, notifyGameSession } from './notify.ts';
import { peerConnectionFields, placePeers } from './peer-to-peer.ts';
import { resolveTicketId } from './ticket-factory.ts';
import { transition, type TicketRecord } from './tickets.ts';
import type { PlacementHook, PlacementPlayer, PlacementRequest, PlacementResult } from './placement-types.ts';
import type { ConnectionExtras, GameSessionConnectionInfo, MatchedPlayerSession, Player } from './types.ts';

export type { PlacementHook, PlacementPlayer, PlacementRequest, PlacementResult } from './placement-types.ts';


const CONNECTION_KEYS = new Set(['GameSessionArn', 'IpAddress', 'DnsName', 'Port', 'MatchedPlayerSessions']);

/** Places a match whose tickets are all PLACING (`known`: their records in the match's order, when the caller has them). */
export function placeMatch(ctx: MatchmakerContext, match: MatchRecord, config: ConfigurationRecord, known?: readonly TicketRecord[]): void {
  const tickets = known ?? match.ticketIds.map((id) => ctx.tickets.get(id)!);
  const backfillArn = tickets.find((ticket) => ticket.backfill)?.backfill?.gameSessionArn;
  const existing = backfillArn !== undefined ? ctx.gameSessions.get(backfillArn) : undefined;
  const ruleSet = ctx.ruleSets.get('RuleSetName', config.RuleSetName).compiled;
  // A backfilled session stays where it is; a new one goes where the engine found every player's latency best.
  const region = existing?.location ?? match.region ?? ctx.region;

  const sessions = byPlayerId<string>();
  for (const ticket of tickets) {
    if (ticket.backfill) continue;
    for (const player of ticket.players) sessions[player.PlayerId] = `psess-${uuidFrom(ctx.random)}`;
  }
  const seated = placedPlayers(match, tickets, sessions, false);
  let draft: GameSessionRecord;
  if (existing) {
    draft = { ...existing };
    draft.players = seated;
    draft.matchId = match.matchId;
    draft.updatedAtMs = ctx.now();
    draft.playerSessions = Object.assign(byPlayerId<string>(), draft.playerSessions, sessions);
  } else {
    draft = newSession(ctx, config, ruleSet, region, match.matchId, seated, sessions);
  }
  // The hook gets its own copies; without a hook the request is never built.
  const players = ctx.placement ? placedPlayers(match, tickets, sessions, true) : [];
  const autoBackfill =
    config.BackfillMode === 'AUTOMATIC' &&
    draft.autoBackfillMode === 'AUTOMATIC' &&
    !draft.autoBackfillStopped &&
    hasOpenSlots(ruleSet, draft.players);
  // The automatic backfill ticket's id is drawn now so that the placed session's MatchmakerData names it.
  const autoTicketId = autoBackfill ? resolveTicketId(ctx, undefined) : undefined;
  if (autoTicketId !== undefined) draft.autoBackfillTicketId = autoTicketId;
  else if ('autoBackfillTicketId' in draft) delete draft.autoBackfillTicketId; // only what is there: a delete is a runtime call
  if (draft.players.some((player) => player.PeerId !== undefined)) {
    const ticketStarts = new Map<string, number>();
    for (const ticket of tickets) {
      if (!ticket.backfill) for (const player of ticket.players) ticketStarts.set(player.PlayerId, ticket.startTimeMs);
    }
    placePeers(draft, ticketStarts);
  } else if ('peerToPeer' in draft) {
    delete draft.peerToPeer; // no player goes peer to peer: no game host to choose
  }

  let connection: GameSessionConnectionInfo;
  try {
    connection = runHook(ctx, match, config, draft, region, players, backfillArn);
  } catch (error) {
    failPlacement(ctx, tickets, config, error);
    return;
  }
  draft.arn = connection.GameSessionArn!;
  applyConnection(draft, connection);
  ctx.gameSessions.set(draft.arn, draft);
  // Queued before any listener hears of the session, so the ticket its MatchmakerData names exists.
  if (autoTicketId !== undefined) startAutoBackfill(ctx, draft, config, autoTicketId);
  completeTickets(ctx, match, tickets, config, connection, draft);
  if (backfillArn !== undefined) {
    const backfillTicket = tickets.find((ticket) => ticket.backfill)!;
    notifyGameSession(ctx, draft.arn, backfillTicket.ticketId, 'MATCHMAKING_DATA_UPDATED');
  }
}

/**
 * The record of a new game session, whole in one literal (in the key order the
 * record has always had): fields added to a literal afterwards would go to a
 * separate property array, one more object per match.
 */
function newSession(
  ctx: MatchmakerContext,
  config: ConfigurationRecord,
  ruleSet: CompiledRuleSet,
  region: string,
  matchId: string,
  players: Player[],
  playerSessions: Record<string, string>,
): GameSessionRecord {
  const creationTimeMs = ctx.now();
  const updatedAtMs = ctx.now();
  const gameProperties = config.GameProperties.map((p) => ({ ...p }));
  const teamNames = ruleSet.teams.map((team) => team.name);
  const { Name: configurationName, ConfigurationArn: configurationArn, BackfillMode: autoBackfillMode } = config;
  const location = region;
  const maximumPlayerSessionCount = ruleSet.maxPlayersTotal;
  const gameSessionData = config.GameSessionData;
  if (gameSessionData === undefined) {
    return {
      arn: '', creationTimeMs, location, configurationName, configurationArn, gameProperties, maximumPlayerSessionCount,
      teamNames, players, autoBackfillMode, playerSessions, matchId, updatedAtMs,
    };
  }
  return {
    arn: '', creationTimeMs, location, configurationName, configurationArn, gameProperties, maximumPlayerSessionCount,
    teamNames, players, autoBackfillMode, playerSessions, gameSessionData, matchId, updatedAtMs,
  };
}

/** Every player of the match as the game session will seat them (team, attributes, latency), in team order. */
function placedPlayers(
  match: MatchRecord,
  tickets: readonly TicketRecord[],
  sessions: Record<string, string>,
  request: true,
): PlacementPlayer[];
function placedPlayers(match: MatchRecord, tickets: readonly TicketRecord[], sessions: Record<string, string>, request: false): Player[];
function placedPlayers(
  match: MatchRecord,
  tickets: readonly TicketRecord[],
  sessions: Record<string, string>,
  request: boolean,
): Player[] {
  const byId = new MatchTickets(tickets);
  const out: Player[] = [];
  for (const team of match.teams) {
    for (const member of team.players) {
      const ticket = byId.get(member.ticketId);
      const player = ticket && playerOf(ticket, member.playerId);
      if (ticket === undefined || player === undefined) continue;
      const placed = clonePlayerOnTeam(player, team.name);
      if (request) {
        const entry = placed as PlacementPlayer;
        entry.TicketId = ticket.ticketId;
        entry.IsNew = !ticket.backfill;
        const session = sessions[member.playerId];
        if (session !== undefined) entry.PlayerSessionId = session;
      }
      out.push(placed);
    }
  }
  return out;
}

/** Calls the hook and settles the connection info (ARN defaults, backfill keeps the session's). */
function runHook(
  ctx: MatchmakerContext,
  match: MatchRecord,
  config: ConfigurationRecord,
  draft: GameSessionRecord,
  region: string,
  players: PlacementPlayer[],
  backfillArn: string | undefined,
): GameSessionConnectionInfo {
  // No hook, no request to build: the synthetic session needs only an ARN.
  const result = ctx.placement ? callHook(ctx.placement, match, config, draft, region, players, backfillArn) : {};
  const connection: GameSessionConnectionInfo = {};
  if (backfillArn !== undefined) {
    // A backfilled session keeps its ARN and, unless the hook says otherwise, its connection info.
    if (draft.ipAddress !== undefined) connection.IpAddress = draft.ipAddress;
    if (draft.dnsName !== undefined) connection.DnsName = draft.dnsName;
    if (draft.port !== undefined) connection.Port = draft.port;
    Object.assign(connection, draft.extras ?? {});
  }
  for (const key in result) {
    if (!Object.hasOwn(result, key)) continue;
    const value = result[key];
    if (value !== undefined) connection[key] = value;
  }
  if (backfillArn !== undefined) connection.GameSessionArn = backfillArn;
  else if (result.GameSessionArn === undefined) connection.GameSessionArn = ctx.arns.gameSession(region, uuidFrom(ctx.random));
  else checkGameSessionArn('placement GameSessionArn', result.GameSessionArn);
  if (connection.Port !== undefined && typeof connection.Port !== 'number') {
    throw new Error(`placement Port: expected a number, got ${show(connection.Port)}`);
  }
  return connection;
}

/** Builds the placement request and asks the hook. */
function callHook(
  hook: PlacementHook,
  match: MatchRecord,
  config: ConfigurationRecord,
  draft: GameSessionRecord,
  region: string,
  players: PlacementPlayer[],
  backfillArn: string | undefined,
): PlacementResult {
  const request: PlacementRequest = {
    matchId: match.matchId,
    configurationName: config.Name,
    configurationArn: config.ConfigurationArn,
    region,
    isBackfill: backfillArn !== undefined,
    teams: match.teams.map((team) => ({ name: team.name, players: players.filter((p) => p.Team === team.name) })),
    gameProperties: draft.gameProperties.map((p) => ({ ...p })),
    matchmakerData: matchmakerData(draft)!,
  };
  if (backfillArn !== undefined) request.gameSessionArn = backfillArn;
  if (draft.gameSessionData !== undefined) request.gameSessionData = draft.gameSessionData;
  return hook(request) ?? {};
}

function applyConnection(session: GameSessionRecord, connection: GameSessionConnectionInfo): void {
  let extras: ConnectionExtras | undefined; // made only when there is one (most placements have none)
  for (const key in connection) {
    if (!Object.hasOwn(connection, key)) continue;
    const value = connection[key];
    if (CONNECTION_KEYS.has(key) || value === undefined || Array.isArray(value)) continue;
    (extras ??= {})[key] = value;
  }
  if (typeof connection.IpAddress === 'string') session.ipAddress = connection.IpAddress;
  if (typeof connection.DnsName === 'string') session.dnsName = connection.DnsName;
  if (typeof connection.Port === 'number') session.port = connection.Port;
  if (extras !== undefined) session.extras = extras;
  else if ('extras' in session) delete session.extras;
}

function completeTickets(
  ctx: MatchmakerContext,
  match: MatchRecord,
  tickets: readonly TicketRecord[],
  config: ConfigurationRecord,
  connection: GameSessionConnectionInfo,
  session: GameSessionRecord,
): void {
  const nowMs = ctx.now();
  // `connection` is this placement's own object, read only: without a game host it serves as is.
  const withPeers: GameSessionConnectionInfo =
    session.peerToPeer === undefined ? connection : { ...connection, ...peerConnectionFields(session, match.matchId) };
  for (const ticket of tickets) {
    const own: MatchedPlayerSession[] = [];
    for (const player of ticket.players) {
      const id = session.playerSessions[player.PlayerId];
      if (id !== undefined) own.push({ PlayerId: player.PlayerId, PlayerSessionId: id });
    }
    ticket.connection = { ...withPeers, MatchedPlayerSessions: own };
    transition(ticket, 'COMPLETED', nowMs);
    if (!ticket.backfill) ctx.waits.recordWait(ticket.configurationName, nowMs, nowMs - ticket.startTimeMs);
  }
  const listed = eventTickets(tickets, { playerSessions: session.playerSessions });
  emitEvent(ctx, config, {
    type: 'MatchmakingSucceeded',
    tickets: listed,
    matchId: match.matchId,
    gameSessionInfo: gameSessionInfo(listed, session.arn, withPeers),
  });
}

function failPlacement(
  ctx: MatchmakerContext,
  tickets: readonly TicketRecord[],
  config: ConfigurationRecord,
  error: unknown,
): void {
  const nowMs = ctx.now();
  const detail = error instanceof Error ? error.message : String(error);
  for (const ticket of tickets) {
    transition(ticket, 'FAILED', nowMs, 'PLACEMENT_FAILED', `An unexpected error was encountered during match placing: ${detail}`);
    emitTicketEnded(ctx, ticket, config, 'MatchmakingFailed');
    if (ticket.backfill) notifyGameSession(ctx, ticket.backfill.gameSessionArn, ticket.ticketId, 'BACKFILL_FAILED');
  }
}
