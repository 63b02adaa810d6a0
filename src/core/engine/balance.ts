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

/** The best swap found so far: its gain and the two item indexes (a < b), or a = -1 for none. */
interface Best {
  gain: number;
  a: number;
  b: number;
}

/**
 * Whether the pair (a < b) with `gain` beats `best`: a higher gain, or the
 * same gain earlier in the order (a, then b). That order is the one a scan of
 * every pair in index order keeps (it replaces its best only on a higher
 * gain), so the swap chosen does not depend on how the pairs were visited.
 */
function beats(gain: number, a: number, b: number, best: Best): boolean {
  if (gain > best.gain) return true;
  return best.a >= 0 && gain === best.gain && (a < best.a || (a === best.a && b < best.b));
}

/**
 * Improves `assignment` (item index -> team) in place. `canSwap(a, b)` may veto
 * a swap (exhaustive search re-checks its rules there). Returns the number of
 * swaps made.
 *
 * Each round applies the best improving swap (the first in index order among
 * equal gains). A swap's gain depends only on its two teams' sums, so the
 * best swap of each pair of teams is kept, and after a swap between teams x
 * and y only the pairs of teams that involve x or y are searched again:
 * O(k * (k_x + k_y)) per swap instead of O(k^2), with the same swaps as a
 * scan of every pair (`balanceAssignmentByScan`, the reference of a test).
 */
export function balanceAssignment(
  items: readonly BalanceItem[],
  assignment: number[],
  teamCount: number,
  canSwap: (a: number, b: number) => boolean = () => true,
): number {
  const sums = new Array<number>(teamCount).fill(0);
  const sizes = new Array<number>(teamCount).fill(0);
  for (let i = 0; i < items.length; i++) {
    sums[assignment[i]!]! += items[i]!.sum;
    sizes[assignment[i]!]! += items[i]!.size;
  }
  const total = sums.reduce((a, b) => a + b, 0);
  const players = sizes.reduce((a, b) => a + b, 0);
  if (players === 0) return 0;
  const mean = total / players;
  const cost = (team: number, sum: number): number => (sizes[team] === 0 ? 0 : (sum / sizes[team]! - mean) ** 2);
  // The movable items of each team, in index order.
  const members: number[][] = Array.from({ length: teamCount }, () => []);
  for (let i = 0; i < items.length; i++) if (!items[i]!.fixed) members[assignment[i]!]!.push(i);
  // The best swap between teams x < y, at x * teamCount + y.
  const pairBest: Best[] = new Array<Best>(teamCount * teamCount);
  const searchPair = (x: number, y: number): void => {
    const best: Best = { gain: 1e-9, a: -1, b: -1 };
    const inX = members[x]!;
    const inY = members[y]!;
    // The first two terms of every gain below: the same sum whichever team is `a`'s (addition commutes exactly).
    const before = cost(x, sums[x]!) + cost(y, sums[y]!);
    for (let i = 0; i < inX.length; i++) {
      for (let j = 0; j < inY.length; j++) {
        // The same arithmetic as a scan in index order: the lower index is `a`.
        const a = inX[i]! < inY[j]! ? inX[i]! : inY[j]!;
        const b = inX[i]! < inY[j]! ? inY[j]! : inX[i]!;
        const itemA = items[a]!;
        const itemB = items[b]!;
        if (itemA.size !== itemB.size) continue;
        const ta = assignment[a]!;
        const tb = assignment[b]!;
        const delta = itemB.sum - itemA.sum;
        const gain = before - cost(ta, sums[ta]! + delta) - cost(tb, sums[tb]! - delta);
        if (beats(gain, a, b, best)) {
          best.gain = gain;
          best.a = a;
          best.b = b;
        }
      }
    }
    pairBest[x * teamCount + y] = best;
  };
  for (let x = 0; x < teamCount; x++) for (let y = x + 1; y < teamCount; y++) searchPair(x, y);
  let swaps = 0;
  while (swaps < MAX_SWAPS) {
    const best: Best = { gain: 1e-9, a: -1, b: -1 };
    for (let x = 0; x < teamCount; x++) {
      for (let y = x + 1; y < teamCount; y++) {
        const found = pairBest[x * teamCount + y]!;
        if (found.a >= 0 && beats(found.gain, found.a, found.b, best)) {
          best.gain = found.gain;
          best.a = found.a;
          best.b = found.b;
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
    swapItems(items, assignment, sums, best.a, best.b);
    swaps++;
    moveMember(members[ta]!, best.a, best.b);
    moveMember(members[tb]!, best.b, best.a);
    for (let t = 0; t < teamCount; t++) {
      if (t !== ta) searchPair(Math.min(t, ta), Math.max(t, ta));
      if (t !== tb && t !== ta) searchPair(Math.min(t, tb), Math.max(t, tb));
    }
  }
  return swaps;
}

/** Swaps items `a` and `b` between their teams, moving the difference of their sums. */
function swapItems(items: readonly BalanceItem[], assignment: number[], sums: number[], a: number, b: number): void {
  const ta = assignment[a]!;
  const tb = assignment[b]!;
  const delta = items[b]!.sum - items[a]!.sum;
  sums[ta]! += delta;
  sums[tb]! -= delta;
  assignment[a] = tb;
  assignment[b] = ta;
}

/** Replaces `out` by `into` in a team's sorted member list, keeping it sorted. */
function moveMember(list: number[], out: number, into: number): void {
  list.splice(list.indexOf(out), 1);
  let at = list.length;
  while (at > 0 && list[at - 1]! > into) at--;
  list.splice(at, 0, into);
}

/**
 * The first form of `balanceAssignment`: every pair scanned for each swap,
 * O(k^2) per swap. Kept as the reference that a test holds the incremental
 * search to (the same swaps, in the same order).
 */
export function balanceAssignmentByScan(
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
    if (best.a < 0 || !canSwap(best.a, best.b)) break;
    swapItems(items, assignment, sums, best.a, best.b);
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
