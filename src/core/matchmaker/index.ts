/**
 * The public API of the Matchmaker service (FlexMatch standalone mode).
 * Values: the class and a few constants; everything else is types.
 */
export { Matchmaker, type MatchmakerOptions } from './matchmaker.ts';
export type { TickResult } from './cycle.ts';
export { MATCHMAKING_EVENT_TYPES } from './events.ts';
export type {
  AcceptanceOutcome,
  AcceptMatchCompletedDetail,
  AcceptMatchDetail,
  EventPlayer,
  EventTicket,
  GameSessionInfo,
  GameSessionUpdate,
  GameSessionUpdateListener,
  GameSessionUpdateReason,
  MatchmakingCancelledDetail,
  MatchmakingEvent,
  MatchmakingEventDetail,
  MatchmakingEventListener,
  MatchmakingEventType,
  MatchmakingFailedDetail,
  MatchmakingSearchingDetail,
  MatchmakingSucceededDetail,
  MatchmakingTimedOutDetail,
  PotentialMatchCreatedDetail,
} from './events.ts';
export type { AwsExceptionName, ResponseMetadata } from './exceptions.ts';
export {
  GameLiftServiceException,
  InternalServiceException,
  InvalidRequestException,
  NotFoundException,
  UnsupportedRegionException,
  awsException,
  isAwsExceptionName,
} from './exceptions.ts';
export type {
  BlockingRule,
  CandidateTeam,
  ClosestCandidate,
  ExplainMatchmakingInput,
  ExplainMatchmakingOutput,
  NextExpansion,
  TicketExplanation,
} from './explain-types.ts';
export type { MatchId, PlayerId, TicketId } from './ids.ts';
export type { MatchmakerData } from './game-sessions.ts';
export type { MatchmakerDataAttribute } from './attributes.ts';
export type { PlacementHook, PlacementPlayer, PlacementRequest, PlacementResult } from './placement.ts';
export { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type MatchmakerSnapshot } from './snapshot.ts';
export type { StatusReason } from './tickets.ts';
export { MAX_PLAYERS_PER_REQUEST } from './start-matchmaking.ts';
export { MAX_PEER_ID_LENGTH } from './peer-to-peer.ts';
export type * from './types.ts';
