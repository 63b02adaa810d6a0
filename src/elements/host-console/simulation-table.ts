/**
 * The simulator's results table as rows of text, one column per result: the
 * rows of `formatSimulationTable` (src/sim/format-table.ts, what
 * `peermatch simulate` prints), for an HTML table: tickets, players, matched,
 * timed out, failed acceptance, matches, mean match size, time-to-match
 * p50/p90/p99, quality per rule (mean / p90 / max and the rule's limit),
 * matches per expansion step, simulated minutes and wall clock. A row one
 * result lacks shows "–". Pure.
 */
import type { Percentiles, RuleQuality, SimulationResult } from '../../sim/types.ts';

/** One row: its label, one cell per result, and whether it heads a group (no cells). */
export interface SimulationTableRow {
  label: string;
  cells: string[];
  group?: boolean;
}

const MISSING = '–';

/** Every row for `results` (quality and expansion rows for every rule and step any result has). */
export function simulationTableRows(results: readonly SimulationResult[]): SimulationTableRow[] {
  const row = (label: string, cell: (result: SimulationResult) => string): SimulationTableRow => ({ label, cells: results.map(cell) });
  const share = (count: number, r: SimulationResult) => (r.tickets === 0 ? num(count, 0) : `${num(count, 0)} (${num((100 * count) / r.tickets, 1)}%)`);
  const percentile = (p: keyof Percentiles) => (r: SimulationResult) => (r.timeToMatchSeconds ? num(r.timeToMatchSeconds[p], 1) : MISSING);
  return [
    row('tickets', (r) => num(r.tickets, 0)),
    row('players', (r) => num(r.players, 0)),
    row('matched tickets', (r) => share(r.matchedTickets, r)),
    row('timed out', (r) => share(r.timedOutTickets, r)),
    row('failed acceptance', (r) => share(r.failedAcceptanceTickets, r)),
    row('matches', (r) => num(r.matches, 0)),
    row('mean match size', (r) => (r.matches === 0 ? MISSING : num(r.meanMatchSize, 1))),
    row('time to match p50 (s)', percentile('p50')),
    row('time to match p90 (s)', percentile('p90')),
    row('time to match p99 (s)', percentile('p99')),
    ...qualityRows(results),
    ...expansionRows(results),
    row('simulated minutes', (r) => num(r.simulatedMinutes, 0)),
    row('wall clock (s)', (r) => num(r.wallClockMs / 1000, 2)),
  ];
}

function qualityRows(results: readonly SimulationResult[]): SimulationTableRow[] {
  const key = (q: RuleQuality) => `${q.rule}: ${q.metric}`;
  const keys = unique(results.flatMap((r) => r.quality.map(key)));
  if (keys.length === 0) return [];
  return [
    { label: 'quality per rule: mean / p90 / max', cells: [], group: true },
    ...keys.map((k) => ({
      label: k,
      cells: results.map((r) => {
        const q = r.quality.find((candidate) => key(candidate) === k);
        if (!q || q.measuredMatches === 0) return MISSING;
        const limit = q.limit !== undefined ? ` (limit ${num(q.limit, 2)})` : '';
        return `${num(q.mean, 2)} / ${num(q.p90, 2)} / ${num(q.max, 2)}${limit}`;
      }),
    })),
  ];
}

function expansionRows(results: readonly SimulationResult[]): SimulationTableRow[] {
  type Use = SimulationResult['expansions'][number];
  const key = (e: Use) => `${e.target}\u0000${JSON.stringify(e.value)}`;
  const keys = unique(results.flatMap((r) => r.expansions.map(key)));
  if (keys.length === 0) return [];
  const rows: SimulationTableRow[] = [{ label: 'matches per expansion step', cells: [], group: true }];
  for (const k of keys) {
    const sample = results.flatMap((r) => r.expansions).find((e) => key(e) === k)!;
    const wait = sample.waitTimeSeconds;
    const step = sample.value === null ? 'original value' : `${JSON.stringify(sample.value)}${wait !== undefined ? ` after ${wait} s` : ''}`;
    rows.push({
      label: `${sample.target}: ${step}`,
      cells: results.map((r) => {
        const use = r.expansions.find((e) => key(e) === k);
        if (!use) return MISSING;
        return r.matches === 0 ? num(use.matches, 0) : `${num(use.matches, 0)} (${num((100 * use.matches) / r.matches, 0)}%)`;
      }),
    });
  }
  return rows;
}

function num(value: number, digits: number): string {
  if (!Number.isFinite(value)) return MISSING;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
