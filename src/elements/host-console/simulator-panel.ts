/**
 * `<peermatch-simulator-panel>`: the console's simulator tab (loaded on
 * first open). A form for the population (arrivals per minute, minutes,
 * seed, party sizes, attribute distributions and regions as editable JSON,
 * latency jitter, players' accept rate and answer delay), prefilled from the
 * rule set's `defaultPopulation`, and for the configuration the simulator
 * uses (request timeout, acceptance and its timeout), prefilled from the
 * Rule set tab and following it until edited here. Every input is checked as
 * typed, and the population against rule set A with the simulator's own
 * `validatePopulation` (each problem by path and value, on its input and in
 * a list). Rule set A (the editor's) and an optional rule set B (an example
 * or a saved one) run on the same population; Run shows a progress bar and
 * Cancel; the results are simulation-results.ts.
 */
import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import type { HostConfiguration } from '../../host/host-runtime.ts';
import { defaultPopulation } from '../../sim/default-population.ts';
import type { SimulationInput } from '../../sim/types.ts';
import { assertNever } from '../../core/assert-never.ts';
import { describeError } from './console-controller.ts';
import { CONSOLE_STRINGS, type ConsoleStrings } from './console-strings.ts';
import { consoleBaseStyles } from './console-styles.ts';
import { EXAMPLE_RULE_SETS } from './example-rule-sets.ts';
import { refusalProblems, reviewPopulation, type PopulationReview } from './population-issues.ts';
import { SavedRuleSetsController } from './saved-rule-sets-controller.ts';
import { simulatorFormStyles, simulatorFormView, type SimulatorFormView } from './simulator-form-view.ts';
import './simulation-results.ts';
import {
  readSimulationForm,
  simulatedConfiguration,
  simulationConfigValues,
  simulationFormValues,
  type SimulationErrorKey,
  type SimulationFormResult,
  type SimulationFormValues,
} from './simulation-form.ts';
import { SimulatorController } from './simulator-controller.ts';

const EMPTY_FORM: SimulationFormValues = simulationFormValues({ arrivalsPerMinute: 20, durationMinutes: 60, attributes: {} });

/** See the file comment. */
export class PeermatchSimulatorPanel extends LitElement {
  static override properties = {
    ruleSetBody: { attribute: false },
    configuration: { attribute: false },
    strings: { attribute: false },
    form: { state: true },
    configEdited: { state: true },
    ruleSetB: { state: true },
    notice: { state: true },
    runProblems: { state: true },
  };

  static override styles = [
    consoleBaseStyles,
    simulatorFormStyles,
    css`
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
    `,
  ];

  /** Rule set A: the editor's text. */
  declare ruleSetBody: string;
  /** The Rule set tab's configuration (undefined while its form has errors: the host's defaults). */
  declare configuration: HostConfiguration | undefined;
  declare strings: ConsoleStrings;
  protected declare form: SimulationFormValues;
  /** True once the configuration was changed here: it no longer follows the Rule set tab. */
  protected declare configEdited: boolean;
  /** `example:NAME`, `saved:NAME` or '' (A only). */
  protected declare ruleSetB: string;
  protected declare notice: string;
  /** Why the last Run was refused before it started (rule set B's problems), one per item. */
  protected declare runProblems: string[];
  private readonly simulator = new SimulatorController(this);
  private readonly saved = new SavedRuleSetsController(this);
  private filledFrom: string | undefined;
  private read: SimulationFormResult = readSimulationForm(EMPTY_FORM);
  private review: PopulationReview | undefined;

  constructor() {
    super();
    this.ruleSetBody = '';
    this.configuration = undefined;
    this.strings = CONSOLE_STRINGS;
    this.form = { ...EMPTY_FORM };
    this.configEdited = false;
    this.ruleSetB = '';
    this.notice = '';
    this.runProblems = [];
  }

  protected override willUpdate(changed: PropertyValues): void {
    // Prefill once from the first rule set A; later edits keep the host's own form.
    if (changed.has('ruleSetBody') && this.filledFrom === undefined && this.ruleSetBody) this.fillFromRuleSet();
    if ((changed.has('configuration') || changed.has('configEdited')) && !this.configEdited) {
      this.form = { ...this.form, ...simulationConfigValues(simulatedConfiguration(this.configuration)) };
    }
    if (changed.has('form') || changed.has('ruleSetBody')) {
      this.read = readSimulationForm(this.form);
      this.review = this.read.ok && this.ruleSetBody ? reviewPopulation(this.read.population, this.ruleSetBody) : undefined;
    }
  }

  /** Refills the population inputs with `defaultPopulation` of rule set A (the configuration inputs stay). */
  fillFromRuleSet(): void {
    try {
      const population = defaultPopulation(this.ruleSetBody);
      const { requestTimeoutSeconds, acceptanceRequired, acceptanceTimeoutSeconds } = this.form;
      this.form = { ...simulationFormValues(population, Number(this.form.seed) || 1), requestTimeoutSeconds, acceptanceRequired, acceptanceTimeoutSeconds };
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
    const read = this.read;
    if (!read.ok || !this.canRun) return;
    const input = (label: string, ruleSetBody: string): SimulationInput => ({
      label,
      ruleSetBody,
      configuration: read.configuration,
      population: read.population,
      seed: read.seed,
    });
    const inputs = [input(`A: ${ruleSetName(this.ruleSetBody) ?? 'editor'}`, this.ruleSetBody)];
    const b = await this.ruleSetBBody();
    if (b) {
      // The population is shared: rule set B may declare attributes it does not draw.
      const review = reviewPopulation(read.population, b.body);
      const problems = review.kind === 'rule-set-invalid' ? review.errors : review.errors.map((issue) => issue.text);
      this.runProblems = problems.map((problem) => `${b.label}: ${problem}`);
      if (problems.length > 0) return;
      inputs.push(input(b.label, b.body));
    }
    this.runProblems = [];
    this.notice = '';
    await this.simulator.start(inputs);
  }

  private get canRun(): boolean {
    return this.read.ok && this.review?.kind === 'checked' && this.review.errors.length === 0 && this.simulator.state.kind !== 'running';
  }

  /** Messages per input: the form's own, else the population's against rule set A (all of an input's, one per line). */
  private errors(): Partial<Record<SimulationErrorKey, string>> {
    if (!this.read.ok) return this.read.errors;
    const errors: Partial<Record<SimulationErrorKey, string>> = {};
    if (this.review?.kind !== 'checked') return errors;
    for (const issue of this.review.errors) {
      if (issue.key) errors[issue.key] = errors[issue.key] ? `${errors[issue.key]}\n${issue.text}` : issue.text;
    }
    return errors;
  }

  private formView(): SimulatorFormView {
    return {
      values: this.form,
      errors: this.errors(),
      strings: this.strings,
      configEdited: this.configEdited,
      setValues: (patch, config = false) => {
        this.form = { ...this.form, ...patch };
        if (config) this.configEdited = true;
      },
      resetConfig: () => (this.configEdited = false),
    };
  }

  protected override render() {
    const s = this.strings;
    const running = this.simulator.state.kind === 'running';
    return html`<section part="simulator" aria-label=${s.tabSimulator}>
      ${simulatorFormView(this.formView())}
      <label class="rule-set-b">
        ${s.simRuleSetB}
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
      ${this.problems()}
      <div class="actions">
        <button type="button" class="primary run" part="button" ?disabled=${!this.canRun} @click=${() => this.run()}>${s.simRun}</button>
        <button type="button" class="cancel" part="button" ?disabled=${!running} @click=${() => this.simulator.cancel()}>${s.simCancel}</button>
        <button type="button" class="refill" part="button" ?disabled=${running} @click=${() => this.fillFromRuleSet()}>${s.simPopulationFromA}</button>
        ${this.progress()}
      </div>
      ${this.notice ? html`<p class="error" role="alert">${this.notice}</p>` : nothing}
      ${this.outcome()}
    </section>`;
  }

  /** Every problem of the population (path and value, as `validatePopulation` words them), rule set A's, and the last refused Run's. */
  private problems() {
    const review = this.review;
    const errors =
      review === undefined ? []
      : review.kind === 'rule-set-invalid' ? review.errors.map((error) => `Rule set A (see the ${this.strings.tabRuleSet} tab): ${error}`)
      : review.errors.map((issue) => issue.text);
    const all = [...errors, ...this.runProblems];
    const warnings = review?.kind === 'checked' ? review.warnings : [];
    return html`<div aria-live="polite">
      ${all.length > 0
        ? html`<p class="error">${this.strings.simProblems}</p>
            <ul class="error problems" part="population-problems">${all.map((problem) => html`<li>${problem}</li>`)}</ul>`
        : nothing}
      ${warnings.length > 0
        ? html`<p class="warning">${this.strings.simWarnings}</p>
            <ul class="warning" part="population-warnings">${warnings.map((warning) => html`<li>${warning.text}</li>`)}</ul>`
        : nothing}
    </div>`;
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
        return html`<p class="muted" role="status">${this.strings.simCancelled}</p>`;
      case 'failed':
        return html`<div class="error" role="alert">
          <p>${this.strings.simRefused}:</p>
          <ul part="run-errors">${refusalProblems(state.message).map((problem) => html`<li>${problem}</li>`)}</ul>
        </div>`;
      case 'done':
        return html`<peermatch-simulation-results .results=${state.results} exportparts="chart, simulation-table, simulation-text"></peermatch-simulation-results>`;
      default:
        return assertNever(state);
    }
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
