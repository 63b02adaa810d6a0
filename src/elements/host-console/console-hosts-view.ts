/**
 * `<peermatch-console-hosts>`: the lobby's hosts as this console sees them
 * (console-hosts.ts): its role and term; for a primary, its standbys with
 * how far behind each is and a "Hand over" button each, and the standby
 * credential with a Copy button, so the operator can start standby hosts;
 * for a standby, how much of the primary's state it holds.
 * Dispatches `peermatch-hand-over` `{ hostId }`. Parts: `hosts`, `role`,
 * `standbys`, `standby-row`, `standby-credential`, `button`.
 */
import { css, html, LitElement, nothing } from 'lit';
import type { HostId } from '../../net/protocol.ts';
import { NO_HOSTS, roleLabel, standbyRows, type HostsView } from './console-hosts.ts';
import { CONSOLE_STRINGS, type ConsoleStrings } from './console-strings.ts';
import { consoleBaseStyles } from './console-styles.ts';

/** See the file comment. */
export class PeermatchConsoleHosts extends LitElement {
  static override properties = {
    hosts: { attribute: false },
    strings: { attribute: false },
    copyNote: { state: true },
  };

  static override styles = [
    consoleBaseStyles,
    css`
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 2px 12px;
        margin: 0 0 8px;
      }
      dt {
        color: var(--_muted);
      }
      dd {
        margin: 0;
        font-weight: 600;
      }
      .credential {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px;
      }
      .credential input {
        font-family: var(--_mono);
        min-width: 24ch;
        flex: 1;
      }
    `,
  ];

  declare hosts: HostsView;
  declare strings: ConsoleStrings;
  /** The outcome of the last Copy, announced. */
  protected declare copyNote: string;

  constructor() {
    super();
    this.hosts = NO_HOSTS;
    this.strings = CONSOLE_STRINGS;
    this.copyNote = '';
  }

  protected override render() {
    const s = this.strings;
    const hosts = this.hosts;
    return html`<section part="hosts" aria-labelledby="hosts-heading">
      <h2 id="hosts-heading">${s.hostsHeading}</h2>
      <dl>
        <dt>${s.role}</dt>
        <dd part="role" class="role" data-role=${hosts.role ?? 'none'}>${roleLabel(hosts.role, s)}</dd>
        <dt>${s.term}</dt>
        <dd class="term">${hosts.term ?? '—'}</dd>
      </dl>
      ${hosts.role === 'primary' ? this.primary() : nothing}
      ${hosts.role === 'standby'
        ? html`<p class="standby-waiting">${s.standbyWaiting}</p>
            <p class="muted replica">${s.replicaHeld.replaceAll('{seq}', String(hosts.replicaSeq))}</p>`
        : nothing}
    </section>`;
  }

  private primary() {
    const s = this.strings;
    const rows = standbyRows(this.hosts.standbys, s);
    return html`<h3 id="standbys-heading">${s.standbys}</h3>
      ${rows.length === 0
        ? html`<p class="muted no-standbys">${s.noStandbys}</p>`
        : html`<table part="standbys" aria-labelledby="standbys-heading">
            <thead>
              <tr><th scope="col">${s.hostColumn}</th><th scope="col">${s.status}</th><th scope="col"><span class="muted">${s.handOver}</span></th></tr>
            </thead>
            <tbody>
              ${rows.map(
                (row) => html`<tr part="standby-row" data-host-id=${row.hostId} data-lag=${row.lag} data-synced=${row.synced ? 'true' : 'false'}>
                  <td class="mono">${row.hostId}</td>
                  <td class="lag">${row.lagText}</td>
                  <td>
                    <button
                      type="button"
                      part="button"
                      class="hand-over"
                      aria-label=${s.handOverTo.replaceAll('{hostId}', row.hostId)}
                      @click=${() => this.handOver(row.hostId)}
                    >
                      ${s.handOver}
                    </button>
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`}
      ${this.hosts.standbyToken ? this.credential(this.hosts.standbyToken) : nothing}`;
  }

  private credential(token: string) {
    const s = this.strings;
    return html`<h3 id="credential-heading">${s.standbyCredential}</h3>
      <p class="muted" id="credential-help">${s.standbyCredentialHelp}</p>
      <div class="credential">
        <input
          part="standby-credential"
          class="standby-credential"
          readonly
          .value=${token}
          aria-labelledby="credential-heading"
          aria-describedby="credential-help"
          spellcheck="false"
          @focus=${(event: FocusEvent) => (event.target as HTMLInputElement).select()}
        />
        <button type="button" part="button" class="copy" @click=${() => this.copy(token)}>${s.copy}</button>
        <span role="status" aria-live="polite" class="copy-note">${this.copyNote}</span>
      </div>`;
  }

  /** Copies the credential; where the clipboard is refused, selects it for the operator to copy. */
  private async copy(token: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(token);
      this.copyNote = this.strings.copied;
    } catch {
      this.renderRoot.querySelector<HTMLInputElement>('input.standby-credential')?.select();
      this.copyNote = this.strings.copyFailed;
    }
  }

  private handOver(hostId: HostId): void {
    this.dispatchEvent(new CustomEvent('peermatch-hand-over', { detail: { hostId }, bubbles: true, composed: true }));
  }
}

if (!customElements.get('peermatch-console-hosts')) customElements.define('peermatch-console-hosts', PeermatchConsoleHosts);

declare global {
  interface HTMLElementTagNameMap {
    'peermatch-console-hosts': PeermatchConsoleHosts;
  }
}
