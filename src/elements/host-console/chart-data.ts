/**
 * Data for the console's uPlot charts, in uPlot's aligned form: the first
 * array is the x values (ascending), every other array one series with a
 * value or `null` per x. Pure.
 */
import type { SimulationResult } from '../../sim/types.ts';
import type { WaitSample } from './live-state.ts';

/** uPlot's `AlignedData`, with gaps as `null`. */
export type ChartData = [number[], ...(number | null)[][]];

/** Time to match over time: x = when the match succeeded (Unix seconds, uPlot's time unit), y = seconds waited. */
export function waitChartData(samples: readonly WaitSample[]): ChartData {
  const sorted = [...samples].sort((a, b) => a.atMs - b.atMs);
  return [sorted.map((sample) => sample.atMs / 1000), sorted.map((sample) => round1(sample.waitSeconds))];
}

/**
 * Matches completed per minute over the last `minutes` minutes up to `nowMs`:
 * x = the minute's start (Unix seconds), y = matches in it. Matches older than
 * the window are left out.
 */
export function matchesPerMinuteData(matchTimesMs: readonly number[], nowMs: number, minutes = 30): ChartData {
  const lastMinuteStart = Math.floor(nowMs / 60_000) * 60_000;
  const firstMinuteStart = lastMinuteStart - (minutes - 1) * 60_000;
  const counts = new Array<number>(minutes).fill(0);
  for (const atMs of matchTimesMs) {
    const index = Math.floor((atMs - firstMinuteStart) / 60_000);
    if (index >= 0 && index < minutes) counts[index]! += 1;
  }
  return [counts.map((_, index) => (firstMinuteStart + index * 60_000) / 1000), counts];
}

/** The series labels of `simulationPercentileData`, in its order. */
export function simulationPercentileLabels(results: readonly SimulationResult[]): string[] {
  return results.flatMap((result) => (['p50', 'p90', 'p99'] as const).map((p) => `${result.label} ${p}`));
}

/** The style of each `simulationPercentileData` series: one colour per result, p50 solid, p90 dashed, p99 dotted. */
export function simulationPercentileStyles(results: readonly SimulationResult[]): { colour: number; dash?: number[] }[] {
  return results.flatMap((_, colour) => [{ colour }, { colour, dash: [8, 4] }, { colour, dash: [2, 3] }]);
}

/**
 * Time-to-match percentiles over simulated time, one p50/p90/p99 series set
 * per result: x = bucket start (simulated minutes; the union of every
 * result's buckets), y = seconds, `null` where a result has no bucket there
 * or no ticket of the bucket was matched.
 */
export function simulationPercentileData(results: readonly SimulationResult[]): ChartData {
  const xs = unionOfBucketStarts(results);
  const series = results.flatMap((result) => {
    const byStart = new Map(result.series.map((bucket) => [bucket.startMinute, bucket.timeToMatchSeconds]));
    return (['p50', 'p90', 'p99'] as const).map((p) => xs.map((x) => {
      const percentiles = byStart.get(x);
      return percentiles ? round1(percentiles[p]) : null;
    }));
  });
  return [xs, ...series];
}

/** Matches per time bucket, one series per result (x as in `simulationPercentileData`). */
export function simulationMatchesData(results: readonly SimulationResult[]): ChartData {
  const xs = unionOfBucketStarts(results);
  const series = results.map((result) => {
    const byStart = new Map(result.series.map((bucket) => [bucket.startMinute, bucket.matches]));
    return xs.map((x) => byStart.get(x) ?? null);
  });
  return [xs, ...series];
}

function unionOfBucketStarts(results: readonly SimulationResult[]): number[] {
  const starts = new Set<number>();
  for (const result of results) for (const bucket of result.series) starts.add(bucket.startMinute);
  return [...starts].sort((a, b) => a - b);
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
