/**
 * Helpers for the rule-set validation tests: a small valid rule set to start
 * from, and finding where a piece of text is so that tests can assert the
 * exact line and column an issue reports.
 */
import { expect } from 'vitest';
import { validateRuleSet } from '../src/core/ruleset/validate.ts';
import type { RuleSetIssue, ValidationResult } from '../src/core/ruleset/validate.ts';

/** A JSON object we are free to poke at. */
export type Json = Record<string, any>;

/** A valid small rule set: four attributes of each type, teams red and blue (2-4 players). */
export function baseRuleSet(): Json {
  return {
    name: 'test',
    ruleLanguageVersion: '1.0',
    playerAttributes: [
      { name: 'skill', type: 'number', default: 10 },
      { name: 'character', type: 'string_list', default: ['peasant'] },
      { name: 'mode', type: 'string' },
      { name: 'maps', type: 'string_number_map' },
    ],
    teams: [
      { name: 'red', minPlayers: 2, maxPlayers: 4 },
      { name: 'blue', minPlayers: 2, maxPlayers: 4 },
    ],
    rules: [],
  };
}

/** `baseRuleSet()` with these rules. */
export function withRules(...rules: Json[]): Json {
  return { ...baseRuleSet(), rules };
}

/** Validate the rule set as indented JSON text (so issues carry positions). */
export function check(ruleSet: Json | string): { text: string; result: ValidationResult } {
  const text = typeof ruleSet === 'string' ? ruleSet : JSON.stringify(ruleSet, null, 2);
  return { text, result: validateRuleSet(text) };
}

/**
 * 1-based line and column of the `nth` occurrence of `needle` in `text`,
 * plus `shift` characters. Written independently of the validator.
 */
export function positionOf(text: string, needle: string, nth = 0, shift = 0): { line: number; column: number } {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`"${needle}" occurs fewer than ${nth + 1} times`);
  }
  index += shift;
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

interface Expected {
  path: string;
  /** Fragments the message must contain. */
  message: string | string[];
  /** Where: the text to find (first occurrence, or [needle, nth, shift]), or an explicit position. */
  at?: string | [string, number, number?] | { line: number; column: number };
}

/** Assert that `result` has an issue (errors by default) with this path, message and position; returns it. */
export function expectIssue(
  checked: { text: string; result: ValidationResult },
  expected: Expected,
  kind: 'errors' | 'warnings' = 'errors',
): RuleSetIssue {
  const { text, result } = checked;
  const candidates = result[kind].filter((i) => i.path === expected.path);
  const fragments = typeof expected.message === 'string' ? [expected.message] : expected.message;
  const issue = candidates.find((i) => fragments.every((f) => i.message.includes(f)));
  expect(issue, `no ${kind} at ${expected.path} containing ${JSON.stringify(fragments)}; got ${JSON.stringify(result[kind], null, 1)}`).toBeDefined();
  if (expected.at !== undefined) {
    const where =
      typeof expected.at === 'string'
        ? positionOf(text, expected.at)
        : Array.isArray(expected.at)
          ? positionOf(text, expected.at[0], expected.at[1], expected.at[2] ?? 0)
          : expected.at;
    expect({ line: issue!.line, column: issue!.column }).toEqual(where);
  }
  return issue!;
}

/** Assert the rule set is valid with no warnings. */
export function expectClean(result: ValidationResult): void {
  expect(result.errors).toEqual([]);
  expect(result.warnings).toEqual([]);
  expect(result.valid).toBe(true);
}

/**
 * Position of the `{` of item `index` of the array under `key`, in text made
 * by `JSON.stringify(value, null, 2)` (items of a top-level array sit at
 * indent 4, of a nested one such as `steps` at indent 8). Missing properties
 * are reported at their object, so this is where such issues point.
 */
export function itemAt(text: string, key: string, index: number, indent = 4): [string, number, number] {
  const start = text.indexOf(`"${key}": [`);
  if (start < 0) throw new Error(`no array "${key}"`);
  const opener = `\n${' '.repeat(indent)}{`;
  const before = text.slice(0, start).split(opener).length - 1;
  return [opener, before + index, opener.length - 1];
}
