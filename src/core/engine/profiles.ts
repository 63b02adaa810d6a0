/**
 * Team-size profiles: how many players each team of a match gets. Exhaustive
 * search tries the fullest profiles first ("teams fill toward maxPlayers")
 * and, among profiles of one total, the most even ones first.
 */

export interface SizeBounds {
  min: number;
  max: number;
}

/** Most profiles tried for one total, so many-team rule sets stay fast. */
const MAX_PROFILES_PER_TOTAL = 64;

/**
 * Profiles with every team within its bounds and at most `availablePlayers`
 * players in all, fullest first. `accept` filters profiles (size-only rules).
 */
export function* profilesFullestFirst(
  bounds: readonly SizeBounds[],
  availablePlayers: number,
  accept: (sizes: number[]) => boolean,
): Generator<number[]> {
  const minTotal = bounds.reduce((sum, team) => sum + team.min, 0);
  const maxTotal = Math.min(
    availablePlayers,
    bounds.reduce((sum, team) => sum + team.max, 0),
  );
  for (let total = maxTotal; total >= minTotal; total--) {
    const profiles = distributions(bounds, total, MAX_PROFILES_PER_TOTAL * 4);
    profiles.sort((a, b) => unevenness(a, bounds) - unevenness(b, bounds));
    let tried = 0;
    for (const sizes of profiles) {
      if (tried >= MAX_PROFILES_PER_TOTAL) break;
      if (!accept(sizes)) continue;
      tried++;
      yield sizes;
    }
  }
}

/** Ways to split `total` players over the teams within bounds (at most `limit`). */
function distributions(bounds: readonly SizeBounds[], total: number, limit: number): number[][] {
  const out: number[][] = [];
  const sizes = new Array<number>(bounds.length).fill(0);
  const suffixMin: number[] = [];
  const suffixMax: number[] = [];
  for (let i = bounds.length - 1, lo = 0, hi = 0; i >= 0; i--) {
    lo += bounds[i]!.min;
    hi += bounds[i]!.max;
    suffixMin[i] = lo;
    suffixMax[i] = hi;
  }
  const walk = (team: number, remaining: number): void => {
    if (out.length >= limit) return;
    if (team === bounds.length) {
      if (remaining === 0) out.push(sizes.slice());
      return;
    }
    const restMin = suffixMin[team + 1] ?? 0;
    const restMax = suffixMax[team + 1] ?? 0;
    const low = Math.max(bounds[team]!.min, remaining - restMax);
    const high = Math.min(bounds[team]!.max, remaining - restMin);
    for (let size = high; size >= low; size--) {
      sizes[team] = size;
      walk(team + 1, remaining - size);
    }
  };
  walk(0, total);
  return out;
}

/** Spread of fill ratios: 0 when every team is equally full. */
function unevenness(sizes: readonly number[], bounds: readonly SizeBounds[]): number {
  const ratios = sizes.map((size, i) => (bounds[i]!.max === 0 ? 1 : size / bounds[i]!.max));
  const mean = ratios.reduce((a, b) => a + b, 0) / ratios.length;
  return ratios.reduce((sum, ratio) => sum + (ratio - mean) ** 2, 0);
}
