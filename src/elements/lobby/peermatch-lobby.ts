/**
 * `<peermatch-lobby>`: the "find a match" panel a browser game drops into its
 * page. It joins a peermatch lobby, searches, shows the proposed match with
 * Accept / Decline and a countdown, connects to the game host over WebRTC and
 * hands the game the open DataConnections.
 *
 * ```html
 * <peermatch-lobby server-url="https://mm.example" lobby="main" player-id="ana"
 *   player-attributes='{"skill":{"N":23}}'></peermatch-lobby>
 * <script type="module">
 *   import 'peermatch/lobby';
 *   document.querySelector('peermatch-lobby').addEventListener('peermatch-ready', (e) => startGame(e.detail));
 * </script>
 * ```
 *
 * Attributes / properties:
 * - `server-url` / `serverUrl`: the peermatch server (default: this page's origin);
 * - `lobby`, `configuration-name` / `configurationName`, `player-id` / `playerId`
 *   (empty: one is made up and remembered per lobby);
 * - `player-attributes` / `playerAttributes`: FlexMatch `PlayerAttributes` (JSON in the attribute);
 * - `latencies`: `LatencyInMs`; when absent, the median round trip to the
 *   server is measured and reported under `region` (default `"server"`);
 * - `party`: other players (`Player`s) joining on the same ticket;
 * - `strings` (property only): replacements for any of `DEFAULT_LOBBY_STRINGS`;
 * - `autostart`: search as soon as the element is connected;
 * - `host-wait` / `hostWait`: seconds to wait for a lobby host that went away
 *   mid-search (`waiting-for-host`, the ticket kept) before offering Retry (default 60);
 * - `parties`: show the party views (play with friends: create a party, share
 *   its code or link, join from a code or the page's `?party=CODE` link, ready
 *   up, the leader queues the party; lobby-party-view.ts). Fires
 *   `peermatch-party` (`{ party, change }`) on every party change;
 * - `volunteerHost` (property only): a function that starts a standby lobby
 *   host in this tab, for lobbies that offer it (the host's `playerStandbys`):
 *   `(offer) => startBrowserHost({ ...offer, ruleSetBody: '', store: memoryHostStore() })`
 *   from `peermatch/worker` (lobby-volunteer.ts). Called once the lobby's
 *   client is connected; the host is closed when the element is removed.
 *   Fires `peermatch-volunteer` (`{ role, message? }`); a refusal is quiet.
 *   While the tab serves the lobby a note says so;
 * - `status` (reflected, read-only): the state's status, for CSS and tests.
 *
 * A remembered ticket of the player (a reload mid-search, or mid-proposal with
 * its countdown and this player's acceptance) is resumed on connect without a
 * click. A host leaving or the server dropping out shows `waiting-for-host` /
 * `reconnecting`, and the search goes on when they are back. Events (bubbling, composed): `peermatch-status`
 * (detail: the `LobbyState`, on every change), `peermatch-ready` (`{ match, team, role,
 * connections, network }`, once per match; `network` says how each connection connected
 * and its round trip), `peermatch-error` (`{ reason, message, code, failure }`; `failure`
 * names the failed step of a game connection), and after
 * the hand-off `peermatch-player-joined`, `peermatch-player-left`, `peermatch-connection-interrupted`,
 * `peermatch-connection-resumed`, `peermatch-seat-released`, for game host migration
 * `peermatch-game-host-changed` and `peermatch-nobody-left`, and `peermatch-replaced`
 * `{ where, message }` when this player plays in a newer tab or on another device (see
 * lobby-match-events.ts).
 * One player, one seat: the newest tab or device wins; the older lobby stops, shows
 * `failed` with reason `replaced` in plain words and a "Play here instead" button.
 * Methods: `start()`, `cancel()`, `accept()`, `decline()`, `retry()`; `client`
 * is the `PeermatchClient`; `state` the current `LobbyState`.
 */
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { ConnectionFailure } from '../../client/connection-diagnostics.ts';
import type { PeermatchClient, PeermatchClientEvent, PeermatchClientOptions } from '../../client/peermatch-client.ts';
import type { AttributeValue, Player } from '../../core/matchmaker/types.ts';
import { DEFAULT_HOST_WAIT_MS, LobbyController, type LobbySettings } from './lobby-controller.ts';
import { matchEventOf, noticesHostChange } from './lobby-match-events.ts';
import type { LobbyFailureReason, LobbyState } from './lobby-state.ts';
import { lobbyStyles } from './lobby-styles.ts';
import { DEFAULT_LOBBY_STRINGS, type LobbyStrings } from './lobby-strings.ts';
import { announcementOf, renderBody, type LobbyView } from './lobby-views.ts';
import { DEFAULT_LATENCY_REGION } from './measure-latency.ts';
import { LobbyPartyController } from './lobby-party-controller.ts';
import { partyStyles, renderParty } from './lobby-party-view.ts';
import { LobbyVolunteer, type LobbyVolunteerDetail, type VolunteerHostFunction } from './lobby-volunteer.ts';

/** `peermatch-ready`'s detail. */
export type LobbyReadyDetail = Omit<Extract<LobbyState, { status: 'ready' }>, 'status' | 'departed' | 'interrupted'>;

/** `peermatch-error`'s detail. */
export interface LobbyErrorDetail {
  reason: LobbyFailureReason;
  message: string;
  code?: string;
  /** For a game connection that failed: which step failed (signaling, ICE, TURN, admission), in plain words. */
  failure?: ConnectionFailure;
}

/** Settings that identify the search: changing one ends the current run. */
const IDENTITY = ['serverUrl', 'lobby', 'playerId', 'configurationName'] as const;

/** How long the lobby shows that its host changed (ms). */
const HOST_CHANGED_SHOWN_MS = 6000;

/** See the file comment. */
export class PeermatchLobby extends LitElement {
  static override styles = [lobbyStyles, partyStyles];

  static override properties = {
    serverUrl: { type: String, attribute: 'server-url' },
    lobby: { type: String },
    configurationName: { type: String, attribute: 'configuration-name' },
    playerId: { type: String, attribute: 'player-id' },
    playerAttributes: { type: Object, attribute: 'player-attributes' },
    latencies: { type: Object },
    region: { type: String },
    party: { type: Array },
    strings: { attribute: false },
    autostart: { type: Boolean },
    hostWait: { type: Number, attribute: 'host-wait' },
    clientOptions: { attribute: false },
    parties: { type: Boolean },
    volunteerHost: { attribute: false },
  };

  declare serverUrl: string;
  declare lobby: string;
  declare configurationName: string;
  declare playerId: string;
  declare playerAttributes: Record<string, AttributeValue> | undefined;
  declare latencies: Record<string, number> | undefined;
  declare region: string;
  declare party: Player[];
  declare strings: Partial<LobbyStrings>;
  declare autostart: boolean;
  /** Seconds to wait for a lobby host that went away before offering Retry. */
  declare hostWait: number;
  /** Extra `PeermatchClient` options (ICE servers, hand-off time limit); read when a search starts. */
  declare clientOptions: Partial<PeermatchClientOptions>;
  /** Shows the party views (see the file comment). */
  declare parties: boolean;
  /** Starts a standby lobby host in this tab when the lobby offers it (see the file comment and lobby-volunteer.ts). */
  declare volunteerHost: VolunteerHostFunction | undefined;

  private readonly controller = new LobbyController(this);
  private readonly partyController = new LobbyPartyController(this, this.controller);
  private readonly volunteer = new LobbyVolunteer(this);
  /** Whether keyboard focus was inside the element (so a state change may move it to the new primary action). */
  private focusWithin = false;

  constructor() {
    super();
    this.serverUrl = '';
    this.lobby = '';
    this.configurationName = '';
    this.playerId = '';
    this.playerAttributes = undefined;
    this.latencies = undefined;
    this.region = DEFAULT_LATENCY_REGION;
    this.party = [];
    this.strings = {};
    this.autostart = false;
    this.hostWait = DEFAULT_HOST_WAIT_MS / 1000;
    this.clientOptions = {};
    this.parties = false;
    this.volunteerHost = undefined;
    this.addEventListener('focusin', () => (this.focusWithin = true));
    this.addEventListener('focusout', (event) => {
      // Focus moving elsewhere on the page; a removed button (a state change) gives no relatedTarget.
      const to = event.relatedTarget as Node | null;
      if (to !== null && !this.contains(to) && !this.shadowRoot?.contains(to)) this.focusWithin = false;
    });
  }

  /** The current state. */
  get state(): LobbyState {
    return this.controller.state;
  }

  /** The player client of the current search (after `start()`). */
  get client(): PeermatchClient | undefined {
    return this.controller.client;
  }

  /** Finds a match (resuming a remembered ticket). Never rejects; failures become the `failed` state. */
  start(): Promise<void> {
    return this.controller.start();
  }

  /** Stops the search. */
  cancel(): Promise<void> {
    return this.controller.cancel();
  }

  /** Accepts the proposed match. */
  accept(): Promise<void> {
    return this.controller.accept();
  }

  /** Declines the proposed match. */
  decline(): Promise<void> {
    return this.controller.decline();
  }

  /** Searches again after a failure or a cancel. */
  retry(): Promise<void> {
    return this.controller.retry();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.setAttribute('status', this.controller.state.status);
    // After the first update, so the attributes are read.
    this.updateComplete.then(async () => {
      const resumed = await this.controller.resumeIfRemembered();
      // A reload keeps the party; a party link joins it.
      if (this.isConnected) await this.partyController.resume();
      if (!resumed && this.autostart && this.isConnected) await this.controller.start();
    });
  }

  /** @internal The controller reads the settings when a search starts. */
  lobbySettings(): LobbySettings {
    return {
      serverUrl: this.serverUrl || (typeof location !== 'undefined' ? location.origin : ''),
      lobby: this.lobby,
      ...(this.configurationName ? { configurationName: this.configurationName } : {}),
      ...(this.playerId ? { playerId: this.playerId } : {}),
      ...(this.playerAttributes ? { playerAttributes: this.playerAttributes } : {}),
      ...(this.latencies ? { latencies: this.latencies } : {}),
      region: this.region || DEFAULT_LATENCY_REGION,
      party: this.party ?? [],
      clientOptions: this.clientOptions,
      ...(Number.isFinite(this.hostWait) && this.hostWait >= 0 ? { hostWaitMs: this.hostWait * 1000 } : {}),
    };
  }

  /** @internal Dispatches the DOM events of a state change. */
  lobbyStateChanged(state: LobbyState, previous: LobbyState): void {
    this.setAttribute('status', state.status);
    const fire = (type: string, detail: unknown) => this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
    fire('peermatch-status', state);
    if (state.status === 'ready' && previous.status !== 'ready') {
      const detail: LobbyReadyDetail = { match: state.match, team: state.team, role: state.role, connections: state.connections, ...(state.network ? { network: state.network } : {}) };
      fire('peermatch-ready', detail);
    }
    if (state.status === 'failed' && previous.status !== 'failed') {
      const detail: LobbyErrorDetail = {
        reason: state.reason,
        message: state.message,
        ...(state.code !== undefined ? { code: state.code } : {}),
        ...(state.failure ? { failure: state.failure } : {}),
      };
      fire('peermatch-error', detail);
    }
  }

  /** @internal Dispatches the DOM events of the match after the hand-off (see lobby-match-events.ts). */
  lobbyClientEvent(event: PeermatchClientEvent, state: LobbyState): void {
    this.partyController.onClientEvent(event);
    const matchEvent = matchEventOf(event, state.status === 'ready');
    if (matchEvent) this.dispatchEvent(new CustomEvent(matchEvent.type, { detail: matchEvent.detail, bubbles: true, composed: true }));
    if (noticesHostChange(event)) this.showHostChanged();
  }

  /** Says "the lobby host changed" for a few seconds (only after a pause long enough to notice). */
  private showHostChanged(): void {
    clearTimeout(this.hostChangedTimer);
    this.hostChanged = true;
    this.requestUpdate();
    this.hostChangedTimer = setTimeout(() => {
      this.hostChanged = false;
      this.requestUpdate();
    }, HOST_CHANGED_SHOWN_MS);
  }

  private hostChanged = false;
  private hostChangedTimer: ReturnType<typeof setTimeout> | undefined;

  /** @internal A new client of the lobby connected: volunteer this tab when the game and the lobby allow it. */
  lobbyClientConnected(client: PeermatchClient): void {
    void this.volunteer.clientConnected(client);
  }

  /** @internal Fires `peermatch-volunteer`. */
  lobbyVolunteerChanged(detail: LobbyVolunteerDetail): void {
    this.dispatchEvent(new CustomEvent('peermatch-volunteer', { detail, bubbles: true, composed: true }));
  }

  /** @internal Whether the party views are on. */
  partiesEnabled(): boolean {
    return this.parties;
  }

  /** @internal Fires `peermatch-party` for a party change. */
  lobbyPartyChanged(event: Extract<PeermatchClientEvent, { type: 'party' }>): void {
    this.dispatchEvent(new CustomEvent('peermatch-party', { detail: { party: event.party, ...(event.change ? { change: event.change } : {}) }, bubbles: true, composed: true }));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Another server, lobby or player is another search: end this one.
    if (this.hasUpdated && IDENTITY.some((key) => changed.has(key)) && this.controller.state.status !== 'idle') this.controller.reset();
    // A standby host of another lobby or server is not this one's.
    if (this.hasUpdated && (changed.has('serverUrl') || changed.has('lobby'))) this.volunteer.reset();
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const status = this.controller.state.status;
    if (status === this.renderedStatus) return;
    this.renderedStatus = status;
    const active = this.shadowRoot?.activeElement;
    const lost = document.activeElement === null || document.activeElement === document.body;
    if (this.focusWithin && (active || lost)) this.shadowRoot?.querySelector<HTMLButtonElement>('[data-primary]')?.focus();
  }

  private renderedStatus: string | undefined;

  protected override render() {
    const state = this.controller.state;
    const strings: LobbyStrings = { ...DEFAULT_LOBBY_STRINGS, ...this.strings };
    const view: LobbyView = {
      strings,
      nowMs: this.controller.now,
      // In a party, the party views hold its Find a match (the leader's).
      hideStart: this.parties && this.partyController.party !== undefined,
      actions: {
        start: () => void this.controller.start(),
        cancel: () => void this.controller.cancel(),
        accept: () => void this.controller.accept(),
        decline: () => void this.controller.decline(),
        retry: () => void this.controller.retry(),
      },
    };
    return html`<section part="container" class="container" data-status=${state.status}>
      <p part="status" class="status" role="status" aria-live="polite">${announcementOf(state, strings)}</p>
      ${this.hostChanged ? html`<p part="notice host-changed" class="notice" role="status">${strings.hostChanged}</p>` : nothing}
      ${this.volunteer.serving ? html`<p part="notice volunteer-host" class="notice" role="status">${strings.volunteerHosting}</p>` : nothing}
      ${renderBody(state, view)} ${this.parties ? this.renderParty(state, strings) : nothing}
    </section>`;
  }

  private renderParty(state: LobbyState, strings: LobbyStrings) {
    const party = this.partyController;
    return renderParty({
      party: party.party,
      selfId: party.playerId,
      link: party.link,
      notice: party.notice,
      error: party.error,
      busy: party.busy,
      lobbyStatus: state.status,
      strings,
      actions: {
        create: () => void party.create(),
        join: (code) => void party.join(code),
        leave: () => void party.leave(),
        remove: (playerId) => void party.remove(playerId),
        makeLeader: (playerId) => void party.makeLeader(playerId),
        setReady: (ready) => void party.setReady(ready),
        queue: () => void party.queue(),
        copyLink: () => {
          const link = party.link;
          if (link) void navigator.clipboard?.writeText(link).then(() => {
            party.notice = strings.partyLinkCopied;
            this.requestUpdate();
          }, () => undefined);
        },
      },
    });
  }
}
