/**
 * Parser for FlexMatch property expressions (guide: "FlexMatch property
 * expressions"), e.g. `avg(flatten(teams[*].players.attributes[skill]))`.
 *
 * Grammar (whitespace is allowed between any two tokens):
 *
 *     expr    := call | path | number | string
 *     call    := FUNCTION "(" expr ")"            FUNCTION is one of AGGREGATIONS
 *     path    := ("teams" | "team") "[" ("*" | NAME ("," NAME)*) "]"
 *                [ "." "players" [ "[" "playerId" "]" | "." "attributes" "[" NAME "]" ] ]
 *     NAME    := one or more letters, digits, "_", "-", "."
 *     number  := ["-"] digits ["." digits] [exponent]
 *     string  := '"' ... '"' | "'" ... "'"         (a backslash escapes the next character)
 *
 * Everything here is pure and never throws on bad input: errors come back as
 * values carrying a 0-based character offset into the text as given.
 */
import { assertNever } from '../assert-never.ts';
import { AGGREGATIONS } from './ast.ts';
import type { AggregationName, AttributeExpr, Expr, PlayersExpr, Span, TeamsExpr } from './ast.ts';
import type { AttributeType } from '../ruleset/types.ts';

/** Result of `parseExpression`. `offset` is a 0-based character index into the text. */
export type ParseResult = { ok: true; expr: Expr } | { ok: false; message: string; offset: number };

/** Result of `parseOperand`. */
export type ParsedOperand =
  | { kind: 'literal'; value: string }
  | { kind: 'expression'; source: string; expr: Expr }
  | { kind: 'error'; message: string; offset: number };

/** Deeper nesting than this is refused, so that hostile input cannot overflow the stack. */
export const MAX_NESTING = 64;

const NAME_CHAR = /[\p{L}\p{N}_.-]/u;
const WORD_START = /[\p{L}\p{N}_]/u;
const IDENT_START = /[A-Za-z_]/;
const IDENT_CHAR = /[A-Za-z0-9_]/;
const NUMBER = /-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const EXPECTED_EXPR =
  'expected a property expression (teams[...], a function call such as avg(...), a number or a quoted string)';

/** A parse failure; only ever thrown inside this module and `compound.ts`, and caught there. */
export class ParseFailure {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

/**
 * Character cursor shared by the expression and compound-statement parsers.
 * `fail` throws a `ParseFailure` whose message ends with what was found and where.
 */
export class Cursor {
  pos = 0;
  nesting = 0;
  constructor(readonly text: string) {}

  /** The character at the cursor, or `''` at the end. */
  peek(): string {
    return this.text.charAt(this.pos);
  }

  skipWs(): void {
    while (this.pos < this.text.length && /\s/.test(this.text.charAt(this.pos))) this.pos++;
  }

  /** Skips whitespace, then consumes `ch` if it is next. */
  eat(ch: string): boolean {
    this.skipWs();
    if (this.peek() !== ch) return false;
    this.pos++;
    return true;
  }

  /** Skips whitespace, then consumes `ch` or fails with `expected "ch" <context>`. */
  expect(ch: string, context: string): void {
    if (!this.eat(ch)) this.fail(`expected ${JSON.stringify(ch)} ${context}`);
  }

  /** Consumes the longest run of characters matching `re` (may be empty). */
  readWhile(re: RegExp): { text: string } & Span {
    const start = this.pos;
    while (this.pos < this.text.length && re.test(this.text.charAt(this.pos))) this.pos++;
    return { text: this.text.slice(start, this.pos), start, end: this.pos };
  }

  /** Reads an identifier (`[A-Za-z_][A-Za-z0-9_]*`), or returns `''` without moving. */
  readIdentifier(): { text: string } & Span {
    if (!IDENT_START.test(this.peek())) return { text: '', start: this.pos, end: this.pos };
    return this.readWhile(IDENT_CHAR);
  }

  /** How the text at the cursor is quoted in messages: a word, one character, or "end of input". */
  found(): string {
    if (this.pos >= this.text.length) return 'end of input';
    let end = this.pos + 1;
    if (WORD_START.test(this.text.charAt(this.pos))) {
      while (end < this.text.length && NAME_CHAR.test(this.text.charAt(end))) end++;
    }
    return JSON.stringify(this.text.slice(this.pos, end));
  }

  /** Fails at `at` (default: the cursor) with `<expected>, found <x> at character <n>`. */
  fail(expected: string, at: number = this.pos): never {
    this.pos = at;
    throw new ParseFailure(`${expected}, found ${this.found()} at character ${at}`, at);
  }

  /** Counts one more level of nesting; fails past `MAX_NESTING`. */
  enter(): void {
    if (++this.nesting > MAX_NESTING) {
      throw new ParseFailure(
        `expression nested more than ${MAX_NESTING} levels deep at character ${this.pos}`,
        this.pos,
      );
    }
  }
}

/**
 * Parses a property expression.
 *
 * @param text the expression as written in the rule set (surrounding whitespace allowed).
 * @returns the syntax tree, or an error whose `message` says what was expected
 *   and quotes what was found (`expected "]" to close "teams[", found "." at
 *   character 12`) and whose `offset` is the 0-based index of the offending
 *   character in `text`. Never throws.
 */
export function parseExpression(text: string): ParseResult {
  if (typeof text !== 'string') return { ok: false, message: 'expected the expression as a string', offset: 0 };
  const cursor = new Cursor(text);
  try {
    const expr = parseExpr(cursor);
    cursor.skipWs();
    if (cursor.pos < text.length) cursor.fail('expected end of expression');
    return { ok: true, expr };
  } catch (error) {
    if (error instanceof ParseFailure) return { ok: false, message: error.message, offset: error.offset };
    throw error;
  }
}

/**
 * Decides whether a rule property string is a property expression or a plain
 * string literal (`"referenceValue": "medic"` vs `"count(teams[aliens].players)"`).
 *
 * It is an expression when, after trimming, it starts with `teams[` or `team[`
 * (whitespace allowed before `[`), with `<identifier>(`, or with
 * `<function> (` where `<function>` is an aggregation name (so that the guide's
 * `count (teams[*].players)` is an expression but `"medic (support)"` stays a
 * literal). Expressions are parsed and their errors reported; everything else
 * is returned unchanged as a literal. Offsets refer to `text` as given.
 */
export function parseOperand(text: string): ParsedOperand {
  if (typeof text !== 'string' || !looksLikeExpression(text.trim())) return { kind: 'literal', value: text };
  const parsed = parseExpression(text);
  if (!parsed.ok) return { kind: 'error', message: parsed.message, offset: parsed.offset };
  return { kind: 'expression', source: text, expr: parsed.expr };
}

function looksLikeExpression(trimmed: string): boolean {
  if (/^teams?\s*\[/.test(trimmed)) return true;
  if (/^[A-Za-z_][A-Za-z0-9_]*\(/.test(trimmed)) return true;
  const spaced = /^([A-Za-z_][A-Za-z0-9_]*)\s+\(/.exec(trimmed);
  return spaced !== null && isAggregation(spaced[1]!.toLowerCase());
}

/** True when `name` is one of the aggregation functions (exact, lowercase). */
export function isAggregation(name: string): name is AggregationName {
  return (AGGREGATIONS as readonly string[]).includes(name);
}

function parseExpr(c: Cursor): Expr {
  c.skipWs();
  const ch = c.peek();
  if (IDENT_START.test(ch)) return parseWordExpr(c);
  if (ch === '-' || ch === '.' || (ch >= '0' && ch <= '9')) return parseNumber(c);
  if (ch === '"' || ch === "'") return parseString(c);
  return c.fail(EXPECTED_EXPR);
}

function parseWordExpr(c: Cursor): Expr {
  const word = c.readIdentifier();
  if (word.text === 'teams' || word.text === 'team') {
    c.skipWs();
    if (c.peek() !== '[') c.fail(`expected "[" after "${word.text}"`);
    return parsePath(c, word.text, word.start);
  }
  c.skipWs();
  if (c.peek() !== '(') {
    if (isAggregation(word.text)) c.fail(`expected "(" after "${word.text}"`);
    c.fail(EXPECTED_EXPR, word.start);
  }
  return parseCall(c, word);
}

function parseCall(c: Cursor, fn: { text: string } & Span): Expr {
  if (!isAggregation(fn.text)) {
    const hint = isAggregation(fn.text.toLowerCase()) ? `; function names are lowercase: "${fn.text.toLowerCase()}"` : '';
    const message = `unknown function ${JSON.stringify(fn.text)} (expected one of ${AGGREGATIONS.join(', ')}${hint}) at character ${fn.start}`;
    throw new ParseFailure(message, fn.start);
  }
  c.pos++; // the "("
  c.enter();
  const arg = parseExpr(c);
  c.nesting--;
  c.skipWs();
  if (c.peek() !== ')') {
    const hint = c.peek() === ',' ? ' (aggregation functions take exactly one argument)' : '';
    c.fail(`expected ")" to close "${fn.text}("${hint}`);
  }
  c.pos++;
  return { kind: 'call', fn: fn.text, arg, start: fn.start, end: c.pos };
}

function parsePath(c: Cursor, keyword: string, start: number): Expr {
  c.pos++; // the "["
  const teams = parseTeamNames(c, keyword, start);
  if (!c.eat('.')) return teams;
  const players = parsePlayers(c, teams);
  if (players.playerId || !c.eat('.')) return players;
  return parseAttribute(c, players);
}

function parseTeamNames(c: Cursor, keyword: string, start: number): TeamsExpr {
  const close = `to close "${keyword}["`;
  if (c.eat('*')) {
    c.expect(']', close);
    return { kind: 'teams', names: null, nameSpans: [], start, end: c.pos };
  }
  const names: string[] = [];
  const nameSpans: Span[] = [];
  do {
    c.skipWs();
    const name = c.readWhile(NAME_CHAR);
    if (name.text === '') c.fail(names.length === 0 ? `expected a team name or "*" inside "${keyword}["` : 'expected a team name after ","');
    names.push(name.text);
    nameSpans.push({ start: name.start, end: name.end });
  } while (c.eat(','));
  c.expect(']', close);
  return { kind: 'teams', names, nameSpans, start, end: c.pos };
}

function parsePlayers(c: Cursor, target: TeamsExpr): PlayersExpr {
  c.skipWs();
  const word = c.readIdentifier();
  if (word.text !== 'players') c.fail('expected "players" after "."', word.start);
  if (!c.eat('[')) return { kind: 'players', target, playerId: false, start: target.start, end: word.end };
  c.skipWs();
  const key = c.readWhile(NAME_CHAR);
  if (key.text !== 'playerId') c.fail('expected "playerId" inside ".players["', key.start);
  c.expect(']', 'to close ".players["');
  return { kind: 'players', target, playerId: true, start: target.start, end: c.pos };
}

function parseAttribute(c: Cursor, target: PlayersExpr): AttributeExpr {
  c.skipWs();
  const word = c.readIdentifier();
  if (word.text !== 'attributes') c.fail('expected "attributes" after ".players."', word.start);
  c.expect('[', 'after ".attributes"');
  c.skipWs();
  const name = c.readWhile(NAME_CHAR);
  if (name.text === '') c.fail('expected an attribute name inside ".attributes["');
  c.expect(']', 'to close ".attributes["');
  const nameSpan = { start: name.start, end: name.end };
  return { kind: 'attribute', target, name: name.text, nameSpan, start: target.start, end: c.pos };
}

function parseNumber(c: Cursor): Expr {
  const start = c.pos;
  NUMBER.lastIndex = start;
  const match = NUMBER.exec(c.text);
  if (match === null) c.fail(c.peek() === '-' ? 'expected a number after "-"' : EXPECTED_EXPR, c.peek() === '-' ? start + 1 : start);
  c.pos = start + match[0].length;
  if (NAME_CHAR.test(c.peek())) c.fail('expected a number', start);
  return { kind: 'number', value: Number(match[0]), start, end: c.pos };
}

function parseString(c: Cursor): Expr {
  const start = c.pos;
  const quote = c.peek();
  let value = '';
  c.pos++;
  while (c.pos < c.text.length && c.peek() !== quote) {
    if (c.peek() === '\\') c.pos++;
    value += c.text.charAt(c.pos);
    c.pos++;
  }
  if (c.pos >= c.text.length) {
    c.fail(`expected a closing quote (${quote}) for the string that starts at character ${start}`, c.text.length);
  }
  c.pos++;
  return { kind: 'string', value, start, end: c.pos };
}

/** A name in an expression and where it is written (offsets into the expression text). */
export interface NamedSpan {
  name: string;
  start: number;
  end: number;
}

/** What an expression refers to; see `expressionReferences`. */
export interface ExpressionReferences {
  /** Every `attributes[name]`, in order of appearance (repeats kept). */
  attributes: NamedSpan[];
  /** Every team name inside `teams[...]` (not `*`), in order of appearance. */
  teams: NamedSpan[];
  /** A `count(...)` is applied, directly or through `flatten`, to `.players` or `.players[playerId]`. */
  usesPlayerCount: boolean;
  usesAttributes: boolean;
  usesPlayerIds: boolean;
}

/**
 * Lists the attributes and teams an expression names, with their offsets, so
 * the validator can report unknown names with a line and column.
 *
 * `usesPlayerCount` is true when the value depends on how many players the
 * teams have (`count(teams[cowboys].players)`, `max(count(flatten(teams[*].players)))`),
 * and false for counts of attribute values such as
 * `count(teams[*].players.attributes[skill])`.
 */
export function expressionReferences(expr: Expr): ExpressionReferences {
  const refs: ExpressionReferences = { attributes: [], teams: [], usesPlayerCount: false, usesAttributes: false, usesPlayerIds: false };
  visit(expr, refs);
  return refs;
}

function visit(expr: Expr, refs: ExpressionReferences): void {
  switch (expr.kind) {
    case 'number':
    case 'string':
      return;
    case 'teams':
      (expr.names ?? []).forEach((name, i) => refs.teams.push({ name, ...(expr.nameSpans?.[i] ?? spanOf(expr)) }));
      return;
    case 'players':
      if (expr.playerId) refs.usesPlayerIds = true;
      return visit(expr.target, refs);
    case 'attribute':
      refs.usesAttributes = true;
      refs.attributes.push({ name: expr.name, ...(expr.nameSpan ?? spanOf(expr)) });
      return visit(expr.target, refs);
    case 'call':
      if (expr.fn === 'count' && countsPlayers(expr.arg)) refs.usesPlayerCount = true;
      return visit(expr.arg, refs);
    default:
      return assertNever(expr, 'expression node');
  }
}

function countsPlayers(arg: Expr): boolean {
  if (arg.kind === 'call' && arg.fn === 'flatten') return countsPlayers(arg.arg);
  return arg.kind === 'players';
}

function spanOf(expr: Expr): Span {
  return { start: expr.start, end: expr.end };
}

/** The element type at the bottom of a value, as far as the rule set's declarations tell. */
export type StaticLeaf = 'number' | 'string' | 'string_list' | 'string_number_map' | 'player' | 'team' | 'unknown';

/** `depth` is the list nesting around `leaf`: `{ leaf: 'number', depth: 2 }` is List<List<number>>. */
export interface StaticType {
  leaf: StaticLeaf;
  depth: number;
}

export type StaticTypeResult = { ok: true; type: StaticType } | { ok: false; message: string; offset: number };

/**
 * Infers the type an expression evaluates to, mirroring `evaluateExpression`.
 *
 * @param attributeTypes declared `playerAttributes` types; an undeclared
 *   attribute gives leaf `unknown` (report it from `expressionReferences`).
 * @param teamIsList whether `teams[name]` (a single name) is a list: true for
 *   a definition with quantity > 1 and for unknown names, false for a team instance.
 * @returns the type, or an error at the offending call's offset for
 *   aggregations applied to the wrong element type (`avg` of strings,
 *   `set_intersection` of numbers). Never throws.
 */
export function staticType(
  expr: Expr,
  attributeTypes: Map<string, AttributeType>,
  teamIsList: (name: string) => boolean,
): StaticTypeResult {
  try {
    return { ok: true, type: typeOf(expr, attributeTypes, teamIsList) };
  } catch (error) {
    if (error instanceof ParseFailure) return { ok: false, message: error.message, offset: error.offset };
    throw error;
  }
}

function typeOf(expr: Expr, attrs: Map<string, AttributeType>, teamIsList: (name: string) => boolean): StaticType {
  switch (expr.kind) {
    case 'number':
      return { leaf: 'number', depth: 0 };
    case 'string':
      return { leaf: 'string', depth: 0 };
    case 'teams':
      return { leaf: 'team', depth: expr.names?.length === 1 && !teamIsList(expr.names[0]!) ? 0 : 1 };
    case 'players':
      return { leaf: expr.playerId ? 'string' : 'player', depth: typeOf(expr.target, attrs, teamIsList).depth + 1 };
    case 'attribute':
      return { leaf: attrs.get(expr.name) ?? 'unknown', depth: typeOf(expr.target, attrs, teamIsList).depth };
    case 'call':
      return callType(expr.fn, typeOf(expr.arg, attrs, teamIsList), expr.start);
    default:
      return assertNever(expr, 'expression node');
  }
}

function callType(fn: AggregationName, arg: StaticType, offset: number): StaticType {
  const level = Math.max(arg.depth - 1, 0);
  switch (fn) {
    case 'flatten':
      if (arg.depth >= 2) return { leaf: arg.leaf, depth: arg.depth - 1 };
      return arg.depth === 1 && arg.leaf === 'string_list' ? { leaf: 'string', depth: 1 } : arg;
    case 'count':
      return { leaf: 'number', depth: level };
    case 'set_intersection':
      if (arg.leaf === 'string_list' || arg.leaf === 'unknown') return { leaf: 'string', depth: level + 1 };
      if (arg.leaf === 'string') return { leaf: 'string', depth: Math.max(arg.depth - 2, 0) + 1 };
      return typeError(`"set_intersection" needs lists of strings, but its argument is ${describeStaticType(arg)}`, offset);
    default:
      if (arg.leaf === 'number' || arg.leaf === 'unknown') return { leaf: 'number', depth: level };
      return typeError(`"${fn}" needs numbers, but its argument is ${describeStaticType(arg)}`, offset);
  }
}

function typeError(message: string, offset: number): never {
  throw new ParseFailure(message, offset);
}

const SINGULAR: Record<StaticLeaf, string> = {
  number: 'a number',
  string: 'a string',
  string_list: 'a string list',
  string_number_map: 'a string-number map',
  player: 'a player',
  team: 'a team',
  unknown: 'a value of unknown type',
};
const PLURAL: Record<StaticLeaf, string> = {
  number: 'numbers',
  string: 'strings',
  string_list: 'string lists',
  string_number_map: 'string-number maps',
  player: 'players',
  team: 'teams',
  unknown: 'values of unknown type',
};

/**
 * Describes a type for messages: `a number`, `a list of strings`,
 * `a list of string lists`, `a list of lists of numbers` (depth 2).
 */
export function describeStaticType(type: StaticType): string {
  if (type.depth === 0) return SINGULAR[type.leaf];
  return `a list of ${'lists of '.repeat(type.depth - 1)}${PLURAL[type.leaf]}`;
}

