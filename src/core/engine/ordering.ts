/**
 * Batching and candidate order for exhaustive search.
 *
 * The guide's algorithm: the pool is split into batches (randomly, or after a
 * pre-sort on `sortByAttributes`, and never across different values of a
 * string `batchDistance` attribute); each batch is sorted by age (and by
 * request type under `backfillPriority`); a match is built around the oldest
 * ticket (the anchor), trying candidates in the order the sort rules give,
 * relative to the anchor.
 */
import type { AttributeValue, CompiledRuleSet, SortRule } from '../ruleset/types.ts';
import type { PreparedTicket } from './prepared-ticket.ts';
import { shuffled } from './random.ts';
import { orderByValue } from './radix-order.ts';

/** Largest batch, in tickets: larger pools are split, as FlexMatch does to keep batches fast. */
export const BATCH_SIZE = 400;

/** Oldest first; ties broken by ticket id so a pass is deterministic. */
export function byAge(a: PreparedTicket, b: PreparedTicket): number {
  return a.createdAtMs - b.createdAtMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Splits the pool into batches. `stringBatchAttributes` are the attributes of
 * string `batchDistance` rules; `numericBatchAttributes` of numeric ones
 * (tickets are sorted on them so that close values share a batch).
 */
export function formBatches(
  tickets: readonly PreparedTicket[],
  ruleSet: CompiledRuleSet,
  stringBatchAttributes: readonly string[],
  numericBatchAttributes: readonly string[],
  random: () => number,
  batchSize = BATCH_SIZE,
): PreparedTicket[][] {
  const partitions = new Map<string, PreparedTicket[]>();
  // Without a string batchDistance attribute the pool is one partition (no key to write per ticket).
  if (stringBatchAttributes.length === 0) partitions.set('', tickets.slice());
  else for (const ticket of tickets) {
    const key = JSON.stringify(stringBatchAttributes.map((name) => ticket.valueFor(name) ?? null));
    let partition = partitions.get(key);
    if (!partition) partitions.set(key, (partition = []));
    partition.push(ticket);
  }
  const batches: PreparedTicket[][] = [];
  for (const partition of partitions.values()) {
    let ordered: PreparedTicket[];
    const sortKeys =
      ruleSet.algorithm.batchingPreference === 'sorted'
        ? [...ruleSet.algorithm.sortByAttributes, ...numericBatchAttributes]
        : numericBatchAttributes;
    if (partition.length <= batchSize) ordered = partition;
    else if (sortKeys.length > 0) ordered = partition.slice().sort((a, b) => compareAttributes(a, b, sortKeys));
    else ordered = shuffled(partition, random);
    for (let start = 0; start < ordered.length; start += batchSize) {
      batches.push(ordered.slice(start, start + batchSize));
    }
  }
  return batches;
}

function compareAttributes(a: PreparedTicket, b: PreparedTicket, names: readonly string[]): number {
  for (const name of names) {
    const order = compareValues(a.valueFor(name), b.valueFor(name));
    if (order !== 0) return order;
  }
  return byAge(a, b);
}

function compareValues(a: AttributeValue | undefined, b: AttributeValue | undefined): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return 0;
}

/**
 * The order anchors are tried in within a batch: by age, with backfill tickets
 * first (`backfillPriority: "high"`) or last (`"low"`). Among tickets of the
 * same age, `closeness` (smaller first) settles the tie before the id.
 */
export function anchorOrder(
  batch: readonly PreparedTicket[],
  ruleSet: CompiledRuleSet,
  closeness: (ticket: PreparedTicket) => number = () => 0,
): PreparedTicket[] {
  const priority = ruleSet.algorithm.backfillPriority;
  const rank = (ticket: PreparedTicket): number =>
    priority === 'normal' ? 0 : (ticket.isBackfill ? 0 : 1) * (priority === 'high' ? 1 : -1);
  // Ties after closeness go by age (byAge); positions in age order stand for it, without comparing ids again.
  const aged = batch.slice().sort(byAge);
  const first = aged.length > 0 ? rank(aged[0]!) : 0;
  if (aged.every((ticket) => rank(ticket) === first)) return byCloseness(aged, closeness);
  const keyed = aged.map((ticket, position) => ({ ticket, rank: rank(ticket), close: closeness(ticket), position }));
  keyed.sort((a, b) => a.rank - b.rank || a.ticket.createdAtMs - b.ticket.createdAtMs || a.close - b.close || a.position - b.position);
  return keyed.map((entry) => entry.ticket);
}

/**
 * `anchorOrder` when every ticket has the same rank: tickets in age order,
 * each run of equal creation times ordered by `closeness`, ties in age order
 * (the same order as the comparison, without sorting runs of one).
 */
function byCloseness(aged: PreparedTicket[], closeness: (ticket: PreparedTicket) => number): PreparedTicket[] {
  const out = aged.slice();
  for (let start = 0; start < aged.length; ) {
    let end = start + 1;
    while (end < aged.length && aged[end]!.createdAtMs === aged[start]!.createdAtMs) end++;
    if (end - start > 1) {
      const close = new Float64Array(end - start);
      for (let i = start; i < end; i++) close[i - start] = closeness(aged[i]!);
      const order = orderByValue(close);
      for (let i = 0; i < order.length; i++) out[start + i] = aged[start + order[i]!]!;
    }
    start = end;
  }
  return out;
}

/**
 * Orders candidates for an anchor by the rule set's sort rules, in the order
 * they are listed (the first is the primary key), then in the order given
 * (nearest first, then oldest: see candidate-index.ts); with no sort rules
 * it is returned as is.
 */
export function sortCandidates(
  anchor: PreparedTicket,
  candidates: PreparedTicket[],
  sorts: readonly SortRule[],
): PreparedTicket[] {
  if (sorts.length === 0) return candidates;
  const keyed = candidates.map((ticket, index) => ({ ticket, index, keys: sorts.map((rule) => sortKey(rule, anchor, ticket)) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < sorts.length; i++) {
      const order = a.keys[i]! - b.keys[i]!;
      if (order !== 0 && !Number.isNaN(order)) return order;
    }
    return a.index - b.index;
  });
  return keyed.map((entry) => entry.ticket);
}

/** A number that sorts ascending in the rule's direction; missing values sort last. */
function sortKey(rule: SortRule, anchor: PreparedTicket, ticket: PreparedTicket): number {
  const key = rule.mapKey ? anchorMapKey(rule, anchor) : undefined;
  const value = numericValue(rule, ticket, key);
  if (value === undefined) return Number.POSITIVE_INFINITY;
  let measure = value;
  if (rule.type === 'distanceSort') {
    const reference = numericValue(rule, anchor, key);
    if (reference === undefined) return Number.POSITIVE_INFINITY;
    measure = Math.abs(value - reference);
  }
  return rule.sortDirection === 'ascending' ? measure : -measure;
}

/** With `mapKey`, the key of the anchor's map with the highest (`maxValue`) or lowest (`minValue`) value. */
function anchorMapKey(rule: SortRule, anchor: PreparedTicket): string | undefined {
  const map = anchor.valueFor(rule.sortAttribute);
  if (!map || typeof map !== 'object' || Array.isArray(map)) return undefined;
  let best: string | undefined;
  for (const [key, value] of Object.entries(map)) {
    if (best === undefined || (rule.mapKey === 'maxValue' ? value > map[best]! : value < map[best]!)) best = key;
  }
  return best;
}

function numericValue(rule: SortRule, ticket: PreparedTicket, mapKey: string | undefined): number | undefined {
  if (mapKey !== undefined) {
    const values = ticket.playersFor(rule.partyAggregation).map((player) => {
      const map = player.attributes[rule.sortAttribute];
      return map && typeof map === 'object' && !Array.isArray(map) ? map[mapKey] : undefined;
    });
    const numbers = values.filter((value): value is number => typeof value === 'number');
    if (numbers.length === 0) return undefined;
    return rule.partyAggregation === 'min'
      ? Math.min(...numbers)
      : rule.partyAggregation === 'max'
        ? Math.max(...numbers)
        : numbers.reduce((a, b) => a + b, 0) / numbers.length;
  }
  return ticket.numberFor(rule.sortAttribute, rule.partyAggregation);
}
