/**
 * Simulation results as a fixed-width text table, one column per result
 * (two rule sets side by side), for `peermatch simulate` and for copying out
 * of the host console: the header of result labels, then the rows of
 * `simulationTableRows` (table-rows.ts), indented two spaces per depth.
 */
import { simulationTableRows } from './table-rows.ts';
import type { SimulationResult } from './types.ts';

/** Longest row label (with its indentation) before it is cut with "…". */
const MAX_LABEL = 64;

/** The table as text lines joined by "\n" (no trailing newline); an empty list gives a header-only table. */
export function formatSimulationTable(results: SimulationResult[]): string {
  const rows = [
    { label: '', cells: results.map((r) => r.label) },
    ...simulationTableRows(results).map((row) => ({ label: cut(`${'  '.repeat(row.depth)}${row.label}`), cells: row.cells })),
  ];
  const labelWidth = Math.max(...rows.map((row) => row.label.length));
  const widths = results.map((_, i) => Math.max(...rows.map((row) => (row.cells[i] ?? '').length)));
  return rows
    .map((row) => [row.label.padEnd(labelWidth), ...widths.map((w, i) => (row.cells[i] ?? '').padStart(w))].join('   ').trimEnd())
    .join('\n');
}

function cut(label: string): string {
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1)}…` : label;
}
