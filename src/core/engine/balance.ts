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
    // Plain locals, no object per improvement: this loop is O(k^2) per swap.
    const best = { gain: 1e-9, a: -1, b: -1 };
    for (let a = 0; a < items.length; a++) {
      const itemA = items[a]!;
      if (itemA.fixed) continue;
      const ta = assignment[a]!;
      for (let b = a + 1; b < items.length; b++) {
        const itemB = items[b]!;
        const tb = assignment[b]!;
        if (itemB.fixed || ta === tb || itemA.size !== itemB.size) continue;
        const delta = itemB.sum - itemA.sum;
        const gain = cost(ta, sums[ta]!) + cost(tb, sums[tb]!) - cost(ta, sums[ta]! + delta) - cost(tb, sums[tb]! - delta);
        if (gain > best.gain) {
          best.gain = gain;
          best.a = a;
          best.b = b;
        }
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

/**
 * Balancing for large matches: first a greedy redistribution in O(k log k)
 * (within each ticket size, tickets in decreasing sum go to the team whose
 * average is lowest among those with a slot of that size left, so every
 * team keeps its size), then the improving swaps of `balanceAssignment`,
 * which from that start are few. No swap is vetoed here.
 */
export function balanceLarge(items: readonly BalanceItem[], assignment: number[], teamCount: number): number {
  redistribute(items, assignment, teamCount);
  return balanceAssignment(items, assignment, teamCount);
}

function redistribute(items: readonly BalanceItem[], assignment: number[], teamCount: number): void {
  const sums = new Array<number>(teamCount).fill(0);
  const sizes = new Array<number>(teamCount).fill(0);
  const bySize = new Map<number, number[]>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    sizes[assignment[i]!]! += item.size;
    if (item.fixed) {
      sums[assignment[i]!]! += item.sum;
      continue;
    }
    let group = bySize.get(item.size);
    if (!group) bySize.set(item.size, (group = []));
    group.push(i);
  }
  for (const size of [...bySize.keys()].sort((a, b) => b - a)) {
    const group = bySize.get(size)!;
    const slots = new Array<number>(teamCount).fill(0);
    for (const i of group) slots[assignment[i]!]! += 1;
    group.sort((a, b) => items[b]!.sum - items[a]!.sum);
    for (const i of group) {
      let best = -1;
      for (let team = 0; team < teamCount; team++) {
        if (slots[team] === 0) continue;
        if (best < 0 || sums[team]! / sizes[team]! < sums[best]! / sizes[best]!) best = team;
      }
      slots[best]! -= 1;
      sums[best]! += items[i]!.sum;
      assignment[i] = best;
    }
  }
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
