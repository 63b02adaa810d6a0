/**
 * Team balancing on a number attribute (`algorithm.balancedAttribute`): moves
 * tickets between teams, keeping every team's size, so that team averages
 * are as even as possible. The objective is the sum over teams of
 * (team average - match average)^2; swaps of equal-size tickets that lower it
 * are applied, best first, until none helps.
 */

/** A ticket to place: its size and the sum of its players' balanced attribute. */
export interface BalanceItem {
  size: number;
  sum: number;
  /** Seated players (backfill) never move. */
  fixed: boolean;
}

/** Most improving swaps applied in one balancing. */
const MAX_SWAPS = 500;

/**
 * Improves `assignment` (item index -> team) in place. `canSwap(a, b)` may veto
 * a swap (exhaustive search re-checks its rules there). Returns the number of
 * swaps made.
 */
export function balanceAssignment(
  items: readonly BalanceItem[],
  assignment: number[],
  teamCount: number,
  canSwap: (a: number, b: number) => boolean = () => true,
): number {
  const sums = new Array<number>(teamCount).fill(0);
  const sizes = new Array<number>(teamCount).fill(0);
  items.forEach((item, i) => {
    sums[assignment[i]!]! += item.sum;
    sizes[assignment[i]!]! += item.size;
  });
  const total = sums.reduce((a, b) => a + b, 0);
  const players = sizes.reduce((a, b) => a + b, 0);
  if (players === 0) return 0;
  const mean = total / players;
  const cost = (team: number, sum: number): number => (sizes[team] === 0 ? 0 : (sum / sizes[team]! - mean) ** 2);
  let swaps = 0;
  while (swaps < MAX_SWAPS) {
    let best = { gain: 1e-9, a: -1, b: -1 };
    for (let a = 0; a < items.length; a++) {
      const itemA = items[a]!;
      if (itemA.fixed) continue;
      for (let b = a + 1; b < items.length; b++) {
        const itemB = items[b]!;
        const ta = assignment[a]!;
        const tb = assignment[b]!;
        if (itemB.fixed || ta === tb || itemA.size !== itemB.size) continue;
        const delta = itemB.sum - itemA.sum;
        const gain = cost(ta, sums[ta]!) + cost(tb, sums[tb]!) - cost(ta, sums[ta]! + delta) - cost(tb, sums[tb]! - delta);
        if (gain > best.gain) best = { gain, a, b };
      }
    }
    if (best.a < 0) break;
    if (!canSwap(best.a, best.b)) {
      // A vetoed swap stops balancing rather than searching for the next best: cheap and never worse.
      break;
    }
    const ta = assignment[best.a]!;
    const tb = assignment[best.b]!;
    const delta = items[best.b]!.sum - items[best.a]!.sum;
    sums[ta]! += delta;
    sums[tb]! -= delta;
    assignment[best.a] = tb;
    assignment[best.b] = ta;
    swaps++;
  }
  return swaps;
}

/** Spread between the highest and the lowest team average (a match-quality figure). */
export function averageSpread(items: readonly BalanceItem[], assignment: readonly number[], teamCount: number): number {
  const sums = new Array<number>(teamCount).fill(0);
  const sizes = new Array<number>(teamCount).fill(0);
  items.forEach((item, i) => {
    sums[assignment[i]!]! += item.sum;
    sizes[assignment[i]!]! += item.size;
  });
  const averages = sums.map((sum, t) => sum / sizes[t]!).filter((value) => Number.isFinite(value));
  return averages.length === 0 ? 0 : Math.max(...averages) - Math.min(...averages);
}
