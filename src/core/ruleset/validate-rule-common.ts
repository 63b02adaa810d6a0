/**
 * What every rule-type checker shares: the input it gets, the rule types and
 * their properties, and readers for amounts and party aggregation.
 */
import type { CollectionAggregation, NumericAggregation, RuleType } from './types.ts';
import type { JsonPath } from './jsonc.ts';
import type { CheckContext } from './validate-context.ts';
import type { OperandEnv } from './validate-expressions.ts';
import { at, has, readChoice, readLenientNumber } from './validate-context.ts';

/** The eight rule types, in the guide's order of the schema. */
export const RULE_TYPES: readonly RuleType[] = [
  'distance',
  'comparison',
  'collection',
  'latency',
  'batchDistance',
  'absoluteSort',
  'distanceSort',
  'compound',
];

/** The only rule types a large match (more than 40 players) may use. */
export const LARGE_MATCH_RULE_TYPES: readonly RuleType[] = ['latency', 'batchDistance'];

const SORT_PROPERTIES = ['sortDirection', 'sortAttribute', 'sortByAttribute', 'mapKey', 'partyAggregation'];

/** Properties each rule type reads, besides `name`, `type` and `description`. */
export const RULE_PROPERTIES: Record<RuleType, readonly string[]> = {
  distance: ['measurements', 'referenceValue', 'minDistance', 'maxDistance', 'partyAggregation'],
  comparison: ['measurements', 'referenceValue', 'operation', 'partyAggregation'],
  collection: ['measurements', 'referenceValue', 'operation', 'minCount', 'maxCount', 'partyAggregation'],
  latency: ['maxLatency', 'maxDistance', 'distanceReference', 'partyAggregation'],
  batchDistance: ['batchAttribute', 'maxDistance', 'partyAggregation'],
  absoluteSort: SORT_PROPERTIES,
  distanceSort: SORT_PROPERTIES,
  compound: ['statement'],
};

/** Name, index and type of a rule, known before any rule is checked (for compound statements). */
export interface RuleSummary {
  index: number;
  name: string;
  /** Absent when the rule's type is missing or unknown. */
  type?: RuleType;
  /** `referenceValue` is written as a number (or numeric string), so an expansion may change it. */
  numericReference: boolean;
}

/** Everything a rule-type checker needs. */
export interface RuleCheck {
  ctx: CheckContext;
  /** The rule object as written. */
  raw: Record<string, unknown>;
  /** `['rules', i]`. */
  path: JsonPath;
  env: OperandEnv;
  /** The rule's type, already checked. */
  type: RuleType;
  /** The rule's name and description, already checked. */
  base: { name: string; description?: string };
  index: number;
  /** Every rule by name (first definition of a name), including those defined after this one. */
  all: Map<string, RuleSummary>;
}

/**
 * An optional amount (distance, count, latency): a number ≥ 0, or a numeric
 * string (warning). Returns undefined when absent or invalid.
 */
export function readAmount(check: RuleCheck, key: string): number | undefined {
  const { ctx, raw, path } = check;
  const value = readLenientNumber(ctx, raw, path, key);
  if (value !== undefined && value < 0) {
    ctx.error(at(path, key), `${key} must not be negative, got ${value}`);
    return undefined;
  }
  return value;
}

/**
 * Read a pair such as minDistance/maxDistance: at least one is required
 * (error naming both otherwise) and min must not exceed max. Returns
 * undefined after an error.
 */
export function readRange(
  check: RuleCheck,
  minKey: string,
  maxKey: string,
): { min?: number; max?: number } | undefined {
  const { ctx, raw, path } = check;
  const before = ctx.errorCount;
  const min = readAmount(check, minKey);
  const max = readAmount(check, maxKey);
  if (!has(raw, minKey) && !has(raw, maxKey)) {
    ctx.error(at(path, maxKey), `${check.type} rule "${check.base.name}" needs ${minKey} or ${maxKey} (or both)`);
  }
  if (min !== undefined && max !== undefined && min > max) {
    ctx.error(at(path, minKey), `${minKey} ${min} is greater than ${maxKey} ${max}: no match could pass`);
  }
  if (ctx.errorCount !== before) return undefined;
  const range: { min?: number; max?: number } = {};
  if (min !== undefined) range.min = min;
  if (max !== undefined) range.max = max;
  return range;
}

const NUMERIC_AGGREGATIONS: readonly NumericAggregation[] = ['avg', 'min', 'max'];
const COLLECTION_AGGREGATIONS: readonly CollectionAggregation[] = ['union', 'intersection'];

/** `partyAggregation` for rules on numbers (avg/min/max, default avg). Undefined after an error. */
export function readNumericAggregation(check: RuleCheck): NumericAggregation | undefined {
  const before = check.ctx.errorCount;
  const value = readChoice(check.ctx, check.raw, check.path, 'partyAggregation', NUMERIC_AGGREGATIONS, ` for a ${check.type} rule`);
  return check.ctx.errorCount === before ? (value ?? 'avg') : undefined;
}

/** `partyAggregation` for collection rules (union/intersection, default union). Undefined after an error. */
export function readCollectionAggregation(check: RuleCheck): CollectionAggregation | undefined {
  const before = check.ctx.errorCount;
  const value = readChoice(check.ctx, check.raw, check.path, 'partyAggregation', COLLECTION_AGGREGATIONS, ' for a collection rule');
  return check.ctx.errorCount === before ? (value ?? 'union') : undefined;
}
