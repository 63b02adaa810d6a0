/**
 * `<peermatch-simulation-results>`: the simulator tab's results, one column
 * per run: uPlot plots of time-to-match p50/p90/p99 and matches per bucket,
 * the results table (`simulationTableRows` of src/sim, the rows `peermatch
 * simulate` prints, headings as row groups indented by depth) and the same
 * table as text. Set `results`. Parts: `chart`, `simulation-table`,
 * `simulation-text`.
 */
import { css, html, LitElement, nothing } from 'lit';
import { formatSimulationTable } from '../../sim/format-table.ts';
import { simulationTableRows, type SimulationTableRow } from '../../sim/table-rows.ts';
import type { SimulationResult } from '../../sim/types.ts';
import { simulationMatchesData, simulationPercentileData, simulationPercentileLabels, simulationPercentileStyles } from './chart-data.ts';
import './console-chart.ts';
import { consoleBaseStyles } from './console-styles.ts';

/** See the file comment. */
export class PeermatchSimulationResults extends LitElement {
  static override properties = {
    results: { attribute: false },
  };

  static override styles = [
    consoleBaseStyles,
    css`
      .charts {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(360px, 1fr));
        gap: 12px;
        margin: 10px 0;
      }
      .table {
        overflow-x: auto;
      }
      tr.group th {
        padding-top: 10px;
        color: var(--_muted);
      }
      .depth-1 {
        padding-left: 22px;
      }
      .depth-2 {
        padding-left: 36px;
      }
      td {
        text-align: right;
      }
      pre {
        font-family: var(--_mono);
        font-size: 12px;
        overflow-x: auto;
      }
      ul.warnings {
        margin: 6px 0;
      }
    `,
  ];

  declare results: SimulationResult[];

  constructor() {
    super();
    this.results = [];
  }

  protected override render() {
    const results = this.results;
    if (results.length === 0) return nothing;
    const warnings = results.flatMap((result) => (result.warnings ?? []).map((warning) => `${result.label}: ${warning}`));
    return html`
      ${warnings.length > 0 ? html`<ul class="warnings warning">${warnings.map((warning) => html`<li>${warning}</li>`)}</ul>` : nothing}
      <div class="charts">
        <peermatch-console-chart
          class="sim-percentile-chart"
          label="Time to match by arrival minute (s): p50 / p90 / p99"
          x-axis="minutes"
          y-label="s"
          .series=${simulationPercentileLabels(results)}
          .styles=${simulationPercentileStyles(results)}
          .data=${simulationPercentileData(results)}
          exportparts="chart"
        ></peermatch-console-chart>
        <peermatch-console-chart
          class="sim-matches-chart"
          label="Matches per bucket"
          x-axis="minutes"
          .series=${results.map((result) => result.label)}
          .data=${simulationMatchesData(results)}
          exportparts="chart"
        ></peermatch-console-chart>
      </div>
      <div class="table">
        <table part="simulation-table">
          <thead>
            <tr>
              <th scope="col"></th>
              ${results.map((result) => html`<th scope="col">${result.label}</th>`)}
            </tr>
          </thead>
          <tbody>
            ${simulationTableRows(results).map((row) => this.row(row))}
          </tbody>
        </table>
      </div>
      <details>
        <summary>As text (what <code>peermatch simulate</code> prints)</summary>
        <pre part="simulation-text">${formatSimulationTable(results)}</pre>
      </details>
    `;
  }

  private row(row: SimulationTableRow) {
    const depth = `depth-${row.depth}`;
    if (row.heading) {
      return html`<tr class="group" data-depth=${row.depth}><th scope="rowgroup" class=${depth} colspan=${this.results.length + 1}>${row.label}</th></tr>`;
    }
    // An expansion step's label ("original value") reads with its target for a screen reader.
    const spoken = row.depth === 2 && row.group ? `${row.group}: ${row.label}` : undefined;
    return html`<tr data-depth=${row.depth}>
      <th scope="row" class=${depth} aria-label=${spoken ?? nothing}>${row.label}</th>
      ${row.cells.map((cell) => html`<td>${cell}</td>`)}
    </tr>`;
  }
}

if (!customElements.get('peermatch-simulation-results')) customElements.define('peermatch-simulation-results', PeermatchSimulationResults);

declare global {
  interface HTMLElementTagNameMap {
    'peermatch-simulation-results': PeermatchSimulationResults;
  }
}
