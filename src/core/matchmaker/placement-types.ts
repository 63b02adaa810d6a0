/**
 * The placement hook's contract (what it gets, what it answers), apart from
 * placement.ts so that the matchmaker context can hold a hook without
 * importing the placement code that reads the context.
 */
import type { MatchmakerData } from './game-sessions.ts';
import type { GameProperty, Player } from './types.ts';

/** A player of a match ready to place. */
export interface PlacementPlayer extends Player {
  /** The ticket the player came with (for a seated player: the backfill ticket). */
  TicketId: string;
  /** Set for new players: the player session created for them (`psess-...`). */
  PlayerSessionId?: string;
  /** False for the players already in a backfilled game session. */
  IsNew: boolean;
}

/** What the placement hook gets: the match, its teams and the matchmaker data the game session will hold. */
export interface PlacementRequest {
  matchId: string;
  configurationName: string;
  configurationArn: string;
  /** The region the engine chose under the latency rules, else the matchmaker's region. */
  region: string;
  /** Set for a backfill: the game session being filled. */
  gameSessionArn?: string;
  isBackfill: boolean;
  teams: { name: string; players: PlacementPlayer[] }[];
  gameProperties: GameProperty[];
  gameSessionData?: string;
  matchmakerData: MatchmakerData;
}

/**
 * What the hook answers: the connection info of the game session, and any
 * extra JSON-primitive fields (a game-host peer id) that should reach the
 * players with it. `undefined` keeps the defaults: a synthetic ARN for a new
 * match, the session's current connection info for a backfill.
 */
export type PlacementResult = {
  GameSessionArn?: string;
  IpAddress?: string;
  DnsName?: string;
  Port?: number;
} & { [extra: string]: string | number | boolean | undefined };

/** Called synchronously when a match is ready to place. Throw to fail the placement. */
export type PlacementHook = (request: PlacementRequest) => PlacementResult | undefined;
