/**
 * Parser for a compound rule's `statement`, e.g.
 * `or(and(SeriousPlayers, VeryCloseSkill), and(CasualPlayers, SomewhatCloseSkill))`.
 *
 * Grammar (whitespace allowed between tokens):
 *
 *     statement := RULE | op "(" statement ("," statement)* ")"
 *     op        := "and" | "or" | "xor" | "not"
 *     RULE      := one or more letters, digits, "_", "-"
 *
 * `and`, `or` and `xor` take two or more statements, `not` exactly one. The
 * operator names are reserved: a rule cannot be referred to as `and`. A bare
 * rule name is accepted as a (degenerate) statement.
 */
import type { CompoundExpr } from '../ruleset/types.ts';
import { Cursor, ParseFailure } from './parse.ts';
import type { NamedSpan } from './parse.ts';

/** Result of `parseCompoundStatement`; offsets are 0-based character indexes into the statement. */
export type CompoundParseResult =
  | { ok: true; statement: CompoundExpr; ruleNames: NamedSpan[] }
  | { ok: false; message: string; offset: number };

const RULE_CHAR = /[\p{L}\p{N}_-]/u;
const OPERATORS = ['and', 'or', 'xor', 'not'] as const;
type Operator = (typeof OPERATORS)[number];

/**
 * Parses a compound statement.
 *
 * @returns the statement tree and every rule name it mentions, in order of
 *   appearance with offsets (repeats kept), so the validator can check that
 *   each names a rule defined earlier; or an error whose message says what
 *   was expected and quotes what was found (`expected "," or ")" to close
 *   "and(", found "x" at character 9`) with its 0-based offset. Never throws.
 */
export function parseCompoundStatement(text: string): CompoundParseResult {
  if (typeof text !== 'string') return { ok: false, message: 'expected the statement as a string', offset: 0 };
  const cursor = new Cursor(text);
  const ruleNames: NamedSpan[] = [];
  try {
    const statement = parseStatement(cursor, ruleNames);
    cursor.skipWs();
    if (cursor.pos < text.length) cursor.fail('expected end of statement');
    return { ok: true, statement, ruleNames };
  } catch (error) {
    if (error instanceof ParseFailure) return { ok: false, message: error.message, offset: error.offset };
    throw error;
  }
}

function parseStatement(c: Cursor, ruleNames: NamedSpan[]): CompoundExpr {
  c.skipWs();
  const word = c.readWhile(RULE_CHAR);
  if (word.text === '') c.fail('expected a rule name or and(...), or(...), xor(...), not(...)');
  const op = OPERATORS.find((name) => name === word.text);
  c.skipWs();
  if (c.peek() !== '(') {
    if (op) c.fail(`expected "(" after "${op}"`);
    ruleNames.push({ name: word.text, start: word.start, end: word.end });
    return { op: 'rule', name: word.text };
  }
  if (!op) {
    const hint = OPERATORS.find((name) => name === word.text.toLowerCase());
    const lower = hint ? `; operators are lowercase: "${hint}"` : '';
    const message = `unknown operator ${JSON.stringify(word.text)} (expected one of and, or, xor, not${lower}) at character ${word.start}`;
    throw new ParseFailure(message, word.start);
  }
  c.pos++; // the "("
  c.enter();
  const args = parseArguments(c, op, ruleNames);
  c.nesting--;
  if (op === 'not') return { op, arg: args[0]! };
  return { op, args };
}

function parseArguments(c: Cursor, op: Operator, ruleNames: NamedSpan[]): CompoundExpr[] {
  const args: CompoundExpr[] = [];
  do {
    c.skipWs();
    if (op === 'not' && args.length === 1) c.fail('"not" takes exactly one argument');
    args.push(parseStatement(c, ruleNames));
  } while (c.eat(','));
  c.skipWs();
  if (c.peek() !== ')') c.fail(`expected "," or ")" to close "${op}("`);
  if (op !== 'not' && args.length < 2) c.fail(`"${op}" needs at least two arguments: expected "," and another statement`);
  c.pos++;
  return args;
}
