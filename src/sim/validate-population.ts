/**
 * Checks a population spec (untrusted JSON: a `--population` file, a form in
 * the host console) against the rule set it will run with. Returns every
 * problem as `population.<path>: <message>` naming the offending value; no
 * errors means `generateArrivals` can draw from it. An attribute the rule set
 * does not declare is a warning, not an error: it is drawn (so that two rule
 * sets compared on one population see the same players) but not sent, as
 * FlexMatch leaves undeclared attributes out.
 */
import { formatValue } from '../core/format-value.ts';
import type { AttributeType, CompiledRuleSet } from '../core/ruleset/types.ts';
import { assertNever } from '../core/assert-never.ts';
import type { AttributeDistribution } from './types.ts';

/** Most tickets one run may draw (arrivalsPerMinute × durationMinutes), so a typo cannot hang a tab. */
export const MAX_EXPECTED_TICKETS = 1_000_000;
/** Most players on one ticket (as `startMatchmaking` allows). */
export const MAX_PARTY_SIZE = 100;

const KINDS = ['normal', 'uniform', 'choice', 'list', 'map', 'constant'] as const;

/** What each declared attribute type may be drawn from. */
const KINDS_FOR_TYPE: Record<AttributeType, readonly string[]> = {
  number: ['normal', 'uniform', 'choice', 'constant'],
  string: ['choice', 'constant'],
  string_list: ['list', 'constant'],
  string_number_map: ['map', 'constant'],
};

type Issues = string[];

const show = (value: unknown): string => formatValue(value, 80);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** What `validatePopulation` found. */
export interface PopulationCheck {
  /** Problems that stop a run. */
  errors: string[];
  /** Attributes the rule set does not declare (drawn, not sent). */
  warnings: string[];
}

/** Every problem of `spec` for `ruleSet`, each `population.path: message`; no errors when it is usable. */
export function validatePopulation(spec: unknown, ruleSet: CompiledRuleSet): PopulationCheck {
  const issues: Issues = [];
  const warnings: string[] = [];
  if (!isRecord(spec)) return { errors: [`population: expected an object, got ${show(spec)}`], warnings };
  positive(spec.arrivalsPerMinute, 'population.arrivalsPerMinute', issues);
  positive(spec.durationMinutes, 'population.durationMinutes', issues);
  if (isFiniteNumber(spec.arrivalsPerMinute) && isFiniteNumber(spec.durationMinutes)) {
    const expected = spec.arrivalsPerMinute * spec.durationMinutes;
    if (expected > MAX_EXPECTED_TICKETS) {
      issues.push(
        `population: ${show(spec.arrivalsPerMinute)} arrivals per minute for ${show(spec.durationMinutes)} minutes is about ${Math.round(expected)} tickets; at most ${MAX_EXPECTED_TICKETS} per run`,
      );
    }
  }
  if (spec.partySizes !== undefined) checkPartySizes(spec.partySizes, issues);
  checkAttributes(spec.attributes, ruleSet, issues, warnings);
  checkRegions(spec, ruleSet, issues);
  if (spec.latencyJitter !== undefined && !(isFiniteNumber(spec.latencyJitter) && spec.latencyJitter >= 0 && spec.latencyJitter < 1)) {
    issues.push(`population.latencyJitter: expected a number in [0, 1), got ${show(spec.latencyJitter)}`);
  }
  if (spec.acceptRate !== undefined && !(isFiniteNumber(spec.acceptRate) && spec.acceptRate >= 0 && spec.acceptRate <= 1)) {
    issues.push(`population.acceptRate: expected a probability in [0, 1], got ${show(spec.acceptRate)}`);
  }
  if (spec.acceptDelaySeconds !== undefined && !(isFiniteNumber(spec.acceptDelaySeconds) && spec.acceptDelaySeconds >= 0)) {
    issues.push(`population.acceptDelaySeconds: expected a number of seconds ≥ 0, got ${show(spec.acceptDelaySeconds)}`);
  }
  return { errors: issues, warnings };
}

function positive(value: unknown, path: string, issues: Issues): void {
  if (!isFiniteNumber(value) || value <= 0) issues.push(`${path}: expected a number > 0, got ${show(value)}`);
}

function weight(value: unknown, path: string, issues: Issues): void {
  if (!isFiniteNumber(value) || value <= 0) issues.push(`${path}: expected a weight > 0, got ${show(value)}`);
}

function checkPartySizes(sizes: unknown, issues: Issues): void {
  if (!Array.isArray(sizes) || sizes.length === 0) {
    issues.push(`population.partySizes: expected a non-empty list of { size, weight }, got ${show(sizes)}`);
    return;
  }
  sizes.forEach((entry: unknown, i) => {
    const path = `population.partySizes[${i}]`;
    if (!isRecord(entry)) return void issues.push(`${path}: expected { size, weight }, got ${show(entry)}`);
    if (!Number.isInteger(entry.size) || (entry.size as number) < 1 || (entry.size as number) > MAX_PARTY_SIZE) {
      issues.push(`${path}.size: expected an integer from 1 to ${MAX_PARTY_SIZE}, got ${show(entry.size)}`);
    }
    weight(entry.weight, `${path}.weight`, issues);
  });
}

function checkAttributes(attributes: unknown, ruleSet: CompiledRuleSet, issues: Issues, warnings: string[]): void {
  if (!isRecord(attributes)) {
    issues.push(`population.attributes: expected an object of attribute distributions, got ${show(attributes)}`);
    return;
  }
  const declared = new Map(ruleSet.playerAttributes.map((def) => [def.name, def]));
  for (const [name, distribution] of Object.entries(attributes)) {
    const path = `population.attributes[${JSON.stringify(name)}]`;
    const def = declared.get(name);
    const wellFormed = checkDistribution(distribution, path, issues);
    if (!def) {
      const known = [...declared.keys()].map((n) => JSON.stringify(n)).join(', ') || 'none';
      warnings.push(`${path}: the rule set declares no player attribute ${JSON.stringify(name)} (declared: ${known}); drawn but not sent`);
    } else if (wellFormed) {
      checkType(distribution as AttributeDistribution, def.type, path, issues);
    }
  }
  for (const def of ruleSet.playerAttributes) {
    if (def.default === undefined && !(def.name in attributes)) {
      issues.push(
        `population.attributes: the rule set's attribute ${JSON.stringify(def.name)} (${def.type}) has no default, so the population must draw it`,
      );
    }
  }
}

/** Structural checks of one distribution; true when it is well formed. */
function checkDistribution(value: unknown, path: string, issues: Issues): boolean {
  const before = issues.length;
  if (!isRecord(value)) {
    issues.push(`${path}: expected a distribution object with a "kind", got ${show(value)}`);
    return false;
  }
  const kind = value.kind;
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
    issues.push(`${path}.kind: unknown distribution kind ${show(kind)} (expected one of ${KINDS.join(', ')})`);
    return false;
  }
  const known = kind as AttributeDistribution['kind'];
  switch (known) {
    case 'normal':
      finite(value.mean, `${path}.mean`, issues);
      if (!isFiniteNumber(value.sd) || value.sd < 0) issues.push(`${path}.sd: expected a number ≥ 0, got ${show(value.sd)}`);
      bounds(value, path, false, issues);
      break;
    case 'uniform':
      bounds(value, path, true, issues);
      if (value.integer === true && isFiniteNumber(value.min) && isFiniteNumber(value.max) && Math.ceil(value.min) > Math.floor(value.max)) {
        issues.push(`${path}: no integer lies in [${value.min}, ${value.max}]`);
      }
      break;
    case 'choice':
      weightedValues(value.values, path, (v) => typeof v === 'string' || isFiniteNumber(v), 'a string or number', issues);
      break;
    case 'list':
      checkList(value, path, issues);
      break;
    case 'map':
      checkMap(value, path, issues);
      break;
    case 'constant':
      if (!isAttributeValue(value.value)) {
        issues.push(`${path}.value: expected a string, number, string list or string-to-number map, got ${show(value.value)}`);
      }
      break;
    default:
      return assertNever(known);
  }
  return issues.length === before;
}

function finite(value: unknown, path: string, issues: Issues): void {
  if (!isFiniteNumber(value)) issues.push(`${path}: expected a finite number, got ${show(value)}`);
}

function bounds(value: Record<string, unknown>, path: string, required: boolean, issues: Issues): void {
  for (const key of ['min', 'max'] as const) {
    if (required || value[key] !== undefined) finite(value[key], `${path}.${key}`, issues);
  }
  if (isFiniteNumber(value.min) && isFiniteNumber(value.max) && value.min > value.max) {
    issues.push(`${path}: min ${value.min} is greater than max ${value.max}`);
  }
  if (value.integer !== undefined && typeof value.integer !== 'boolean') {
    issues.push(`${path}.integer: expected true or false, got ${show(value.integer)}`);
  }
}

function weightedValues(
  values: unknown,
  path: string,
  accepts: (value: unknown) => boolean,
  expected: string,
  issues: Issues,
): void {
  if (!Array.isArray(values) || values.length === 0) {
    issues.push(`${path}.values: expected a non-empty list of { value, weight }, got ${show(values)}`);
    return;
  }
  values.forEach((entry: unknown, i) => {
    const at = `${path}.values[${i}]`;
    if (!isRecord(entry)) return void issues.push(`${at}: expected { value, weight }, got ${show(entry)}`);
    if (!accepts(entry.value)) issues.push(`${at}.value: expected ${expected}, got ${show(entry.value)}`);
    weight(entry.weight, `${at}.weight`, issues);
  });
}

function checkList(value: Record<string, unknown>, path: string, issues: Issues): void {
  weightedValues(value.values, path, (v) => typeof v === 'string', 'a string', issues);
  const { minCount, maxCount } = value;
  const count = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
  if (!count(minCount)) issues.push(`${path}.minCount: expected an integer ≥ 0, got ${show(minCount)}`);
  if (!count(maxCount)) issues.push(`${path}.maxCount: expected an integer ≥ 0, got ${show(maxCount)}`);
  if (count(minCount) && count(maxCount) && (minCount as number) > (maxCount as number)) {
    issues.push(`${path}: minCount ${minCount} is greater than maxCount ${maxCount}`);
  }
  if (Array.isArray(value.values) && count(maxCount) && (maxCount as number) > value.values.length) {
    issues.push(`${path}.maxCount: ${maxCount} distinct values asked for, but only ${value.values.length} are listed`);
  }
}

function checkMap(value: Record<string, unknown>, path: string, issues: Issues): void {
  if (!Array.isArray(value.keys) || value.keys.length === 0 || !value.keys.every((k) => typeof k === 'string')) {
    issues.push(`${path}.keys: expected a non-empty list of strings, got ${show(value.keys)}`);
  }
  const inner = value.value;
  if (!isRecord(inner) || (inner.kind !== 'normal' && inner.kind !== 'uniform')) {
    issues.push(`${path}.value: expected a "normal" or "uniform" distribution for the map's numbers, got ${show(inner)}`);
    return;
  }
  checkDistribution(inner, `${path}.value`, issues);
}

function isAttributeValue(value: unknown): boolean {
  if (typeof value === 'string' || isFiniteNumber(value)) return true;
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string');
  return isRecord(value) && Object.values(value).every(isFiniteNumber);
}

/** The distribution must give values of the attribute's declared type. */
function checkType(distribution: AttributeDistribution, type: AttributeType, path: string, issues: Issues): void {
  if (!KINDS_FOR_TYPE[type].includes(distribution.kind)) {
    issues.push(
      `${path}.kind: a ${type} attribute cannot be drawn from "${distribution.kind}" (use ${KINDS_FOR_TYPE[type].join(' or ')})`,
    );
    return;
  }
  const fits = (value: unknown): boolean => {
    switch (type) {
      case 'number':
        return isFiniteNumber(value);
      case 'string':
        return typeof value === 'string';
      case 'string_list':
        return Array.isArray(value);
      case 'string_number_map':
        return isRecord(value);
    }
  };
  if (distribution.kind === 'constant' && !fits(distribution.value)) {
    issues.push(`${path}.value: expected a ${type} value, got ${show(distribution.value)}`);
  }
  if (distribution.kind === 'choice') {
    distribution.values.forEach((entry, i) => {
      if (!fits(entry.value)) issues.push(`${path}.values[${i}].value: expected a ${type} value, got ${show(entry.value)}`);
    });
  }
}

function checkRegions(spec: Record<string, unknown>, ruleSet: CompiledRuleSet, issues: Issues): void {
  const latencyRule = ruleSet.rules.find((rule) => rule.type === 'latency');
  if (spec.regions === undefined) {
    if (latencyRule) {
      issues.push(
        `population.regions: the rule set has a latency rule (${JSON.stringify(latencyRule.name)}), so players need latencies; give at least one region`,
      );
    }
    return;
  }
  const regions = spec.regions;
  if (!Array.isArray(regions) || regions.length === 0) {
    issues.push(`population.regions: expected a non-empty list of { name, weight, latencyMs }, got ${show(regions)}`);
    return;
  }
  const names = new Set<string>();
  regions.forEach((region: unknown, i) => {
    const path = `population.regions[${i}]`;
    if (!isRecord(region)) return void issues.push(`${path}: expected { name, weight, latencyMs }, got ${show(region)}`);
    if (typeof region.name !== 'string' || region.name === '') {
      issues.push(`${path}.name: expected a non-empty string, got ${show(region.name)}`);
    } else if (names.has(region.name)) {
      issues.push(`${path}.name: region ${JSON.stringify(region.name)} is listed twice`);
    } else {
      names.add(region.name);
    }
    weight(region.weight, `${path}.weight`, issues);
    const latency = region.latencyMs;
    if (!isRecord(latency) || Object.keys(latency).length === 0) {
      issues.push(`${path}.latencyMs: expected an object of region name to milliseconds, got ${show(latency)}`);
      return;
    }
    for (const [to, ms] of Object.entries(latency)) {
      if (!isFiniteNumber(ms) || ms < 1) issues.push(`${path}.latencyMs[${JSON.stringify(to)}]: expected milliseconds ≥ 1, got ${show(ms)}`);
    }
  });
}
