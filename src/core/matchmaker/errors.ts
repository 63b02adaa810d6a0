/**
 * The errors the Matchmaker throws: plain `Error`s whose `name` is the AWS
 * GameLift exception, so that `catch (e) { if (e.name === 'NotFoundException') ... }`
 * written for `@aws-sdk/client-gamelift` keeps working. Messages name the
 * offending field and value.
 */
import { formatValue } from '../format-value.ts';

export type AwsExceptionName =
  | 'InvalidRequestException'
  | 'NotFoundException'
  | 'UnsupportedRegionException'
  | 'InternalServiceException';

/** An `Error` with an AWS exception name. */
export function awsError(name: AwsExceptionName, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
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

/** A compact JSON rendering of a request value for error messages (120 characters at most). */
export function show(value: unknown): string {
  return formatValue(value, 120);
}
