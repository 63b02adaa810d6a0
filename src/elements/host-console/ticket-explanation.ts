/**
 * `<peermatch-ticket-explanation>`: why one ticket is not matched yet, as
 * `explainMatchmaking` tells it: the summary, the closest candidate match
 * (teams and players), the rule that blocked it with its reason and gap, the
 * next expansion step (target, value, when, whether it lifts the block) and
 * the players missing. Renders `state`; dispatches `peermatch-ticket-close`.
 */
import { css, html, LitElement, nothing } from 'lit';
import type { TicketExplanation } from '../../core/matchmaker/explain-types.ts';
import { assertNever } from '../../core/assert-never.ts';
import type { ExplanationState } from './console-controller.ts';
import { CONSOLE_STRINGS, type ConsoleStrings } from './console-strings.ts';
import { consoleBaseStyles } from './console-styles.ts';

/** See the file comment. */
export class PeermatchTicketExplanation extends LitElement {
  static override properties = {
    state: { attribute: false },
    strings: { attribute: false },
  };

  static override styles = [
    consoleBaseStyles,
    css`
      section {
        border: 1px solid var(--_accent);
        border-radius: 6px;
        padding: 8px 12px;
      }
      header {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 8px;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 4px 12px;
        margin: 8px 0 0;
      }
      dt {
        font-weight: 600;
      }
      dd {
        margin: 0;
      }
      .summary {
        font-size: 1.05em;
      }
    `,
  ];

  declare state: ExplanationState;
  declare strings: ConsoleStrings;

  constructor() {
    super();
    this.state = { kind: 'closed' };
    this.strings = CONSOLE_STRINGS;
  }

  protected override render() {
    const state = this.state;
    switch (state.kind) {
      case 'closed':
        return nothing;
      case 'loading':
        return this.frame(state.ticketId, html`<p class="muted">${this.strings.loading}</p>`);
      case 'error':
        return this.frame(state.ticketId, html`<p class="error" part="explanation-error">${state.message}</p>`);
      case 'ready':
        return this.frame(state.ticketId, this.details(state.explanation));
      default:
        return assertNever(state);
    }
  }

  private frame(ticketId: string, body: unknown) {
    return html`<section part="explanation" aria-labelledby="explanation-title" tabindex="-1">
      <header>
        <h3 id="explanation-title">${this.strings.explanation} <span class="mono">${ticketId}</span></h3>
        <button type="button" part="button" @click=${this.close}>${this.strings.close}</button>
      </header>
      ${body}
    </section>`;
  }

  private details(explanation: TicketExplanation) {
    const { ClosestCandidate: candidate, BlockingRule: blocking, NextExpansion: next } = explanation;
    return html`
      <p class="summary" part="explanation-summary">${explanation.Summary}</p>
      <dl>
        <dt>${this.strings.status}</dt>
        <dd>${explanation.Status}, ${this.strings.wait.toLowerCase()} ${Math.round(explanation.WaitSeconds)} s</dd>
        ${candidate
          ? html`<dt>${this.strings.closestCandidate}</dt>
              <dd part="explanation-candidate">
                ${candidate.PlayerCount} of at least ${candidate.MinPlayers} players, tickets ${candidate.TicketIds.join(', ')}
                <ul>
                  ${candidate.Teams.map((team) => html`<li><strong>${team.Name}</strong>: ${team.PlayerIds.join(', ') || '—'}</li>`)}
                </ul>
              </dd>`
          : nothing}
        ${blocking
          ? html`<dt>${this.strings.blockingRule}</dt>
              <dd part="explanation-blocking">
                <strong class="rule-name">${blocking.Name}</strong> (${blocking.Type}): ${blocking.Reason}
                ${blocking.Gap !== undefined ? html`; ${this.strings.gap.toLowerCase()} ${formatNumber(blocking.Gap)}` : nothing}
              </dd>`
          : nothing}
        ${blocking
          ? html`<dt>${this.strings.nextExpansion}</dt>
              <dd part="explanation-expansion">
                ${next
                  ? html`<span class="mono">${next.Target}</span> → ${JSON.stringify(next.Value)} at ${next.AtWaitSeconds} s of wait
                      (in ${Math.ceil(next.InSeconds)} s): ${next.Lifts ? this.strings.lifts : this.strings.doesNotLift}`
                  : this.strings.noExpansion}
              </dd>`
          : nothing}
        ${explanation.MissingPlayers !== undefined
          ? html`<dt>${this.strings.missingPlayers}</dt>
              <dd>${explanation.MissingPlayers}</dd>`
          : nothing}
      </dl>
    `;
  }

  private close = (): void => {
    this.dispatchEvent(new CustomEvent('peermatch-ticket-close', { bubbles: true, composed: true }));
  };
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

if (!customElements.get('peermatch-ticket-explanation')) customElements.define('peermatch-ticket-explanation', PeermatchTicketExplanation);

declare global {
  interface HTMLElementTagNameMap {
    'peermatch-ticket-explanation': PeermatchTicketExplanation;
  }
}
