/**
 * `validateRuleSet` issues placed in the rule-set text: the character range
 * an editor marks for an issue's 1-based line and column. Pure (no editor
 * types), so the editor and the tests share it.
 */
import type { Issue } from '../../core/issue.ts';
import type { RuleSetIssue } from '../../core/ruleset/validate-context.ts';

/** An issue with its severity and range in the text (UTF-16 offsets, `from` ≤ `to`). */
export interface PlacedIssue extends Issue {
  severity: 'error' | 'warning';
  from: number;
  to: number;
  /** 1-based line of `from`. */
  line: number;
  column: number;
}

/**
 * The offset of a 1-based line and column in `text`, clamped into the text
 * (a line past the end: the end; a column past the line: the line's end).
 */
export function offsetOf(text: string, line: number, column: number): number {
  let start = 0;
  for (let current = 1; current < line; current++) {
    const newline = text.indexOf('\n', start);
    if (newline === -1) return text.length;
    start = newline + 1;
  }
  const end = text.indexOf('\n', start);
  const lineEnd = end === -1 ? text.length : end;
  return Math.min(start + Math.max(0, column - 1), lineEnd);
}

/**
 * Where to mark an issue: from its line and column to the end of the token
 * there (a word, a quoted string, or one character), never past the line.
 * Issues without a position (an object body) are placed at the start.
 */
export function placeIssue(text: string, issue: RuleSetIssue, severity: PlacedIssue['severity']): PlacedIssue {
  const line = issue.line ?? 1;
  const column = issue.column ?? 1;
  const from = offsetOf(text, line, column);
  const rest = text.slice(from, text.indexOf('\n', from) === -1 ? text.length : text.indexOf('\n', from));
  const token = /^"(?:[^"\\]|\\.)*"?|^[\w.$-]+/.exec(rest)?.[0] ?? rest.slice(0, 1);
  return { severity, from, to: from + token.length, line, column, path: issue.path, message: issue.message };
}

/** Every error, then every warning, placed in `text`, each group in text order. */
export function placeIssues(text: string, result: { errors: RuleSetIssue[]; warnings: RuleSetIssue[] }): PlacedIssue[] {
  const byOffset = (a: PlacedIssue, b: PlacedIssue) => a.from - b.from;
  return [
    ...result.errors.map((issue) => placeIssue(text, issue, 'error')).sort(byOffset),
    ...result.warnings.map((issue) => placeIssue(text, issue, 'warning')).sort(byOffset),
  ];
}
