/**
 * Nearest candidates first (the reference decision "Candidate order"): a
 * batch's tickets sorted once on the value its `distance` rules measure, so
 * that an anchor's candidates come as a window growing around the anchor's
 * own value, nearest first, ties to the older ticket, in O(log n + k) for k
 * candidates. Tickets that leave the batch (matched) are unlinked, so later
 * windows do not walk over them. Tickets without the value come last, in age
 * order; with no distance rule the order is age alone.
 */
import type { Expr } from '../expression/ast.ts';
import type { CompiledRuleSet, NumericAggregation, Rule } from '../ruleset/types.ts';
import { expressionReferences } from '../expression/parse.ts';
import type { PreparedTicket } from './prepared-ticket.ts';
import { orderByValue } from './radix-order.ts';

/** The value candidates are ordered by nearness on: a number attribute a `distance` rule measures. */
export interface NearnessKey {
  attribute: string;
  aggregation: NumericAggregation;
}

/**
 * The first number attribute that a `distance` rule of the rule set measures,
 * if any. Only rules that must hold count (`judged`: not the supporting rules
 * of a compound statement, which may be one alternative among several).
 */
export function nearnessKey(ruleSet: CompiledRuleSet, judged: ReadonlySet<string>): NearnessKey | undefined {
  const numeric = new Set(ruleSet.playerAttributes.filter((a) => a.type === 'number').map((a) => a.name));
  for (const rule of ruleSet.rules) {
    if (rule.type !== 'distance' || !judged.has(rule.name)) continue;
    for (const operand of rule.measurements) {
      if (operand.kind !== 'expression') continue;
      const attribute = expressionReferences(operand.expr).attributes.find((ref) => numeric.has(ref.name));
      if (attribute) return { attribute: attribute.name, aggregation: rule.partyAggregation };
    }
  }
  return undefined;
}

/**
 * How far from the anchor's value a candidate can lie at all: the
 * `maxDistance` of a rule checked on every addition that bounds the spread
 * of every player's value (`flatten(teams[*].players.attributes[key])`, no
 * reference value). Infinity when no rule bounds it.
 */
export function spreadReach(key: NearnessKey | undefined, incremental: readonly string[], rules: ReadonlyMap<string, Rule>): number {
  let reach = Number.POSITIVE_INFINITY;
  if (!key) return reach;
  for (const name of incremental) {
    const rule = rules.get(name);
    if (rule?.type !== 'distance' || rule.referenceValue || rule.maxDistance === undefined) continue;
    if (rule.partyAggregation !== key.aggregation) continue;
    const spansAll = rule.measurements.some((operand) => operand.kind === 'expression' && isEveryPlayersValue(operand.expr, key.attribute));
    if (spansAll) reach = Math.min(reach, rule.maxDistance);
  }
  return reach;
}

function isEveryPlayersValue(expr: Expr, attribute: string): boolean {
  return (
    expr.kind === 'call' &&
    expr.fn === 'flatten' &&
    expr.arg.kind === 'attribute' &&
    expr.arg.name === attribute &&
    expr.arg.target.target.names === null
  );
}

/** The value window a walk covered: set when `around` ran to its end. */
export interface WalkExtent {
  low: number;
  high: number;
}

export class CandidateIndex {
  /** Tickets with the key's value, ascending by value, then age. */
  private readonly sorted: PreparedTicket[];
  private readonly values: Float64Array;
  /** Each slot's place in the age order (`byAgeOrder`), so that a tie on nearness is settled without comparing ids. */
  private readonly ages: Int32Array;
  /** Tickets without the value (or every ticket, with no key), in age order. */
  private readonly rest: PreparedTicket[];
  /** Union-find links to the nearest live slot at or left (right) of each slot; -1 / n past the ends. */
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  /** 1 for a removed ticket, by slot: the keyed slots first, then those of `rest`. */
  private readonly gone: Uint8Array;
  /** With `pairs`: each slot's partner in the pairing of least total gap (-1: left out). */
  private readonly partner: Int32Array;

  /**
   * `pairs`: matches hold two tickets (a 1v1 of solo tickets). The anchor's
   * first candidate is then its partner in the pairing of the batch with the
   * least total gap, when that partner is still there: greedy nearest pairs
   * strand tickets far from every partner, the least-gap pairing does not.
   */
  constructor(
    /** The batch sorted by `byAge` (ordering.ts). */
    byAgeOrder: readonly PreparedTicket[],
    readonly key: NearnessKey | undefined,
    pairs = false,
  ) {
    const keyed: PreparedTicket[] = [];
    const keyedValues: number[] = [];
    this.rest = [];
    for (const ticket of byAgeOrder) {
      const value = key ? ticket.numberFor(key.attribute, key.aggregation) : undefined;
      if (value === undefined) this.rest.push(ticket);
      else {
        keyed.push(ticket);
        keyedValues.push(value);
      }
    }
    // Ties by age: the input's order (byAgeOrder), not another comparison of ids.
    const raw = Float64Array.from(keyedValues);
    const order = orderByValue(raw);
    this.sorted = new Array<PreparedTicket>(keyed.length);
    this.values = new Float64Array(keyed.length);
    this.ages = new Int32Array(keyed.length);
    for (let i = 0; i < keyed.length; i++) {
      const position = order[i]!;
      this.sorted[i] = keyed[position]!;
      this.values[i] = raw[position]!;
      this.ages[i] = position;
    }
    const n = this.sorted.length;
    this.left = new Int32Array(n);
    this.right = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      this.left[i] = i;
      this.right[i] = i;
      this.sorted[i]!.indexOwner = this;
      this.sorted[i]!.indexSlot = i;
    }
    for (let j = 0; j < this.rest.length; j++) {
      this.rest[j]!.indexOwner = this;
      this.rest[j]!.indexSlot = n + j;
    }
    this.gone = new Uint8Array(n + this.rest.length);
    this.partner = pairs ? leastGapPairing(this.values) : new Int32Array(0);
  }

  /**
   * The gap between `ticket`'s value and its nearest neighbour's in the
   * batch as built (Infinity without a value): among tickets of the same
   * age, the one with the closest partner anchors first, so that a tie on
   * age is settled by "the closer match wins".
   */
  nearestGap(ticket: PreparedTicket): number {
    const at = this.slotOf(ticket);
    if (at < 0 || at >= this.sorted.length) return Number.POSITIVE_INFINITY;
    const value = this.values[at]!;
    const below = at > 0 ? value - this.values[at - 1]! : Number.POSITIVE_INFINITY;
    const above = at + 1 < this.values.length ? this.values[at + 1]! - value : Number.POSITIVE_INFINITY;
    return Math.min(below, above);
  }

  /** Takes `ticket` out of every later window. */
  remove(ticket: PreparedTicket): void {
    const at = this.slotOf(ticket);
    if (at < 0) return;
    this.gone[at] = 1;
    if (at >= this.sorted.length) return;
    this.left[at] = at - 1;
    this.right[at] = at + 1;
  }

  /**
   * Visits the live tickets other than `anchor`, nearest to the anchor's
   * value first (ties to the older), then those without a value in age
   * order, until `visit` returns false. `visit` gets each ticket's distance
   * from the anchor's value (Infinity for a ticket without one, or with no
   * anchor value). Returns the value window the walk covered, when it ran to
   * its end and that window is bounded by `reach`; undefined otherwise. A
   * callback, not a generator: it runs for every candidate of every anchor.
   */
  walk(anchor: PreparedTicket, reach: number, visit: (ticket: PreparedTicket, distance: number) => boolean): WalkExtent | undefined {
    const n = this.sorted.length;
    const own = this.valueOf(anchor);
    const sorted = this.sorted;
    const values = this.values;
    let extent: WalkExtent | undefined;
    if (own !== undefined && n > 0) {
      const mine = this.partner.length > 0 ? this.partner[this.slotOf(anchor)] : undefined;
      const preferred = mine !== undefined && mine >= 0 ? sorted[mine]! : undefined;
      if (preferred && this.gone[mine!] === 0 && Math.abs(values[mine!]! - own) <= reach) {
        if (!visit(preferred, Math.abs(values[mine!]! - own))) return undefined;
      }
      let hi = this.findRight(lowerBound(values, own));
      let lo = this.findLeft(hi - 1);
      for (;;) {
        const dl = lo >= 0 ? own - values[lo]! : Number.POSITIVE_INFINITY;
        const dh = hi < n ? values[hi]! - own : Number.POSITIVE_INFINITY;
        const lowOk = lo >= 0 && dl <= reach;
        const highOk = hi < n && dh <= reach;
        if (!lowOk && !highOk) break;
        // A tie goes to the older ticket: the earlier in byAgeOrder, which is sorted by byAge.
        const takeLow = !highOk || (lowOk && (dl < dh || (dl === dh && this.ages[lo]! < this.ages[hi]!)));
        const ticket = takeLow ? sorted[lo]! : sorted[hi]!;
        const distance = takeLow ? dl : dh;
        if (takeLow) lo = this.findLeft(lo - 1);
        else hi = this.findRight(hi + 1);
        // findLeft / findRight only land on live slots: no removed ticket is met here.
        if (ticket !== anchor && ticket !== preferred && !visit(ticket, distance)) return undefined;
      }
      // Beyond the reach no ticket can ever join; with no reach the walk went to both ends.
      if (this.rest.length === 0) extent = { low: own - reach, high: own + reach };
    } else {
      // No value to be near to: the value order stands.
      for (let i = 0; i < n; i++) {
        const ticket = sorted[i]!;
        if (ticket !== anchor && this.gone[i] === 0 && !visit(ticket, Number.POSITIVE_INFINITY)) return undefined;
      }
    }
    for (let j = 0; j < this.rest.length; j++) {
      const ticket = this.rest[j]!;
      if (ticket !== anchor && this.gone[n + j] === 0 && !visit(ticket, Number.POSITIVE_INFINITY)) return undefined;
    }
    return extent ?? { low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY };
  }

  /** The anchor's value under the key, if any. */
  valueOf(ticket: PreparedTicket): number | undefined {
    const at = this.slotOf(ticket);
    if (at >= 0) return at < this.sorted.length ? this.values[at]! : undefined;
    return this.key ? ticket.numberFor(this.key.attribute, this.key.aggregation) : undefined;
  }

  /** Whether `ticket` was taken out (`remove`): matched in this pass. */
  removed(ticket: PreparedTicket): boolean {
    const at = this.slotOf(ticket);
    return at >= 0 && this.gone[at] === 1;
  }

  /** The ticket's slot in this index, -1 if it is not here. */
  private slotOf(ticket: PreparedTicket): number {
    return ticket.indexOwner === this ? ticket.indexSlot : -1;
  }

  private findLeft(i: number): number {
    if (i < 0) return -1;
    let root = i;
    while (root >= 0 && this.left[root] !== root) root = this.left[root]!;
    while (i > root) {
      const next = this.left[i]!;
      this.left[i] = root;
      i = next;
    }
    return root;
  }

  private findRight(i: number): number {
    const n = this.sorted.length;
    if (i >= n) return n;
    let root = i;
    while (root < n && this.right[root] !== root) root = this.right[root]!;
    while (i < root) {
      const next = this.right[i]!;
      this.right[i] = root;
      i = next;
    }
    return root;
  }
}

/**
 * Pairs neighbours of ascending `values` so that the sum of the gaps is least
 * (with an odd count, the one left out is chosen by the same measure): in one
 * dimension the best pairing only ever pairs neighbours. O(n).
 */
export function leastGapPairing(values: Float64Array): Int32Array {
  const n = values.length;
  const partner = new Int32Array(n).fill(-1);
  if (n < 2) return partner;
  // cost[s][i]: least gap over the first i values with s (0 or 1) of them left out.
  const cost = [new Float64Array(n + 1).fill(Infinity), new Float64Array(n + 1).fill(Infinity)];
  const skip = n % 2;
  cost[0]![0] = 0;
  for (let i = 1; i <= n; i++) {
    for (let s = 0; s <= skip; s++) {
      let best = i >= 2 ? cost[s]![i - 2]! + values[i - 1]! - values[i - 2]! : Infinity;
      if (s === 1) best = Math.min(best, cost[0]![i - 1]!);
      cost[s]![i] = best;
    }
  }
  let i = n;
  let s = skip;
  while (i > 0) {
    const paired = i >= 2 ? cost[s]![i - 2]! + values[i - 1]! - values[i - 2]! : Infinity;
    if (s === 1 && cost[0]![i - 1]! <= paired) {
      s = 0;
      i -= 1;
      continue;
    }
    partner[i - 1] = i - 2;
    partner[i - 2] = i - 1;
    i -= 2;
  }
  return partner;
}

/** First index whose value is at least `value`. */
function lowerBound(values: Float64Array, value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
