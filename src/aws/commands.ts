/**
 * peermatch's own GameLift command classes, named and shaped like the
 * `@aws-sdk/client-gamelift` ones (`new StartMatchmakingCommand(input)`), for
 * code that sends commands without the SDK installed. Their inputs take the
 * SDK's loose types (every field optional, `undefined` allowed); the
 * `GameLiftClient` checks required fields and values at run time.
 */
import type * as Sdk from '../core/matchmaker/types.ts';
import type { GameLiftOperation, GameLiftOperations } from './operations.ts';

/**
 * A type as the SDK declares it: every field optional and `undefined`
 * allowed, all the way down (arrays and maps included).
 */
export type Loose<T> = T extends Date | string | number | boolean
  ? T
  : T extends readonly (infer E)[]
    ? Loose<E>[]
    : T extends object
      ? { [K in keyof T]?: Loose<T[K]> | undefined }
      : T;

/** The common shape of peermatch's commands: the operation's name and its input. */
export abstract class GameLiftCommand<Op extends GameLiftOperation> {
  /** The operation this command runs. */
  abstract readonly operation: Op;
  /** Types only (never set): the operation's output, for `send`'s return type. */
  declare readonly outputType?: GameLiftOperations[Op]['output'];
  constructor(readonly input: Loose<GameLiftOperations[Op]['input']>) {}
}

/** `AcceptMatch`: a player's answer to a proposed match. */
export class AcceptMatchCommand extends GameLiftCommand<'AcceptMatch'> {
  readonly operation = 'AcceptMatch' as const;
}
/** `CreateMatchmakingConfiguration`. */
export class CreateMatchmakingConfigurationCommand extends GameLiftCommand<'CreateMatchmakingConfiguration'> {
  readonly operation = 'CreateMatchmakingConfiguration' as const;
}
/** `CreateMatchmakingRuleSet`. */
export class CreateMatchmakingRuleSetCommand extends GameLiftCommand<'CreateMatchmakingRuleSet'> {
  readonly operation = 'CreateMatchmakingRuleSet' as const;
}
/** `DeleteMatchmakingConfiguration`. */
export class DeleteMatchmakingConfigurationCommand extends GameLiftCommand<'DeleteMatchmakingConfiguration'> {
  readonly operation = 'DeleteMatchmakingConfiguration' as const;
}
/** `DeleteMatchmakingRuleSet`. */
export class DeleteMatchmakingRuleSetCommand extends GameLiftCommand<'DeleteMatchmakingRuleSet'> {
  readonly operation = 'DeleteMatchmakingRuleSet' as const;
}
/** `DescribeMatchmaking`: up to 10 tickets by id. */
export class DescribeMatchmakingCommand extends GameLiftCommand<'DescribeMatchmaking'> {
  readonly operation = 'DescribeMatchmaking' as const;
}
/** `DescribeMatchmakingConfigurations`. */
export class DescribeMatchmakingConfigurationsCommand extends GameLiftCommand<'DescribeMatchmakingConfigurations'> {
  readonly operation = 'DescribeMatchmakingConfigurations' as const;
}
/** `DescribeMatchmakingRuleSets`. */
export class DescribeMatchmakingRuleSetsCommand extends GameLiftCommand<'DescribeMatchmakingRuleSets'> {
  readonly operation = 'DescribeMatchmakingRuleSets' as const;
}
/** `StartMatchBackfill`: new players for a running game session. */
export class StartMatchBackfillCommand extends GameLiftCommand<'StartMatchBackfill'> {
  readonly operation = 'StartMatchBackfill' as const;
}
/** `StartMatchmaking`: a ticket for one player or a party. */
export class StartMatchmakingCommand extends GameLiftCommand<'StartMatchmaking'> {
  readonly operation = 'StartMatchmaking' as const;
}
/** `StopMatchmaking`: cancels a ticket. */
export class StopMatchmakingCommand extends GameLiftCommand<'StopMatchmaking'> {
  readonly operation = 'StopMatchmaking' as const;
}
/** `UpdateMatchmakingConfiguration`. */
export class UpdateMatchmakingConfigurationCommand extends GameLiftCommand<'UpdateMatchmakingConfiguration'> {
  readonly operation = 'UpdateMatchmakingConfiguration' as const;
}
/** `ValidateMatchmakingRuleSet`. */
export class ValidateMatchmakingRuleSetCommand extends GameLiftCommand<'ValidateMatchmakingRuleSet'> {
  readonly operation = 'ValidateMatchmakingRuleSet' as const;
}

/** The loose (SDK-typed) input of each operation, e.g. `StartMatchmakingCommandInput`. */
export type StartMatchmakingCommandInput = Loose<Sdk.StartMatchmakingInput>;
export type DescribeMatchmakingCommandInput = Loose<Sdk.DescribeMatchmakingInput>;
export type AcceptMatchCommandInput = Loose<Sdk.AcceptMatchInput>;
export type StopMatchmakingCommandInput = Loose<Sdk.StopMatchmakingInput>;
export type StartMatchBackfillCommandInput = Loose<Sdk.StartMatchBackfillInput>;
