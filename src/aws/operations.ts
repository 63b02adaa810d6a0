/**
 * The GameLift operations `GameLiftClient.send` runs: their names (the SDK's
 * command names without `Command`), the Matchmaker method each maps to, the
 * request fields each requires, and which ones a lobby player may send over
 * the relay.
 */
import type * as Sdk from '../core/matchmaker/types.ts';

/** The operations, with their (strict) peermatch input and output shapes. */
export interface GameLiftOperations {
  AcceptMatch: { input: Sdk.AcceptMatchInput; output: Sdk.EmptyOutput };
  CreateMatchmakingConfiguration: { input: Sdk.CreateMatchmakingConfigurationInput; output: Sdk.CreateMatchmakingConfigurationOutput };
  CreateMatchmakingRuleSet: { input: Sdk.CreateMatchmakingRuleSetInput; output: Sdk.CreateMatchmakingRuleSetOutput };
  DeleteMatchmakingConfiguration: { input: Sdk.DeleteMatchmakingConfigurationInput; output: Sdk.EmptyOutput };
  DeleteMatchmakingRuleSet: { input: Sdk.DeleteMatchmakingRuleSetInput; output: Sdk.EmptyOutput };
  DescribeMatchmaking: { input: Sdk.DescribeMatchmakingInput; output: Sdk.DescribeMatchmakingOutput };
  DescribeMatchmakingConfigurations: { input: Sdk.DescribeMatchmakingConfigurationsInput; output: Sdk.DescribeMatchmakingConfigurationsOutput };
  DescribeMatchmakingRuleSets: { input: Sdk.DescribeMatchmakingRuleSetsInput; output: Sdk.DescribeMatchmakingRuleSetsOutput };
  StartMatchBackfill: { input: Sdk.StartMatchBackfillInput; output: Sdk.StartMatchBackfillOutput };
  StartMatchmaking: { input: Sdk.StartMatchmakingInput; output: Sdk.StartMatchmakingOutput };
  StopMatchmaking: { input: Sdk.StopMatchmakingInput; output: Sdk.EmptyOutput };
  UpdateMatchmakingConfiguration: { input: Sdk.UpdateMatchmakingConfigurationInput; output: Sdk.UpdateMatchmakingConfigurationOutput };
  ValidateMatchmakingRuleSet: { input: Sdk.ValidateMatchmakingRuleSetInput; output: Sdk.ValidateMatchmakingRuleSetOutput };
}

/** An operation name: `StartMatchmaking`, `DescribeMatchmaking`, ... */
export type GameLiftOperation = keyof GameLiftOperations;

/** The Matchmaker method of each operation (the name in camelCase). */
export type MatchmakerMethodOf<Op extends GameLiftOperation> = Uncapitalize<Op>;

/** The request fields the SDK's types mark required (`Type | undefined`), checked before a request is sent. */
export const REQUIRED_FIELDS: { readonly [Op in GameLiftOperation]: readonly (keyof GameLiftOperations[Op]['input'])[] } = {
  AcceptMatch: ['TicketId', 'PlayerIds', 'AcceptanceType'],
  CreateMatchmakingConfiguration: ['Name', 'RequestTimeoutSeconds', 'AcceptanceRequired', 'RuleSetName'],
  CreateMatchmakingRuleSet: ['Name', 'RuleSetBody'],
  DeleteMatchmakingConfiguration: ['Name'],
  DeleteMatchmakingRuleSet: ['Name'],
  DescribeMatchmaking: ['TicketIds'],
  DescribeMatchmakingConfigurations: [],
  DescribeMatchmakingRuleSets: [],
  StartMatchBackfill: ['ConfigurationName', 'Players'],
  StartMatchmaking: ['ConfigurationName', 'Players'],
  StopMatchmaking: ['TicketId'],
  UpdateMatchmakingConfiguration: ['Name'],
  ValidateMatchmakingRuleSet: ['RuleSetBody'],
};

/** Whether `name` is one of the operations above. */
export function isGameLiftOperation(name: unknown): name is GameLiftOperation {
  return typeof name === 'string' && Object.hasOwn(REQUIRED_FIELDS, name);
}

/** The operations a lobby player may send to the lobby's host over the relay (the rest belong to the host). */
export const PLAYER_OPERATIONS: ReadonlySet<GameLiftOperation> = new Set<GameLiftOperation>([
  'StartMatchmaking',
  'DescribeMatchmaking',
  'StopMatchmaking',
  'AcceptMatch',
  'StartMatchBackfill',
]);
