/**
 * The errors a player client rejects with: plain `Error`s whose `name` says
 * what went wrong, so callers can branch on `error.name` the way they would
 * with the AWS SDK. Names come from three places:
 * - the lobby host's answer: the AWS exception (`InvalidRequestException`, `NotFoundException`, ...);
 * - a relay `error` frame: its code in PascalCase (`HOST_UNAVAILABLE` -> `HostUnavailable`), with `code` set;
 * - the client itself: `RequestTimeout`, `ClientClosed`, `Replaced`, `ConnectionFailed`, `NotConnected`.
 */
import { awsException, isAwsExceptionName } from '../core/matchmaker/exceptions.ts';

/** An `Error` with a meaningful `name` and, for relay refusals, the relay `code`. */
export interface ClientError extends Error {
  /** The relay error code, for errors that came from a relay `error` frame. */
  code?: string;
}

/**
 * Creates an `Error` named `name`; for an AWS exception name, an instance of
 * that exception class (`NotFoundException`, ... with `$fault` and `$metadata`).
 */
export function clientError(name: string, message: string, code?: string): ClientError {
  if (isAwsExceptionName(name) && code === undefined) return awsException(name, message);
  const error: ClientError = new Error(message);
  error.name = name;
  if (code !== undefined) error.code = code;
  return error;
}
