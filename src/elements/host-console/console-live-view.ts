/**
 * `<peermatch-console-live>`: the live view of a running lobby host, from
 * the controller's `ConsoleState`: tickets by status (counts and a table
 * whose rows open the ticket's explanation on click or Enter), the matches
 * being formed and completed (with how each player connected, as the
 * players reported it), game sessions and backfills, charts of wait
 * times and matches per minute, and the event log (latest first).
 * Dispatches `peermatch-ticket-open` `{ ticketId }` and passes
 * `peermatch-ticket-close` up from the explanation.
 */
import { css, html, LitElement, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { matchesPerMinuteData, waitChartData } from './chart-data.ts';
import './console-chart.ts';
import type { ConsoleState } from './console-controller.ts';
import { CONSOLE_STRINGS, type ConsoleStrings } from './console-strings.ts';
import { consoleBaseStyles } from './console-styles.ts';
import { completedMatches, countByStatus, isActiveStatus, proposedMatches, ticketRows, TICKET_STATUSES, type MatchSummary } from './live-state.ts';
import { connectionLines } from './match-connections.ts';
import './ticket-explanation.ts';

/** Rows shown of each list (the controller keeps more for the charts). */
const SHOWN = { tickets: 200, matches: 20, events: 100, backfills: 20 } as const;

/** See the file comment. */
export class PeermatchConsoleLive extends LitElement {
  static override properties = {
    state: { attribute: false },
    strings: { attribute: false },
  };

  static override styles = [
    consoleBaseStyles,
    css`
      .counts {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        padding: 0;
        margin: 0;
        list-style: none;
      }
      .counts li {
        border: 1px solid var(--_border);
        border-radius: 999px;
        padding: 2px 10px;
      }
      .counts li.nonzero {
        border-color: var(--_accent);
      }
      .counts strong {
        font-variant-numeric: tabular-nums;
      }
      .grid {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(320px, 1fr));
        gap: 12px;
      }
      .scroll {
        max-height: 320px;
        overflow: auto;
      }
      tbody tr[tabindex] {
        cursor: pointer;
      }
      tbody tr[tabindex]:hover,
      tbody tr[aria-selected='true'] {
        background: color-mix(in srgb, var(--_accent) 10%, transparent);
      }
      ol.log {
        font-family: var(--_mono);
        font-size: 12px;
        padding-left: 0;
        list-style: none;
        margin: 0;
      }
      ol.log time {
        color: var(--_muted);
        margin-right: 6px;
      }
      ul.plain {
        padding-left: 16px;
        margin: 0;
      }
      ul.connections {
        font-size: 12px;
      }
      ul.connections li[data-outcome='failed'] {
        color: var(--_error);
      }
    `,
  ];

  declare state: ConsoleState;
  declare strings: ConsoleStrings;

  constructor() {
    super();
    this.strings = CONSOLE_STRINGS;
  }

  protected override render() {
    if (!this.state) return nothing;
    const s = this.strings;
    const counts = countByStatus(this.state.tickets);
    const completed = completedMatches(this.state.matches);
    return html`
      <section part="live" aria-label=${s.tabLive}>
        <h2 id="tickets-heading">${s.tickets}</h2>
        <ul class="counts" part="status-counts" aria-label="Tickets by status">
          ${TICKET_STATUSES.map(
            (status) => html`<li class=${counts[status] > 0 ? 'nonzero' : ''} data-status=${status}>
              ${status} <strong>${counts[status]}</strong>
            </li>`,
          )}
        </ul>
        ${this.ticketsTable()}
        <peermatch-ticket-explanation
          .state=${this.state.explanation}
          .strings=${this.strings}
          exportparts="explanation, explanation-summary, explanation-blocking, explanation-candidate, explanation-expansion, explanation-error, button"
        ></peermatch-ticket-explanation>
        <div class="grid">
          <peermatch-console-chart
            class="wait-chart"
            label=${s.waitChart}
            y-label="s"
            .scatter=${true}
            .series=${['time to match']}
            .data=${waitChartData([...this.state.waitSamples.values()])}
            .loadingText=${s.loadingChart}
            exportparts="chart"
          ></peermatch-console-chart>
          <peermatch-console-chart
            class="matches-chart"
            label=${s.matchesChart}
            .bars=${true}
            .series=${['matches']}
            .data=${matchesPerMinuteData(completed.map((m) => m.atMs), this.state.nowMs)}
            .loadingText=${s.loadingChart}
            exportparts="chart"
          ></peermatch-console-chart>
        </div>
        <div class="grid">
          <div>
            <h2>${s.proposedMatches}</h2>
            ${this.matchList(proposedMatches(this.state.matches), 'proposed-matches')}
          </div>
          <div>
            <h2>${s.completedMatches}</h2>
            ${this.matchList(completed, 'completed-matches')}
          </div>
        </div>
        <div class="grid">
          <div>${this.sessions()}</div>
          <div>${this.backfills()}</div>
        </div>
        <h2>${s.eventLog}</h2>
        <div class="scroll">
          <ol class="log" part="event-log">
            ${this.state.events.slice(0, SHOWN.events).map(
              (entry) => html`<li><time>${clock(entry.atMs)}</time><strong>${entry.type}</strong> ${entry.text}</li>`,
            )}
          </ol>
        </div>
      </section>
    `;
  }

  private ticketsTable() {
    const rows = ticketRows(this.state.tickets, this.state.nowMs).slice(0, SHOWN.tickets);
    if (rows.length === 0) return html`<p class="muted">${this.strings.noTickets}</p>`;
    const open = this.state.explanation.kind === 'closed' ? undefined : this.state.explanation.ticketId;
    return html`<div class="scroll">
      <table part="tickets" aria-labelledby="tickets-heading" @keydown=${this.onTableKey}>
        <thead>
          <tr>
            <th scope="col">${this.strings.ticket}</th>
            <th scope="col">${this.strings.players}</th>
            <th scope="col">${this.strings.status}</th>
            <th scope="col">${this.strings.wait}</th>
          </tr>
        </thead>
        <tbody>
          ${repeat(
            rows,
            (row) => row.ticketId,
            (row) => html`<tr
              part="ticket-row"
              tabindex="0"
              data-ticket-id=${row.ticketId}
              data-status=${row.status}
              aria-selected=${open === row.ticketId ? 'true' : 'false'}
              @click=${() => this.openTicket(row.ticketId)}
            >
              <td class="mono">${row.ticketId}</td>
              <td>${row.playerIds.join(', ')}</td>
              <td>${row.status}${row.statusReason ? html` <span class="muted">(${row.statusReason})</span>` : nothing}</td>
              <td>${row.waitSeconds} s${isActiveStatus(row.status) && row.estimatedWaitSeconds !== undefined
                  ? html` <span class="muted">(est. ${row.estimatedWaitSeconds} s)</span>`
                  : nothing}</td>
            </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  }

  private matchList(matches: MatchSummary[], part: string) {
    if (matches.length === 0) return html`<p class="muted">${this.strings.noMatches}</p>`;
    return html`<ul class="plain" part=${part}>
      ${matches.slice(0, SHOWN.matches).map(
        (match) => html`<li data-match-id=${match.matchId}>
          <time class="muted">${clock(match.atMs)}</time> <span class="mono">${match.matchId.slice(0, 8)}</span> ${match.state}${match.reason
            ? ` (${match.reason})`
            : ''}:
          ${match.teams.map((team) => html`<strong>${team.name}</strong> ${team.playerIds.join(', ')}; `)}
          ${match.state === 'completed' ? this.connections(match) : nothing}
        </li>`,
      )}
    </ul>`;
  }

  /** How a completed match's players connected, one line per reporting ticket. */
  private connections(match: MatchSummary) {
    const lines = connectionLines(this.state.connections.get(match.matchId) ?? [], this.strings, match.gameHostPlayerId);
    if (lines.length === 0) return nothing;
    return html`<ul class="plain connections" part="match-connections" aria-label=${this.strings.connectionsOf}>
      ${lines.map(
        (line) => html`<li data-ticket-id=${line.ticketId} data-players=${line.playerIds.join(' ')} data-outcome=${line.outcome} data-paths=${line.paths.join(' ')}>${line.text}</li>`,
      )}
    </ul>`;
  }

  private sessions() {
    const sessions = this.state.sessions;
    return html`<h2>${this.strings.gameSessions}</h2>
      ${sessions.length === 0
        ? html`<p class="muted">${this.strings.noMatches}</p>`
        : html`<div class="scroll">
            <table part="game-sessions">
              <thead><tr><th>Id</th><th>${this.strings.players}</th><th>Location</th><th>Created</th></tr></thead>
              <tbody>
                ${sessions.map(
                  (session) => html`<tr>
                    <td class="mono">${session.GameSessionId.split('/').pop()}</td>
                    <td>${session.CurrentPlayerSessionCount}/${session.MaximumPlayerSessionCount}</td>
                    <td>${session.Location}</td>
                    <td>${clock(new Date(session.CreationTime).getTime())}</td>
                  </tr>`,
                )}
              </tbody>
            </table>
          </div>`}`;
  }

  private backfills() {
    const entries = this.state.backfills.slice(0, SHOWN.backfills);
    return html`<h2>${this.strings.backfills}</h2>
      ${entries.length === 0
        ? html`<p class="muted">${this.strings.noMatches}</p>`
        : html`<ul class="plain" part="backfills">
            ${entries.map(
              (entry) => html`<li>
                <time class="muted">${clock(entry.atMs)}</time> ${entry.reason} <span class="mono">${entry.ticketId}</span>
                session ${entry.gameSessionId.split('/').pop()} (${entry.players})
              </li>`,
            )}
          </ul>`}`;
  }

  /** Enter or Space opens the focused row; arrows move between rows. */
  private onTableKey = (event: KeyboardEvent): void => {
    const row = (event.composedPath()[0] as HTMLElement).closest?.('tr[data-ticket-id]') as HTMLTableRowElement | null;
    if (!row) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.openTicket(row.dataset.ticketId!);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = (event.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling) as HTMLElement | null;
      next?.focus();
    }
  };

  private openTicket(ticketId: string): void {
    this.dispatchEvent(new CustomEvent('peermatch-ticket-open', { detail: { ticketId }, bubbles: true, composed: true }));
  }
}

/** `hh:mm:ss` of a time in ms. */
function clock(atMs: number): string {
  return new Date(atMs).toLocaleTimeString([], { hour12: false });
}

if (!customElements.get('peermatch-console-live')) customElements.define('peermatch-console-live', PeermatchConsoleLive);

declare global {
  interface HTMLElementTagNameMap {
    'peermatch-console-live': PeermatchConsoleLive;
  }
}
