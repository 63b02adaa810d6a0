/**
 * Checks of a parsed JSON value's shape that report into an `IssueList`:
 * the kind of a value, a field of the right kind, every item of a list.
 * For inputs a program wrote and a person may have edited (an exported host
 * state, a snapshot).
 */
import { show } from './format-value.ts';
import type { IssueList } from './issue.ts';

/** The kinds a field may be required to have. */
export type JsonKind = 'string' | 'number' | 'boolean' | 'object' | 'array';

/** The kind of `value`; `null` and anything not JSON apart. */
export function kindOf(value: unknown): JsonKind | 'null' | 'other' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' || type === 'object' ? type : 'other';
}

/** Checks `record[key]` is of `kind` (finite for numbers), reporting at `key`; optional fields may be absent. */
export function expectField(record: Record<string, unknown>, key: string, kind: JsonKind, issues: IssueList, optional = false): boolean {
  const value = record[key];
  if (value === undefined && optional) return true;
  const ok = kindOf(value) === kind && (kind !== 'number' || Number.isFinite(value));
  if (!ok) issues.add(key, `expected ${kind === 'array' ? 'a list' : kind === 'object' ? 'an object' : `a ${kind}`}, got ${show(value)}`);
  return ok;
}

/** Checks `record[key]` is a list of objects and runs `check` on each, until the list of issues is full. */
export function eachItem(
  record: Record<string, unknown>,
  key: string,
  issues: IssueList,
  check: (item: Record<string, unknown>, at: IssueList) => void,
): void {
  if (!expectField(record, key, 'array', issues)) return;
  const list = issues.at(key);
  (record[key] as unknown[]).forEach((item, index) => {
    if (list.full) return;
    if (kindOf(item) !== 'object') return list.add(index, `expected an object, got ${show(item)}`);
    check(item as Record<string, unknown>, list.at(index));
  });
}
