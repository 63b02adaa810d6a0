/**
 * Compiled numeric operands: the property expressions that numeric rules
 * measure most often, evaluated straight from a draft's team lists with no
 * view, no wrapped players and no intermediate lists:
 *
 * - `F(teams[S].players.attributes[a])` — one F per resolved team;
 * - `F(flatten(teams[S].players.attributes[a]))` — one F over every player;
 * - `flatten(teams[S].players.attributes[a])` and the bare attribute list;
 * - `count(teams[S].players)`;
 *
 * with F one of min, max, avg, median, sum, stddev, count. The result is what
 * `collectNumbers(evaluateExpression(expr, draft.view(aggregation)))` gives,
 * number for number (same order, same floating-point operations). The
 * interpreter stays the reference (and the path for explanations): a
 * property test holds the two together, and whenever a player's value is not
 * a number or missing (a string or list where a number is expected), the
 * compiled operand answers `undefined` and the caller falls back to it.
 */
import type { AggregationName, Expr } from '../expression/ast.ts';
import type { DistanceRule, Operand, TeamInstance } from '../ruleset/types.ts';
import type { PartyAggregation } from './prepared-ticket.ts';
import type { TeamStats } from './team-stats.ts';

/** What a compiled operand reads: the team instances and each team's players' values. */
export interface NumericSource {
  readonly teamInstances: readonly TeamInstance[];
  /**
   * Pushes the number values of `attribute` of the players of team `team`
   * (party-aggregated by `aggregation`) onto `out`, in view order; returns
   * the team's player count, or -1 if a value is neither a number nor missing.
   */
  teamNumbers(aggregation: PartyAggregation, team: number, attribute: string | undefined, out: number[]): number;
  /** Running per-team figures of `attribute` (team-stats.ts), when the source keeps them (a draft does). */
  teamStats?(aggregation: PartyAggregation, attribute: string | undefined): TeamStats;
}

type Reducer = 'min' | 'max' | 'avg' | 'median' | 'sum' | 'stddev' | 'count' | 'none';

interface Shape {
  names: string[] | null;
  /** Undefined for `count(teams[S].players)`. */
  attribute: string | undefined;
  reducer: Reducer;
  /** One reduction over every player (flatten) instead of one per team. */
  overAll: boolean;
}

const REDUCERS: ReadonlySet<AggregationName> = new Set(['min', 'max', 'avg', 'median', 'sum', 'stddev', 'count']);

/** The shape of `expr`, or null when it is not one the compiled path covers. */
function shapeOf(expr: Expr): Shape | null {
  let reducer: Reducer = 'none';
  let node = expr;
  if (node.kind === 'call' && REDUCERS.has(node.fn)) {
    reducer = node.fn as Reducer;
    node = node.arg;
  }
  let flattened = false;
  if (node.kind === 'call' && node.fn === 'flatten') {
    flattened = true;
    node = node.arg;
  }
  if (node.kind === 'players' && reducer === 'count' && !flattened && !node.playerId) {
    return { names: node.target.names, attribute: undefined, reducer, overAll: false };
  }
  if (node.kind !== 'attribute' || node.target.playerId) return null;
  return { names: node.target.target.names, attribute: node.name, reducer, overAll: flattened };
}

const shapes = new WeakMap<Expr, Shape | null>();
const teamIndexes = new WeakMap<Shape, { teams: readonly TeamInstance[]; indexes: number[] }>();

/** The indexes of the teams `names` resolves to, as the interpreter resolves them (instance name, else definition). */
function resolveTeams(shape: Shape, teams: readonly TeamInstance[]): number[] {
  const cached = teamIndexes.get(shape);
  if (cached && cached.teams === teams) return cached.indexes;
  const all = teams.map((_, index) => index);
  const indexes =
    shape.names === null
      ? all
      : shape.names.flatMap((name) => {
          const instance = teams.findIndex((team) => team.name === name);
          return instance >= 0 ? [instance] : all.filter((index) => teams[index]!.definition === name);
        });
  teamIndexes.set(shape, { teams, indexes });
  return indexes;
}

/**
 * The numbers `operand` measures on `source`, or undefined when the compiled
 * path does not cover it (a literal, another expression shape, or a value
 * that is not a number) and the interpreter must answer.
 */
export function compiledNumbers(operand: Operand, source: NumericSource, aggregation: PartyAggregation): number[] | undefined {
  if (operand.kind !== 'expression') return undefined;
  let shape = shapes.get(operand.expr);
  if (shape === undefined) {
    shape = shapeOf(operand.expr);
    shapes.set(operand.expr, shape);
  }
  if (shape === null) return undefined;
  const teams = resolveTeams(shape, source.teamInstances);
  if (source.teamStats && shape.reducer !== 'none' && shape.reducer !== 'median' && shape.reducer !== 'stddev') {
    const fast = fromStats(source.teamStats(aggregation, shape.attribute), shape, teams);
    if (fast !== SLOW) return fast;
  }
  const out: number[] = [];
  if (shape.overAll || shape.reducer === 'none') {
    const values: number[] = [];
    let players = 0;
    for (const team of teams) {
      const count = source.teamNumbers(aggregation, team, shape.attribute, values);
      if (count < 0) return undefined;
      players += count;
    }
    if (shape.reducer === 'none') return values;
    pushReduced(out, shape.reducer, values, players);
    return out;
  }
  const values: number[] = [];
  for (const team of teams) {
    values.length = 0;
    const count = source.teamNumbers(aggregation, team, shape.attribute, values);
    if (count < 0) return undefined;
    pushReduced(out, shape.reducer, values, count);
  }
  return out;
}

/** What `fromStats` answers when only a pass over the values is exact. */
const SLOW = 'slow';

/**
 * `compiledNumbers` from running figures: undefined when a value is odd (the
 * interpreter answers), SLOW when a sum over several teams could round
 * otherwise than one left-to-right sum.
 */
function fromStats(stats: TeamStats, shape: Shape, teams: readonly number[]): number[] | undefined | typeof SLOW {
  for (let i = 0; i < teams.length; i++) if (stats.odd[teams[i]!]! > 0) return undefined;
  const out: number[] = [];
  if (!shape.overAll) {
    for (let i = 0; i < teams.length; i++) {
      const value = teamFigure(stats, shape.reducer, teams[i]!);
      if (value !== undefined) out.push(value);
    }
    return out;
  }
  // Over all the teams: one number, or none. Odd values were ruled out above, so FIGURE_ODD here is a sum that could round otherwise.
  const value = referenceFigure(stats, reducerCode(shape.reducer), true, teams);
  if (figureStatus === FIGURE_ODD) return SLOW;
  if (figureStatus === FIGURE_FOUND) out.push(value);
  return out;
}

/** One team's reduced figure, read from running figures; undefined for a min, max or avg over no value (none is listed). */
function teamFigure(stats: TeamStats, reducer: Reducer, team: number): number | undefined {
  if (reducer === 'count') return stats.players[team]!;
  if (reducer === 'sum') return stats.sum[team]!;
  const count = stats.count[team]!;
  if (count === 0) return undefined;
  if (reducer === 'min') return stats.min[team]!;
  if (reducer === 'max') return stats.max[team]!;
  return stats.sum[team]! / count;
}

/** What `compiledDistance` reads of one rule, resolved once per rule and team list. */
interface DistancePlan {
  instances: readonly TeamInstance[];
  measure: Shape;
  measureTeams: number[];
  reference: Shape;
  referenceTeams: number[];
  measureCode: number;
  referenceCode: number;
}

const distancePlans = new WeakMap<DistanceRule, DistancePlan | null>();

/** The measured values' distances from the reference (see `compiledDistance`); `count` 0: nothing measured, or no reference. */
export interface DistanceSpan {
  count: number;
  widest: number;
  narrowest: number;
}

/** A reduced figure per team (not min/max over nothing), read from running figures: what `fromStats` lists. */
const PER_TEAM: ReadonlySet<Reducer> = new Set(['min', 'max', 'avg', 'sum', 'count']);

function distancePlan(rule: DistanceRule, instances: readonly TeamInstance[]): DistancePlan | null {
  let plan = distancePlans.get(rule);
  if (plan !== undefined && (plan === null || plan.instances === instances)) return plan;
  plan = null;
  const [measured] = rule.measurements;
  const reference = rule.referenceValue;
  if (rule.measurements.length === 1 && measured!.kind === 'expression' && reference?.kind === 'expression') {
    const measure = shapeOf(measured!.expr);
    const against = shapeOf(reference.expr);
    if (measure && against && !measure.overAll && PER_TEAM.has(measure.reducer) && PER_TEAM.has(against.reducer)) {
      plan = {
        instances,
        measure,
        measureTeams: resolveTeams(measure, instances),
        reference: against,
        referenceTeams: resolveTeams(against, instances),
        measureCode: reducerCode(measure.reducer),
        referenceCode: reducerCode(against.reducer),
      };
    }
  }
  distancePlans.set(rule, plan);
  return plan;
}

/**
 * A distance rule of one reduced measurement per team against a reduced
 * reference (`avg(teams[*]...)` against `avg(flatten(teams[*]...))`, the
 * usual fair-teams rule), read from running figures with no list and no
 * look-up per team: fills `out` with the widest and narrowest distance, as
 * `checkDistance` computes them from `compiledNumbers` (same values, same
 * order, same NaN handling). False when this path does not cover the rule
 * or a value is odd: then `checkDistance` answers the long way.
 */
export function compiledDistance(rule: DistanceRule, source: NumericSource, out: DistanceSpan): boolean {
  if (!source.teamStats) return false;
  const plan = distancePlan(rule, source.teamInstances);
  if (!plan) return false;
  const aggregation = rule.partyAggregation;
  const referenceStats = source.teamStats(aggregation, plan.reference.attribute);
  // Runs on every tentative addition: numbers only (no undefined or symbol results to box), reducers as small codes.
  const reference = referenceFigure(referenceStats, plan.referenceCode, plan.reference.overAll, plan.referenceTeams);
  if (figureStatus === FIGURE_ODD) return false;
  const hasReference = figureStatus === FIGURE_FOUND;
  const stats = plan.measure.attribute === plan.reference.attribute ? referenceStats : source.teamStats(aggregation, plan.measure.attribute);
  const teams = plan.measureTeams;
  for (let i = 0; i < teams.length; i++) if (stats.odd[teams[i]!]! > 0) return false;
  const code = plan.measureCode;
  let count = 0;
  let widest = Number.NEGATIVE_INFINITY;
  let narrowest = Number.POSITIVE_INFINITY;
  if (hasReference) {
    for (let i = 0; i < teams.length; i++) {
      const team = teams[i]!;
      // teamFigure, inline: min, max and avg over no value list nothing.
      if (code < CODE_SUM && stats.count[team] === 0) continue;
      const value =
        code === CODE_COUNT ? stats.players[team]! : code === CODE_SUM ? stats.sum[team]! : code === CODE_MIN ? stats.min[team]! : code === CODE_MAX ? stats.max[team]! : stats.sum[team]! / stats.count[team]!;
      count++;
      const distance = Math.abs(value - reference);
      // Math.max / Math.min semantics: NaN wins.
      widest = distance > widest || Number.isNaN(distance) ? distance : widest;
      narrowest = distance < narrowest || Number.isNaN(distance) ? distance : narrowest;
    }
  }
  // count 0: no measured value, or no reference (an empty match): nothing to judge.
  out.count = count;
  out.widest = widest;
  out.narrowest = narrowest;
  return true;
}

/** Reducers of `PER_TEAM` as codes; min, max and avg (below CODE_SUM) list nothing over no value. */
const CODE_MIN = 0;
const CODE_MAX = 1;
const CODE_AVG = 2;
const CODE_SUM = 3;
const CODE_COUNT = 4;

function reducerCode(reducer: Reducer): number {
  return reducer === 'min' ? CODE_MIN : reducer === 'max' ? CODE_MAX : reducer === 'avg' ? CODE_AVG : reducer === 'sum' ? CODE_SUM : CODE_COUNT;
}

/** How the last `referenceFigure` came out. */
const FIGURE_FOUND = 0;
const FIGURE_NONE = 1;
const FIGURE_ODD = 2;
let figureStatus = FIGURE_FOUND;

/**
 * The first number `compiledNumbers` lists for a PER_TEAM reducer (by code)
 * from running figures, its outcome in `figureStatus`: FOUND (the number),
 * NONE (it lists none), or ODD (a value is odd, or a sum over several teams
 * could round otherwise: the long way must answer).
 */
function referenceFigure(stats: TeamStats, code: number, overAll: boolean, teams: readonly number[]): number {
  figureStatus = FIGURE_ODD;
  for (let i = 0; i < teams.length; i++) if (stats.odd[teams[i]!]! > 0) return 0;
  figureStatus = FIGURE_FOUND;
  if (!overAll) {
    for (let i = 0; i < teams.length; i++) {
      const team = teams[i]!;
      if (code === CODE_COUNT) return stats.players[team]!;
      if (code === CODE_SUM) return stats.sum[team]!;
      const values = stats.count[team]!;
      if (values === 0) continue;
      return code === CODE_MIN ? stats.min[team]! : code === CODE_MAX ? stats.max[team]! : stats.sum[team]! / values;
    }
    figureStatus = FIGURE_NONE;
    return 0;
  }
  let players = 0;
  let count = 0;
  let total = 0;
  let inexact = 0;
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < teams.length; i++) {
    const team = teams[i]!;
    players += stats.players[team]!;
    count += stats.count[team]!;
    total += stats.sum[team]!;
    inexact += stats.inexact[team]!;
    if (stats.min[team]! < low) low = stats.min[team]!;
    if (stats.max[team]! > high) high = stats.max[team]!;
  }
  if (code === CODE_COUNT) return players;
  if ((code === CODE_SUM || code === CODE_AVG) && inexact > 0 && teams.length > 1) {
    figureStatus = FIGURE_ODD;
    return 0;
  }
  if (code === CODE_SUM) return total;
  if (count === 0) {
    figureStatus = FIGURE_NONE;
    return 0;
  }
  return code === CODE_MIN ? low : code === CODE_MAX ? high : total / count;
}

/** Number of values, lowest and highest. */
export interface Extent {
  count: number;
  low: number;
  high: number;
}

/**
 * The count, lowest and highest of the numbers `operand` measures, read from
 * running figures without listing them; undefined when the operand is not a
 * list of attribute values (`flatten(...)` or the bare attribute) on a
 * source with figures, or a value is odd: then `compiledNumbers` answers.
 */
export function compiledExtent(operand: Operand, source: NumericSource, aggregation: PartyAggregation): Extent | undefined {
  if (operand.kind !== 'expression' || !source.teamStats) return undefined;
  let shape = shapes.get(operand.expr);
  if (shape === undefined) {
    shape = shapeOf(operand.expr);
    shapes.set(operand.expr, shape);
  }
  if (shape === null || shape.reducer !== 'none') return undefined;
  const teams = resolveTeams(shape, source.teamInstances);
  const stats = source.teamStats(aggregation, shape.attribute);
  let count = 0;
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < teams.length; i++) {
    const team = teams[i]!;
    if (stats.odd[team]! > 0) return undefined;
    count += stats.count[team]!;
    if (stats.min[team]! < low) low = stats.min[team]!;
    if (stats.max[team]! > high) high = stats.max[team]!;
  }
  return { count, low, high };
}

/** Pushes `reducer` of `values` (of `players` players, missing values included) unless it is null. */
function pushReduced(out: number[], reducer: Exclude<Reducer, 'none'>, values: number[], players: number): void {
  if (reducer === 'count') {
    out.push(players);
    return;
  }
  if (reducer === 'sum') {
    out.push(sum(values));
    return;
  }
  if (values.length === 0) return;
  switch (reducer) {
    case 'min':
      out.push(Math.min(...values));
      return;
    case 'max':
      out.push(Math.max(...values));
      return;
    case 'avg':
      out.push(sum(values) / values.length);
      return;
    case 'median': {
      const sorted = values.slice().sort((a, b) => a - b);
      const middle = sorted.length >> 1;
      out.push(sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2);
      return;
    }
    case 'stddev': {
      const mean = sum(values) / values.length;
      let squares = 0;
      for (const value of values) squares += (value - mean) ** 2;
      out.push(Math.sqrt(squares / values.length));
      return;
    }
  }
}

/** Left to right from 0, as the interpreter adds. */
function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
