/**
 * The rule types that name an attribute (or latency) instead of evaluating
 * expressions: `latency`, `batchDistance`, `absoluteSort`, `distanceSort`.
 * Each returns the compiled rule, or undefined after an error.
 */
import type { BatchDistanceRule, LatencyRule, SortDirection, SortRule } from './types.ts';
import type { RuleCheck } from './validate-rule-common.ts';
import { readAmount, readNumericAggregation } from './validate-rule-common.ts';
import { unknownAttribute } from './validate-algorithm.ts';
import { at, describeValue, has, own, quote, readChoice } from './validate-context.ts';

const SORT_DIRECTIONS: readonly SortDirection[] = ['ascending', 'descending'];
const MAP_KEYS = ['minValue', 'maxValue'] as const;
const DISTANCE_REFERENCES = ['min', 'avg'] as const;

/** `latency`: maxLatency and/or maxDistance (with distanceReference min/avg). */
export function checkLatencyRule(check: RuleCheck): LatencyRule | undefined {
  const { ctx, raw, path } = check;
  const before = ctx.errorCount;
  const maxLatency = readAmount(check, 'maxLatency');
  const maxDistance = readAmount(check, 'maxDistance');
  if (!has(raw, 'maxLatency') && !has(raw, 'maxDistance')) {
    ctx.error(at(path, 'maxLatency'), `latency rule "${check.base.name}" needs maxLatency (milliseconds) or maxDistance`);
  }
  const distanceReference = readChoice(ctx, raw, path, 'distanceReference', DISTANCE_REFERENCES);
  if (distanceReference !== undefined && !has(raw, 'maxDistance')) {
    ctx.warning(at(path, 'distanceReference'), 'distanceReference is only used together with maxDistance; ignored');
  }
  const partyAggregation = readNumericAggregation(check);
  if (ctx.errorCount !== before || partyAggregation === undefined) return undefined;
  const rule: LatencyRule = { ...check.base, type: 'latency', partyAggregation };
  if (maxLatency !== undefined) rule.maxLatency = maxLatency;
  if (maxDistance !== undefined) rule.maxDistance = maxDistance;
  if (distanceReference !== undefined) rule.distanceReference = distanceReference;
  return rule;
}

/**
 * Read a property naming a declared attribute (`batchAttribute`,
 * `sortAttribute`). Returns the name and its type (type undefined when the
 * declaration itself is broken), or undefined after an error.
 */
function readAttributeName(check: RuleCheck, key: string): { name: string; type?: string } | undefined {
  const { ctx, raw, path, env } = check;
  const value = own(raw, key);
  if (typeof value !== 'string' || value === '') {
    ctx.error(at(path, key), `${key} must be the name of a declared player attribute, got ${describeValue(value)}`);
    return undefined;
  }
  if (!env.attributes.declared.has(value)) {
    ctx.error(at(path, key), unknownAttribute(value, env.attributes));
    return undefined;
  }
  const type = env.attributes.types.get(value);
  return type === undefined ? { name: value } : { name: value, type };
}

/**
 * `batchDistance`: a declared number or string attribute; maxDistance is
 * required for numbers (a numeric string is accepted with a warning, as in
 * the guide's own example) and ignored for strings (values must be equal).
 */
export function checkBatchDistanceRule(check: RuleCheck): BatchDistanceRule | undefined {
  const { ctx, raw, path } = check;
  const before = ctx.errorCount;
  let attribute: { name: string; type?: string } | undefined;
  if (!has(raw, 'batchAttribute')) {
    ctx.error(at(path, 'batchAttribute'), `batchDistance rule "${check.base.name}" needs batchAttribute: a declared number or string attribute`);
  } else attribute = readAttributeName(check, 'batchAttribute');
  if (attribute?.type !== undefined && attribute.type !== 'number' && attribute.type !== 'string') {
    ctx.error(at(path, 'batchAttribute'), `batchAttribute "${attribute.name}" is a ${attribute.type} attribute; batchDistance needs a number or string attribute`);
  }
  const maxDistance = readAmount(check, 'maxDistance');
  if (attribute?.type === 'number' && !has(raw, 'maxDistance')) {
    ctx.error(at(path, 'maxDistance'), `batchDistance rule "${check.base.name}" on the number attribute "${attribute.name}" needs maxDistance: the widest spread allowed`);
  }
  if (attribute?.type === 'string' && has(raw, 'maxDistance')) {
    ctx.warning(at(path, 'maxDistance'), `maxDistance is ignored for the string attribute "${attribute.name}": players must have equal values`);
  }
  const partyAggregation = readNumericAggregation(check);
  if (ctx.errorCount !== before || attribute === undefined || partyAggregation === undefined) return undefined;
  const rule: BatchDistanceRule = { ...check.base, type: 'batchDistance', batchAttribute: attribute.name, partyAggregation };
  if (maxDistance !== undefined && attribute.type === 'number') rule.maxDistance = maxDistance;
  return rule;
}

/**
 * `absoluteSort` / `distanceSort`: sortDirection and the attribute, written
 * `sortAttribute` (the guide's examples) or `sortByAttribute` (its schema);
 * a number or string_number_map attribute, the latter with a mapKey.
 */
export function checkSortRule(check: RuleCheck): SortRule | undefined {
  const { ctx, raw, path } = check;
  const before = ctx.errorCount;
  const sortDirection = readChoice(ctx, raw, path, 'sortDirection', SORT_DIRECTIONS);
  if (!has(raw, 'sortDirection')) {
    ctx.error(at(path, 'sortDirection'), `${check.type} rule "${check.base.name}" needs sortDirection: ascending or descending`);
  }
  const attribute = readSortAttribute(check);
  const mapKey = readChoice(ctx, raw, path, 'mapKey', MAP_KEYS);
  if (attribute?.type === 'string_number_map' && !has(raw, 'mapKey')) {
    ctx.error(at(path, 'mapKey'), `sorting on the string_number_map attribute "${attribute.name}" needs mapKey: minValue or maxValue`);
  }
  if (attribute?.type === 'number' && has(raw, 'mapKey')) {
    ctx.error(at(path, 'mapKey'), `mapKey only applies to a string_number_map attribute, but "${attribute.name}" is a number attribute`);
  }
  const partyAggregation = readNumericAggregation(check);
  if (ctx.errorCount !== before || sortDirection === undefined || attribute === undefined || partyAggregation === undefined) {
    return undefined;
  }
  const rule: SortRule = { ...check.base, type: check.type as SortRule['type'], sortDirection, sortAttribute: attribute.name, partyAggregation };
  if (mapKey !== undefined) rule.mapKey = mapKey;
  return rule;
}

function readSortAttribute(check: RuleCheck): { name: string; type?: string } | undefined {
  const { ctx, raw, path } = check;
  const both = has(raw, 'sortAttribute') && has(raw, 'sortByAttribute');
  if (both && own(raw, 'sortAttribute') !== own(raw, 'sortByAttribute')) {
    ctx.error(
      at(path, 'sortByAttribute'),
      `sortAttribute ${quote(own(raw, 'sortAttribute'))} and sortByAttribute ${quote(own(raw, 'sortByAttribute'))} disagree; write one of them`,
    );
    return undefined;
  }
  const key = has(raw, 'sortAttribute') ? 'sortAttribute' : has(raw, 'sortByAttribute') ? 'sortByAttribute' : undefined;
  if (key === undefined) {
    ctx.error(at(path, 'sortAttribute'), `${check.type} rule "${check.base.name}" needs sortAttribute (or sortByAttribute): the attribute to sort by`);
    return undefined;
  }
  const attribute = readAttributeName(check, key);
  if (attribute?.type !== undefined && attribute.type !== 'number' && attribute.type !== 'string_number_map') {
    ctx.error(at(path, key), `${key} "${attribute.name}" is a ${attribute.type} attribute; sorting needs a number or string_number_map attribute`);
    return undefined;
  }
  return attribute;
}
