/**
 * The AWS GameLift exception classes, shaped like `@aws-sdk/client-gamelift`'s:
 * `name`, `message`, `Message`, `$fault` ("client" or "server") and
 * `$metadata` (the SDK's `ResponseMetadata`). The Matchmaker throws these,
 * and the worker and relay boundaries rebuild them by name, so
 * `error instanceof NotFoundException` holds wherever the call was made.
 * Because they carry `$fault` and `$metadata`, the SDK's own classes accept
 * them too (`error instanceof sdk.NotFoundException` is true).
 */

/** The names of the exceptions the Matchmaker throws. */
export type AwsExceptionName =
  | 'InvalidRequestException'
  | 'NotFoundException'
  | 'UnsupportedRegionException'
  | 'InternalServiceException';

/** The SDK's `ResponseMetadata`: what an answer says about the request behind it. */
export interface ResponseMetadata {
  /** 400 for a client fault, 500 for a server fault, 200 on outputs. */
  httpStatusCode?: number;
  requestId?: string;
  extendedRequestId?: string;
  cfId?: string;
  attempts?: number;
  totalRetryDelay?: number;
}

/** The common base of the GameLift exceptions (the SDK's `GameLiftServiceException`). */
export abstract class GameLiftServiceException extends Error {
  abstract override readonly name: AwsExceptionName;
  /** Whose fault: "client" (a bad request) or "server". */
  abstract readonly $fault: 'client' | 'server';
  /** Request metadata; `httpStatusCode` is 400 or 500, `attempts` 1. */
  $metadata: ResponseMetadata;
  /** The message again, as the AWS error body carries it. */
  readonly Message: string;

  constructor(message: string, httpStatusCode: number) {
    super(message);
    this.Message = message;
    this.$metadata = { httpStatusCode, attempts: 1, totalRetryDelay: 0 };
  }
}

/** One or more request values are invalid (HTTP 400 in AWS). */
export class InvalidRequestException extends GameLiftServiceException {
  override readonly name = 'InvalidRequestException' as const;
  readonly $fault = 'client' as const;
  constructor(message: string) {
    super(message, 400);
  }
}

/** A named resource (configuration, rule set, ticket, game session) does not exist. */
export class NotFoundException extends GameLiftServiceException {
  override readonly name = 'NotFoundException' as const;
  readonly $fault = 'client' as const;
  constructor(message: string) {
    super(message, 400);
  }
}

/** An ARN names a region other than the matchmaker's. */
export class UnsupportedRegionException extends GameLiftServiceException {
  override readonly name = 'UnsupportedRegionException' as const;
  readonly $fault = 'client' as const;
  constructor(message: string) {
    super(message, 400);
  }
}

/** Something inside the matchmaker failed unexpectedly (HTTP 500 in AWS). */
export class InternalServiceException extends GameLiftServiceException {
  override readonly name = 'InternalServiceException' as const;
  readonly $fault = 'server' as const;
  constructor(message: string) {
    super(message, 500);
  }
}

const CLASSES: Record<AwsExceptionName, new (message: string) => GameLiftServiceException> = {
  InvalidRequestException,
  NotFoundException,
  UnsupportedRegionException,
  InternalServiceException,
};

/** Whether `name` is one of the exception names above. */
export function isAwsExceptionName(name: unknown): name is AwsExceptionName {
  return typeof name === 'string' && Object.hasOwn(CLASSES, name);
}

/** A new exception of the class named `name`. */
export function awsException(name: AwsExceptionName, message: string): GameLiftServiceException {
  return new CLASSES[name](message);
}
