/**
 * Necessary conditions: a cheap, monotone stand-in for the incremental rules,
 * used by the exhaustive search to see ahead which candidates can still join
 * a draft.
 *
 * Some rules only get harder to pass as players join: all values equal
 * (`comparison` `=` without a reference, a string `batchDistance`), a spread
 * under a limit (`max(...)` against `min(...)` of one attribute, a numeric
 * `batchDistance`), a `contains` count under `maxCount`, a latency region
 * every ticket qualifies in, and `and`/`or` of such rules in a compound
 * statement. For those, a ticket that fails next to a draft fails next to
 * every larger draft, so the search can count the players that may still
 * join and give up on a branch that cannot reach its team sizes. Rules of
 * other shapes (averages, team-specific expressions) are read as "always
 * possible", so the conditions never reject a draft the rules accept.
 *
 * Each condition is summarised per ticket once per pass (values under the
 * rule's party aggregation) and per draft as the search adds tickets, so a
 * check is a few comparisons instead of an expression evaluation.
 */
import type { Expr } from '../expression/ast.ts';
import type { CompiledRuleSet, CompoundExpr, Operand, Rule } from '../ruleset/types.ts';
import type { ExpansionSchedule } from './expansions.ts';
import type { PartyAggregation, PreparedTicket } from './prepared-ticket.ts';
import type { RulePlan } from './rule-plan.ts';

type Leaf =
  /** Every player's value of `attribute` is the same (strings only with `stringsOnly`). */
  | { kind: 'same'; attribute: string; aggregation: PartyAggregation; stringsOnly: boolean }
  /** Largest minus smallest value of `attribute` is at most the rule's `maxDistance`. */
  | { kind: 'spread'; attribute: string; aggregation: PartyAggregation; rule: string }
  /** Players whose list `attribute` holds `item` are at most the rule's `maxCount`. */
  | { kind: 'contains'; attribute: string; aggregation: PartyAggregation; item: string; rule: string }
  /** Some region where every ticket's latency is at most the rule's `maxLatency`. */
  | { kind: 'latency'; aggregation: PartyAggregation; rule: string };

type Condition = { op: 'leaf'; index: number } | { op: 'and' | 'or'; args: Condition[] };

/** What a set of tickets holds for one leaf. */
type LeafState =
  | { kind: 'same'; value: string | number | undefined; conflict: boolean }
  | { kind: 'spread'; min: number; max: number }
  | { kind: 'contains'; count: number }
  /** Per region, the highest latency of the set; regions some ticket lacks are absent. `null`: no ticket yet. */
  | { kind: 'latency'; worst: Map<string, number> | null };

/** A draft's summary: one state per leaf. */
export type DraftSummary = readonly LeafState[];

/** The monotone conditions of a rule set, with per-ticket summaries cached for one pass. */
export class NecessaryConditions {
  private readonly leaves: Leaf[] = [];
  private readonly condition: Condition;
  private readonly ticketStates = new Map<PreparedTicket, LeafState[]>();
  /** Leaf thresholds at the loosest expansion level up to an age, by age breakpoint. */
  private readonly breakpoints: number[];
  private readonly thresholdCache = new Map<number, number[]>();

  private constructor(
    ruleSet: CompiledRuleSet,
    plan: RulePlan,
    private readonly schedule: ExpansionSchedule,
  ) {
    const byName = new Map(ruleSet.rules.map((rule) => [rule.name, rule]));
    const types = new Map(ruleSet.playerAttributes.map((a) => [a.name, a.type]));
    const args: Condition[] = [];
    for (const name of [...plan.incremental, ...plan.latency]) {
      const condition = this.ruleCondition(byName.get(name), byName, types);
      if (condition) args.push(condition);
    }
    this.condition = { op: 'and', args };
    const ages = new Set<number>([0]);
    for (const expansion of ruleSet.expansions) for (const step of expansion.steps) ages.add(step.waitTimeSeconds);
    this.breakpoints = [...ages].sort((a, b) => a - b);
  }

  /** The conditions of `ruleSet`, or null when none of its incremental rules has a monotone shape. */
  static of(ruleSet: CompiledRuleSet, plan: RulePlan, schedule: ExpansionSchedule): NecessaryConditions | null {
    const conditions = new NecessaryConditions(ruleSet, plan, schedule);
    return conditions.leaves.length > 0 ? conditions : null;
  }

  /** The summary of no tickets. */
  empty(): DraftSummary {
    return this.leaves.map((leaf): LeafState => {
      switch (leaf.kind) {
        case 'same':
          return { kind: 'same', value: undefined, conflict: false };
        case 'spread':
          return { kind: 'spread', min: Infinity, max: -Infinity };
        case 'contains':
          return { kind: 'contains', count: 0 };
        case 'latency':
          return { kind: 'latency', worst: null };
      }
    });
  }

  /** `summary` with `ticket` added. */
  add(summary: DraftSummary, ticket: PreparedTicket): DraftSummary {
    const own = this.statesOf(ticket);
    return summary.map((state, i) => merge(state, own[i]!));
  }

  /**
   * Whether `ticket` could join a draft summarised by `summary` whose wait
   * time can never exceed `maxAgeSeconds` (the rules are read at their
   * loosest expansion up to that age). False means no larger draft holding
   * both can pass the incremental rules.
   */
  admits(summary: DraftSummary, ticket: PreparedTicket, maxAgeSeconds: number): boolean {
    return holds(this.condition, summary, this.statesOf(ticket), this.thresholds(maxAgeSeconds));
  }

  private statesOf(ticket: PreparedTicket): LeafState[] {
    let states = this.ticketStates.get(ticket);
    if (!states) {
      states = this.leaves.map((leaf) => ticketState(leaf, ticket));
      this.ticketStates.set(ticket, states);
    }
    return states;
  }

  /** Each leaf's limit at the loosest expansion level reached by `ageSeconds` (Infinity: no limit). */
  private thresholds(ageSeconds: number): number[] {
    let index = 0;
    while (index + 1 < this.breakpoints.length && this.breakpoints[index + 1]! <= ageSeconds) index++;
    let limits = this.thresholdCache.get(index);
    if (!limits) {
      limits = this.leaves.map(() => -Infinity);
      for (let level = 0; level <= index; level++) {
        const rules = this.schedule.at(this.breakpoints[level]!).rules;
        this.leaves.forEach((leaf, i) => (limits![i] = Math.max(limits![i]!, leafLimit(leaf, rules))));
      }
      this.thresholdCache.set(index, limits);
    }
    return limits;
  }

  private ruleCondition(
    rule: Rule | undefined,
    byName: ReadonlyMap<string, Rule>,
    types: ReadonlyMap<string, string>,
  ): Condition | null {
    if (!rule) return null;
    const leaf = (value: Leaf): Condition => ({ op: 'leaf', index: this.leaves.push(value) - 1 });
    switch (rule.type) {
      case 'comparison': {
        const attribute = rule.referenceValue ? undefined : playerAttributeOf(rule.measurements);
        if (rule.operation !== '=' || !attribute || !['string', 'number'].includes(types.get(attribute) ?? '')) return null;
        return leaf({ kind: 'same', attribute, aggregation: rule.partyAggregation, stringsOnly: false });
      }
      case 'distance': {
        const attribute = spreadAttribute(rule.measurements, rule.referenceValue);
        if (!attribute || types.get(attribute) !== 'number' || rule.maxDistance === undefined) return null;
        return leaf({ kind: 'spread', attribute, aggregation: rule.partyAggregation, rule: rule.name });
      }
      case 'batchDistance': {
        const type = types.get(rule.batchAttribute);
        const common = { attribute: rule.batchAttribute, aggregation: rule.partyAggregation };
        if (type === 'number' && rule.maxDistance !== undefined) return leaf({ kind: 'spread', ...common, rule: rule.name });
        if (type === 'string' && rule.maxDistance === undefined) return leaf({ kind: 'same', ...common, stringsOnly: true });
        return null;
      }
      case 'collection': {
        const attribute = playerAttributeOf(rule.measurements, true);
        const item = rule.referenceValue?.kind === 'literal' ? rule.referenceValue.value : undefined;
        if (rule.operation !== 'contains' || !attribute || types.get(attribute) !== 'string_list' || typeof item !== 'string') return null;
        if (rule.maxCount === undefined) return null;
        return leaf({ kind: 'contains', attribute, aggregation: rule.partyAggregation, item, rule: rule.name });
      }
      case 'latency':
        return leaf({ kind: 'latency', aggregation: rule.partyAggregation, rule: rule.name });
      case 'compound':
        return this.statementCondition(rule.statement, byName, types);
      case 'absoluteSort':
      case 'distanceSort':
        return null;
    }
  }

  /** `and`/`or` of the supporting rules; an unknown part of an `or` makes the whole `or` unknown. */
  private statementCondition(
    statement: CompoundExpr,
    byName: ReadonlyMap<string, Rule>,
    types: ReadonlyMap<string, string>,
  ): Condition | null {
    switch (statement.op) {
      case 'rule':
        return this.ruleCondition(byName.get(statement.name), byName, types);
      case 'and': {
        const args = statement.args.map((arg) => this.statementCondition(arg, byName, types)).filter((c) => c !== null);
        return args.length > 0 ? { op: 'and', args } : null;
      }
      case 'or': {
        const args = statement.args.map((arg) => this.statementCondition(arg, byName, types));
        return args.every((c) => c !== null) ? { op: 'or', args: args as Condition[] } : null;
      }
      case 'not':
      case 'xor':
        return null;
    }
  }
}

/** `teams[*].players.attributes[a]` (or its `flatten`): the attribute `a`, as the only measurement. */
function playerAttributeOf(measurements: readonly Operand[], flattenOnly = false): string | undefined {
  if (measurements.length !== 1 || measurements[0]!.kind !== 'expression') return undefined;
  return perPlayerAttribute(measurements[0]!.expr, flattenOnly);
}

function perPlayerAttribute(expr: Expr, flattenOnly: boolean): string | undefined {
  const inner = expr.kind === 'call' && expr.fn === 'flatten' ? expr.arg : flattenOnly ? undefined : expr;
  if (inner?.kind !== 'attribute' || inner.target.playerId || inner.target.target.names !== null) return undefined;
  return inner.name;
}

/** `max(P)` against `min(P)` (either way round), or `P` with no reference: a spread of one attribute. */
function spreadAttribute(measurements: readonly Operand[], reference: Operand | undefined): string | undefined {
  if (!reference) return playerAttributeOf(measurements);
  if (measurements.length !== 1 || measurements[0]!.kind !== 'expression' || reference.kind !== 'expression') return undefined;
  const a = measurements[0]!.expr;
  const b = reference.expr;
  if (a.kind !== 'call' || b.kind !== 'call') return undefined;
  const pair = [a.fn, b.fn].sort().join(',');
  if (pair !== 'max,min') return undefined;
  const left = perPlayerAttribute(a.arg, true);
  return left !== undefined && left === perPlayerAttribute(b.arg, true) ? left : undefined;
}

function holds(condition: Condition, summary: DraftSummary, own: readonly LeafState[], limits: readonly number[]): boolean {
  switch (condition.op) {
    case 'leaf':
      return leafHolds(merge(summary[condition.index]!, own[condition.index]!), limits[condition.index]!);
    case 'and':
      for (const arg of condition.args) if (!holds(arg, summary, own, limits)) return false;
      return true;
    case 'or':
      for (const arg of condition.args) if (holds(arg, summary, own, limits)) return true;
      return false;
  }
}

function leafLimit(leaf: Leaf, rules: ReadonlyMap<string, Rule>): number {
  if (leaf.kind === 'same') return 0;
  const rule = rules.get(leaf.rule);
  let limit: number | undefined;
  if (leaf.kind === 'spread' && (rule?.type === 'distance' || rule?.type === 'batchDistance')) limit = rule.maxDistance;
  if (leaf.kind === 'contains' && rule?.type === 'collection') limit = rule.maxCount;
  if (leaf.kind === 'latency' && rule?.type === 'latency') limit = rule.maxLatency;
  return limit ?? Infinity;
}

function ticketState(leaf: Leaf, ticket: PreparedTicket): LeafState {
  if (leaf.kind === 'latency') {
    const latency = ticket.latencyFor(leaf.aggregation === 'min' || leaf.aggregation === 'max' ? leaf.aggregation : 'avg') ?? {};
    return { kind: 'latency', worst: new Map(Object.entries(latency)) };
  }
  const values = ticket.playersFor(leaf.aggregation).map((player) => player.attributes[leaf.attribute]);
  switch (leaf.kind) {
    case 'same': {
      let state: LeafState = { kind: 'same', value: undefined, conflict: false };
      for (const value of values) {
        if (typeof value === 'string' || (typeof value === 'number' && !leaf.stringsOnly)) state = merge(state, { kind: 'same', value, conflict: false });
      }
      return state;
    }
    case 'spread': {
      const numbers = values.filter((value): value is number => typeof value === 'number');
      return { kind: 'spread', min: Math.min(...numbers), max: Math.max(...numbers) };
    }
    case 'contains':
      return { kind: 'contains', count: values.filter((value) => Array.isArray(value) && value.includes(leaf.item)).length };
  }
}

function merge(a: LeafState, b: LeafState): LeafState {
  switch (a.kind) {
    case 'same': {
      const other = b as typeof a;
      if (a.value === undefined || other.value === undefined) {
        return { kind: 'same', value: a.value ?? other.value, conflict: a.conflict || other.conflict };
      }
      return { kind: 'same', value: a.value, conflict: a.conflict || other.conflict || a.value !== other.value };
    }
    case 'spread': {
      const other = b as typeof a;
      return { kind: 'spread', min: Math.min(a.min, other.min), max: Math.max(a.max, other.max) };
    }
    case 'contains':
      return { kind: 'contains', count: a.count + (b as typeof a).count };
    case 'latency': {
      const other = (b as typeof a).worst;
      if (a.worst === null || other === null) return { kind: 'latency', worst: a.worst ?? other };
      const worst = new Map<string, number>();
      for (const [region, ms] of a.worst) {
        const theirs = other.get(region);
        if (theirs !== undefined) worst.set(region, Math.max(ms, theirs));
      }
      return { kind: 'latency', worst };
    }
  }
}

function leafHolds(state: LeafState, limit: number): boolean {
  switch (state.kind) {
    case 'same':
      return !state.conflict;
    case 'spread':
      return !(state.max - state.min > limit);
    case 'contains':
      return state.count <= limit;
    case 'latency': {
      if (state.worst === null) return true;
      for (const ms of state.worst.values()) if (ms <= limit) return true;
      return false;
    }
  }
}
