/**
 * Match quality as each rule sees it: for every formed match, the value a
 * rule constrains (a team-skill spread, a latency, a count of shared
 * values), so a table can show how close matches run to each rule's limit.
 *
 * | rule          | measured per match |
 * | ------------- | ------------------ |
 * | distance      | largest distance of a measurement from the reference, or the measurements' spread |
 * | comparison    | measured − reference (the value closest to failing), or the number of distinct values |
 * | collection    | shared values (`intersection`), collections holding the value (`contains`), a player's items in the reference (`reference_intersection_count`) |
 * | latency       | the highest player latency in the match's region |
 * | batchDistance | spread of the attribute (numbers) or its distinct values (strings) |
 * | sorts         | spread (`distanceSort`) or mean (`absoluteSort`) of the sort attribute |
 * | compound      | leaf rules of the statement that hold at their strictest |
 */
import { latencyRules, planRules } from '../core/engine/rule-plan.ts';
import type { EffectiveRules } from '../core/engine/expansions.ts';
import { matchRegions } from '../core/engine/latency.ts';
import { checkRule } from '../core/engine/rule-checks.ts';
import {
  asCollections,
  asStringList,
  collectNumbers,
  collectScalars,
  evaluateExpression,
  type Value,
} from '../core/expression/evaluate.ts';
import type {
  CollectionRule,
  ComparisonRule,
  CompiledRuleSet,
  CompoundExpr,
  DistanceRule,
  Operand,
  Rule,
  SortRule,
} from '../core/ruleset/types.ts';
import { assertNever } from '../core/assert-never.ts';
import type { MatchSubject } from './match-subject.ts';

/** How one rule is measured. */
export interface RuleMeter {
  rule: string;
  type: Rule['type'];
  /** The measured quantity in words. */
  metric: string;
  /** The rule's limit before expansions, when it has one. */
  limit?: number;
  /** The value for one match; undefined when the match gives nothing to measure. */
  measure(subject: MatchSubject, effective: EffectiveRules): number | undefined;
}

/** One meter per rule of the rule set, in rule-set order. */
export function ruleMeters(ruleSet: CompiledRuleSet): RuleMeter[] {
  const rules = new Map(ruleSet.rules.map((rule) => [rule.name, rule]));
  const plan = planRules(ruleSet);
  return ruleSet.rules.map((rule) => meterFor(rule, ruleSet, rules, (effective) => latencyRules(plan, effective.rules)));
}

function meterFor(
  rule: Rule,
  ruleSet: CompiledRuleSet,
  rules: ReadonlyMap<string, Rule>,
  latencyRulesAt: (effective: EffectiveRules) => ReturnType<typeof latencyRules>,
): RuleMeter {
  const base = { rule: rule.name, type: rule.type };
  switch (rule.type) {
    case 'distance':
      return { ...base, ...distanceMeter(rule) };
    case 'comparison':
      return { ...base, ...comparisonMeter(rule) };
    case 'collection':
      return { ...base, ...collectionMeter(rule) };
    case 'latency':
      return {
        ...base,
        metric: 'max player latency in the match region, ms',
        ...(rule.maxLatency !== undefined ? { limit: rule.maxLatency } : {}),
        measure: (subject, effective) => {
          const best = matchRegions(subject.tickets, latencyRulesAt(effective)).regions[0] ?? matchRegions(subject.tickets, []).regions[0];
          if (!best) return undefined;
          const values = subject.tickets.map((t) => t.latencyFor(rule.partyAggregation)?.[best.region]).filter(isNumber);
          return values.length === 0 ? undefined : Math.max(...values);
        },
      };
    case 'batchDistance': {
      const numeric = ruleSet.playerAttributes.find((a) => a.name === rule.batchAttribute)?.type === 'number';
      return {
        ...base,
        metric: numeric ? `spread of ${rule.batchAttribute}` : `distinct values of ${rule.batchAttribute}`,
        ...(numeric && rule.maxDistance !== undefined ? { limit: rule.maxDistance } : {}),
        measure: (subject) => {
          const values = subject.players(rule.partyAggregation).map((p) => p.attributes[rule.batchAttribute]);
          return numeric ? spread(values.filter(isNumber)) : distinct(values.filter((v) => typeof v === 'string'));
        },
      };
    }
    case 'absoluteSort':
    case 'distanceSort':
      return { ...base, ...sortMeter(rule) };
    case 'compound': {
      const leaves = leafRules(rule.statement);
      return {
        ...base,
        metric: `rules of ${rule.statementSource} holding at their strictest (of ${leaves.length})`,
        measure: (subject) => leaves.filter((name) => {
          const leaf = rules.get(name);
          return leaf !== undefined && checkRule(leaf, subject, rules).pass;
        }).length,
      };
    }
    default:
      return assertNever(rule);
  }
}

type MeterBody = Omit<RuleMeter, 'rule' | 'type'>;

function distanceMeter(rule: DistanceRule): MeterBody {
  const limit = rule.maxDistance ?? rule.minDistance;
  const measured = rule.measurements.map(shortOperand).join(', ');
  const reference = rule.referenceValue;
  return {
    metric: reference ? `max |${measured} − ${shortOperand(reference)}|` : `spread of ${measured}`,
    ...(limit !== undefined ? { limit } : {}),
    measure: (subject) => {
      const values = measuredValues(rule.measurements, subject, rule.partyAggregation).flatMap(collectNumbers);
      if (values.length === 0) return undefined;
      if (!reference) return spread(values);
      const ref = collectNumbers(operandValue(reference, subject, rule.partyAggregation))[0];
      return ref === undefined ? undefined : Math.max(...values.map((v) => Math.abs(v - ref)));
    },
  };
}

function comparisonMeter(rule: ComparisonRule): MeterBody {
  const measured = rule.measurements.map(shortOperand).join(', ');
  const reference = rule.referenceValue;
  const numericReference = reference !== undefined && !(reference.kind === 'literal' && typeof reference.value !== 'number');
  if (!reference || !numericReference) {
    return {
      metric: `distinct values of ${measured}`,
      measure: (subject) => {
        const values = measuredValues(rule.measurements, subject, rule.partyAggregation).flatMap(collectScalars);
        return values.length === 0 ? undefined : distinct(values);
      },
    };
  }
  const pick = (diffs: number[]): number => {
    switch (rule.operation) {
      case '>':
      case '>=':
        return Math.min(...diffs);
      case '<':
      case '<=':
        return Math.max(...diffs);
      case '=':
      case '!=':
        return Math.max(...diffs.map(Math.abs));
    }
  };
  const which = rule.operation === '>' || rule.operation === '>=' ? 'min' : rule.operation === '<' || rule.operation === '<=' ? 'max' : 'max |·|';
  return {
    metric: `${which} of ${measured} − ${shortOperand(reference)}`,
    limit: 0,
    measure: (subject) => {
      const values = measuredValues(rule.measurements, subject, rule.partyAggregation).flatMap(collectNumbers);
      const ref = collectNumbers(operandValue(reference, subject, rule.partyAggregation))[0];
      return values.length === 0 || ref === undefined ? undefined : pick(values.map((v) => v - ref));
    },
  };
}

function collectionMeter(rule: CollectionRule): MeterBody {
  const limit = rule.operation === 'contains' ? (rule.maxCount ?? rule.minCount) : (rule.minCount ?? rule.maxCount);
  const withLimit = limit !== undefined ? { limit } : {};
  const collections = (subject: MatchSubject) =>
    measuredValues(rule.measurements, subject, rule.partyAggregation).flatMap(asCollections);
  const referenceList = (subject: MatchSubject) =>
    rule.referenceValue ? asStringList(operandValue(rule.referenceValue, subject, rule.partyAggregation)) : [];
  switch (rule.operation) {
    case 'intersection':
      return {
        metric: 'values shared by every player',
        ...withLimit,
        measure: (subject) => {
          const lists = collections(subject);
          if (lists.length === 0) return undefined;
          return new Set(lists.reduce((common, list) => common.filter((item) => list.includes(item)))).size;
        },
      };
    case 'contains':
      return {
        metric: `collections containing ${rule.referenceValue ? shortOperand(rule.referenceValue) : 'the value'}`,
        ...withLimit,
        measure: (subject) => {
          const wanted = referenceList(subject)[0];
          return wanted === undefined ? 0 : collections(subject).filter((list) => list.includes(wanted)).length;
        },
      };
    case 'reference_intersection_count': {
      const fewest = rule.minCount !== undefined;
      return {
        metric: `${fewest ? 'fewest' : 'most'} of a player's items in the reference`,
        ...withLimit,
        measure: (subject) => {
          const allowed = new Set(referenceList(subject));
          const counts = collections(subject).map((list) => new Set(list.filter((item) => allowed.has(item))).size);
          if (counts.length === 0) return undefined;
          return fewest ? Math.min(...counts) : Math.max(...counts);
        },
      };
    }
  }
}

function sortMeter(rule: SortRule): MeterBody {
  const label = rule.mapKey ? `${rule.sortAttribute} (${rule.mapKey})` : rule.sortAttribute;
  const value = (v: unknown): number | undefined => {
    if (typeof v === 'number') return v;
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const numbers = Object.values(v as Record<string, number>);
      if (numbers.length === 0) return undefined;
      return rule.mapKey === 'minValue' ? Math.min(...numbers) : Math.max(...numbers);
    }
    return undefined;
  };
  return {
    metric: rule.type === 'distanceSort' ? `spread of ${label}` : `mean of ${label}`,
    measure: (subject) => {
      const values = subject.players(rule.partyAggregation).map((p) => value(p.attributes[rule.sortAttribute])).filter(isNumber);
      if (values.length === 0) return undefined;
      return rule.type === 'distanceSort' ? spread(values) : values.reduce((a, b) => a + b, 0) / values.length;
    },
  };
}

function operandValue(operand: Operand, subject: MatchSubject, aggregation: Parameters<MatchSubject['view']>[0]): Value {
  return operand.kind === 'literal' ? operand.value : evaluateExpression(operand.expr, subject.view(aggregation));
}

function measuredValues(operands: Operand[], subject: MatchSubject, aggregation: Parameters<MatchSubject['view']>[0]): Value[] {
  return operands.map((operand) => operandValue(operand, subject, aggregation));
}

/** An operand for a metric label: `avg(teams[*].players.attributes[skill])` → `avg(teams[*].skill)`. */
export function shortOperand(operand: Operand): string {
  if (operand.kind === 'literal') return JSON.stringify(operand.value);
  return operand.source.replace(/\s+/g, '').replace(/\.players\.attributes\[([^\]]+)\]/g, '.$1');
}

function leafRules(statement: CompoundExpr): string[] {
  switch (statement.op) {
    case 'rule':
      return [statement.name];
    case 'not':
      return leafRules(statement.arg);
    case 'and':
    case 'or':
    case 'xor':
      return [...new Set(statement.args.flatMap(leafRules))];
  }
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function spread(values: number[]): number | undefined {
  return values.length === 0 ? undefined : Math.max(...values) - Math.min(...values);
}

function distinct(values: unknown[]): number | undefined {
  return values.length === 0 ? undefined : new Set(values).size;
}
