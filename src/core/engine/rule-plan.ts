/**
 * Sorts a rule set's rules by the part they play in building a match.
 *
 * - Sort rules (`absoluteSort`, `distanceSort`) only order candidates.
 * - `batchDistance` rules split the pool into batches and are checked on
 *   every tentative addition.
 * - Rules named in a `compound` statement are its supporting rules: they are
 *   judged only through the statement (otherwise an `or` could never help).
 * - Rules whose expressions count players (`count(teams[x].players)`) only
 *   hold for a whole match (the reference decision: "9 equal players under
 *   EqualTeamSizes make a 4v4"), so they are judged on complete candidates.
 *   When such a rule reads nothing but team sizes it also prunes team-size
 *   profiles before any ticket is tried.
 * - Every other rule is checked on each tentative addition, as FlexMatch does:
 *   a ticket that breaks it is not added.
 */
import { expressionReferences } from '../expression/parse.ts';
import type { CompiledRuleSet, CompoundExpr, LatencyRule, Operand, Rule, SortRule } from '../ruleset/types.ts';

export interface RulePlan {
  /** Checked on each tentative addition (names; effective versions come from the expansion level). */
  incremental: string[];
  /** Checked on the complete candidate match. */
  completion: string[];
  /** Completion rules that read only team sizes. */
  sizeOnly: Set<string>;
  /** Top-level latency rules (judged together: a match needs one region for all). */
  latency: string[];
  sorts: SortRule[];
  batchDistance: string[];
  /** Team names (definitions or instances) that some rule names explicitly. */
  namedTeams: Set<string>;
}

/** Builds the plan once per rule set. */
export function planRules(ruleSet: CompiledRuleSet): RulePlan {
  const byName = new Map(ruleSet.rules.map((rule) => [rule.name, rule]));
  const supporting = new Set<string>();
  for (const rule of ruleSet.rules) {
    if (rule.type === 'compound') collectNames(rule.statement, supporting);
  }
  const plan: RulePlan = {
    incremental: [],
    completion: [],
    sizeOnly: new Set(),
    latency: [],
    sorts: [],
    batchDistance: [],
    namedTeams: namedTeams(ruleSet.rules),
  };
  for (const rule of ruleSet.rules) {
    if (rule.type === 'absoluteSort' || rule.type === 'distanceSort') {
      plan.sorts.push(rule);
      continue;
    }
    if (supporting.has(rule.name)) continue;
    if (rule.type === 'latency') {
      plan.latency.push(rule.name);
      continue;
    }
    if (rule.type === 'batchDistance') plan.batchDistance.push(rule.name);
    const usage = teamSizeUsage(rule, byName);
    // Under not/xor an optimistic partial check would turn pessimistic: judge such statements whole.
    if (rule.type === 'compound' && negates(rule.statement)) {
      plan.completion.push(rule.name);
      continue;
    }
    if (usage.countsPlayers) {
      plan.completion.push(rule.name);
      if (!usage.readsPlayers) plan.sizeOnly.add(rule.name);
    } else {
      plan.incremental.push(rule.name);
    }
  }
  return plan;
}

/** Latency rules of a plan, at their effective values. */
export function latencyRules(plan: RulePlan, rules: ReadonlyMap<string, Rule>): LatencyRule[] {
  return plan.latency.map((name) => rules.get(name)).filter((rule): rule is LatencyRule => rule?.type === 'latency');
}

interface SizeUsage {
  /** Some expression counts players. */
  countsPlayers: boolean;
  /** Some expression reads attributes or player ids. */
  readsPlayers: boolean;
}

function teamSizeUsage(rule: Rule, byName: ReadonlyMap<string, Rule>, seen = new Set<string>()): SizeUsage {
  const usage: SizeUsage = { countsPlayers: false, readsPlayers: false };
  if (seen.has(rule.name)) return usage;
  seen.add(rule.name);
  if (rule.type === 'compound') {
    const names = new Set<string>();
    collectNames(rule.statement, names);
    for (const name of names) {
      const inner = byName.get(name);
      if (!inner) continue;
      const innerUsage = teamSizeUsage(inner, byName, seen);
      usage.countsPlayers ||= innerUsage.countsPlayers;
      usage.readsPlayers ||= innerUsage.readsPlayers || !('measurements' in inner);
    }
    return usage;
  }
  if (!('measurements' in rule)) {
    usage.readsPlayers = true;
    return usage;
  }
  const operands: Operand[] = [...rule.measurements, ...(rule.referenceValue ? [rule.referenceValue] : [])];
  for (const operand of operands) {
    if (operand.kind !== 'expression') continue;
    const references = expressionReferences(operand.expr);
    usage.countsPlayers ||= references.usesPlayerCount;
    usage.readsPlayers ||= references.usesAttributes || references.usesPlayerIds;
  }
  return usage;
}

function namedTeams(rules: readonly Rule[]): Set<string> {
  const names = new Set<string>();
  for (const rule of rules) {
    if (!('measurements' in rule)) continue;
    for (const operand of [...rule.measurements, ...(rule.referenceValue ? [rule.referenceValue] : [])]) {
      if (operand.kind !== 'expression') continue;
      for (const team of expressionReferences(operand.expr).teams) names.add(team.name);
    }
  }
  return names;
}

function negates(statement: CompoundExpr): boolean {
  if (statement.op === 'rule') return false;
  if (statement.op === 'not' || statement.op === 'xor') return true;
  return statement.args.some(negates);
}

function collectNames(statement: CompoundExpr, into: Set<string>): void {
  switch (statement.op) {
    case 'rule':
      into.add(statement.name);
      return;
    case 'not':
      collectNames(statement.arg, into);
      return;
    default:
      for (const arg of statement.args) collectNames(arg, into);
  }
}
