/**
 * `<peermatch-rule-set-editor>`: the FlexMatch rule set in a CodeMirror 6
 * editor inside this element's shadow root, validated as it is typed
 * (`validateRuleSet`): every error and warning is a lint diagnostic at its
 * line and column and an item of the problems list below, which moves the
 * cursor there when activated. It holds no state beyond the editor's text.
 *
 * Events (bubbling, composed):
 * - `peermatch-rule-set-input` `{ body, validation }` after each validation.
 */
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { json } from '@codemirror/lang-json';
import { bracketMatching, defaultHighlightStyle, foldGutter, foldKeymap, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { linter, lintGutter, lintKeymap, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import {
  drawSelection,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { css, html, LitElement, type PropertyValues } from 'lit';
import { validateRuleSet } from '../../core/ruleset/validate.ts';
import type { ValidationResult } from '../../core/ruleset/validate-context.ts';
import { CONSOLE_STRINGS, type ConsoleStrings } from './console-strings.ts';
import { consoleBaseStyles } from './console-styles.ts';
import { placeIssues, type PlacedIssue } from './rule-set-diagnostics.ts';

/** Detail of `peermatch-rule-set-input`. */
export interface RuleSetInputDetail {
  body: string;
  validation: ValidationResult;
}

/** Milliseconds of quiet typing before the rule set is validated again. */
const VALIDATE_DELAY_MS = 250;

/** See the file comment. */
export class PeermatchRuleSetEditor extends LitElement {
  static override properties = {
    value: { type: String },
    readOnly: { type: Boolean, attribute: 'read-only' },
    strings: { attribute: false },
    issues: { state: true },
  };

  static override styles = [
    consoleBaseStyles,
    css`
      .editor {
        border: 1px solid var(--_border);
        border-radius: 6px;
        overflow: hidden;
      }
      .cm-editor {
        height: var(--peermatch-console-editor-height, 420px);
        font-size: 13px;
      }
      .cm-scroller {
        font-family: var(--_mono);
      }
      ol {
        margin: 6px 0;
        padding-left: 0;
        list-style: none;
      }
      li button {
        border: none;
        background: none;
        text-align: left;
        padding: 2px 4px;
        width: 100%;
      }
      li button:hover {
        background: color-mix(in srgb, var(--_accent) 10%, transparent);
      }
      .where {
        font-family: var(--_mono);
        color: var(--_muted);
      }
    `,
  ];

  /** The rule set text; setting it replaces the editor's text. */
  declare value: string;
  declare readOnly: boolean;
  declare strings: ConsoleStrings;
  /** The placed issues of the last validation. */
  protected declare issues: PlacedIssue[];
  private view: EditorView | undefined;

  constructor() {
    super();
    // Reactive properties are assigned here, not as class fields (which would hide Lit's accessors).
    this.value = '';
    this.readOnly = false;
    this.strings = CONSOLE_STRINGS;
    this.issues = [];
  }

  /** The editor's current text. */
  get body(): string {
    return this.view?.state.doc.toString() ?? this.value;
  }

  /** Moves the cursor to an offset of the text and focuses the editor. */
  focusAt(offset: number): void {
    if (!this.view) return;
    const anchor = Math.min(offset, this.view.state.doc.length);
    this.view.dispatch({ selection: { anchor }, scrollIntoView: true });
    this.view.focus();
  }

  protected override firstUpdated(): void {
    const parent = this.renderRoot.querySelector<HTMLElement>('.editor')!;
    this.view = new EditorView({
      parent,
      root: this.shadowRoot!,
      state: EditorState.create({
        doc: this.value,
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          highlightSpecialChars(),
          foldGutter(),
          drawSelection(),
          history(),
          indentOnInput(),
          bracketMatching(),
          highlightActiveLine(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          json(),
          lintGutter(),
          linter((view) => this.validate(view.state.doc.toString()), { delay: VALIDATE_DELAY_MS }),
          // No indentWithTab: Tab keeps moving focus, so the console stays keyboard operable.
          keymap.of([...defaultKeymap, ...historyKeymap, ...foldKeymap, ...lintKeymap]),
          EditorView.contentAttributes.of({ 'aria-label': 'FlexMatch rule set (JSON)' }),
          EditorState.readOnly.of(this.readOnly),
        ],
      }),
    });
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('value') && this.view && this.value !== this.view.state.doc.toString()) {
      this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: this.value } });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.view?.destroy();
    this.view = undefined;
  }

  private validate(body: string): Diagnostic[] {
    const validation = validateRuleSet(body);
    this.issues = placeIssues(body, validation);
    this.dispatchEvent(
      new CustomEvent<RuleSetInputDetail>('peermatch-rule-set-input', { detail: { body, validation }, bubbles: true, composed: true }),
    );
    return this.issues.map((issue) => ({
      from: issue.from,
      to: issue.to,
      severity: issue.severity,
      source: issue.path,
      message: issue.message,
    }));
  }

  protected override render() {
    return html`
      <div class="editor" part="editor"></div>
      <h3 id="problems-heading">${this.strings.problems}</h3>
      ${this.issues.length === 0
        ? html`<p class="muted" part="problems-none">${this.strings.noProblems}</p>`
        : html`<ol part="problems" aria-labelledby="problems-heading">
            ${this.issues.map(
              (issue) => html`<li class=${issue.severity} data-line=${issue.line}>
                <button type="button" class=${issue.severity} @click=${() => this.focusAt(issue.from)}>
                  <span class="where">line ${issue.line}, column ${issue.column}</span>
                  ${issue.severity}: ${issue.path}: ${issue.message}
                </button>
              </li>`,
            )}
          </ol>`}
    `;
  }
}

if (!customElements.get('peermatch-rule-set-editor')) customElements.define('peermatch-rule-set-editor', PeermatchRuleSetEditor);

declare global {
  interface HTMLElementTagNameMap {
    'peermatch-rule-set-editor': PeermatchRuleSetEditor;
  }
}
