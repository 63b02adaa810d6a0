import { describe, expect, it } from 'vitest';
import { averageSpread, balanceAssignment, balanceAssignmentByScan, balanceLarge, type BalanceItem } from '../src/core/engine/balance.ts';
import { seededRandom } from '../src/core/engine/random.ts';

function teamSizes(items: readonly BalanceItem[], assignment: readonly number[], teams: number): number[] {
  const sizes = new Array<number>(teams).fill(0);
  items.forEach((item, i) => (sizes[assignment[i]!]! += item.size));
  return sizes;
}

describe('large-match balancing', () => {
  it('keeps every team size and evens averages on the whole about as well as swaps alone (mean spread within 1.5x, under a quarter point), on 200 random matches', () => {
    const random = seededRandom(5);
    let totalLarge = 0;
    let totalSwaps = 0;
    for (let round = 0; round < 200; round++) {
      const teams = 2 + Math.floor(random() * 3);
      const items: BalanceItem[] = Array.from({ length: 20 + Math.floor(random() * 120) }, () => {
        const size = 1 + Math.floor(random() * 3);
        return { size, sum: size * Math.floor(random() * 100), fixed: random() < 0.05 };
      });
      const start = items.map((_, i) => i % teams);
      const swapsOnly = [...start];
      const large = [...start];
      balanceAssignment(items, swapsOnly, teams);
      balanceLarge(items, large, teams);
      expect(teamSizes(items, large, teams)).toEqual(teamSizes(items, start, teams));
      items.forEach((item, i) => {
        if (item.fixed) expect(large[i]).toBe(start[i]);
      });
      totalLarge += averageSpread(items, large, teams);
      totalSwaps += averageSpread(items, swapsOnly, teams);
    }
    // Measured: 0.101 (greedy then swaps) against 0.088 (swaps alone) on values 0..99.
    expect(totalLarge / 200).toBeLessThan(0.25);
    expect(totalLarge).toBeLessThanOrEqual(1.5 * totalSwaps);
  });

  it('makes the same swaps as a scan of every pair, ties included, on 500 random matches with fixed items and vetoes', () => {
    const random = seededRandom(17);
    let swapped = 0;
    for (let round = 0; round < 500; round++) {
      const teams = 2 + Math.floor(random() * 10);
      // Few distinct values, so that many swaps tie on their gain and the order decides.
      const items: BalanceItem[] = Array.from({ length: 1 + Math.floor(random() * 160) }, () => {
        const size = 1 + Math.floor(random() * 2);
        const sum = round % 3 === 0 ? size * random() * 50 : size * Math.floor(random() * 8);
        return { size, sum, fixed: random() < 0.05 };
      });
      const start = items.map(() => Math.floor(random() * teams));
      const vetoAfter = round % 4 === 0 ? Math.floor(random() * 20) : Number.POSITIVE_INFINITY;
      const veto = () => {
        let asked = 0;
        const seen: [number, number][] = [];
        return { seen, canSwap: (a: number, b: number) => (seen.push([a, b]), asked++ < vetoAfter) };
      };
      const fast = [...start];
      const slow = [...start];
      const fastVeto = veto();
      const slowVeto = veto();
      const fastSwaps = balanceAssignment(items, fast, teams, fastVeto.canSwap);
      const slowSwaps = balanceAssignmentByScan(items, slow, teams, slowVeto.canSwap);
      expect(fastVeto.seen).toEqual(slowVeto.seen);
      expect(fastSwaps).toBe(slowSwaps);
      expect(fast).toEqual(slow);
      swapped += fastSwaps;
    }
    expect(swapped).toBeGreaterThan(1000);
  });
});
