/**
 * `<peermatch-console-rule-set>`: the console's first tab. The rule-set
 * editor (with its problems list), the example picker, saved rule sets
 * (save as a name, load, delete) and the configuration form with a message
 * under every bad input.
 *
 * Events (bubbling, composed): `peermatch-rule-set-input` (from the editor)
 * and `peermatch-config-input` `{ values, result }` after every form change.
 */
import { css, html, LitElement, nothing } from 'lit';
import { checkConfigForm, DEFAULT_CONFIG_FORM, type ConfigField, type ConfigFormResult, type ConfigFormValues } from './config-form.ts';
import { CONSOLE_STRINGS, type ConsoleStrings } from './console-strings.ts';
import { consoleBaseStyles } from './console-styles.ts';
import { EXAMPLE_RULE_SETS } from './example-rule-sets.ts';
import './rule-set-editor.ts';
import type { PeermatchRuleSetEditor } from './rule-set-editor.ts';
import { SavedRuleSetsController } from './saved-rule-sets-controller.ts';

/** Detail of `peermatch-config-input`. */
export interface ConfigInputDetail {
  values: ConfigFormValues;
  result: ConfigFormResult;
}

/** See the file comment. */
export class PeermatchConsoleRuleSet extends LitElement {
  static override properties = {
    body: { type: String },
    disabled: { type: Boolean },
    strings: { attribute: false },
    values: { state: true },
  };

  static override styles = [
    consoleBaseStyles,
    css`
      .toolbar {
        display: flex;
        flex-wrap: wrap;
        gap: 8px 16px;
        align-items: end;
        margin-bottom: 8px;
      }
      .toolbar label {
        display: flex;
        flex-direction: column;
        gap: 2px;
      }
      .layout {
        display: grid;
        grid-template-columns: minmax(0, 1fr) 300px;
        gap: 16px;
      }
      @media (max-width: 800px) {
        .layout {
          grid-template-columns: 1fr;
        }
      }
      form {
        display: flex;
        flex-direction: column;
        gap: 8px;
      }
      form label {
        display: flex;
        flex-direction: column;
        gap: 2px;
      }
      form label.check {
        flex-direction: row;
        align-items: center;
        gap: 6px;
      }
      input[aria-invalid='true'] {
        border-color: var(--_error);
        outline-color: var(--_error);
      }
      .field-error {
        font-size: 12px;
      }
    `,
  ];

  /** The rule set the editor starts with (and is reset to when set). */
  declare body: string;
  /** True while hosting: the configuration cannot change under a running host. */
  declare disabled: boolean;
  declare strings: ConsoleStrings;
  protected declare values: ConfigFormValues;
  private readonly saved = new SavedRuleSetsController(this);
  private saveName = '';
  private chosenSaved = '';

  constructor() {
    super();
    this.body = EXAMPLE_RULE_SETS[0]?.body ?? '';
    this.disabled = false;
    this.strings = CONSOLE_STRINGS;
    this.values = { ...DEFAULT_CONFIG_FORM };
  }

  /** The editor's current text. */
  get currentBody(): string {
    return this.editor?.body ?? this.body;
  }

  /** The configuration form checked now. */
  get configResult(): ConfigFormResult {
    return checkConfigForm(this.values);
  }

  private get editor(): PeermatchRuleSetEditor | null {
    return this.renderRoot.querySelector('peermatch-rule-set-editor');
  }

  protected override firstUpdated(): void {
    this.emitConfig();
  }

  private setField<K extends ConfigField>(field: K, value: ConfigFormValues[K]): void {
    this.values = { ...this.values, [field]: value };
    this.emitConfig();
  }

  private emitConfig(): void {
    const detail: ConfigInputDetail = { values: this.values, result: checkConfigForm(this.values) };
    this.dispatchEvent(new CustomEvent('peermatch-config-input', { detail, bubbles: true, composed: true }));
  }

  private chooseExample = (event: Event): void => {
    const select = event.target as HTMLSelectElement;
    const example = EXAMPLE_RULE_SETS.find((candidate) => candidate.name === select.value);
    if (example) this.setBody(example.body);
    select.value = '';
  };

  private async loadSaved(): Promise<void> {
    if (!this.chosenSaved) return;
    const body = await this.saved.load(this.chosenSaved);
    if (body !== undefined) this.setBody(body);
  }

  /** Replaces the configuration form's values (a restored lobby's configuration). */
  setConfiguration(values: ConfigFormValues): void {
    this.values = { ...values };
    this.emitConfig();
  }

  /** Replaces the editor's text (even when `body` did not change since the last set). */
  setBody(body: string): void {
    this.body = body;
    if (this.editor) this.editor.value = body;
  }

  protected override render() {
    const s = this.strings;
    const errors = this.configResult.ok ? {} : this.configResult.errors;
    return html`
      <div class="toolbar" part="rule-set-toolbar">
        <label>
          ${s.example}
          <select class="examples" @change=${this.chooseExample} ?disabled=${this.disabled}>
            <option value="">${s.chooseExample}</option>
            ${EXAMPLE_RULE_SETS.map((example) => html`<option value=${example.name}>${example.name}</option>`)}
          </select>
        </label>
        <label>
          ${s.saved}
          <select class="saved" @change=${(event: Event) => (this.chosenSaved = (event.target as HTMLSelectElement).value)}>
            <option value="">${s.chooseSaved}</option>
            ${this.saved.names.map((name) => html`<option value=${name}>${name}</option>`)}
          </select>
        </label>
        <button type="button" @click=${() => this.loadSaved()} ?disabled=${this.disabled}>${s.load}</button>
        <button type="button" @click=${() => this.chosenSaved && this.saved.remove(this.chosenSaved)}>${s.delete}</button>
        <label>
          ${s.saveName}
          <input class="save-name" maxlength="64" @input=${(event: Event) => (this.saveName = (event.target as HTMLInputElement).value)} />
        </label>
        <button type="button" class="save" @click=${() => this.saved.save(this.saveName, this.currentBody)}>${s.save}</button>
        <span class="muted" role="status">${this.saved.message}</span>
      </div>
      <div class="layout">
        <peermatch-rule-set-editor
          .value=${this.body}
          .strings=${this.strings}
          exportparts="editor, problems, problems-none"
        ></peermatch-rule-set-editor>
        <form part="config" aria-labelledby="config-heading" @submit=${(event: Event) => event.preventDefault()}>
          <h2 id="config-heading">${s.configuration}</h2>
          ${this.textField('name', s.configName, errors.name, 'text')}
          ${this.textField('requestTimeoutSeconds', s.requestTimeout, errors.requestTimeoutSeconds, 'numeric')}
          <label class="check">
            <input
              type="checkbox"
              name="acceptanceRequired"
              .checked=${this.values.acceptanceRequired}
              ?disabled=${this.disabled}
              @change=${(event: Event) => this.setField('acceptanceRequired', (event.target as HTMLInputElement).checked)}
            />
            ${s.acceptanceRequired}
          </label>
          ${this.values.acceptanceRequired
            ? this.textField('acceptanceTimeoutSeconds', s.acceptanceTimeout, errors.acceptanceTimeoutSeconds, 'numeric')
            : nothing}
          <label>
            ${s.backfillMode}
            <select
              name="backfillMode"
              .value=${this.values.backfillMode}
              ?disabled=${this.disabled}
              @change=${(event: Event) => this.setField('backfillMode', (event.target as HTMLSelectElement).value as ConfigFormValues['backfillMode'])}
            >
              <option value="">${s.backfillNone}</option>
              <option value="AUTOMATIC">AUTOMATIC</option>
              <option value="MANUAL">MANUAL</option>
            </select>
          </label>
          ${this.textField('additionalPlayerCount', s.additionalPlayers, errors.additionalPlayerCount, 'numeric')}
          ${this.textField('tickIntervalMs', s.tickInterval, errors.tickIntervalMs, 'numeric')}
        </form>
      </div>
    `;
  }

  private textField(field: Exclude<ConfigField, 'acceptanceRequired' | 'backfillMode'>, label: string, error: string | undefined, inputMode: 'text' | 'numeric') {
    const id = `config-${field}`;
    return html`<label>
      ${label}
      <input
        id=${id}
        name=${field}
        type="text"
        inputmode=${inputMode}
        .value=${this.values[field]}
        ?disabled=${this.disabled}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${`${id}-error`}
        @input=${(event: Event) => this.setField(field, (event.target as HTMLInputElement).value)}
      />
      <span id=${`${id}-error`} class="field-error error" part="field-error">${error ?? ''}</span>
    </label>`;
  }
}

if (!customElements.get('peermatch-console-rule-set')) customElements.define('peermatch-console-rule-set', PeermatchConsoleRuleSet);

declare global {
  interface HTMLElementTagNameMap {
    'peermatch-console-rule-set': PeermatchConsoleRuleSet;
  }
}
