/** Percentiles and bucket widths for the simulator's summaries. Pure. */
import type { Percentiles } from './types.ts';

/** The `p`-th percentile (0-100) of `sorted` (ascending), nearest-rank; NaN when empty. */
export function percentileOfSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** p50, p90 and p99 of `values` (nearest-rank, so p50 ≤ p90 ≤ p99); null when there are none. */
export function percentiles(values: readonly number[]): Percentiles | null {
  if (values.length === 0) return null;
  const sorted = values.slice().sort((a, b) => a - b);
  return { p50: percentileOfSorted(sorted, 50), p90: percentileOfSorted(sorted, 90), p99: percentileOfSorted(sorted, 99) };
}

/** Mean of `values`; NaN when empty. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

const NICE_MINUTES = [1, 2, 5, 10, 15, 20, 30, 60, 120, 180, 240, 360, 720, 1440];

/** A round bucket width (minutes) that splits `totalMinutes` into about `buckets` buckets. */
export function niceBucketMinutes(totalMinutes: number, buckets = 30): number {
  const raw = totalMinutes / buckets;
  return NICE_MINUTES.find((width) => width >= raw) ?? Math.ceil(raw / 1440) * 1440;
}
