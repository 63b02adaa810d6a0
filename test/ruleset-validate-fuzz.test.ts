import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import { validateRuleSet } from '../src/core/ruleset/validate.ts';
import { compileRuleSet } from '../src/core/ruleset/compile.ts';
import type { ValidationResult } from '../src/core/ruleset/validate.ts';

/** Deterministic generator (mulberry32) so that a failure can be replayed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'name', 'type', 'teams', 'rules', 'expansions', 'algorithm', 'playerAttributes', 'ruleLanguageVersion', '1.0',
  'minPlayers', 'maxPlayers', 'quantity', 'measurements', 'referenceValue', 'operation', 'distance', 'comparison',
  'collection', 'latency', 'batchDistance', 'absoluteSort', 'distanceSort', 'compound', 'statement', 'target',
  'steps', 'waitTimeSeconds', 'value', 'skill', 'number', 'string_list', 'balanced', 'sorted', '__proto__',
  'constructor', 'teams[*].players.attributes[skill]', 'avg(', 'and(a, b)', 'rules[a].maxDistance', '',
];

function randomValue(next: () => number, depth: number): unknown {
  const r = next();
  if (depth <= 0 || r < 0.35) {
    const k = Math.floor(next() * 6);
    if (k === 0) return null;
    if (k === 1) return next() < 0.5;
    if (k === 2) return Math.floor(next() * 400) - 100;
    if (k === 3) return next() * 1e6;
    return WORDS[Math.floor(next() * WORDS.length)];
  }
  if (r < 0.65) return Array.from({ length: Math.floor(next() * 5) }, () => randomValue(next, depth - 1));
  const obj: Record<string, unknown> = {};
  const n = Math.floor(next() * 6);
  for (let i = 0; i < n; i++) {
    Object.defineProperty(obj, WORDS[Math.floor(next() * WORDS.length)]!, {
      value: randomValue(next, depth - 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return obj;
}

/** Replace one random subtree of `value` with a random value. */
function mutate(value: unknown, next: () => number, depth = 0): unknown {
  if (next() < 0.2 || depth > 6 || value === null || typeof value !== 'object') return randomValue(next, 3);
  if (Array.isArray(value)) {
    if (value.length === 0) return [randomValue(next, 2)];
    const copy = [...value];
    const i = Math.floor(next() * copy.length);
    copy[i] = mutate(copy[i], next, depth + 1);
    return copy;
  }
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0 || next() < 0.15) {
    copy[WORDS[Math.floor(next() * WORDS.length)]!] = randomValue(next, 2);
    return copy;
  }
  const key = keys[Math.floor(next() * keys.length)]!;
  if (next() < 0.2) delete copy[key];
  else copy[key] = mutate(copy[key], next, depth + 1);
  return copy;
}

function expectWellFormed(result: ValidationResult): void {
  expect(typeof result.valid).toBe('boolean');
  expect(result.valid).toBe(result.errors.length === 0);
  for (const issue of [...result.errors, ...result.warnings]) {
    expect(typeof issue.path).toBe('string');
    expect(typeof issue.message).toBe('string');
    expect(issue.message.length).toBeLessThan(2000);
  }
}

const DIR = join(import.meta.dirname, '..', 'examples', 'rulesets');
const EXAMPLES = readdirSync(DIR).filter((f) => f.endsWith('.jsonc')).map((f) => readFileSync(join(DIR, f), 'utf8'));
const EXAMPLE_VALUES: unknown[] = EXAMPLES.map((text) => parseJsonc(text, [], { allowTrailingComma: true }));

describe('validateRuleSet on garbage', () => {
  it('never throws on 2000 random JSON values, as objects and as text', { timeout: 60_000 }, () => {
    const next = rng(1);
    for (let i = 0; i < 2000; i++) {
      const value = randomValue(next, 6);
      expectWellFormed(validateRuleSet(value as object));
      expectWellFormed(validateRuleSet(JSON.stringify(value) ?? 'null'));
    }
  });

  it('never throws on 3000 random mutations of the example rule sets', () => {
    const next = rng(2);
    for (let i = 0; i < 3000; i++) {
      const mutated = mutate(EXAMPLE_VALUES[i % EXAMPLE_VALUES.length], next);
      expectWellFormed(validateRuleSet(JSON.stringify(mutated, null, 1) ?? 'null'));
      expectWellFormed(compileRuleSet(mutated as object));
    }
  }, 60_000); // a robustness check, not a speed goal: generous on a loaded machine

  it('never throws when characters of the example texts are deleted, duplicated or replaced', { timeout: 60_000 }, () => {
    const next = rng(3);
    const noise = '{}[],:"\\/*0-. \naé\u0000';
    for (let i = 0; i < 1500; i++) {
      let text = EXAMPLES[i % EXAMPLES.length]!;
      for (let k = 0; k < 3; k++) {
        const at = Math.floor(next() * text.length);
        const ch = noise[Math.floor(next() * noise.length)]!;
        const op = next();
        text = op < 0.33 ? text.slice(0, at) + text.slice(at + 1) : op < 0.66 ? text.slice(0, at) + ch + text.slice(at) : text.slice(0, at) + ch + text.slice(at + 1);
      }
      const result = validateRuleSet(text);
      expectWellFormed(result);
      for (const issue of result.errors) expect(issue.line).toBeGreaterThanOrEqual(1);
    }
  });

  it('reports nesting too deep to parse as an error instead of overflowing the stack', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    const result = validateRuleSet(deep);
    expect(result.valid).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
  });

  it('survives huge strings and quotes them shortened in messages', () => {
    const huge = 'x'.repeat(2_000_000);
    const result = validateRuleSet({ ruleLanguageVersion: huge, teams: [{ name: huge, minPlayers: 1, maxPlayers: 2 }] });
    expect(result.errors[0]?.message.length).toBeLessThan(200);
    expectWellFormed(validateRuleSet(JSON.stringify({ ruleLanguageVersion: '1.0', rules: [{ name: 'a', type: 'distance', measurements: [`avg(${huge})`] }] })));
  });

  it('treats a "__proto__" key as an ordinary unknown property', () => {
    const text = '{"ruleLanguageVersion": "1.0", "__proto__": {"teams": [{"name": "a", "minPlayers": 1, "maxPlayers": 1}]}}';
    const result = validateRuleSet(text);
    expect(result.errors.map((e) => e.path)).toEqual(['teams']);
    expect(result.warnings.map((w) => w.path)).toEqual(['__proto__']);
  });

  it('does not throw on undefined, functions, cyclic objects or throwing getters', () => {
    const cyclic: Record<string, unknown> = { ruleLanguageVersion: '1.0' };
    cyclic['teams'] = [cyclic];
    cyclic['rules'] = cyclic;
    const throwing = Object.defineProperty({ ruleLanguageVersion: '1.0' }, 'teams', {
      enumerable: true,
      get() {
        throw new Error('boom');
      },
    });
    for (const body of [undefined, () => 1, cyclic, throwing, Object.create(null), new Date(0), [1, 2]]) {
      expectWellFormed(validateRuleSet(body as object));
    }
    expect(validateRuleSet(throwing).errors).toEqual([{ path: '$', message: 'cannot validate the rule set: boom' }]);
  });
});
