/**
 * The rule types that evaluate property expressions: `distance`,
 * `comparison` and `collection`. Each checks its properties, that its
 * measurements and reference value have types the rule can use, and returns
 * the compiled rule (undefined after an error).
 */
import type { CollectionOperation, CollectionRule, ComparisonOperation, ComparisonRule, DistanceRule, Operand } from './types.ts';
import type { JsonPath } from './jsonc.ts';
import type { CheckedOperand, StaticType } from './validate-expressions.ts';
import type { RuleCheck } from './validate-rule-common.ts';
import { checkMeasurements, checkReferenceValue, describeStaticType, measurementPath } from './validate-expressions.ts';
import { readCollectionAggregation, readNumericAggregation, readRange } from './validate-rule-common.ts';
import { at, has, own, quote, readChoice } from './validate-context.ts';

const COMPARISON_OPERATIONS: readonly ComparisonOperation[] = ['<', '<=', '=', '!=', '>', '>='];
const COLLECTION_OPERATIONS: readonly CollectionOperation[] = ['intersection', 'contains', 'reference_intersection_count'];

type Leaf = StaticType['leaf'];

/**
 * Report every measurement whose type has a leaf outside `allowed`.
 * `needs` completes "distance rule measurements must be ...".
 */
function checkMeasurementTypes(check: RuleCheck, measured: CheckedOperand[], allowed: readonly Leaf[], needs: string): void {
  measured.forEach((m, i) => {
    if (m.type === undefined || allowed.includes(m.type.leaf)) return;
    const source = m.operand.kind === 'expression' ? m.operand.source : String(m.operand.value);
    check.ctx.error(
      measurementPath(check.raw, check.path, i),
      `${check.type} rule measurements must be ${needs}, but ${quote(source)} is ${describeStaticType(m.type)}`,
    );
  });
}

/** The leaf the measurements share, when known and all the same. */
function commonLeaf(measured: CheckedOperand[]): Leaf | undefined {
  const leaves = new Set(measured.map((m) => m.type?.leaf));
  if (leaves.size !== 1) return undefined;
  return [...leaves][0];
}

/** Read `referenceValue` if present; `null` when absent, undefined after an error. */
function readReference(check: RuleCheck): CheckedOperand | null | undefined {
  if (!has(check.raw, 'referenceValue')) return null;
  return checkReferenceValue(check.ctx, own(check.raw, 'referenceValue'), at(check.path, 'referenceValue'), check.env);
}

/**
 * A reference that must be a number: numeric literal, numeric string
 * (warning, read as a number) or an expression giving numbers.
 */
function numericReference(check: RuleCheck, ref: CheckedOperand, path: JsonPath): Operand | undefined {
  const { operand } = ref;
  if (operand.kind === 'literal' && typeof operand.value === 'string') {
    const n = Number(operand.value);
    if (operand.value.trim() !== '' && Number.isFinite(n)) {
      check.ctx.warning(path, `referenceValue ${quote(operand.value)} is a string; it is read as the number ${n}`);
      return { kind: 'literal', value: n };
    }
  }
  if (ref.type !== undefined && ref.type.leaf !== 'number') {
    const what = operand.kind === 'literal' ? quote(operand.value) : `${quote(operand.source)} (${describeStaticType(ref.type)})`;
    check.ctx.error(path, `referenceValue of a ${check.type} rule must be a number or give numbers, got ${what}`);
    return undefined;
  }
  return operand;
}

/** `distance`: measurements of numbers, optional numeric reference, min/maxDistance. */
export function checkDistanceRule(check: RuleCheck): DistanceRule | undefined {
  const { ctx } = check;
  const before = ctx.errorCount;
  const measured = checkMeasurements(ctx, check.raw, check.path, check.env, 'distance');
  if (measured !== undefined) checkMeasurementTypes(check, measured, ['number'], 'numbers');
  const ref = readReference(check);
  const reference = ref ? numericReference(check, ref, at(check.path, 'referenceValue')) : undefined;
  const range = readRange(check, 'minDistance', 'maxDistance');
  const partyAggregation = readNumericAggregation(check);
  if (ctx.errorCount !== before || measured === undefined || range === undefined || partyAggregation === undefined) {
    return undefined;
  }
  const rule: DistanceRule = { ...check.base, type: 'distance', measurements: measured.map((m) => m.operand), partyAggregation };
  if (reference !== undefined) rule.referenceValue = reference;
  if (range.min !== undefined) rule.minDistance = range.min;
  if (range.max !== undefined) rule.maxDistance = range.max;
  return rule;
}

/**
 * `comparison`: measurements of numbers or strings and an operation; with no
 * referenceValue only `=` and `!=` (compare players with each other).
 */
export function checkComparisonRule(check: RuleCheck): ComparisonRule | undefined {
  const { ctx, raw, path } = check;
  const before = ctx.errorCount;
  const measured = checkMeasurements(ctx, raw, path, check.env, 'comparison');
  if (measured !== undefined) checkMeasurementTypes(check, measured, ['number', 'string'], 'numbers or strings');
  const operation = readChoice(ctx, raw, path, 'operation', COMPARISON_OPERATIONS, ' for a comparison rule');
  if (!has(raw, 'operation')) {
    ctx.error(at(path, 'operation'), `comparison rule "${check.base.name}" needs an operation; expected one of: ${COMPARISON_OPERATIONS.join(' ')}`);
  }
  const ref = readReference(check);
  if (ref === null && operation !== undefined && operation !== '=' && operation !== '!=') {
    ctx.error(
      at(path, 'operation'),
      `operation "${operation}" needs a referenceValue; without one only "=" (all equal) and "!=" (all different) compare players with each other`,
    );
  }
  const leaf = measured === undefined ? undefined : commonLeaf(measured);
  const reference = ref ? comparisonReference(check, ref, leaf) : undefined;
  const partyAggregation = readNumericAggregation(check);
  if (ctx.errorCount !== before || measured === undefined || operation === undefined || partyAggregation === undefined) {
    return undefined;
  }
  const rule: ComparisonRule = { ...check.base, type: 'comparison', measurements: measured.map((m) => m.operand), operation, partyAggregation };
  if (reference !== undefined) rule.referenceValue = reference;
  return rule;
}

/** A comparison reference must have the measurements' leaf type (number or string). */
function comparisonReference(check: RuleCheck, ref: CheckedOperand, leaf: Leaf | undefined): Operand | undefined {
  const path = at(check.path, 'referenceValue');
  if (leaf === 'number') return numericReference(check, ref, path);
  const { operand } = ref;
  const refLeaf = ref.type?.leaf;
  const shown = operand.kind === 'literal' ? quote(operand.value) : quote(operand.source);
  if (operand.kind === 'literal' && Array.isArray(operand.value)) {
    check.ctx.error(path, `referenceValue of a comparison rule must be a single number or string, got the list ${shown}`);
    return undefined;
  }
  if (refLeaf !== undefined && refLeaf !== 'number' && refLeaf !== 'string') {
    check.ctx.error(path, `referenceValue of a comparison rule must give numbers or strings, but ${shown} is ${describeStaticType(ref.type!)}`);
    return undefined;
  }
  if (leaf === 'string' && refLeaf === 'number') {
    check.ctx.error(path, `referenceValue ${shown} is a number but the measurements are strings; write it as a string`);
    return undefined;
  }
  return operand;
}

/**
 * `collection`: measurements of strings or string lists, an operation,
 * min/maxCount. `contains` and `reference_intersection_count` compare with a
 * referenceValue, so it is required for both (the guide only shows them with one).
 */
export function checkCollectionRule(check: RuleCheck): CollectionRule | undefined {
  const { ctx, raw, path } = check;
  const before = ctx.errorCount;
  const measured = checkMeasurements(ctx, raw, path, check.env, 'collection');
  if (measured !== undefined) {
    checkMeasurementTypes(check, measured, ['string', 'string_list'], 'strings or string lists');
  }
  const operation = readChoice(ctx, raw, path, 'operation', COLLECTION_OPERATIONS, ' for a collection rule');
  if (!has(raw, 'operation')) {
    ctx.error(at(path, 'operation'), `collection rule "${check.base.name}" needs an operation; expected one of: ${COLLECTION_OPERATIONS.join(', ')}`);
  }
  const ref = readReference(check);
  if (ref === null && (operation === 'contains' || operation === 'reference_intersection_count')) {
    ctx.error(at(path, 'referenceValue'), `operation "${operation}" needs a referenceValue: the value(s) to look for`);
  }
  const reference = ref ? collectionReference(check, ref) : undefined;
  const range = readRange(check, 'minCount', 'maxCount');
  const partyAggregation = readCollectionAggregation(check);
  if (ctx.errorCount !== before || measured === undefined || operation === undefined || range === undefined || partyAggregation === undefined) {
    return undefined;
  }
  const rule: CollectionRule = { ...check.base, type: 'collection', measurements: measured.map((m) => m.operand), operation, partyAggregation };
  if (reference !== undefined) rule.referenceValue = reference;
  if (range.min !== undefined) rule.minCount = range.min;
  if (range.max !== undefined) rule.maxCount = range.max;
  return rule;
}

/** A collection reference is a string, a list of strings, or an expression giving strings. */
function collectionReference(check: RuleCheck, ref: CheckedOperand): Operand | undefined {
  const leaf = ref.type?.leaf;
  if (leaf === undefined || leaf === 'string' || leaf === 'string_list') return ref.operand;
  const shown = ref.operand.kind === 'literal' ? quote(ref.operand.value) : quote(ref.operand.source);
  check.ctx.error(
    at(check.path, 'referenceValue'),
    `referenceValue of a collection rule must be a string, a list of strings or give strings, but ${shown} is ${describeStaticType(ref.type!)}`,
  );
  return undefined;
}
