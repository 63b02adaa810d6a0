/**
 * The AWS SDK, unchanged: a `GameLiftClient` whose `send(command)` takes
 * `@aws-sdk/client-gamelift`'s commands (or peermatch's own of the same
 * names) and the AWS exception classes. See `gamelift-client.ts`.
 */
export { GameLiftClient } from './gamelift-client.ts';
export type {
  GameLiftClientConfig,
  GameLiftCommandOutput,
  GameLiftMatchmaker,
  GameLiftPlayerClient,
  GameLiftSendCallback,
  GameLiftSendOptions,
  MetadataBearer,
} from './gamelift-client.ts';
export {
  AcceptMatchCommand,
  CreateMatchmakingConfigurationCommand,
  CreateMatchmakingRuleSetCommand,
  DeleteMatchmakingConfigurationCommand,
  DeleteMatchmakingRuleSetCommand,
  DescribeMatchmakingCommand,
  DescribeMatchmakingConfigurationsCommand,
  DescribeMatchmakingRuleSetsCommand,
  GameLiftCommand,
  StartMatchBackfillCommand,
  StartMatchmakingCommand,
  StopMatchmakingCommand,
  UpdateMatchmakingConfigurationCommand,
  ValidateMatchmakingRuleSetCommand,
} from './commands.ts';
export type {
  AcceptMatchCommandInput,
  DescribeMatchmakingCommandInput,
  Loose,
  StartMatchBackfillCommandInput,
  StartMatchmakingCommandInput,
  StopMatchmakingCommandInput,
} from './commands.ts';
export type { GameLiftOperation, GameLiftOperations } from './operations.ts';
