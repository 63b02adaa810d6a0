/**
 * `<peermatch-simulator-panel>`: the console's simulator tab. A population
 * form (arrivals per minute, minutes, party sizes, attribute distributions
 * and regions as editable JSON, prefilled from the rule set's
 * `defaultPopulation`), the console's configuration, rule set A (the
 * editor's) and an optional rule set B (an example or a saved one) run on the
 * same population; Run shows a progress bar and Cancel; the results are uPlot
 * plots of time-to-match p50/p90/p99 and matches per bucket, and the table of
 * simulation-table.ts.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { HostConfiguration } from '../../host/host-runtime.ts';
import { defaultPopulation } from '../../sim/default-population.ts';
import { formatSimulationTable } from '../../sim/format-table.ts';
import type { PopulationSpec, SimulationInput, SimulationResult } from '../../sim/types.ts';
import { assertNever } from './assert-never.ts';
import { simulationMatchesData, simulationPercentileData, simulationPercentileLabels, simulationPercentileStyles } from './chart-data.ts';
import './console-chart.ts';
import { describeError } from './console-controller.ts';
import { CONSOLE_STRINGS, type ConsoleStrings } from './console-strings.ts';
import { consoleBaseStyles } from './console-styles.ts';
import { EXAMPLE_RULE_SETS } from './example-rule-sets.ts';
import { SavedRuleSetsController } from './saved-rule-sets-controller.ts';
import { readSimulationForm, simulatedConfiguration, simulationFormValues, type SimulationField, type SimulationFormValues } from './simulation-form.ts';
import { simulationTableRows } from './simulation-table.ts';
import { SimulatorController } from './simulator-controller.ts';

const EMPTY_FORM: SimulationFormValues = { arrivalsPerMinute: '20', durationMinutes: '60', partySizes: '', attributes: '{}', regions: '', seed: '1' };

/** See the file comment. */
export class PeermatchSimulatorPanel extends LitElement {
  static override properties = {
    ruleSetBody: { attribute: false },
    configuration: { attribute: false },
    strings: { attribute: false },
    form: { state: true },
    ruleSetB: { state: true },
    notice: { state: true },
  };

  static override styles = [
    consoleBaseStyles,
    css`
      form {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(260px, 1fr));
        gap: 10px 16px;
        align-items: start;
      }
      label {
        display: flex;
        flex-direction: column;
        gap: 2px;
      }
      textarea {
        font-family: var(--_mono);
        font-size: 12px;
        min-height: 180px;
      }
      .wide {
        grid-column: 1 / -1;
      }
      .json {
        grid-column: span 2;
      }
      @media (max-width: 700px) {
        .json {
          grid-column: 1 / -1;
        }
      }
      .actions {
        display: flex;
        gap: 8px;
        align-items: center;
        margin: 10px 0;
        flex-wrap: wrap;
      }
      progress {
        width: 240px;
      }
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
      pre {
        font-family: var(--_mono);
        font-size: 12px;
        overflow-x: auto;
      }
    `,
  ];

  /** Rule set A: the editor's text. */
  declare ruleSetBody: string;
  /** The console's configuration (undefined while its form has errors: the defaults apply). */
  declare configuration: HostConfiguration | undefined;
  declare strings: ConsoleStrings;
  protected declare form: SimulationFormValues;
  /** `example:NAME`, `saved:NAME` or '' (A only). */
  protected declare ruleSetB: string;
  protected declare notice: string;
  private readonly simulator = new SimulatorController(this);
  private readonly saved = new SavedRuleSetsController(this);
  /** The population the form was filled from (keeps the fields the form does not show). */
  private basePopulation: Partial<PopulationSpec> = {};
  private filledFrom: string | undefined;

  constructor() {
    super();
    this.ruleSetBody = '';
    this.configuration = undefined;
    this.strings = CONSOLE_STRINGS;
    this.form = { ...EMPTY_FORM };
    this.ruleSetB = '';
    this.notice = '';
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Prefill once from the first valid rule set A; later edits keep the host's own form.
    if (changed.has('ruleSetBody') && this.filledFrom === undefined && this.ruleSetBody) this.fillFromRuleSet();
  }

  /** Refills the form with `defaultPopulation` of rule set A. */
  fillFromRuleSet(): void {
    try {
      const population = defaultPopulation(this.ruleSetBody);
      this.basePopulation = population;
      this.form = simulationFormValues(population, Number(this.form.seed) || 1);
      this.filledFrom = this.ruleSetBody;
      this.notice = '';
    } catch (error) {
      this.notice = `Rule set A: ${describeError(error)}`;
    }
  }

  private async ruleSetBBody(): Promise<{ label: string; body: string } | undefined> {
    const [kind, ...rest] = this.ruleSetB.split(':');
    const name = rest.join(':');
    if (kind === 'example') {
      const example = EXAMPLE_RULE_SETS.find((candidate) => candidate.name === name);
      return example ? { label: `B: ${name}`, body: example.body } : undefined;
    }
    if (kind === 'saved') {
      const body = await this.saved.load(name);
      return body === undefined ? undefined : { label: `B: ${name}`, body };
    }
    return undefined;
  }

  private async run(): Promise<void> {
    const read = readSimulationForm(this.form, this.basePopulation);
    if (!read.ok) {
      this.notice = 'Fix the population form first.';
      return;
    }
    const configuration = simulatedConfiguration(this.configuration);
    const input = (label: string, ruleSetBody: string): SimulationInput => ({
      label,
      ruleSetBody,
      configuration,
      population: read.population,
      seed: read.seed,
    });
    const inputs = [input(`A: ${ruleSetName(this.ruleSetBody) ?? 'editor'}`, this.ruleSetBody)];
    const b = await this.ruleSetBBody();
    if (b) inputs.push(input(b.label, b.body));
    this.notice = '';
    await this.simulator.start(inputs);
  }

  private setField(field: SimulationField, value: string): void {
    this.form = { ...this.form, [field]: value };
  }

  protected override render() {
    const read = readSimulationForm(this.form, this.basePopulation);
    const errors = read.ok ? {} : read.errors;
    const running = this.simulator.state.kind === 'running';
    const configuration = simulatedConfiguration(this.configuration);
    return html`<section part="simulator" aria-label=${this.strings.tabSimulator}>
      <form @submit=${(event: Event) => event.preventDefault()}>
        ${this.field('arrivalsPerMinute', 'Arrivals per minute', errors.arrivalsPerMinute)}
        ${this.field('durationMinutes', 'Minutes of arrivals', errors.durationMinutes)}
        ${this.field('seed', 'Seed', errors.seed)}
        ${this.field('partySizes', 'Party sizes (JSON, empty: solo)', errors.partySizes)}
        ${this.field('attributes', 'Attribute distributions (JSON)', errors.attributes, true)}
        ${this.field('regions', 'Regions and latencies (JSON, empty: none)', errors.regions, true)}
        <p class="wide muted">
          Configuration: request timeout ${configuration.RequestTimeoutSeconds} s,
          ${configuration.AcceptanceRequired ? `acceptance within ${configuration.AcceptanceTimeoutSeconds} s` : 'no acceptance'}
          (from the ${this.strings.tabRuleSet} tab). Rule set A: the editor's${ruleSetName(this.ruleSetBody) ? ` (${ruleSetName(this.ruleSetBody)})` : ''}.
        </p>
        <label>
          Rule set B (side by side, same population)
          <select class="rule-set-b" .value=${this.ruleSetB} @change=${(event: Event) => (this.ruleSetB = (event.target as HTMLSelectElement).value)}>
            <option value="">(none: A only)</option>
            <optgroup label="Examples">
              ${EXAMPLE_RULE_SETS.map((example) => html`<option value=${`example:${example.name}`}>${example.name}</option>`)}
            </optgroup>
            ${this.saved.names.length > 0
              ? html`<optgroup label="Saved">${this.saved.names.map((name) => html`<option value=${`saved:${name}`}>${name}</option>`)}</optgroup>`
              : nothing}
          </select>
        </label>
      </form>
      <div class="actions">
        <button type="button" class="primary run" part="button" ?disabled=${running || !read.ok} @click=${() => this.run()}>Run</button>
        <button type="button" class="cancel" part="button" ?disabled=${!running} @click=${() => this.simulator.cancel()}>Cancel</button>
        <button type="button" part="button" ?disabled=${running} @click=${() => this.fillFromRuleSet()}>Population from rule set A</button>
        ${this.progress()}
      </div>
      ${this.notice ? html`<p class="error" role="alert">${this.notice}</p>` : nothing}
      ${this.outcome()}
    </section>`;
  }

  private field(field: SimulationField, label: string, error: string | undefined, multiline = false) {
    const id = `sim-${field}`;
    const onInput = (event: Event) => this.setField(field, (event.target as HTMLInputElement | HTMLTextAreaElement).value);
    return html`<label class=${multiline ? 'json' : ''}>
      ${label}
      ${multiline
        ? html`<textarea id=${id} name=${field} spellcheck="false" .value=${this.form[field]} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${`${id}-error`} @input=${onInput}></textarea>`
        : html`<input id=${id} name=${field} inputmode="decimal" .value=${this.form[field]} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${`${id}-error`} @input=${onInput} />`}
      <span id=${`${id}-error`} class="error">${error ?? ''}</span>
    </label>`;
  }

  private progress() {
    const state = this.simulator.state;
    if (state.kind !== 'running') return nothing;
    const runs = state.labels.length;
    const fraction = (state.index + Math.min(1, state.simulatedMinutes / Math.max(1, state.totalMinutes))) / runs;
    return html`<progress part="progress" max="1" .value=${fraction} aria-label="Simulation progress"></progress>
      <span role="status">${state.labels[state.index] ?? ''}: ${Math.round(state.simulatedMinutes)} / ${Math.round(state.totalMinutes)} simulated minutes</span>`;
  }

  private outcome() {
    const state = this.simulator.state;
    switch (state.kind) {
      case 'idle':
      case 'running':
        return nothing;
      case 'cancelled':
        return html`<p class="muted" role="status">Cancelled.</p>`;
      case 'failed':
        return html`<p class="error" role="alert">${state.message}</p>`;
      case 'done':
        return this.results(state.results);
      default:
        return assertNever(state);
    }
  }

  private results(results: SimulationResult[]) {
    const rows = simulationTableRows(results);
    return html`
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
          ${rows.map((row) =>
            row.group
              ? html`<tr class="group"><th scope="rowgroup" colspan=${results.length + 1}>${row.label}</th></tr>`
              : html`<tr><th scope="row">${row.label}</th>${row.cells.map((cell) => html`<td>${cell}</td>`)}</tr>`,
          )}
        </tbody>
      </table>
      </div>
      <details>
        <summary>As text (what <code>peermatch simulate</code> prints)</summary>
        <pre part="simulation-text">${formatSimulationTable(results)}</pre>
      </details>
    `;
  }
}

/** The rule set's `name`, when the text has one near the top. */
function ruleSetName(body: string): string | undefined {
  return /"name"\s*:\s*"([^"]{1,80})"/.exec(body)?.[1];
}

if (!customElements.get('peermatch-simulator-panel')) customElements.define('peermatch-simulator-panel', PeermatchSimulatorPanel);

declare global {
  interface HTMLElementTagNameMap {
    'peermatch-simulator-panel': PeermatchSimulatorPanel;
  }
}
