/**
 * Shared plumbing of rule-set validation: the issue list, JSON paths, source
 * positions, and small readers for untrusted values. Every `validate-*.ts`
 * checker receives a `CheckContext` and reports through it.
 */
import type { Issue } from '../issue.ts';
import type { JsonPath, JsonPathSegment, SourcePositions, TextPosition } from './jsonc.ts';

/** One problem found in a rule set (the one issue shape, core/issue.ts); `path` is `$` for the root. */
export type RuleSetIssue = Issue;

/** The answer of `validateRuleSet`: valid iff there are no errors (warnings do not count). */
export interface ValidationResult {
  valid: boolean;
  errors: RuleSetIssue[];
  warnings: RuleSetIssue[];
}

/**
 * Which part of the thing at a path an issue points at: its value (default),
 * its key (unknown properties), or one character inside a string value
 * (expression errors).
 */
export type IssueAnchor = 'value' | 'key' | { stringIndex: number };

/** Collects issues while the checkers walk the rule set. */
export class CheckContext {
  readonly errors: RuleSetIssue[] = [];
  readonly warnings: RuleSetIssue[] = [];

  /** `positions` is absent when the body was given as an object (no text to point into). */
  constructor(private readonly positions?: SourcePositions) {}

  /** Record an error at `path`; the position comes from `anchor` (missing paths fall back to their parent). */
  error(path: JsonPath, message: string, anchor: IssueAnchor = 'value'): void {
    this.errors.push(this.issue(path, message, anchor));
  }

  /** Record a warning: worth fixing, but the rule set stays valid. */
  warning(path: JsonPath, message: string, anchor: IssueAnchor = 'value'): void {
    this.warnings.push(this.issue(path, message, anchor));
  }

  /** Number of errors so far; compare before/after a check to see whether it added any. */
  get errorCount(): number {
    return this.errors.length;
  }

  private issue(path: JsonPath, message: string, anchor: IssueAnchor): RuleSetIssue {
    const where = this.locate(path, anchor);
    // Names are quoted in full; a pasted megabyte must not make a megabyte message.
    const text = message.length > MESSAGE_LIMIT ? `${message.slice(0, MESSAGE_LIMIT)}…` : message;
    const issue: RuleSetIssue = { path: clip(formatPath(path), MESSAGE_LIMIT), message: text };
    if (where !== undefined) {
      issue.line = where.line;
      issue.column = where.column;
    }
    return issue;
  }

  /** The position for an issue; a missing property falls back to its closest existing parent. */
  private locate(path: JsonPath, anchor: IssueAnchor): TextPosition | undefined {
    const p = this.positions;
    if (p === undefined) return undefined;
    if (typeof anchor === 'object') {
      const inside = p.inString(path, anchor.stringIndex);
      if (inside !== undefined) return inside;
    } else if (anchor === 'key') {
      const key = p.keyAt(path);
      if (key !== undefined) return key;
    }
    for (let n = path.length; n >= 0; n--) {
      const found = p.valueAt(path.slice(0, n));
      if (found !== undefined) return found;
    }
    return undefined;
  }
}

const MESSAGE_LIMIT = 600;

/** `text` cut to `limit` characters (with an ellipsis) for messages. */
export function clip(text: string, limit = 200): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

const IDENTIFIER = /^[A-Za-z_$][\w$-]*$/;

/** `['rules', 2, 'measurements', 0]` → `rules[2].measurements[0]`; `[]` → `$`. */
export function formatPath(path: JsonPath): string {
  if (path.length === 0) return '$';
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (!IDENTIFIER.test(segment)) out += `[${JSON.stringify(segment)}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** Extend a path without mutating it. */
export function at(path: JsonPath, ...more: JsonPathSegment[]): JsonPath {
  return [...path, ...more];
}

/** A plain object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property of an object (never an inherited one such as `constructor`). */
export function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

/** Whether the object has `key` as an own property. */
export function has(obj: Record<string, unknown>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(obj, key);
}

const QUOTE_LIMIT = 60;

/** A short printable form of any value for messages: `"mmr"`, `12`, `[1,2]`, `null`. */
export function quote(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? 'undefined' : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Array.isArray(value) ? '[…]' : typeof value === 'object' ? '{…}' : String(value);
  }
  return text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;
}

/**
 * A value for "got ..." in messages: its kind and a short form of it
 * (`a string "x"`, `an array [1,2]`), or just `null` / `nothing` for those.
 */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  return `${describeType(value)} ${quote(value)}`;
}

/** "a string", "an array", ... for messages about a value of the wrong type. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

/** `a, b, c` (or `none`), for "expected one of" lists. */
export function list(names: Iterable<string>): string {
  const all = [...names];
  return all.length === 0 ? 'none' : all.join(', ');
}

/** ` (did you mean "x"?)` when one candidate is close to `name`, else ``. */
export function suggestion(name: string, candidates: Iterable<string>): string {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = name.toLowerCase();
  for (const c of candidates) {
    const d = c.toLowerCase() === lower ? 0 : editDistance(lower, c.toLowerCase(), 3);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (name.length < 3) return ''; // operators such as "==" are too short to guess from
  const limit = name.length <= 4 ? 1 : 2;
  return best !== undefined && bestDistance <= limit && best !== name ? ` (did you mean "${best}"?)` : '';
}

/** Levenshtein distance, giving up (returning `cap`) once it exceeds `cap`. */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap || a.length > 200 || b.length > 200) return cap;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[j] ?? cap) + 1, (row[j - 1] ?? cap) + 1, (prev[j - 1] ?? cap) + cost);
      row.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin >= cap) return cap;
    prev = row;
  }
  return Math.min(prev[b.length] ?? cap, cap);
}

/**
 * Warn about every own property of `obj` not in `known` (typos such as
 * `minPlayer`). `what` names the object in the message: "team", "distance rule".
 */
export function warnUnknownProperties(
  ctx: CheckContext,
  obj: Record<string, unknown>,
  path: JsonPath,
  known: readonly string[],
  what: string,
): void {
  for (const key of Object.keys(obj)) {
    if (known.includes(key)) continue;
    ctx.warning(
      at(path, key),
      `unknown property "${key}" in ${what}, ignored${suggestion(key, known)}; known properties: ${list(known)}`,
      'key',
    );
  }
}

/**
 * Read a number property that may be written as a numeric string (the guide's
 * own batchDistance example writes `"maxDistance": "500"`): a string gives a
 * warning and is accepted. Anything else that is not a finite number is an
 * error. Returns undefined when absent or invalid.
 */
export function readLenientNumber(
  ctx: CheckContext,
  obj: Record<string, unknown>,
  path: JsonPath,
  key: string,
): number | undefined {
  if (!has(obj, key)) return undefined;
  const value = own(obj, key);
  const where = at(path, key);
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) {
    ctx.warning(where, `${key} ${quote(value)} is a string; it is read as the number ${Number(value)}`);
    return Number(value);
  }
  ctx.error(where, `${key} must be a number, got ${describeValue(value)}`);
  return undefined;
}

/** Read an optional enum-valued string property; unknown values are errors listing the allowed ones. */
export function readChoice<T extends string>(
  ctx: CheckContext,
  obj: Record<string, unknown>,
  path: JsonPath,
  key: string,
  allowed: readonly T[],
  context = '',
): T | undefined {
  if (!has(obj, key)) return undefined;
  const value = own(obj, key);
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const hint = typeof value === 'string' ? suggestion(value, allowed) : '';
  ctx.error(at(path, key), `unknown ${key} ${quote(value)}${context}${hint}; expected one of: ${list(allowed)}`);
  return undefined;
}
