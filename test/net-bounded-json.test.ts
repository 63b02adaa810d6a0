/**
 * Bounded JSON: depth and string length are checked in one linear scan before
 * JSON.parse, and a refused frame's top-level request id can still be read.
 */
import { describe, expect, it } from 'vitest';
import { checkJsonBounds, parseBoundedJson, peekTopLevelString } from '../src/net/bounded-json.ts';

describe('bounded JSON', () => {
  it('refuses 100,000 levels of nesting in one pass, naming the limit', () => {
    const text = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(checkJsonBounds(text, { maxDepth: 32, maxStringLength: 10 })).toEqual({ bound: 'depth', message: 'frame: nesting deeper than the limit of 32 levels (at offset 32)' });
  });

  it('counts nesting of objects and arrays alike, and not brackets inside strings', () => {
    expect(checkJsonBounds('{"a":[{"b":"[[[[{{{{"}]}', { maxDepth: 3, maxStringLength: 100 })).toBeNull();
    expect(checkJsonBounds('{"a":[{"b":[1]}]}', { maxDepth: 3, maxStringLength: 100 })).toMatchObject({ bound: 'depth' });
  });

  it('refuses a string over the length limit, keys included, and counts escaped quotes as part of the string', () => {
    expect(checkJsonBounds('{"abcdef":1}', { maxDepth: 5, maxStringLength: 5 })).toEqual({
      bound: 'string-length',
      message: 'frame: a string of 6 characters at offset 1, over the limit of 5 characters',
    });
    expect(checkJsonBounds('["a\\"b"]', { maxDepth: 5, maxStringLength: 4 })).toBeNull();
  });

  it('parses a text within bounds and reports a syntax error as an issue, not a throw', () => {
    expect(parseBoundedJson('{"a":[1,2]}')).toEqual({ value: { a: [1, 2] } });
    expect(parseBoundedJson('{"a":')).toMatchObject({ bound: 'syntax', message: expect.stringMatching(/^frame: not valid JSON/) });
  });

  it('finds a top-level string field in a frame too deep to parse, and ignores the same key nested deeper', () => {
    const deep = `{"type":"request","input":{"requestId":"inner","x":${'['.repeat(50_000)}${']'.repeat(50_000)}},"requestId":"r-7"}`;
    expect(peekTopLevelString(deep, 'requestId')).toBe('r-7');
    expect(peekTopLevelString('{"input":{"requestId":"inner"}}', 'requestId')).toBeUndefined();
    expect(peekTopLevelString('{"requestId":42}', 'requestId')).toBeUndefined();
    expect(peekTopLevelString(`{"requestId":"${'x'.repeat(65)}"}`, 'requestId')).toBeUndefined();
    expect(peekTopLevelString('{"note":"requestId","requestId":"r1"}', 'requestId')).toBe('r1');
  });
});
