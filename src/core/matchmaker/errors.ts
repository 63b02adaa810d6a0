/**
 * The errors the Matchmaker throws: the AWS GameLift exception classes
 * (`exceptions.ts`), so that both `e.name === 'NotFoundException'` and
 * `e instanceof NotFoundException`, written for `@aws-sdk/client-gamelift`,
 * keep working. Messages name the offending field and value.
 */
import { awsException, type AwsExceptionName } from './exceptions.ts';

export type { AwsExceptionName } from './exceptions.ts';

/** An exception of the AWS class named `name` (an `Error` with `$fault` and `$metadata`). */
export function awsError(name: AwsExceptionName, message: string): Error {
  return awsException(name, message);
}

/** One or more request values are invalid (HTTP 400 in AWS). */
export function invalidRequest(message: string): Error {
  return awsError('InvalidRequestException', message);
}

/** A named resource (configuration, rule set, ticket) does not exist. */
export function notFound(message: string): Error {
  return awsError('NotFoundException', message);
}

/** An ARN names a region other than the matchmaker's. */
export function unsupportedRegion(message: string): Error {
  return awsError('UnsupportedRegionException', message);
}

/** Something inside the matchmaker (the engine, a placement hook) failed unexpectedly. */
export function internalError(message: string): Error {
  return awsError('InternalServiceException', message);
}

export { show } from '../format-value.ts';
