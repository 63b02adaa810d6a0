/**
 * `<peermatch-host-console>`: a lobby host in a browser tab, for the person
 * running it. Three tabs: the rule set (CodeMirror editor with live
 * validation, examples, saved rule sets, configuration form), the live view
 * of the running host (tickets, matches, sessions, backfills, charts, event
 * log, "why is this ticket not matched?") and the simulator. The header
 * starts (as the lobby's primary host, or "Join as a standby host" with
 * the lobby token or the standby credential; a primary may "Let players'
 * tabs be standby hosts", `playerStandbys`), pauses, resumes, exports and
 * imports the host. The Live tab names the host's role and term; a primary
 * lists its standbys (lag, "Hand over") and shows the standby credential; a
 * standby shows only that until it is promoted, then the full live view.
 *
 * Attributes: `server-url` (default the page's origin), `lobby` (default the
 * page's `?lobby=`, else `demo`). Property `strings`: replacement words
 * (see console-strings.ts). The tab follows the URL hash (`#rule-set`,
 * `#live`, `#simulator`). Theme: the custom properties of console-styles.ts
 * and the parts `header`, `tabs`, `tab`, `panel`, `status`, `button`, plus
 * those the panels export.
 *
 * The live view is rendered once its tab is first opened, and the simulator
 * (with the sim library) is loaded with a dynamic `import()` then, showing a
 * loading line meanwhile; charts load uPlot on first draw. The console's
 * first paint needs only the rule-set tab.
 */
import { html, LitElement, nothing } from 'lit';
import type { ValidationResult } from '../../core/ruleset/validate-context.ts';
import { validateRuleSet } from '../../core/ruleset/validate.ts';
import { assertNever } from '../../core/assert-never.ts';
import type { HostId } from '../../net/protocol.ts';
import { configFormValuesOf, type ConfigFormResult } from './config-form.ts';
import { ConsoleController, describeError, type LobbySetupView } from './console-controller.ts';
import { servesLive } from './console-hosts.ts';
import './console-hosts-view.ts';
import { statusText } from './console-status.ts';
import './console-live-view.ts';
import { CONSOLE_STRINGS, type ConsoleStrings } from './console-strings.ts';
import { consoleBaseStyles, consoleFrameStyles } from './console-styles.ts';
import type { RuleSetInputDetail } from './rule-set-editor.ts';
import './rule-set-panel.ts';
import type { ConfigInputDetail, PeermatchConsoleRuleSet } from './rule-set-panel.ts';

/** The console's tabs, in order. */
export type ConsoleTab = 'rule-set' | 'live' | 'simulator';
const TABS: readonly ConsoleTab[] = ['rule-set', 'live', 'simulator'];
const TAB_LABELS: Record<ConsoleTab, keyof ConsoleStrings> = { 'rule-set': 'tabRuleSet', live: 'tabLive', simulator: 'tabSimulator' };

/** Where the simulator tab's code stands (it is loaded when the tab is first opened). */
type PanelLoad = { kind: 'not-loaded' } | { kind: 'loading' } | { kind: 'loaded' } | { kind: 'failed'; message: string };

/** See the file comment. */
export class PeermatchHostConsole extends LitElement {
  static override properties = {
    serverUrl: { attribute: 'server-url' },
    lobby: { type: String },
    strings: { attribute: false },
    tab: { state: true },
    validation: { state: true },
    config: { state: true },
    body: { state: true },
    simulatorLoad: { state: true },
    liveOpened: { state: true },
    joinAsStandby: { state: true },
    offerToPlayers: { state: true },
  };

  static override styles = [consoleBaseStyles, consoleFrameStyles];

  declare serverUrl: string | undefined;
  declare lobby: string | undefined;
  declare strings: Partial<ConsoleStrings>;
  protected declare tab: ConsoleTab;
  protected declare validation: ValidationResult | undefined;
  protected declare config: ConfigFormResult | undefined;
  protected declare body: string;
  protected declare simulatorLoad: PanelLoad;
  /** The live view is rendered from the first time its tab opens. */
  protected declare liveOpened: boolean;
  /** The "Join as a standby host" checkbox. */
  protected declare joinAsStandby: boolean;
  /** The "Let players' tabs be standby hosts" checkbox (a primary's start only; a standby keeps the lobby's setting). */
  protected declare offerToPlayers: boolean;
  private readonly host = new ConsoleController(this, {
    serverUrl: () => this.serverUrl ?? location.origin,
    lobby: () => this.lobbyName,
  });

  constructor() {
    super();
    this.serverUrl = undefined;
    this.lobby = undefined;
    this.strings = {};
    this.tab = 'rule-set';
    this.validation = undefined;
    this.config = undefined;
    this.body = '';
    this.simulatorLoad = { kind: 'not-loaded' };
    this.liveOpened = false;
    this.joinAsStandby = false;
    this.offerToPlayers = false;
  }

  protected override willUpdate(): void {
    if (this.tab === 'live') this.liveOpened = true;
    if (this.tab === 'simulator' && this.simulatorLoad.kind === 'not-loaded') void this.loadSimulator();
  }

  /** Loads the simulator tab's element (its own chunk); a failure shows the reason and a retry. */
  private async loadSimulator(): Promise<void> {
    this.simulatorLoad = { kind: 'loading' };
    try {
      await import('./simulator-panel.ts');
      this.simulatorLoad = { kind: 'loaded' };
    } catch (error) {
      this.simulatorLoad = { kind: 'failed', message: describeError(error) };
    }
  }

  /** The lobby this console hosts: the attribute, else `?lobby=`, else `demo`. */
  get lobbyName(): string {
    return this.lobby ?? new URLSearchParams(location.search).get('lobby') ?? 'demo';
  }

  private get words(): ConsoleStrings {
    return { ...CONSOLE_STRINGS, ...this.strings };
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.followHash);
    this.followHash();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('hashchange', this.followHash);
  }

  private followHash = (): void => {
    const fromHash = location.hash.slice(1) as ConsoleTab;
    if (TABS.includes(fromHash)) this.tab = fromHash;
  };

  private selectTab(tab: ConsoleTab, focus = false): void {
    this.tab = tab;
    history.replaceState(null, '', `#${tab}`);
    if (focus) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(`#tab-${tab}`)?.focus());
  }

  private onTabKey = (event: KeyboardEvent): void => {
    const index = TABS.indexOf(this.tab);
    const next =
      event.key === 'ArrowRight' ? TABS[(index + 1) % TABS.length]
      : event.key === 'ArrowLeft' ? TABS[(index + TABS.length - 1) % TABS.length]
      : event.key === 'Home' ? TABS[0]
      : event.key === 'End' ? TABS[TABS.length - 1]
      : undefined;
    if (next === undefined) return;
    event.preventDefault();
    this.selectTab(next, true);
  };

  private get panel(): PeermatchConsoleRuleSet | null {
    return this.renderRoot.querySelector('peermatch-console-rule-set');
  }

  private get canStart(): boolean {
    const phase = this.host.state.phase;
    return (phase === 'idle' || phase === 'failed' || phase === 'refused') && this.validation?.valid === true && this.config?.ok === true;
  }

  private async start(): Promise<void> {
    const panel = this.panel;
    if (!panel || !this.config?.ok) return;
    const body = panel.currentBody;
    if (!validateRuleSet(body).valid) return;
    const token = this.renderRoot.querySelector<HTMLInputElement>('input[name=lobby-token]')?.value.trim();
    const standby = this.joinAsStandby;
    if (standby && !token) {
      this.host.say(this.words.standbyNeedsToken);
      return;
    }
    await this.host.start({
      ruleSetBody: body,
      configuration: this.config.configuration,
      // A standby ticks as the lobby does once promoted (its primary's interval comes with the state).
      ...(standby ? {} : { tickIntervalMs: this.config.tickIntervalMs }),
      ...(token ? { token } : {}),
      ...(standby ? { standby: true } : { playerStandbys: this.offerToPlayers }),
    });
    if (this.host.state.phase !== 'failed') this.selectTab('live');
  }

  private async exportState(): Promise<void> {
    try {
      await this.host.exportToFile();
    } catch (error) {
      this.host.say(describeError(error));
    }
  }

  private async importFile(event: Event): Promise<void> {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    const fallback = { ruleSetBody: this.panel?.currentBody ?? '', configuration: this.config?.ok ? this.config.configuration : {} };
    if (await this.host.importState(await file.text(), fallback)) this.selectTab('live');
  }

  /** A restored lobby's (or a promoted standby's) own configuration and rule set, shown in the Rule set tab once the host read them. */
  protected override updated(): void {
    const setup = this.host.state.setup;
    if (!setup || setup === this.shownSetup || !this.host.state.adoptSetup) return;
    const panel = this.panel;
    if (!panel) return;
    this.shownSetup = setup;
    panel.setBody(setup.ruleSet.RuleSetBody);
    panel.setConfiguration(configFormValuesOf(setup.configuration, setup.tickIntervalMs));
  }

  private shownSetup: LobbySetupView | undefined;

  protected override render() {
    return html`${this.header()} ${this.tabs()} ${this.panels()}`;
  }

  private header() {
    const s = this.words;
    const state = this.host.state;
    const running = state.phase === 'hosting' || state.phase === 'registering';
    return html`
      <header part="header">
        <h1>${s.title} <span class="muted">· ${this.lobbyName}</span></h1>
        <div class="actions">
          <button type="button" class="primary start" part="button" ?disabled=${!this.canStart} @click=${() => this.start()}>${s.start}</button>
          ${state.paused
            ? html`<button type="button" class="resume" part="button" ?disabled=${!running} @click=${() => this.host.resume()}>${s.resume}</button>`
            : html`<button type="button" class="pause" part="button" ?disabled=${!running} @click=${() => this.host.pause()}>${s.pause}</button>`}
          <button type="button" class="export" part="button" ?disabled=${!running} @click=${() => this.exportState()}>${s.export}</button>
          <button
            type="button"
            class="import"
            part="button"
            ?disabled=${state.phase === 'starting' || state.phase === 'importing'}
            @click=${() => this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click()}
          >
            ${s.import}
          </button>
          <input type="file" accept="application/json,.json" aria-label=${s.import} @change=${(event: Event) => this.importFile(event)} />
        </div>
        <p role="status" aria-live="polite" part="status" class=${state.phase === 'failed' || state.phase === 'refused' ? 'error' : ''}
          >${statusText(state, s, this.lobbyName)}</p
        >
        <label class="join-standby">
          <input
            type="checkbox"
            name="standby"
            .checked=${this.joinAsStandby}
            ?disabled=${running || state.phase === 'starting'}
            @change=${(event: Event) => (this.joinAsStandby = (event.target as HTMLInputElement).checked)}
          />
          ${s.joinAsStandby}
        </label>
        ${this.joinAsStandby
          ? nothing
          : html`<label class="player-standbys">
              <input
                type="checkbox"
                name="player-standbys"
                .checked=${this.offerToPlayers}
                ?disabled=${running || state.phase === 'starting'}
                @change=${(event: Event) => (this.offerToPlayers = (event.target as HTMLInputElement).checked)}
              />
              ${s.offerToPlayers}
            </label>`}
        ${state.phase === 'refused' || this.joinAsStandby
          ? html`<label class="lobby-token"
              >${this.joinAsStandby ? s.standbyTokenLabel : s.lobbyToken}
              <input name="lobby-token" type="password" autocomplete="off" spellcheck="false" ?disabled=${running}
            /></label>`
          : nothing}
        ${state.importErrors.length > 0
          ? html`<ul class="import-errors error" part="import-errors" role="alert">
              ${state.importErrors.map((error) => html`<li>${error}</li>`)}
            </ul>`
          : nothing}
      </header>
    `;
  }

  private tabs() {
    const s = this.words;
    return html`
      <div role="tablist" part="tabs" aria-label="Console" @keydown=${this.onTabKey}>
        ${TABS.map(
          (tab) => html`<button
            type="button"
            role="tab"
            part="tab"
            id=${`tab-${tab}`}
            aria-selected=${this.tab === tab ? 'true' : 'false'}
            aria-controls=${`panel-${tab}`}
            tabindex=${this.tab === tab ? 0 : -1}
            @click=${() => this.selectTab(tab)}
          >
            ${s[TAB_LABELS[tab]]}
          </button>`,
        )}
      </div>
    `;
  }

  private panels() {
    const s = this.words;
    const state = this.host.state;
    const running = state.phase === 'hosting' || state.phase === 'registering';
    return html`
      <div role="tabpanel" part="panel" id="panel-rule-set" aria-labelledby="tab-rule-set" ?hidden=${this.tab !== 'rule-set'}>
        <peermatch-console-rule-set
          .strings=${s}
          ?disabled=${running}
          exportparts="editor, problems, problems-none, config, field-error, rule-set-toolbar"
          @peermatch-rule-set-input=${(event: CustomEvent<RuleSetInputDetail>) => {
            this.validation = event.detail.validation;
            this.body = event.detail.body;
          }}
          @peermatch-config-input=${(event: CustomEvent<ConfigInputDetail>) => (this.config = event.detail.result)}
        ></peermatch-console-rule-set>
      </div>
      <div role="tabpanel" part="panel" id="panel-live" aria-labelledby="tab-live" ?hidden=${this.tab !== 'live'}>
        ${this.liveOpened ? this.liveView() : nothing}
      </div>
      <div role="tabpanel" part="panel" id="panel-simulator" aria-labelledby="tab-simulator" ?hidden=${this.tab !== 'simulator'}>
        ${this.simulatorPanel()}
      </div>
    `;
  }

  /** The host's role and standbys, then the live view while it serves (a standby shows the former only). */
  private liveView() {
    const hosts = this.host.state.hosts;
    return html`${hosts.role !== undefined
        ? html`<peermatch-console-hosts
            .hosts=${hosts}
            .strings=${this.words}
            exportparts="hosts, role, standbys, standby-row, standby-credential, button"
            @peermatch-hand-over=${(event: CustomEvent<{ hostId: HostId }>) => this.host.handOver(event.detail.hostId, this.words)}
          ></peermatch-console-hosts>`
        : nothing}
      ${servesLive(hosts) ? this.matchmakerView() : nothing}`;
  }

  private matchmakerView() {
    return html`<peermatch-console-live
      .state=${this.host.state}
      .strings=${this.words}
      exportparts="live, tickets, ticket-row, status-counts, event-log, chart, game-sessions, backfills, proposed-matches, completed-matches, match-connections, explanation, explanation-summary, explanation-blocking, explanation-candidate, explanation-expansion, explanation-error"
      @peermatch-ticket-open=${(event: CustomEvent<{ ticketId: string }>) => this.host.openTicket(event.detail.ticketId)}
      @peermatch-ticket-close=${() => this.host.closeTicket()}
    ></peermatch-console-live>`;
  }

  private simulatorPanel() {
    const s = this.words;
    const load = this.simulatorLoad;
    switch (load.kind) {
      case 'not-loaded':
        return nothing;
      case 'loading':
        return html`<p class="muted loading" role="status">${s.loadingSimulator}</p>`;
      case 'failed':
        return html`<p class="error" role="alert">
          ${s.loadFailed}: ${load.message}
          <button type="button" part="button" @click=${() => this.loadSimulator()}>${s.retry}</button>
        </p>`;
      case 'loaded':
        return html`<peermatch-simulator-panel
          .ruleSetBody=${this.body}
          .configuration=${this.config?.ok ? this.config.configuration : undefined}
          .strings=${s}
          exportparts="simulator, chart, simulation-table, simulation-text, progress, population-problems, population-warnings, run-errors, party-sizes, simulator-config, field-error"
        ></peermatch-simulator-panel>`;
      default:
        return assertNever(load);
    }
  }
}

if (!customElements.get('peermatch-host-console')) customElements.define('peermatch-host-console', PeermatchHostConsole);

declare global {
  interface HTMLElementTagNameMap {
    'peermatch-host-console': PeermatchHostConsole;
  }
}
