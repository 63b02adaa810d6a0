import { describe, expect, it } from 'vitest';
import { parseJsonc } from '../src/core/ruleset/jsonc.ts';
import type { JsoncDocument } from '../src/core/ruleset/jsonc.ts';

function parsed(text: string): JsoncDocument {
  const result = parseJsonc(text);
  if (!result.ok) throw new Error(`unexpected syntax errors: ${JSON.stringify(result.errors)}`);
  return result.document;
}

const TEXT = [
  '// header comment',
  '{',
  '  "teams": [ /* inline */',
  '    { "name": "red", "maxPlayers": 5, },',
  '  ],',
  '  "m": "avg(\\u0041x)"',
  '}',
].join('\n');

describe('parseJsonc', () => {
  it('gives the plain value, ignoring comments and trailing commas', () => {
    expect(parsed(TEXT).value).toEqual({ teams: [{ name: 'red', maxPlayers: 5 }], m: 'avg(Ax)' });
  });

  it('gives the 1-based line and column of a value and of its key', () => {
    const { positions } = parsed(TEXT);
    expect(positions.valueAt(['teams', 0, 'maxPlayers'])).toEqual({ line: 4, column: 36 });
    expect(positions.keyAt(['teams', 0, 'maxPlayers'])).toEqual({ line: 4, column: 22 });
    expect(positions.valueAt([])).toEqual({ line: 2, column: 1 });
    expect(positions.keyAt(['teams', 0])).toBeUndefined();
  });

  it('gives undefined for a path that does not exist', () => {
    const { positions } = parsed(TEXT);
    expect(positions.valueAt(['teams', 3])).toBeUndefined();
    expect(positions.valueAt(['teams', 'x'])).toBeUndefined();
    expect(positions.inString(['teams', 0, 'maxPlayers'], 0)).toBeUndefined();
  });

  it('points at a character inside a string, counting an escape sequence as one character', () => {
    const { positions } = parsed(TEXT);
    // "avg(\u0041x)": decoded index 5 is "x", written after the six-character escape.
    expect(positions.inString(['m'], 0)).toEqual({ line: 6, column: 9 });
    expect(positions.inString(['m'], 4)).toEqual({ line: 6, column: 13 });
    expect(positions.inString(['m'], 5)).toEqual({ line: 6, column: 19 });
  });

  it('counts lines ending in \\r\\n as one line break', () => {
    const { positions } = parsed('{\r\n  "a":\r\n 1}');
    expect(positions.valueAt(['a'])).toEqual({ line: 3, column: 2 });
  });

  it('keeps a "__proto__" key as an own property instead of changing the prototype', () => {
    const value = parsed('{"__proto__": {"polluted": true}}').value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect((value as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('lists keys written twice, and positions point at the last one (the value JSON keeps)', () => {
    const doc = parsed('{"a": 1,\n "a": 2}');
    expect(doc.duplicateKeys).toEqual([['a']]);
    expect(doc.value).toEqual({ a: 2 });
    expect(doc.positions.valueAt(['a'])).toEqual({ line: 2, column: 7 });
  });

  it('reports malformed JSON with line, column, what is wrong and what was found', () => {
    const result = parseJsonc('{\n  "a": 1\n  "b": 2\n}');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      { line: 3, column: 3, offset: 13, path: ['b'], message: `malformed JSON: expected ',', found '"b"'` },
    ]);
  });

  it('reports an unterminated string', () => {
    const result = parseJsonc('{"a": "abc');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]).toMatchObject({ line: 1, column: 7, message: `malformed JSON: unterminated string, found '"abc'` });
  });
});
