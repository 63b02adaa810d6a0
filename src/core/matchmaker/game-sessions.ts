/**
 * Game sessions as a standalone matchmaker knows them: the ones it placed,
 * and the ones a manual backfill named (FlexMatch standalone accepts any
 * `GameSessionArn`). Each holds the seated players, from which the guide's
 * `MatchmakerData` JSON is written:
 *
 * ```json
 * {"matchId": "...", "matchmakingConfigurationArn": "arn:aws:gamelift:...:matchmakingconfiguration/MyConfig",
 *  "teams": [{"name": "red", "players": [{"playerId": "p1",
 *    "attributes": {"skill": {"attributeType": "DOUBLE", "valueAttribute": 23}}}]}],
 *  "autoBackfillMode": "AUTOMATIC", "autoBackfillTicketId": "..."}
 * ```
 * A session named only by a backfill request has no `MatchmakerData` until a
 * backfill succeeds.
 */
import type { CompiledRuleSet } from '../ruleset/types.ts';
import { clonePlayer, toMatchmakerDataAttributes, type MatchmakerDataAttribute } from './attributes.ts';
import type { BackfillMode, ConnectionExtras, GameProperty, GameSession, Player } from './types.ts';
import { byPlayerId } from './ids.ts';

/** The guide's matchmaker data (the parsed form of `GameSession.MatchmakerData`). */
export interface MatchmakerData {
  matchId: string;
  matchmakingConfigurationArn: string;
  teams: { name: string; players: { playerId: string; attributes: Record<string, MatchmakerDataAttribute> }[] }[];
  autoBackfillMode: BackfillMode;
  autoBackfillTicketId?: string;
}

/** What a game session keeps of its peer-to-peer placement (peer-to-peer.ts; plain JSON, in snapshots). */
export interface PeerToPeerRecord {
  gameHostPlayerId: string;
  /** When each seated player's own matchmaking ticket started (ms), for ranking by age. */
  ticketStartMs: Record<string, number>;
}

/** A stored game session (plain JSON). */
export interface GameSessionRecord {
  arn: string;
  creationTimeMs: number;
  /** When a match last changed the session (placement, backfill); absent: unchanged since creation. */
  updatedAtMs?: number;
  location: string;
  configurationName: string;
  configurationArn: string;
  ipAddress?: string;
  dnsName?: string;
  port?: number;
  /** Extra connection fields from the placement hook. */
  extras?: ConnectionExtras;
  gameProperties: GameProperty[];
  gameSessionData?: string;
  maximumPlayerSessionCount: number;
  /** Team instance names of the rule set, in order (MatchmakerData lists every team). */
  teamNames: string[];
  /** Seated players, each with `Team`, the attributes of its request, and its latency. */
  players: Player[];
  /** The last match that changed the session; absent for a session only a backfill request named. */
  matchId?: string;
  autoBackfillMode: BackfillMode;
  autoBackfillTicketId?: string;
  /** Set when the game stopped automatic backfill for this session (by stopping its ticket). */
  autoBackfillStopped?: boolean;
  /** Player session ids handed out, by player id. */
  playerSessions: Record<string, string>;
  /** Set when players carry a `PeerId`: the game host and the players' ticket ages (peer-to-peer.ts). */
  peerToPeer?: PeerToPeerRecord;
}

export function matchmakerData(session: GameSessionRecord): MatchmakerData | undefined {
  if (session.matchId === undefined) return undefined;
  const data: MatchmakerData = {
    matchId: session.matchId,
    matchmakingConfigurationArn: session.configurationArn,
    teams: session.teamNames.map((name) => ({
      name,
      players: session.players
        .filter((player) => player.Team === name)
        .map((player) => ({ playerId: player.PlayerId, attributes: toMatchmakerDataAttributes(player.PlayerAttributes) })),
    })),
    autoBackfillMode: session.autoBackfillMode,
  };
  if (session.autoBackfillTicketId !== undefined) data.autoBackfillTicketId = session.autoBackfillTicketId;
  return data;
}

/** The SDK `GameSession` view. */
export function toSdkGameSession(session: GameSessionRecord): GameSession {
  const out: GameSession = {
    GameSessionId: session.arn,
    CreationTime: new Date(session.creationTimeMs),
    Status: 'ACTIVE',
    CurrentPlayerSessionCount: session.players.length,
    MaximumPlayerSessionCount: session.maximumPlayerSessionCount,
    GameProperties: session.gameProperties.map((p) => ({ ...p })),
    Location: session.location,
  };
  if (session.ipAddress !== undefined) out.IpAddress = session.ipAddress;
  if (session.dnsName !== undefined) out.DnsName = session.dnsName;
  if (session.port !== undefined) out.Port = session.port;
  if (session.gameSessionData !== undefined) out.GameSessionData = session.gameSessionData;
  const data = matchmakerData(session);
  if (data !== undefined) out.MatchmakerData = JSON.stringify(data);
  return out;
}

/** Players per team instance name. */
export function teamCounts(players: readonly Player[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const player of players) {
    if (player.Team !== undefined) counts.set(player.Team, (counts.get(player.Team) ?? 0) + 1);
  }
  return counts;
}

/** Whether any team of the rule set has fewer seated players than its `maxPlayers`. */
export function hasOpenSlots(ruleSet: CompiledRuleSet, players: readonly Player[]): boolean {
  const counts = teamCounts(players);
  return ruleSet.teams.some((team) => (counts.get(team.name) ?? 0) < team.maxPlayers);
}

/** The region of a GameLift ARN (`arn:aws:gamelift:<region>:...`), if it has one. */
export function regionOfArn(arn: string): string | undefined {
  const region = /^arn:[^:]*:[^:]*:([^:]+):/.exec(arn)?.[1];
  return region === undefined || region.length === 0 ? undefined : region;
}

export function cloneGameSession(session: GameSessionRecord): GameSessionRecord {
  const out: GameSessionRecord = {
    ...session,
    gameProperties: session.gameProperties.map((p) => ({ ...p })),
    teamNames: [...session.teamNames],
    players: session.players.map(clonePlayer),
    playerSessions: Object.assign(byPlayerId<string>(), session.playerSessions),
  };
  if (session.extras !== undefined) out.extras = { ...session.extras };
  if (session.peerToPeer !== undefined) {
    out.peerToPeer = { ...session.peerToPeer, ticketStartMs: Object.assign(byPlayerId<number>(), session.peerToPeer.ticketStartMs) };
  }
  return out;
}
