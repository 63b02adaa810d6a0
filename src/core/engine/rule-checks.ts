/**
 * Evaluates one rule of the rules language against a draft match.
 *
 * Every check returns whether the rule holds and, when it does not, a reason
 * naming the values and the gap (how far the match is from passing, in the
 * rule's own unit), which the "why is this ticket not matched" view uses.
 *
 * Values that do not exist yet (the average of a team with no players) are
 * skipped, so a rule only fails on data the draft actually has.
 */
import { assertNever } from '../assert-never.ts';
import { compiledDistance, compiledExtent, compiledNumbers, type DistanceSpan, type Extent, type NumericSource } from './compiled-operand.ts';
import {
  asCollections,
  asStringList,
  collectNumbers,
  collectScalars,
  evaluateExpression,
  type Value,
} from '../expression/evaluate.ts';
import type {
  BatchDistanceRule,
  CollectionRule,
  ComparisonOperation,
  ComparisonRule,
  CompoundExpr,
  DistanceRule,
  Operand,
  Rule,
} from '../ruleset/types.ts';
import type { MatchView } from '../expression/evaluate.ts';
import { matchRegions } from './latency.ts';
import type { PartyAggregation, PreparedTicket } from './prepared-ticket.ts';

/** What a rule reads: the match through expressions, and its tickets (latency). */
export interface RuleSubject {
  view(aggregation: PartyAggregation): MatchView;
  /** Present when compiled operands may read the subject directly (a `DraftMatch`). */
  teamNumbers?: NumericSource['teamNumbers'];
  teamStats?: NumericSource['teamStats'];
  readonly teamInstances?: NumericSource['teamInstances'];
  readonly tickets: readonly PreparedTicket[];
  /** A backfill's game session regions, when known: latency rules judge newcomers there. */
  readonly sessionRegions?: readonly string[] | undefined;
}

export interface RuleCheck {
  pass: boolean;
  /** Why the rule failed, with the values involved. */
  reason?: string;
  /** How far the match is from passing, in the rule's unit (distance, count, ms). */
  gap?: number;
}

const PASS: RuleCheck = { pass: true };

/**
 * `partial`: the draft may still grow, so lower bounds that more players can
 * still reach (`minDistance`, `minCount` of `contains`) are not
 * judged yet; a partial check is optimistic and never fails a draft whose
 * completion could pass. `complete`: every bound is judged.
 */
export type CheckPhase = 'partial' | 'complete';

/** Checks `rule` on `draft`; `rules` are the effective rules by name (compound statements look them up). */
export function checkRule(
  rule: Rule,
  draft: RuleSubject,
  rules: ReadonlyMap<string, Rule>,
  phase: CheckPhase = 'complete',
): RuleCheck {
  switch (rule.type) {
    case 'distance':
      return checkDistance(rule, draft, phase);
    case 'comparison':
      return checkComparison(rule, draft);
    case 'collection':
      return checkCollection(rule, draft, phase);
    case 'batchDistance':
      return checkBatchDistance(rule, draft);
    case 'latency': {
      const outcome = matchRegions(draft.tickets, [rule], draft.sessionRegions);
      return outcome.regions.length > 0 ? PASS : { pass: false, reason: 'no region where every player qualifies' };
    }
    case 'absoluteSort':
    case 'distanceSort':
      return PASS;
    case 'compound':
      return evaluateCompound(rule.statement, draft, rules, phase)
        ? PASS
        : { pass: false, reason: `statement ${rule.statementSource} is false` };
    default:
      return assertNever(rule, 'rule');
  }
}

/** The numbers `operand` measures: compiled when the subject and the expression allow it, else interpreted. */
function operandNumbers(operand: Operand, draft: RuleSubject, aggregation: PartyAggregation): number[] {
  const compiled = draft.teamNumbers ? compiledNumbers(operand, draft as RuleSubject & NumericSource, aggregation) : undefined;
  return compiled ?? collectNumbers(operandValue(operand, draft, aggregation));
}

function operandValue(operand: Operand, draft: RuleSubject, aggregation: PartyAggregation): Value {
  return operand.kind === 'literal' ? operand.value : evaluateExpression(operand.expr, draft.view(aggregation));
}

function measuredValues(rule: { measurements: Operand[] }, draft: RuleSubject, aggregation: PartyAggregation): Value[] {
  return rule.measurements.map((operand) => operandValue(operand, draft, aggregation));
}

function checkDistance(rule: DistanceRule, draft: RuleSubject, phase: CheckPhase): RuleCheck {
  // Runs on every tentative addition: plain loops, no intermediate lists beyond the measured numbers.
  const operands = rule.measurements;
  // The distance farthest from a reference lies at the lowest or highest value: those two suffice unless minDistance is judged.
  const extent =
    operands.length === 1 && (rule.minDistance === undefined || phase === 'partial') && draft.teamStats
      ? compiledExtent(operands[0]!, draft as RuleSubject & NumericSource, rule.partyAggregation)
      : undefined;
  if (extent) return distanceOfExtent(rule, draft, extent);
  if (rule.referenceValue && draft.teamStats && compiledDistance(rule, draft as RuleSubject & NumericSource, span)) {
    return span.count === 0 ? PASS : distanceVerdict(rule, span.widest, span.narrowest, phase);
  }
  const measured = operands.length === 1 ? operandNumbers(operands[0]!, draft, rule.partyAggregation) : operands.flatMap((operand) => operandNumbers(operand, draft, rule.partyAggregation));
  if (measured.length === 0) return PASS;
  let widest: number;
  let narrowest: number;
  if (rule.referenceValue) {
    const reference = operandNumbers(rule.referenceValue, draft, rule.partyAggregation)[0];
    if (reference === undefined) return PASS;
    widest = Number.NEGATIVE_INFINITY;
    narrowest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < measured.length; i++) {
      const distance = Math.abs(measured[i]! - reference);
      // Math.max / Math.min semantics: NaN wins.
      widest = distance > widest || Number.isNaN(distance) ? distance : widest;
      narrowest = distance < narrowest || Number.isNaN(distance) ? distance : narrowest;
    }
  } else {
    let high = Number.NEGATIVE_INFINITY;
    let low = Number.POSITIVE_INFINITY;
    for (let i = 0; i < measured.length; i++) {
      const value = measured[i]!;
      high = value > high || Number.isNaN(value) ? value : high;
      low = value < low || Number.isNaN(value) ? value : low;
    }
    widest = narrowest = high - low;
  }
  return distanceVerdict(rule, widest, narrowest, phase);
}

/** Scratch figures of `compiledDistance`, read at once by `checkDistance` (checks never nest). */
const span: DistanceSpan = { count: 0, widest: 0, narrowest: 0 };

function distanceVerdict(rule: DistanceRule, widest: number, narrowest: number, phase: CheckPhase): RuleCheck {
  if (rule.maxDistance !== undefined && widest > rule.maxDistance) return new DistanceFailure(widest, rule.maxDistance, 'exceeds maxDistance');
  // Distances such as a spread (max against min) widen as players join: the lower bound waits for the complete match.
  if (rule.minDistance !== undefined && narrowest < rule.minDistance && phase === 'complete') {
    return new DistanceFailure(narrowest, rule.minDistance, 'is under minDistance');
  }
  return PASS;
}

/**
 * A failed distance check. The search fails thousands of tentative additions
 * and reads none of their reasons (only an explanation does): the reason is
 * written when read, not when the check fails.
 */
class DistanceFailure implements RuleCheck {
  readonly pass = false;
  readonly gap: number;

  constructor(
    readonly distance: number,
    readonly limit: number,
    readonly relation: 'exceeds maxDistance' | 'is under minDistance',
  ) {
    this.gap = Math.abs(distance - limit);
  }

  get reason(): string {
    return `distance ${round(this.distance)} ${this.relation} ${this.limit}`;
  }
}

/** `checkDistance` on the lowest and highest measured values alone (the same figures, hence the same verdict and reason). */
function distanceOfExtent(rule: DistanceRule, draft: RuleSubject, extent: Extent): RuleCheck {
  if (extent.count === 0) return PASS;
  let widest: number;
  if (rule.referenceValue) {
    const reference = operandNumbers(rule.referenceValue, draft, rule.partyAggregation)[0];
    if (reference === undefined) return PASS;
    const fromLow = Math.abs(extent.low - reference);
    const fromHigh = Math.abs(extent.high - reference);
    widest = fromHigh > fromLow || Number.isNaN(fromHigh) ? fromHigh : fromLow;
  } else {
    widest = extent.high - extent.low;
  }
  if (rule.maxDistance !== undefined && widest > rule.maxDistance) return new DistanceFailure(widest, rule.maxDistance, 'exceeds maxDistance');
  return PASS;
}

function checkComparison(rule: ComparisonRule, draft: RuleSubject): RuleCheck {
  const measured = measuredValues(rule, draft, rule.partyAggregation).flatMap(collectScalars);
  if (measured.length === 0) return PASS;
  if (!rule.referenceValue) {
    if (rule.operation === '=') {
      const odd = measured.find((value) => value !== measured[0]);
      return odd === undefined ? PASS : { pass: false, reason: `values differ: ${fmt(measured[0]!)} and ${fmt(odd)}` };
    }
    const seen = new Set<number | string>();
    for (const value of measured) {
      if (seen.has(value)) return { pass: false, reason: `value ${fmt(value)} appears twice`, gap: 1 };
      seen.add(value);
    }
    return PASS;
  }
  const reference = collectScalars(operandValue(rule.referenceValue, draft, rule.partyAggregation))[0];
  if (reference === undefined) return PASS;
  for (const value of measured) {
    if (!compare(value, rule.operation, reference)) {
      const gap = typeof value === 'number' && typeof reference === 'number' ? Math.abs(value - reference) : undefined;
      return {
        pass: false,
        reason: `${fmt(value)} ${rule.operation} ${fmt(reference)} is false`,
        ...(gap !== undefined ? { gap } : {}),
      };
    }
  }
  return PASS;
}

function compare(left: number | string, operation: ComparisonOperation, right: number | string): boolean {
  switch (operation) {
    case '=':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
  }
}

function checkCollection(rule: CollectionRule, draft: RuleSubject, phase: CheckPhase): RuleCheck {
  const collections = measuredValues(rule, draft, rule.partyAggregation).flatMap(asCollections);
  if (collections.length === 0) return PASS;
  const reference = rule.referenceValue
    ? asStringList(operandValue(rule.referenceValue, draft, rule.partyAggregation))
    : [];
  switch (rule.operation) {
    case 'intersection': {
      const shared = collections.reduce((common, list) => common.filter((item) => list.includes(item)));
      // The intersection only shrinks as players join: maxCount waits for the complete match.
      const bounds = phase === 'partial' ? { ...rule, maxCount: undefined } : rule;
      return countWithin(bounds, new Set(shared).size, 'values shared by every player');
    }
    case 'contains': {
      const wanted = reference[0];
      const count = wanted === undefined ? 0 : collections.filter((list) => list.includes(wanted)).length;
      // The count only grows as players join: minCount waits for the complete match.
      const bounds = phase === 'partial' ? { ...rule, minCount: undefined } : rule;
      return countWithin(bounds, count, `collections containing ${fmt(wanted ?? '')}`);
    }
    case 'reference_intersection_count': {
      const allowed = new Set(reference);
      for (const list of collections) {
        const count = new Set(list.filter((item) => allowed.has(item))).size;
        const check = countWithin(rule, count, `items of [${list.join(', ')}] in the reference`);
        if (!check.pass) return check;
      }
      return PASS;
    }
  }
}

function countWithin(rule: CollectionRule, count: number, what: string): RuleCheck {
  if (rule.minCount !== undefined && count < rule.minCount) {
    return { pass: false, reason: `${count} ${what}, minCount is ${rule.minCount}`, gap: rule.minCount - count };
  }
  if (rule.maxCount !== undefined && count > rule.maxCount) {
    return { pass: false, reason: `${count} ${what}, maxCount is ${rule.maxCount}`, gap: count - rule.maxCount };
  }
  return PASS;
}

function checkBatchDistance(rule: BatchDistanceRule, draft: RuleSubject): RuleCheck {
  const values = draft
    .view(rule.partyAggregation)
    .teams.flatMap((team) => team.players.map((player) => player.attributes[rule.batchAttribute]));
  const numbers = values.filter((value): value is number => typeof value === 'number');
  if (numbers.length > 0 && rule.maxDistance !== undefined) {
    const spread = Math.max(...numbers) - Math.min(...numbers);
    return spread <= rule.maxDistance
      ? PASS
      : { pass: false, reason: `${rule.batchAttribute} spread ${round(spread)} exceeds maxDistance ${rule.maxDistance}`, gap: spread - rule.maxDistance };
  }
  const strings = values.filter((value): value is string => typeof value === 'string');
  const odd = strings.find((value) => value !== strings[0]);
  return odd === undefined ? PASS : { pass: false, reason: `${rule.batchAttribute} differs: ${fmt(strings[0]!)} and ${fmt(odd)}` };
}

function evaluateCompound(
  statement: CompoundExpr,
  draft: RuleSubject,
  rules: ReadonlyMap<string, Rule>,
  phase: CheckPhase,
): boolean {
  const evaluate = (inner: CompoundExpr) => evaluateCompound(inner, draft, rules, phase);
  switch (statement.op) {
    case 'rule': {
      const rule = rules.get(statement.name);
      return rule ? checkRule(rule, draft, rules, phase).pass : false;
    }
    case 'not':
      return !evaluate(statement.arg);
    case 'and':
      return statement.args.every(evaluate);
    case 'or':
      return statement.args.some(evaluate);
    case 'xor':
      return statement.args.filter(evaluate).length === 1;
  }
}

function fmt(value: number | string): string {
  return typeof value === 'number' ? String(round(value)) : JSON.stringify(value);
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

