/**
 * Simulation results as a fixed-width text table, one column per result
 * (two rule sets side by side), for `peermatch simulate` and for copying out
 * of the host console. Rows: counts, time-to-match percentiles, quality per
 * rule (mean / p90 / max, with the rule's limit), matches per expansion step
 * and the run's durations. A row one result lacks (a rule only one rule set
 * has) shows `–` in the other's column.
 */
import type { RuleQuality, SimulationResult } from './types.ts';

/** Longest row label before it is cut with "…". */
const MAX_LABEL = 64;
const MISSING = '–';

interface Row {
  label: string;
  cells: string[];
}

/** The table as text lines joined by "\n" (no trailing newline); an empty list gives a header-only table. */
export function formatSimulationTable(results: SimulationResult[]): string {
  const rows: Row[] = [
    { label: '', cells: results.map((r) => r.label) },
    ...countRows(results),
    ...percentileRows(results),
    ...qualityRows(results),
    ...expansionRows(results),
    { label: 'simulated minutes', cells: results.map((r) => num(r.simulatedMinutes, 0)) },
    { label: 'wall clock (s)', cells: results.map((r) => num(r.wallClockMs / 1000, 2)) },
  ];
  const labelWidth = Math.max(...rows.map((row) => row.label.length));
  const widths = results.map((_, i) => Math.max(...rows.map((row) => (row.cells[i] ?? '').length)));
  return rows
    .map((row) => [row.label.padEnd(labelWidth), ...widths.map((w, i) => (row.cells[i] ?? '').padStart(w))].join('   ').trimEnd())
    .join('\n');
}

function countRows(results: SimulationResult[]): Row[] {
  const share = (count: number, r: SimulationResult) =>
    r.tickets === 0 ? num(count, 0) : `${num(count, 0)} (${num((100 * count) / r.tickets, 1)}%)`;
  return [
    { label: 'tickets', cells: results.map((r) => num(r.tickets, 0)) },
    { label: 'players', cells: results.map((r) => num(r.players, 0)) },
    { label: 'matched tickets', cells: results.map((r) => share(r.matchedTickets, r)) },
    { label: 'timed out', cells: results.map((r) => share(r.timedOutTickets, r)) },
    { label: 'failed acceptance', cells: results.map((r) => share(r.failedAcceptanceTickets, r)) },
    { label: 'matches', cells: results.map((r) => num(r.matches, 0)) },
    { label: 'mean match size', cells: results.map((r) => (r.matches === 0 ? MISSING : num(r.meanMatchSize, 1))) },
  ];
}

function percentileRows(results: SimulationResult[]): Row[] {
  return (['p50', 'p90', 'p99'] as const).map((p) => ({
    label: `time to match ${p} (s)`,
    cells: results.map((r) => (r.timeToMatchSeconds ? num(r.timeToMatchSeconds[p], 1) : MISSING)),
  }));
}

function qualityRows(results: SimulationResult[]): Row[] {
  const key = (q: RuleQuality) => `${q.rule}\u0000${q.metric}`;
  const keys = unionInOrder(results.map((r) => r.quality.map(key)));
  if (keys.length === 0) return [];
  return [
    { label: 'quality per rule: mean / p90 / max', cells: [] },
    ...keys.map((k) => {
      const [rule, metric] = k.split('\u0000') as [string, string];
      return {
        label: cut(`  ${rule}: ${metric}`),
        cells: results.map((r) => {
          const q = r.quality.find((candidate) => key(candidate) === k);
          if (!q || q.measuredMatches === 0) return MISSING;
          const limit = q.limit !== undefined ? ` (limit ${num(q.limit, 2)})` : '';
          return `${num(q.mean, 2)} / ${num(q.p90, 2)} / ${num(q.max, 2)}${limit}`;
        }),
      };
    }),
  ];
}

function expansionRows(results: SimulationResult[]): Row[] {
  const key = (e: SimulationResult['expansions'][number]) => `${e.target}\u0000${JSON.stringify(e.value)}`;
  // Grouped by target (in order of first appearance), so each target's steps sit under one heading.
  const targets = unionInOrder(results.map((r) => r.expansions.map((e) => e.target)));
  const keys = unionInOrder(results.map((r) => r.expansions.map(key))).sort(
    (a, b) => targets.indexOf(a.split('\u0000')[0]!) - targets.indexOf(b.split('\u0000')[0]!),
  );
  if (keys.length === 0) return [];
  const rows: Row[] = [{ label: 'matches per expansion step', cells: [] }];
  let target = '';
  for (const k of keys) {
    const [name, value] = k.split('\u0000') as [string, string];
    if (name !== target) rows.push({ label: cut(`  ${(target = name)}`), cells: [] });
    const sample = results.flatMap((r) => r.expansions).find((e) => key(e) === k)!;
    const label = sample.value === null ? 'original value' : `${value} after ${sample.waitTimeSeconds ?? '?'} s`;
    rows.push({
      label: cut(`    ${label}`),
      cells: results.map((r) => {
        const use = r.expansions.find((e) => key(e) === k);
        if (!use) return MISSING;
        return r.matches === 0 ? num(use.matches, 0) : `${num(use.matches, 0)} (${num((100 * use.matches) / r.matches, 0)}%)`;
      }),
    });
  }
  return rows;
}

/** Keys of every list, first appearance first. */
function unionInOrder(lists: string[][]): string[] {
  const seen = new Set<string>();
  for (const list of lists) for (const k of list) seen.add(k);
  return [...seen];
}

function num(value: number, digits: number): string {
  if (!Number.isFinite(value)) return MISSING;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function cut(label: string): string {
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label;
}
