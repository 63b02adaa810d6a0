/**
 * Syntax tree of a FlexMatch property expression, e.g.
 * `avg(flatten(teams[*].players.attributes[skill]))`.
 *
 * Every node records `start`/`end`: character offsets into the expression
 * text, so that errors can point at the right column.
 */

/** The aggregation functions of the guide's "Property expression aggregations" table. */
export type AggregationName =
  | 'min'
  | 'max'
  | 'avg'
  | 'median'
  | 'sum'
  | 'count'
  | 'stddev'
  | 'flatten'
  | 'set_intersection';

export const AGGREGATIONS: readonly AggregationName[] = [
  'min',
  'max',
  'avg',
  'median',
  'sum',
  'count',
  'stddev',
  'flatten',
  'set_intersection',
];

/** Character offsets `[start, end)` into the expression text. */
export interface Span {
  start: number;
  end: number;
}

/** `teams[*]`, `teams[red]`, `teams[red,blue]` (also written `team[...]`). */
export interface TeamsExpr extends Span {
  kind: 'teams';
  /** `null` for `*`. Otherwise the names as written: definition or instance names. */
  names: string[] | null;
  /** Where each of `names` is written (same order). Set by `parseExpression`. */
  nameSpans?: Span[];
}

/** `<teams>.players`, or `<teams>.players[playerId]` for the player ids. */
export interface PlayersExpr extends Span {
  kind: 'players';
  target: TeamsExpr;
  playerId: boolean;
}

/** `<players>.attributes[name]`. */
export interface AttributeExpr extends Span {
  kind: 'attribute';
  target: PlayersExpr;
  name: string;
  /** Where `name` is written. Set by `parseExpression`. */
  nameSpan?: Span;
}

/** `fn(arg)`. */
export interface CallExpr extends Span {
  kind: 'call';
  fn: AggregationName;
  arg: Expr;
}

export interface NumberExpr extends Span {
  kind: 'number';
  value: number;
}

export interface StringExpr extends Span {
  kind: 'string';
  value: string;
}

export type Expr = TeamsExpr | PlayersExpr | AttributeExpr | CallExpr | NumberExpr | StringExpr;
