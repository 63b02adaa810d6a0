/**
 * `GameLiftClient`: the `@aws-sdk/client-gamelift` client's `send(command)`,
 * run by peermatch. It takes the SDK's own command objects
 * (`new StartMatchmakingCommand(input)` from the SDK, unchanged) or
 * peermatch's classes of the same names, and answers the SDK's output shapes
 * with `$metadata`. Errors are the AWS exception classes (`NotFoundException`,
 * ... with `$fault` and `$metadata`).
 *
 * Two targets:
 * - `{ matchmaker }`: a `Matchmaker` in this process, or one in a Worker or a
 *   Node thread (`createMatchmakerWorker`, `startNodeMatchmaker`); every
 *   operation, rule sets and configurations included.
 * - `{ client }`: a lobby over the relay, through a `PeermatchClient` (a lobby
 *   player): `StartMatchmaking`, `DescribeMatchmaking`, `StopMatchmaking`,
 *   `AcceptMatch`, `StartMatchBackfill`. The client connects on the first send.
 *
 * ```ts
 * // was: const gamelift = new GameLiftClient({ region: 'us-west-2' });
 * const gamelift = new GameLiftClient({ matchmaker });
 * const { MatchmakingTicket } = await gamelift.send(new StartMatchmakingCommand({ ConfigurationName: 'duel', Players }));
 * ```
 */
import { InvalidRequestException, type ResponseMetadata } from '../core/matchmaker/exceptions.ts';
import { formatValue } from '../core/format-value.ts';
import type { PeermatchClient } from '../client/peermatch-client.ts';
import type { ClientOp } from '../net/protocol.ts';
import { GameLiftCommand } from './commands.ts';
import { isGameLiftOperation, PLAYER_OPERATIONS, REQUIRED_FIELDS, type GameLiftOperation, type GameLiftOperations } from './operations.ts';

/** What the SDK's outputs carry besides their fields. */
export interface MetadataBearer {
  $metadata: ResponseMetadata;
}

/** A Matchmaker in any form: in-process (synchronous) or remote (Promises). */
export type GameLiftMatchmaker = {
  [Op in GameLiftOperation as Uncapitalize<Op>]: (
    input: GameLiftOperations[Op]['input'],
  ) => GameLiftOperations[Op]['output'] | Promise<GameLiftOperations[Op]['output']>;
};

/** The part of `PeermatchClient` the relay target uses. */
export type GameLiftPlayerClient = Pick<PeermatchClient, 'status' | 'connect' | 'startMatchmaking' | 'acceptMatch' | 'stopMatchmaking' | 'call'>;

/** Where the commands run: a Matchmaker, or a lobby over the relay. */
export type GameLiftClientConfig = { matchmaker: GameLiftMatchmaker } | { client: GameLiftPlayerClient };

/** `send`'s second argument: only `abortSignal` applies (there is no HTTP request to tune). */
export interface GameLiftSendOptions {
  abortSignal?: AbortSignal;
}

/** The SDK's callback form of `send`. */
export type GameLiftSendCallback<C> = (error: unknown, output?: GameLiftCommandOutput<C>) => void;

/** The output of a command from the SDK: what its middleware resolves to. */
type SdkCommandOutput<C> = C extends { resolveMiddleware(...args: never[]): (args: never) => Promise<{ output: infer O }> } ? O : never;

/** `send`'s answer for a command: the operation's output plus `$metadata`. */
export type GameLiftCommandOutput<C> =
  C extends GameLiftCommand<infer Op>
    ? GameLiftOperations[Op]['output'] & MetadataBearer
    : [SdkCommandOutput<C>] extends [never]
      ? Record<string, unknown> & MetadataBearer
      : SdkCommandOutput<C>;

/** See the file comment. */
export class GameLiftClient {
  private connecting: Promise<unknown> | undefined;

  constructor(private readonly config: GameLiftClientConfig) {
    const target = config as Partial<{ matchmaker: unknown; client: unknown }> | undefined;
    if (typeof target?.matchmaker !== 'object' && typeof target?.client !== 'object') {
      throw new InvalidRequestException(`GameLiftClient: expected { matchmaker } or { client }, got ${formatValue(config, 120)}`);
    }
  }

  /**
   * Runs one command and resolves to its output with `$metadata` (or, as the
   * SDK also allows, calls `callback(error, output)`). Rejects with
   * `InvalidRequestException` for a command peermatch does not run, a missing
   * required field or a bad value; other AWS exceptions as the operation
   * raises them. A relay failure (`RequestTimeout`, `HostUnavailable`, ...)
   * rejects as the `PeermatchClient` error it is.
   */
  send<C extends { readonly input: object }>(command: C, options?: GameLiftSendOptions): Promise<GameLiftCommandOutput<C>>;
  send<C extends { readonly input: object }>(command: C, callback: GameLiftSendCallback<C>): void;
  send<C extends { readonly input: object }>(command: C, options: GameLiftSendOptions, callback: GameLiftSendCallback<C>): void;
  send<C extends { readonly input: object }>(
    command: C,
    optionsOrCallback?: GameLiftSendOptions | GameLiftSendCallback<C>,
    callback?: GameLiftSendCallback<C>,
  ): Promise<GameLiftCommandOutput<C>> | void {
    const options = typeof optionsOrCallback === 'function' ? {} : (optionsOrCallback ?? {});
    const done = typeof optionsOrCallback === 'function' ? optionsOrCallback : callback;
    const answer = this.sendCommand(command, options);
    if (done === undefined) return answer;
    answer.then(
      (output) => done(null, output),
      (error: unknown) => done(error),
    );
  }

  private async sendCommand<C extends { readonly input: object }>(command: C, options: GameLiftSendOptions): Promise<GameLiftCommandOutput<C>> {
    const operation = operationOf(command);
    const input = checkedInput(operation, command.input);
    options.abortSignal?.throwIfAborted();
    const requestId = globalThis.crypto.randomUUID();
    try {
      const output = await this.run(operation, input);
      return { ...(output as object), $metadata: { httpStatusCode: 200, requestId, attempts: 1, totalRetryDelay: 0 } } as GameLiftCommandOutput<C>;
    } catch (error) {
      if (typeof error === 'object' && error !== null && '$metadata' in error) {
        (error as MetadataBearer).$metadata = { ...(error as MetadataBearer).$metadata, requestId };
      }
      throw error;
    }
  }

  /** Like the SDK client's: releases nothing here (the matchmaker or the `PeermatchClient` belongs to the caller). */
  destroy(): void {}

  private async run(operation: GameLiftOperation, input: object): Promise<unknown> {
    const method = (operation.charAt(0).toLowerCase() + operation.slice(1)) as Uncapitalize<GameLiftOperation>;
    if ('matchmaker' in this.config) {
      const call = this.config.matchmaker[method] as (input: object) => unknown;
      return call.call(this.config.matchmaker, input);
    }
    const client = this.config.client;
    if (!PLAYER_OPERATIONS.has(operation)) {
      throw new InvalidRequestException(
        `${operation}: a lobby player cannot send this over the relay; rule sets and configurations belong to the lobby's host (send it to a GameLiftClient on the host's matchmaker)`,
      );
    }
    if (client.status === 'idle') {
      this.connecting ??= client.connect();
      await this.connecting;
    }
    switch (operation) {
      case 'StartMatchmaking':
        return client.startMatchmaking(input as GameLiftOperations['StartMatchmaking']['input']);
      case 'AcceptMatch':
        return client.acceptMatch(input as GameLiftOperations['AcceptMatch']['input']);
      case 'StopMatchmaking':
        return client.stopMatchmaking(input as GameLiftOperations['StopMatchmaking']['input']);
      default:
        return client.call(method as ClientOp, input as never);
    }
  }
}

/** The operation a command runs: peermatch's `operation`, the SDK's operation schema, or the class name. */
function operationOf(command: unknown): GameLiftOperation {
  if (command instanceof GameLiftCommand) return command.operation;
  if (typeof command !== 'object' || command === null || !('input' in command)) {
    throw new InvalidRequestException(`send: expected a command object with an input, got ${formatValue(command, 120)}`);
  }
  const schema = (command as { schema?: unknown }).schema;
  const fromSchema = Array.isArray(schema) && typeof schema[2] === 'string' ? schema[2] : undefined;
  const className = (command as { constructor?: { name?: unknown } }).constructor?.name;
  const name = fromSchema ?? (typeof className === 'string' ? className.replace(/Command$/, '') : undefined);
  if (Array.isArray(schema) && typeof schema[1] === 'string' && schema[1] !== 'com.amazonaws.gamelift') {
    throw new InvalidRequestException(`send: ${formatValue(name, 80)} is an operation of ${schema[1]}, not of GameLift`);
  }
  if (!isGameLiftOperation(name)) {
    throw new InvalidRequestException(
      `send: ${formatValue(name, 80)} is not a GameLift matchmaking operation peermatch runs (it runs ${Object.keys(REQUIRED_FIELDS).join(', ')})`,
    );
  }
  return name;
}

/** The command's input, with the fields the SDK marks required present; fields that are `undefined` are dropped. */
function checkedInput(operation: GameLiftOperation, input: unknown): object {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidRequestException(`${operation}: expected an input object, got ${formatValue(input, 120)}`);
  }
  const defined = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
  for (const field of REQUIRED_FIELDS[operation] as readonly string[]) {
    if (!(field in defined)) throw new InvalidRequestException(`${operation}: ${field} is required, got undefined`);
  }
  return defined;
}
