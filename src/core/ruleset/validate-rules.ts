/**
 * Validation and compilation of `rules`: what every rule has (a unique name,
 * one of the eight types, an optional description), the large-match
 * restriction, and dispatch to the checker of each type.
 */
import { assertNever } from '../assert-never.ts';
import type { Rule, RuleType } from './types.ts';
import type { JsonPath } from './jsonc.ts';
import type { CheckContext } from './validate-context.ts';
import type { OperandEnv } from './validate-expressions.ts';
import type { RuleCheck, RuleSummary } from './validate-rule-common.ts';
import { LARGE_MATCH_RULE_TYPES, RULE_PROPERTIES, RULE_TYPES } from './validate-rule-common.ts';
import { checkCollectionRule, checkComparisonRule, checkDistanceRule } from './validate-rules-measured.ts';
import { checkBatchDistanceRule, checkLatencyRule, checkSortRule } from './validate-rules-other.ts';
import { checkCompoundRule } from './validate-compound.ts';
import { LARGE_MATCH_THRESHOLD } from './validate-teams.ts';
import { at, describeValue, has, isObject, list, own, quote, suggestion, warnUnknownProperties } from './validate-context.ts';

export type { RuleSummary };

/** What the rest of validation (expansions) needs to know about the rules. */
export interface RulesInfo {
  /** Compiled rules, in order; only complete when there were no errors in `rules`. */
  rules: Rule[];
  /** Every named rule (first definition of each name), even those with errors. */
  byName: Map<string, RuleSummary>;
}

/**
 * Check `rules` (optional; an array). `maxPlayersTotal` (undefined when the
 * teams could not be read) decides whether the large-match restriction
 * applies: more than 40 players allow only latency and batchDistance rules.
 */
export function checkRules(
  ctx: CheckContext,
  root: Record<string, unknown>,
  env: OperandEnv,
  maxPlayersTotal: number | undefined,
): RulesInfo {
  const info: RulesInfo = { rules: [], byName: new Map() };
  if (!has(root, 'rules')) return info;
  const raw = own(root, 'rules');
  const path: JsonPath = ['rules'];
  if (!Array.isArray(raw)) {
    ctx.error(path, `rules must be an array of rule statements, got ${describeValue(raw)}`);
    return info;
  }
  info.byName = summarize(raw);
  raw.forEach((rule, index) => {
    const compiled = checkRule(ctx, rule, at(path, index), index, env, info.byName, maxPlayersTotal);
    if (compiled !== undefined) info.rules.push(compiled);
  });
  return info;
}

/** Name → index and type of every rule, first definition wins (duplicates are reported later). */
function summarize(rules: unknown[]): Map<string, RuleSummary> {
  const byName = new Map<string, RuleSummary>();
  rules.forEach((rule, index) => {
    if (!isObject(rule)) return;
    const name = own(rule, 'name');
    if (typeof name !== 'string' || name === '' || byName.has(name)) return;
    const type = own(rule, 'type');
    const ref = own(rule, 'referenceValue');
    const numericReference =
      (typeof ref === 'number' && Number.isFinite(ref)) ||
      (typeof ref === 'string' && ref.trim() !== '' && Number.isFinite(Number(ref)));
    const summary: RuleSummary = { index, name, numericReference };
    if (typeof type === 'string' && (RULE_TYPES as readonly string[]).includes(type)) summary.type = type as RuleType;
    byName.set(name, summary);
  });
  return byName;
}

function checkRule(
  ctx: CheckContext,
  rule: unknown,
  path: JsonPath,
  index: number,
  env: OperandEnv,
  all: Map<string, RuleSummary>,
  maxPlayersTotal: number | undefined,
): Rule | undefined {
  if (!isObject(rule)) {
    ctx.error(path, `a rule must be an object with name and type, got ${describeValue(rule)}`);
    return undefined;
  }
  const before = ctx.errorCount;
  const base = readBase(ctx, rule, path, index, all);
  const type = readRuleType(ctx, rule, path);
  if (type === undefined) return undefined;
  warnUnknownProperties(ctx, rule, path, ['name', 'type', 'description', ...RULE_PROPERTIES[type]], `${type} rule`);
  const isLargeMatch = maxPlayersTotal !== undefined && maxPlayersTotal > LARGE_MATCH_THRESHOLD;
  if (isLargeMatch && !LARGE_MATCH_RULE_TYPES.includes(type)) {
    const name = base?.name ?? `rules[${index}]`;
    ctx.error(
      at(path, 'type'),
      `rule "${name}" is a ${type} rule, but the teams allow ${maxPlayersTotal} players (a large match, more than ` +
        `${LARGE_MATCH_THRESHOLD}); large matches allow only ${list(LARGE_MATCH_RULE_TYPES)} rules`,
    );
  }
  const check: RuleCheck = { ctx, raw: rule, path, env, type, base: base ?? { name: '' }, index, all };
  const compiled = checkByType(check);
  return ctx.errorCount === before && base !== undefined ? compiled : undefined;
}

function checkByType(check: RuleCheck): Rule | undefined {
  switch (check.type) {
    case 'distance':
      return checkDistanceRule(check);
    case 'comparison':
      return checkComparisonRule(check);
    case 'collection':
      return checkCollectionRule(check);
    case 'latency':
      return checkLatencyRule(check);
    case 'batchDistance':
      return checkBatchDistanceRule(check);
    case 'absoluteSort':
    case 'distanceSort':
      return checkSortRule(check);
    case 'compound':
      return checkCompoundRule(check);
    default:
      return assertNever(check.type, 'rule type');
  }
}

/** Name (required, unique) and description (optional string). Undefined after an error. */
function readBase(
  ctx: CheckContext,
  rule: Record<string, unknown>,
  path: JsonPath,
  index: number,
  all: Map<string, RuleSummary>,
): { name: string; description?: string } | undefined {
  const before = ctx.errorCount;
  const name = own(rule, 'name');
  if (!has(rule, 'name')) ctx.error(at(path, 'name'), 'rule has no name; every rule needs a unique name');
  else if (typeof name !== 'string' || name === '') {
    ctx.error(at(path, 'name'), `rule name must be a non-empty string, got ${quote(name)}`);
  } else {
    const first = all.get(name);
    if (first !== undefined && first.index !== index) {
      ctx.error(at(path, 'name'), `duplicate rule name "${name}": rules[${first.index}] already uses it`);
    }
  }
  const description = own(rule, 'description');
  if (has(rule, 'description') && typeof description !== 'string') {
    ctx.error(at(path, 'description'), `description must be a string, got ${describeValue(description)}`);
  }
  if (ctx.errorCount !== before || typeof name !== 'string') return undefined;
  return typeof description === 'string' ? { name, description } : { name };
}

function readRuleType(ctx: CheckContext, rule: Record<string, unknown>, path: JsonPath): RuleType | undefined {
  const type = own(rule, 'type');
  if (!has(rule, 'type')) {
    ctx.error(at(path, 'type'), `rule has no type; expected one of: ${list(RULE_TYPES)}`);
    return undefined;
  }
  if (typeof type === 'string' && (RULE_TYPES as readonly string[]).includes(type)) return type as RuleType;
  const hint = typeof type === 'string' ? suggestion(type, RULE_TYPES) : '';
  ctx.error(at(path, 'type'), `unknown rule type ${quote(type)}${hint}; expected one of: ${list(RULE_TYPES)}`);
  return undefined;
}

