/**
 * The rows of the simulation results table, one cell per result (two rule
 * sets side by side): counts, time-to-match percentiles, quality per rule
 * (mean / p90 / max, with the rule's limit), matches per expansion step
 * (grouped by target) and the run's durations. The one source of both the
 * text table of `peermatch simulate` (format-table.ts) and the host
 * console's HTML table. A row one result lacks (a rule only one rule set
 * has) shows `–` in the other's column. Pure.
 */
import type { Percentiles, RuleQuality, SimulationResult } from './types.ts';

/** One row of the results table. */
export interface SimulationTableRow {
  /** The row's words, without indentation. */
  label: string;
  /** One cell per result, in the results' order; empty for a heading. */
  cells: string[];
  /** How deep the row sits: 0 at the top, 1 under a heading, 2 under an expansion target. */
  depth: 0 | 1 | 2;
  /** True for a heading: a label over the rows below it, no cells. */
  heading?: true;
  /** The heading the row sits under (for an expansion step: its target); absent at depth 0. */
  group?: string;
}

/** What a cell shows when its result has no value there. */
export const MISSING_CELL = '–';

const QUALITY_HEADING = 'quality per rule: mean / p90 / max';
const EXPANSION_HEADING = 'matches per expansion step';

/** Every row for `results`, top to bottom (quality and expansion rows for every rule and step any result has). */
export function simulationTableRows(results: readonly SimulationResult[]): SimulationTableRow[] {
  const row = (label: string, cell: (result: SimulationResult) => string): SimulationTableRow => ({ label, cells: results.map(cell), depth: 0 });
  const share = (count: number, r: SimulationResult) => (r.tickets === 0 ? num(count, 0) : `${num(count, 0)} (${num((100 * count) / r.tickets, 1)}%)`);
  const percentile = (p: keyof Percentiles) => (r: SimulationResult) => (r.timeToMatchSeconds ? num(r.timeToMatchSeconds[p], 1) : MISSING_CELL);
  return [
    row('tickets', (r) => num(r.tickets, 0)),
    row('players', (r) => num(r.players, 0)),
    row('matched tickets', (r) => share(r.matchedTickets, r)),
    row('timed out', (r) => share(r.timedOutTickets, r)),
    row('failed acceptance', (r) => share(r.failedAcceptanceTickets, r)),
    row('matches', (r) => num(r.matches, 0)),
    row('mean match size', (r) => (r.matches === 0 ? MISSING_CELL : num(r.meanMatchSize, 1))),
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
  const key = (q: RuleQuality) => `${q.rule}\u0000${q.metric}`;
  const keys = unionInOrder(results.map((r) => r.quality.map(key)));
  if (keys.length === 0) return [];
  return [
    { label: QUALITY_HEADING, cells: [], depth: 0, heading: true },
    ...keys.map((k): SimulationTableRow => {
      const [rule, metric] = k.split('\u0000') as [string, string];
      const cells = results.map((r) => {
        const q = r.quality.find((candidate) => key(candidate) === k);
        if (!q || q.measuredMatches === 0) return MISSING_CELL;
        const limit = q.limit !== undefined ? ` (limit ${num(q.limit, 2)})` : '';
        return `${num(q.mean, 2)} / ${num(q.p90, 2)} / ${num(q.max, 2)}${limit}`;
      });
      return { label: `${rule}: ${metric}`, cells, depth: 1, group: QUALITY_HEADING };
    }),
  ];
}

function expansionRows(results: readonly SimulationResult[]): SimulationTableRow[] {
  type Use = SimulationResult['expansions'][number];
  const key = (e: Use) => `${e.target}\u0000${JSON.stringify(e.value)}`;
  // Grouped by target (in order of first appearance), so each target's steps sit under one heading.
  const targets = unionInOrder(results.map((r) => r.expansions.map((e) => e.target)));
  const targetOf = (k: string) => k.split('\u0000')[0]!;
  const keys = unionInOrder(results.map((r) => r.expansions.map(key))).sort((a, b) => targets.indexOf(targetOf(a)) - targets.indexOf(targetOf(b)));
  if (keys.length === 0) return [];
  const rows: SimulationTableRow[] = [{ label: EXPANSION_HEADING, cells: [], depth: 0, heading: true }];
  let target = '';
  for (const k of keys) {
    const [name, value] = k.split('\u0000') as [string, string];
    if (name !== target) rows.push({ label: (target = name), cells: [], depth: 1, heading: true, group: EXPANSION_HEADING });
    const sample = results.flatMap((r) => r.expansions).find((e) => key(e) === k)!;
    const label = sample.value === null ? 'original value' : `${value} after ${sample.waitTimeSeconds ?? '?'} s`;
    const cells = results.map((r) => {
      const use = r.expansions.find((e) => key(e) === k);
      if (!use) return MISSING_CELL;
      return r.matches === 0 ? num(use.matches, 0) : `${num(use.matches, 0)} (${num((100 * use.matches) / r.matches, 0)}%)`;
    });
    rows.push({ label, cells, depth: 2, group: name });
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
  if (!Number.isFinite(value)) return MISSING_CELL;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}
