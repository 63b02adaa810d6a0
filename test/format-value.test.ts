import { describe, expect, it } from 'vitest';
import { formatValue } from '../src/core/format-value.ts';

describe('formatValue', () => {
  it('renders values as JSON', () => {
    expect(formatValue({ N: 'high' })).toBe('{"N":"high"}');
    expect(formatValue('x')).toBe('"x"');
  });

  it('cuts long values to the limit with an ellipsis', () => {
    const text = formatValue('a'.repeat(500), 20);
    expect(text).toHaveLength(20);
    expect(text.endsWith('...')).toBe(true);
  });

  it('never throws on values JSON cannot render', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(formatValue(cyclic)).toBe('[object Object]');
    expect(formatValue(() => 1)).toBe('a function');
    expect(formatValue(undefined)).toBe('undefined');
    expect(formatValue(10n)).toBe('[object BigInt]');
  });
});
