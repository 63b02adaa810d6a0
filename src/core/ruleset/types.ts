/**
 * The compiled form of a FlexMatch rule set (rules language 1.0).
 *
 * `compileRuleSet` (ruleset/compile.ts) turns the JSON a game developer wrote
 * into this shape after validation: defaults filled in, team definitions with
 * `quantity > 1` expanded into instances, property expressions parsed. The
 * matchmaking engine only ever sees this form.
 */
import type { Expr } from '../expression/ast.ts';

/** The four attribute types of `playerAttributes[].type`. */
export type AttributeType = 'string' | 'number' | 'string_list' | 'string_number_map';

/** A player attribute value as the rules language sees it (SDK `{S}|{N}|{SL}|{SDM}` unwrapped). */
export type AttributeValue = string | number | string[] | Record<string, number>;

/** `playerAttributes[]` entry. */
export interface PlayerAttributeDef {
  name: string;
  type: AttributeType;
  default?: AttributeValue;
}

/** `teams[]` entry as written (after defaults: `quantity` 1). */
export interface TeamDef {
  name: string;
  minPlayers: number;
  maxPlayers: number;
  quantity: number;
}

/**
 * One team of a match. A definition with `quantity: 1` gives one instance with
 * the definition's name; `quantity: N > 1` gives `name_1 ... name_N`.
 */
export interface TeamInstance {
  /** Instance name, as it appears in match data (`aliens`, `trio_2`). */
  name: string;
  /** Name of the `teams[]` definition it comes from (`trio`). */
  definition: string;
  minPlayers: number;
  maxPlayers: number;
}

export type Strategy = 'exhaustiveSearch' | 'balanced';
export type BatchingPreference = 'random' | 'sorted' | 'largestPopulation' | 'fastestRegion';

/** `algorithm`, with the guide's defaults filled in. */
export interface AlgorithmConfig {
  strategy: Strategy;
  /** Default `random` for exhaustiveSearch, `largestPopulation` for balanced. */
  batchingPreference: BatchingPreference;
  sortByAttributes: string[];
  /** Set (and a declared number attribute) when strategy is `balanced`. */
  balancedAttribute?: string;
  expansionAgeSelection: 'newest' | 'oldest';
  backfillPriority: 'normal' | 'low' | 'high';
}

/**
 * A rule property that is either a literal (number, string, string list) or a
 * property expression such as `avg(teams[*].players.attributes[skill])`.
 */
export type Operand =
  | { kind: 'literal'; value: number | string | string[] }
  | { kind: 'expression'; source: string; expr: Expr };

export type NumericAggregation = 'avg' | 'min' | 'max';
export type CollectionAggregation = 'union' | 'intersection';
export type ComparisonOperation = '<' | '<=' | '=' | '!=' | '>' | '>=';
export type CollectionOperation = 'intersection' | 'contains' | 'reference_intersection_count';
export type SortDirection = 'ascending' | 'descending';

interface RuleBase {
  name: string;
  description?: string;
}

export interface DistanceRule extends RuleBase {
  type: 'distance';
  measurements: Operand[];
  referenceValue?: Operand;
  minDistance?: number;
  maxDistance?: number;
  partyAggregation: NumericAggregation;
}

export interface ComparisonRule extends RuleBase {
  type: 'comparison';
  measurements: Operand[];
  /** Absent: compare across players (`=` all equal, `!=` all distinct). */
  referenceValue?: Operand;
  operation: ComparisonOperation;
  partyAggregation: NumericAggregation;
}

export interface CollectionRule extends RuleBase {
  type: 'collection';
  measurements: Operand[];
  referenceValue?: Operand;
  operation: CollectionOperation;
  minCount?: number;
  maxCount?: number;
  partyAggregation: CollectionAggregation;
}

export interface LatencyRule extends RuleBase {
  type: 'latency';
  maxLatency?: number;
  maxDistance?: number;
  distanceReference?: 'min' | 'avg';
  partyAggregation: NumericAggregation;
}

export interface BatchDistanceRule extends RuleBase {
  type: 'batchDistance';
  batchAttribute: string;
  /** Numbers: the widest spread allowed. Absent for string attributes (values must be equal). */
  maxDistance?: number;
  partyAggregation: NumericAggregation;
}

export interface SortRule extends RuleBase {
  type: 'absoluteSort' | 'distanceSort';
  sortDirection: SortDirection;
  /** Written `sortAttribute` (guide examples) or `sortByAttribute` (guide schema). */
  sortAttribute: string;
  mapKey?: 'minValue' | 'maxValue';
  partyAggregation: NumericAggregation;
}

/** Parsed `compound.statement`. */
export type CompoundExpr =
  | { op: 'rule'; name: string }
  | { op: 'not'; arg: CompoundExpr }
  | { op: 'and' | 'or' | 'xor'; args: CompoundExpr[] };

export interface CompoundRule extends RuleBase {
  type: 'compound';
  statement: CompoundExpr;
  /** The statement as written. */
  statementSource: string;
}

export type Rule =
  | DistanceRule
  | ComparisonRule
  | CollectionRule
  | LatencyRule
  | BatchDistanceRule
  | SortRule
  | CompoundRule;

export type RuleType = Rule['type'];

/** Where an expansion applies. Team targets are resolved to instance names. */
export type ExpansionTarget =
  | { kind: 'rule'; rule: string; property: string }
  | { kind: 'team'; teams: string[]; property: 'minPlayers' | 'maxPlayers' };

export interface ExpansionStep {
  waitTimeSeconds: number;
  value: number;
}

export interface Expansion {
  /** The target as written, e.g. `rules[FairTeamSkill].maxDistance`. */
  source: string;
  target: ExpansionTarget;
  /** Sorted by `waitTimeSeconds`, ascending. */
  steps: ExpansionStep[];
}

/** A validated rule set, ready for the engine. */
export interface CompiledRuleSet {
  /** The rule set's own `name` label (may be empty). */
  name: string;
  ruleLanguageVersion: '1.0';
  playerAttributes: PlayerAttributeDef[];
  algorithm: AlgorithmConfig;
  teamDefs: TeamDef[];
  /** Every team of a match, in definition order (`trio_1, trio_2, trio_3`). */
  teams: TeamInstance[];
  rules: Rule[];
  expansions: Expansion[];
  /** Sum of every team instance's `maxPlayers` (before expansions). */
  maxPlayersTotal: number;
  /** More than 40 players in all: a large match, built with `balanced`. */
  isLargeMatch: boolean;
}
