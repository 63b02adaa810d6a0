/**
 * The game session and seated player that `reportPlayerLeft` and
 * `changeGameHost` name, checked the same way for both: each field's type,
 * the session known to this matchmaker (`NotFoundException`), the player
 * seated in it (`InvalidRequestException`).
 */
import type { MatchmakerContext } from './context.ts';
import { invalidRequest, notFound, show } from './errors.ts';
import type { GameSessionRecord } from './game-sessions.ts';
import type { Player } from './types.ts';

export interface SeatedPlayer {
  arn: string;
  session: GameSessionRecord;
  player: Player;
}

export function seatedPlayer(ctx: MatchmakerContext, input: { GameSessionArn?: unknown; PlayerId?: unknown } | undefined): SeatedPlayer {
  const arn: unknown = input?.GameSessionArn;
  const playerId: unknown = input?.PlayerId;
  if (typeof arn !== 'string') throw invalidRequest(`GameSessionArn: expected a game session ARN, got ${show(arn)}`);
  if (typeof playerId !== 'string') throw invalidRequest(`PlayerId: expected a player id, got ${show(playerId)}`);
  const session = ctx.gameSessions.get(arn);
  if (!session) throw notFound(`GameSessionArn: no game session ${show(arn)}`);
  const player = session.players.find((candidate) => candidate.PlayerId === playerId);
  if (!player) throw invalidRequest(`PlayerId: player ${show(playerId)} is not seated in game session ${show(arn)}`);
  return { arn, session, player };
}
