/**
 * The simulator tab's form as Lit templates (no state of its own): the
 * arrival inputs, the party-size rows (add, remove), the attribute and
 * region JSON, latency jitter, and the configuration and acceptance inputs,
 * each with its message under it (`aria-invalid`, `aria-describedby`).
 * Every change goes to `setValues`; configuration changes say so, so the
 * panel stops following the Rule set tab.
 */
import { css, html, nothing } from 'lit';
import type { ConsoleStrings } from './console-strings.ts';
import type { PartySizeValues, SimulationConfigValues, SimulationErrorKey, SimulationFormValues } from './simulation-form.ts';

/** What the form shows and where its changes go. */
export interface SimulatorFormView {
  values: SimulationFormValues;
  errors: Partial<Record<SimulationErrorKey, string>>;
  strings: ConsoleStrings;
  /** The configuration was changed here (shows the way back to the Rule set tab's). */
  configEdited: boolean;
  /** Applies a change; `config`: it is a configuration input. */
  setValues(patch: Partial<SimulationFormValues>, config?: boolean): void;
  /** Makes the configuration follow the Rule set tab again. */
  resetConfig(): void;
}

type TextField = Exclude<keyof SimulationFormValues, 'partySizes' | 'acceptanceRequired'>;
const CONFIG_FIELDS = new Set<keyof SimulationFormValues>(['requestTimeoutSeconds', 'acceptanceRequired', 'acceptanceTimeoutSeconds'] satisfies (keyof SimulationConfigValues)[]);

/** The form's layout. */
export const simulatorFormStyles = css`
  form {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(260px, 1fr));
    gap: 10px 16px;
    align-items: start;
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: 6px;
    margin: 0;
    display: flex;
    flex-direction: column;
    gap: 6px;
  }
  label {
    display: flex;
    flex-direction: column;
    gap: 2px;
  }
  label.check {
    flex-direction: row;
    align-items: center;
    gap: 6px;
  }
  .party {
    display: flex;
    gap: 6px;
    align-items: end;
    flex-wrap: wrap;
  }
  .party input {
    width: 5em;
  }
  textarea {
    font-family: var(--_mono);
    font-size: 12px;
    min-height: 180px;
  }
  .json {
    grid-column: span 2;
  }
  @media (max-width: 700px) {
    .json {
      grid-column: 1 / -1;
    }
  }
  .field-error {
    white-space: pre-line;
  }
  label.rule-set-b {
    max-width: 420px;
    margin-top: 10px;
  }
`;

/** The whole form. */
export function simulatorFormView(view: SimulatorFormView) {
  const s = view.strings;
  return html`<form @submit=${(event: Event) => event.preventDefault()}>
    <fieldset>
      <legend>Arrivals</legend>
      ${textField(view, 'arrivalsPerMinute', s.simArrivals)} ${textField(view, 'durationMinutes', s.simMinutes)} ${textField(view, 'seed', s.simSeed)}
    </fieldset>
    ${partySizes(view)} ${configuration(view)}
    ${textField(view, 'attributes', s.simAttributes, true)}
    <div class="json">${textField(view, 'regions', s.simRegions, true)} ${textField(view, 'latencyJitter', s.simLatencyJitter)}</div>
  </form>`;
}

function partySizes(view: SimulatorFormView) {
  const s = view.strings;
  const rows = view.values.partySizes;
  const replace = (index: number, patch: Partial<PartySizeValues>) =>
    view.setValues({ partySizes: rows.map((row, i) => (i === index ? { ...row, ...patch } : row)) });
  const nextSize = String(Math.min(100, Math.max(0, ...rows.map((row) => Number(row.size) || 0)) + 1));
  const errorOf = (index: number) => [view.errors[`partySizes[${index}].size`], view.errors[`partySizes[${index}].weight`]].filter(Boolean).join('\n');
  return html`<fieldset part="party-sizes">
    <legend>${s.simPartySizes}</legend>
    ${rows.length === 0 ? html`<p class="muted">${s.simSolo}</p>` : nothing}
    ${rows.map((row, i) => {
      const error = errorOf(i);
      const id = `sim-party-${i}-error`;
      return html`<div class="party" role="group" aria-label=${`Party ${i + 1}`}>
          ${partyInput(`partySizes[${i}].size`, `Party ${i + 1} ${s.simPartySize}`, s.simPartySize, row.size, Boolean(view.errors[`partySizes[${i}].size`]), id, (size) => replace(i, { size }))}
          ${partyInput(`partySizes[${i}].weight`, `Party ${i + 1} ${s.simPartyWeight}`, s.simPartyWeight, row.weight, Boolean(view.errors[`partySizes[${i}].weight`]), id, (weight) => replace(i, { weight }))}
          <button type="button" part="button" class="remove-party" aria-label=${`${s.simRemove} party ${i + 1}`} @click=${() => view.setValues({ partySizes: rows.filter((_, j) => j !== i) })}>
            ${s.simRemove}
          </button>
        </div>
        <span id=${id} class="field-error error" part="field-error">${error}</span>`;
    })}
    ${view.errors.partySizes ? html`<span class="field-error error" part="field-error">${view.errors.partySizes}</span>` : nothing}
    <button type="button" part="button" class="add-party" @click=${() => view.setValues({ partySizes: [...rows, { size: nextSize, weight: '1' }] })}>${s.simAddPartySize}</button>
  </fieldset>`;
}

function partyInput(name: string, ariaLabel: string, label: string, value: string, invalid: boolean, errorId: string, set: (value: string) => void) {
  return html`<label>
    ${label}
    <input
      name=${name}
      inputmode="decimal"
      aria-label=${ariaLabel}
      .value=${value}
      aria-invalid=${invalid ? 'true' : 'false'}
      aria-describedby=${errorId}
      @input=${(event: Event) => set((event.target as HTMLInputElement).value)}
    />
  </label>`;
}

function configuration(view: SimulatorFormView) {
  const s = view.strings;
  const required = view.values.acceptanceRequired;
  return html`<fieldset part="simulator-config">
    <legend>${s.simConfiguration}</legend>
    <p class="muted">
      ${view.configEdited
        ? html`${s.simConfigEdited} <button type="button" part="button" class="config-reset" @click=${() => view.resetConfig()}>${s.simConfigReset}</button>`
        : s.simConfigFollows}
    </p>
    ${textField(view, 'requestTimeoutSeconds', s.requestTimeout)}
    <label class="check">
      <input
        type="checkbox"
        name="acceptanceRequired"
        .checked=${required}
        @change=${(event: Event) => view.setValues({ acceptanceRequired: (event.target as HTMLInputElement).checked }, true)}
      />
      ${s.acceptanceRequired}
    </label>
    ${required ? textField(view, 'acceptanceTimeoutSeconds', s.acceptanceTimeout) : nothing}
    ${textField(view, 'acceptRate', s.simAcceptRate)} ${textField(view, 'acceptDelaySeconds', s.simAcceptDelay)}
    ${required ? nothing : html`<p class="muted">${s.simAcceptanceOff}</p>`}
  </fieldset>`;
}

function textField(view: SimulatorFormView, field: TextField, label: string, multiline = false) {
  const id = `sim-${field}`;
  const error = view.errors[field];
  const onInput = (event: Event) => view.setValues({ [field]: (event.target as HTMLInputElement | HTMLTextAreaElement).value }, CONFIG_FIELDS.has(field));
  return html`<label class=${multiline && field === 'attributes' ? 'json' : ''}>
    ${label}
    ${multiline
      ? html`<textarea id=${id} name=${field} spellcheck="false" .value=${view.values[field]} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${`${id}-error`} @input=${onInput}></textarea>`
      : html`<input id=${id} name=${field} inputmode="decimal" .value=${view.values[field]} aria-invalid=${error ? 'true' : 'false'} aria-describedby=${`${id}-error`} @input=${onInput} />`}
    <span id=${`${id}-error`} class="field-error error" part="field-error">${error ?? ''}</span>
  </label>`;
}
