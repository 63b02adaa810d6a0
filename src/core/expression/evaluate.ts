/**
 * Evaluates a FlexMatch property expression against a (draft) match.
 *
 * Semantics, where the guide leaves room:
 *
 * - `teams[X]`: when `X` is a team instance name (`trio_2`, or `red` for a
 *   definition with quantity 1) it is one Team; when `X` names a definition
 *   with quantity > 1 (`trio`) it is the List<Team> of all its instances
 *   ("teams[name] in expressions means all of them"). An unknown name gives an
 *   empty list (the validator reports it). `teams[a,b]` is always a
 *   List<Team> (multi-instance definitions contribute all their instances,
 *   flattened into the list); `teams[*]` is every team in match order.
 * - `.players` on a Team is List<Player>; on List<Team> it is
 *   List<List<Player>>, grouped by team. `.players[playerId]` gives the ids
 *   the same way; `.attributes[a]` maps over the players keeping the nesting,
 *   a missing attribute giving `null`. A `string_number_map` attribute becomes
 *   a `MapValue`; a `string_list` attribute is a plain `string[]`.
 * - Aggregations apply to each sublist of a nested list (guide: "All
 *   operations on a nested list operate on each sublist individually"). Where
 *   they apply is decided by the expression's shape, not by looking at
 *   values, so an attribute that is itself a list is never mistaken for a
 *   team group:
 *   - `min max avg median sum stddev` and `count` apply to the innermost
 *     lists, whose elements are teams, players, ids or attribute values (a
 *     player's string list counts as one element). A value that is not a
 *     list is treated as a list of one.
 *   - `flatten` removes one level: List<List<x>> → List<x>. Applied to a flat
 *     list of attribute values it concatenates the string lists among them
 *     (elements that are not lists are kept as they are).
 *   - `set_intersection` applies to the innermost list of string lists and
 *     gives the strings found in every one of them (in first-list order, no
 *     repeats). A plain List<string> there counts as a single string list.
 * - Empty input: `min max avg median stddev` → `null` (a team with no players
 *   has no average; rules skip nulls), `sum` → 0, `count` → 0,
 *   `set_intersection` of no lists → `[]`. Null elements are ignored by the
 *   numeric aggregations; any other non-number makes the result `null`.
 *   `stddev` is the population standard deviation; `median` of an even count
 *   is the mean of the two middle numbers.
 *
 * Pure; never throws on any expression produced by `parseExpression`.
 */
import type { AggregationName, Expr, PlayersExpr, TeamsExpr } from './ast.ts';
import type { AttributeValue } from '../ruleset/types.ts';

/** The match an expression reads. Teams are listed in rule-set order, every instance present (even empty). */
export interface MatchView {
  teams: {
    /** Instance name (`trio_2`; `red` for a quantity-1 definition). */
    name: string;
    /** Name of the `teams[]` definition (`trio`); equal to `name` for quantity 1. */
    definition: string;
    players: { playerId: string; attributes: Record<string, AttributeValue> }[];
  }[];
}

/** A team, as `teams[red]` evaluates. */
export interface TeamValue {
  kind: 'team';
  name: string;
  definition: string;
  players: PlayerValue[];
}

/** A player, as an element of `teams[red].players`. */
export interface PlayerValue {
  kind: 'player';
  playerId: string;
  attributes: Record<string, AttributeValue>;
}

/** A `string_number_map` attribute value, tagged so it cannot be mistaken for a team or player. */
export interface MapValue {
  kind: 'map';
  entries: Record<string, number>;
}

/** What an expression evaluates to. Lists are plain arrays; a `string_list` attribute is a `string[]`. */
export type Value = number | string | null | Value[] | TeamValue | PlayerValue | MapValue;

/** What the bottom elements of an evaluated value are; `attr` values may themselves be string lists. */
type Leaf = 'team' | 'player' | 'id' | 'number' | 'string' | 'attr' | 'scalar';

/** A value with the number of grouping list levels around its leaves. */
interface Shaped {
  value: Value;
  depth: number;
  leaf: Leaf;
}

/**
 * Evaluates `expr` (from `parseExpression`) against `match`.
 * Returns a number, string, null, Team/Player/Map value, or nested lists of
 * them, as described in this module's documentation. Never throws.
 */
export function evaluateExpression(expr: Expr, match: MatchView): Value {
  return evaluate(expr, match).value;
}

function evaluate(expr: Expr, match: MatchView): Shaped {
  switch (expr.kind) {
    case 'number':
      return { value: expr.value, depth: 0, leaf: 'number' };
    case 'string':
      return { value: expr.value, depth: 0, leaf: 'string' };
    case 'teams':
      return evaluateTeams(expr, match);
    case 'players':
      return evaluatePlayers(expr, match);
    case 'attribute': {
      const players = evaluatePlayers(expr.target, match);
      const value = mapAt(players.value, players.depth, (player) => attributeOf(player, expr.name));
      return { value, depth: players.depth, leaf: 'attr' };
    }
    case 'call':
      return aggregate(expr.fn, evaluate(expr.arg, match));
    default:
      return expr satisfies never;
  }
}

function evaluateTeams(expr: TeamsExpr, match: MatchView): Shaped {
  const all = match.teams.map(teamValue);
  if (expr.names === null) return { value: all, depth: 1, leaf: 'team' };
  if (expr.names.length === 1) {
    const instance = all.find((team) => team.name === expr.names![0]);
    if (instance) return { value: instance, depth: 0, leaf: 'team' };
  }
  return { value: expr.names.flatMap((name) => resolveTeam(all, name)), depth: 1, leaf: 'team' };
}

/** An instance name gives that team; otherwise every instance of the definition (none if unknown). */
function resolveTeam(all: TeamValue[], name: string): TeamValue[] {
  const instance = all.find((team) => team.name === name);
  return instance ? [instance] : all.filter((team) => team.definition === name);
}

function teamValue(team: MatchView['teams'][number]): TeamValue {
  const players = team.players.map((p): PlayerValue => ({ kind: 'player', playerId: p.playerId, attributes: p.attributes }));
  return { kind: 'team', name: team.name, definition: team.definition, players };
}

function evaluatePlayers(expr: PlayersExpr, match: MatchView): Shaped {
  const teams = evaluateTeams(expr.target, match);
  const value = mapAt(teams.value, teams.depth, (team) => {
    if (!isTeamValue(team)) return [];
    return expr.playerId ? team.players.map((p) => p.playerId) : team.players;
  });
  return { value, depth: teams.depth + 1, leaf: expr.playerId ? 'id' : 'player' };
}

function attributeOf(player: Value, name: string): Value {
  if (!isPlayerValue(player) || !Object.hasOwn(player.attributes, name)) return null;
  const raw = player.attributes[name];
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'number' || typeof raw === 'string') return raw;
  if (Array.isArray(raw)) return raw.slice();
  return { kind: 'map', entries: raw };
}

/** Applies `fn` to each sub-value `level` list levels down, keeping the lists above. */
function mapAt(value: Value, level: number, fn: (sub: Value) => Value): Value {
  if (level <= 0 || !Array.isArray(value)) return fn(value);
  return value.map((element) => mapAt(element, level - 1, fn));
}

function aggregate(fn: AggregationName, arg: Shaped): Shaped {
  const innermost = Math.max(arg.depth - 1, 0);
  switch (fn) {
    case 'flatten':
      return flattenShaped(arg);
    case 'count':
      return { value: mapAt(arg.value, innermost, countOf), depth: innermost, leaf: 'number' };
    case 'set_intersection': {
      // With attribute leaves the string lists are the leaves; with string leaves they are the innermost lists.
      const listsOfLeaves = arg.leaf === 'attr';
      const level = listsOfLeaves ? innermost : Math.max(arg.depth - 2, 0);
      const value = mapAt(arg.value, level, (sub) => intersect(listsOfLeaves ? leafCollections(sub) : asCollections(sub)));
      return { value, depth: level + 1, leaf: 'string' };
    }
    default: {
      const reduce = NUMERIC[fn];
      return { value: mapAt(arg.value, innermost, (sub) => reduce(numbersOf(sub))), depth: innermost, leaf: 'number' };
    }
  }
}

function flattenShaped(arg: Shaped): Shaped {
  const value = Array.isArray(arg.value) ? arg.value.flatMap((e): Value[] => (Array.isArray(e) ? e : [e])) : arg.value;
  if (arg.depth >= 2) return { value, depth: arg.depth - 1, leaf: arg.leaf };
  return { value, depth: arg.depth, leaf: arg.depth === 1 && arg.leaf === 'attr' ? 'scalar' : arg.leaf };
}

function countOf(sub: Value): number {
  if (Array.isArray(sub)) return sub.length;
  return sub === null ? 0 : 1;
}

/** The numbers of a list (nulls skipped), a number as a list of one, or `undefined` if anything else is there. */
function numbersOf(sub: Value): number[] | undefined {
  if (sub === null) return [];
  if (typeof sub === 'number') return [sub];
  if (!Array.isArray(sub)) return undefined;
  const numbers: number[] = [];
  for (const element of sub) {
    if (typeof element === 'number') numbers.push(element);
    else if (element !== null) return undefined;
  }
  return numbers;
}

type NumericAggregation = Exclude<AggregationName, 'flatten' | 'count' | 'set_intersection'>;

const NUMERIC: Record<NumericAggregation, (numbers: number[] | undefined) => number | null> = {
  min: (ns) => (ns && ns.length > 0 ? Math.min(...ns) : null),
  max: (ns) => (ns && ns.length > 0 ? Math.max(...ns) : null),
  avg: (ns) => (ns && ns.length > 0 ? sum(ns) / ns.length : null),
  median: (ns) => (ns && ns.length > 0 ? median(ns) : null),
  sum: (ns) => (ns ? sum(ns) : null),
  stddev: (ns) => (ns && ns.length > 0 ? populationStddev(ns) : null),
};

function sum(numbers: number[]): number {
  return numbers.reduce((total, n) => total + n, 0);
}

function median(numbers: number[]): number {
  const sorted = numbers.slice().sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function populationStddev(numbers: number[]): number {
  const mean = sum(numbers) / numbers.length;
  return Math.sqrt(sum(numbers.map((n) => (n - mean) ** 2)) / numbers.length);
}

/** Each element of a list of attribute values as a string collection (nulls and non-strings skipped). */
function leafCollections(sub: Value): string[][] {
  if (!Array.isArray(sub)) return asCollections(sub);
  return sub.flatMap((element): string[][] => {
    if (typeof element === 'string') return [[element]];
    return Array.isArray(element) ? [asStringList(element)] : [];
  });
}

function intersect(collections: string[][]): string[] {
  const [first, ...rest] = collections;
  if (first === undefined) return [];
  const sets = rest.map((list) => new Set(list));
  return [...new Set(first)].filter((item) => sets.every((set) => set.has(item)));
}

/** True for the tagged team value of `teams[red]`. */
export function isTeamValue(value: Value | undefined): value is TeamValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.kind === 'team';
}

/** True for a player value (an element of `teams[red].players`). */
export function isPlayerValue(value: Value | undefined): value is PlayerValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.kind === 'player';
}

/** True for a `string_number_map` attribute value. */
export function isMapValue(value: Value | undefined): value is MapValue {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && value.kind === 'map';
}

/** Every number in `value`, at any depth, in order; nulls, strings, teams, players and maps are skipped. */
export function collectNumbers(value: Value): number[] {
  const out: number[] = [];
  walk(value, (leaf) => {
    if (typeof leaf === 'number') out.push(leaf);
  });
  return out;
}

/** Every number and string in `value`, at any depth, in order; everything else is skipped. */
export function collectScalars(value: Value): (number | string)[] {
  const out: (number | string)[] = [];
  walk(value, (leaf) => {
    if (typeof leaf === 'number' || typeof leaf === 'string') out.push(leaf);
  });
  return out;
}

/** Every string in `value`, at any depth, in order (`"medic"` → `["medic"]`); non-strings are skipped. */
export function asStringList(value: Value): string[] {
  const out: string[] = [];
  walk(value, (leaf) => {
    if (typeof leaf === 'string') out.push(leaf);
  });
  return out;
}

/**
 * `value` as string collections, for collection rules: a string → `[[s]]`; a
 * list without nested lists (a string list) → `[its strings]`; a list that
 * contains lists → the collections of each element, so deeper nesting is
 * flattened down to string lists (a string directly inside such a list is a
 * one-element collection; an empty list nested inside is an empty collection).
 * The empty list itself gives no collections. Non-strings are dropped.
 */
export function asCollections(value: Value): string[][] {
  if (typeof value === 'string') return [[value]];
  if (!Array.isArray(value) || value.length === 0) return [];
  if (!value.some(Array.isArray)) return [asStringList(value)];
  return value.flatMap((element): string[][] => (Array.isArray(element) && element.length === 0 ? [[]] : asCollections(element)));
}

function walk(value: Value, visit: (leaf: Value) => void): void {
  if (Array.isArray(value)) for (const element of value) walk(element, visit);
  else visit(value);
}
