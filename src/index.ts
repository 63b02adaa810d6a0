/**
 * peermatch: the FlexMatch rules language and matchmaking service, pure and
 * isomorphic (a Worker, a tab, Node, a test). See README.md and DESIGN.md.
 *
 * Browser and Node hosts that run the Matchmaker off the main thread live in
 * `peermatch/worker` (src/worker/create-worker.ts) and `peermatch/node`
 * (src/node/node-worker.ts).
 */

// The rules language.
export { validateRuleSet } from './core/ruleset/validate.ts';
export type { RuleSetIssue, ValidationResult } from './core/ruleset/validate.ts';
export { compileRuleSet } from './core/ruleset/compile.ts';
export type {
  AlgorithmConfig,
  AttributeType,
  AttributeValue as RuleAttributeValue,
  CompiledRuleSet,
  Expansion,
  PlayerAttributeDef,
  Rule,
  RuleType,
  TeamDef,
  TeamInstance,
} from './core/ruleset/types.ts';
export { parseExpression } from './core/expression/parse.ts';
export { evaluateExpression } from './core/expression/evaluate.ts';
export type { MatchView, Value } from './core/expression/evaluate.ts';

// The matchmaking engine (one pass over a pool; the Matchmaker calls it on every tick).
export { findMatches } from './core/engine/find-matches.ts';
export { seededRandom } from './core/engine/random.ts';
export type * from './core/engine/types.ts';

// The FlexMatch service with the AWS GameLift API shapes.
export * from './core/matchmaker/index.ts';


// The AWS SDK's client interface: `new GameLiftClient({ matchmaker }).send(new StartMatchmakingCommand(...))`.
export * from './aws/index.ts';
