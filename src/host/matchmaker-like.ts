/**
 * The part of the Matchmaker a lobby host uses, satisfied both by the core
 * `Matchmaker` (synchronous, in-process: Node host, unit tests) and by a
 * `RemoteMatchmaker` (a Web Worker or a Node thread, answering Promises).
 */
import type {
  ExplainMatchmakingInput,
  ExplainMatchmakingOutput,
  GameSessionUpdateListener,
  MatchmakingEventListener,
} from '../core/matchmaker/index.ts';
import type * as Sdk from '../core/matchmaker/types.ts';

type Op<I, O> = (input: I) => O | Promise<O>;

/** See the file comment. Errors are thrown or rejected as `Error`s named after the AWS exception. */
export interface MatchmakerLike {
  startMatchmaking: Op<Sdk.StartMatchmakingInput, Sdk.StartMatchmakingOutput>;
  describeMatchmaking: Op<Sdk.DescribeMatchmakingInput, Sdk.DescribeMatchmakingOutput>;
  stopMatchmaking: Op<Sdk.StopMatchmakingInput, Sdk.EmptyOutput>;
  acceptMatch: Op<Sdk.AcceptMatchInput, Sdk.EmptyOutput>;
  startMatchBackfill: Op<Sdk.StartMatchBackfillInput, Sdk.StartMatchBackfillOutput>;
  stopMatchBackfill: Op<Sdk.StopMatchBackfillInput, Sdk.EmptyOutput>;
  describeGameSessions: Op<Sdk.DescribeGameSessionsInput, Sdk.DescribeGameSessionsOutput>;
  reportPlayerLeft: Op<Sdk.ReportPlayerLeftInput, Sdk.ReportPlayerLeftOutput>;
  changeGameHost: Op<Sdk.ChangeGameHostInput, Sdk.ChangeGameHostOutput>;
  listTickets: Op<Sdk.ListTicketsInput, Sdk.ListTicketsOutput>;
  on(listener: MatchmakingEventListener): () => void;
  onUpdateGameSession(listener: GameSessionUpdateListener): () => void;
}

/**
 * What a host console reads besides the lobby's own calls: every ticket
 * held, the game sessions, and why a ticket is not matched yet. Satisfied by
 * the core `Matchmaker` and by a `RemoteMatchmaker` alike.
 */
export interface ConsoleMatchmaker extends MatchmakerLike {
  explainMatchmaking: Op<ExplainMatchmakingInput, ExplainMatchmakingOutput>;
}
