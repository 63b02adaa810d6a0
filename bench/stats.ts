/** Small statistics helpers for benchmarks: medians and spreads, never single runs. */

export function median(values: readonly number[]): number {
  const sorted = values.slice().sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = values.slice().sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Runs `sample` `runs` times (after one warm-up) and returns every result. */
export function repeat<T>(runs: number, sample: () => T): T[] {
  sample();
  return Array.from({ length: runs }, sample);
}

/** Formats a number with at most `digits` decimals and thousands separators. */
export function fmt(value: number, digits = 1): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}
