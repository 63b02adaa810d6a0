import { describe, expect, it } from 'vitest';
import { orderByValue } from '../src/core/engine/radix-order.ts';
import { seededRandom } from '../src/core/engine/random.ts';

/** The comparison sort the radix order stands for. */
function byComparison(values: Float64Array): number[] {
  return Array.from(values, (_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
}

describe('orderByValue', () => {
  it('orders like the comparison sort, ties in position order, on 300 random lists (negatives, -0, infinities, repeats, large and tiny values)', () => {
    const random = seededRandom(23);
    const specials = [0, -0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, -1e300, 1e-300];
    let radixSized = 0;
    for (let round = 0; round < 300; round++) {
      const length = Math.floor(random() * (round % 2 === 0 ? 3000 : 300));
      const distinct = 1 + Math.floor(random() * 50);
      const values = Float64Array.from({ length }, () => {
        const pick = random();
        if (pick < 0.05) return specials[Math.floor(random() * specials.length)]!;
        if (pick < 0.5) return Math.floor(random() * distinct) - distinct / 2;
        return (random() - 0.5) * 10 ** Math.floor(random() * 12 - 6);
      });
      if (length >= 256) radixSized++;
      expect(Array.from(orderByValue(values))).toEqual(byComparison(values));
    }
    expect(radixSized).toBeGreaterThan(100);
  });

  it('keeps the comparison sort when a value is NaN', () => {
    const values = Float64Array.from({ length: 1000 }, (_, i) => (i === 500 ? Number.NaN : (i * 7919) % 1000));
    expect(Array.from(orderByValue(values))).toEqual(byComparison(values));
  });
});
