/**
 * The part of the Matchmaker a lobby host uses, satisfied both by the core
 * `Matchmaker` (synchronous, in-process: Node host, unit tests) and by a
 * `RemoteMatchmaker` (a Web Worker or a Node thread, answering Promises).
 */
import { awsException, type AwsExceptionName } from '../core/matchmaker/exceptions.ts';
import { formatValue } from '../core/format-value.ts';
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

/** An AWS exception (the class named `name`, see `core/matchmaker/exceptions.ts`). */
export function awsError(name: AwsExceptionName, message: string): Error {
  return awsException(name, message);
}

/**
 * Anything thrown, as the `{ name, message }` of a response frame: AWS
 * exception names pass through, anything else (a bug) is reported as
 * `InternalServiceException` keeping its original name in the message.
 */
export function wireError(error: unknown): { name: string; message: string } {
  const { name, message } = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  if (typeof name === 'string' && /^[A-Za-z]+Exception$/.test(name)) return { name, message: text };
  return { name: 'InternalServiceException', message: `${typeof name === 'string' ? name : 'Error'}: ${text}` };
}

/** A value for error messages, shortened past 300 characters (an ARN fits whole). */
export function show(value: unknown): string {
  return formatValue(value, 300);
}
