/**
 * The host console's `ReactiveController`: it owns the running lobby host
 * (start, as primary or standby, pause, resume, export, import, hand
 * over), polls it every second (its role, term and standbys; while it
 * serves, the Matchmaker's `listTickets`, `describeGameSessions` and the
 * open ticket's `explainMatchmaking`), listens to its FlexMatch events and
 * game-session updates, and keeps what the live view renders. A standby
 * polls only its role; once promoted, the same listeners carry on. Elements read `state` and
 * call the actions; they never touch the host. The host runtime (the
 * Matchmaker, the relay, the state transfer) is loaded on the first Start or
 * Import, so the console's first paint does not wait for it.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { GameSessionUpdate, MatchmakingEvent } from '../../core/matchmaker/events.ts';
import type { startBrowserHost } from '../../host/browser-host.ts';
import type { ConnectionReport } from '../../host/connection-reports.ts';
import type { HostRole, RunningLobbyHost } from '../../host/host-runtime.ts';
import type { HostId } from '../../net/protocol.ts';
import type { HostRelayStatus } from '../../host/relay-connection.ts';
import { hostsViewOf, isNotPrimary, NO_HOSTS, sameHostsView, servesLive, type HostsView } from './console-hosts.ts';
import { boundSamples, describeError, emptyState, type BackfillEntry, type ConsoleState } from './console-state.ts';
import { applyMatchEvent, boundMatches, describeEvent, waitSamplesOf } from './live-state.ts';
import { rememberTickInterval, savedLobbyStart, type StartRequest } from './saved-lobby.ts';

export { describeError } from './console-state.ts';
export type { BackfillEntry, ConsoleState, ExplanationState, HostPhase, LobbySetupView } from './console-state.ts';

/** The browser host and its state transfer, loaded on first use (a chunk of their own). */
async function hostModules() {
  const [browser, transfer, store, summary] = await Promise.all([
    import('../../host/browser-host.ts'),
    import('../../host/host-state-transfer.ts'),
    import('../../host/host-store-idb.ts'),
    import('../../host/lobby-summary.ts'),
  ]);
  return {
    startBrowserHost: browser.startBrowserHost,
    parseHostState: transfer.parseHostState,
    importHostState: transfer.importHostState,
    idbHostStore: store.idbHostStore,
    lobbySetup: summary.lobbySetup,
  };
}

export type { StartRequest } from './saved-lobby.ts';

/** What the controller needs from the page. */
export interface ConsoleControllerOptions {
  serverUrl(): string;
  lobby(): string;
  /** Default `startBrowserHost`. */
  startHost?: typeof startBrowserHost;
  /** Milliseconds between polls; default 1000. */
  pollIntervalMs?: number;
}

const EVENT_LOG_LIMIT = 200;
const BACKFILL_LIMIT = 50;
const MATCH_LIMIT = 200;

/** See the file comment. */
export class ConsoleController implements ReactiveController {
  state: ConsoleState = emptyState();
  private host: RunningLobbyHost | undefined;
  private lastStart: StartRequest | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private polling = false;
  /** The running host's tick interval, for the setup a promoted standby reads. */
  private tickIntervalMs = 1000;
  private readingSetup = false;
  private unsubscribe: (() => void)[] = [];

  constructor(
    private readonly element: ReactiveControllerHost,
    private readonly options: ConsoleControllerOptions,
  ) {
    element.addController(this);
  }

  hostConnected(): void {
    this.timer = setInterval(() => void this.poll(), this.options.pollIntervalMs ?? 1000);
    void this.resumeSaved();
  }

  /**
   * After a reload: when this browser holds the lobby's saved state (one that
   * registered, so it has the token), starts hosting it again by itself with
   * its own configuration and rule set, at the tick interval last used here.
   */
  private async resumeSaved(): Promise<void> {
    if (this.options.startHost) return; // a test's own host factory: nothing is saved in this browser
    try {
      const request = await savedLobbyStart(this.options.lobby());
      if (request && !this.host && this.state.phase === 'idle') await this.start(request);
    } catch (error) {
      this.set({ message: `Could not resume the saved lobby: ${describeError(error)}` });
    }
  }

  /** Starts (or restores) the lobby host. Failures end in phase `failed` with the error's name and message. */
  async start(request: StartRequest): Promise<void> {
    if (this.host || this.state.phase === 'starting') return;
    this.lastStart = request;
    this.set({ phase: 'starting', message: '', importErrors: [], refusal: undefined });
    if (request.tickIntervalMs !== undefined) rememberTickInterval(this.options.lobby(), request.tickIntervalMs);
    try {
      await this.launch(request);
    } catch (error) {
      this.set({ phase: 'failed', message: describeError(error) });
    }
  }

  /** Stops matchmaking ticks (the host keeps answering requests). */
  async pause(): Promise<void> {
    await this.host?.pause();
    this.set({ paused: this.host?.paused ?? false });
  }

  /** Restarts matchmaking ticks. */
  async resume(): Promise<void> {
    await this.host?.resume();
    this.set({ paused: this.host?.paused ?? false });
  }

  /** The host state as a JSON file to download: `{ fileName, text }`. Rejects when not hosting. */
  async exportState(): Promise<{ fileName: string; text: string }> {
    if (!this.host) throw new Error('Start hosting before exporting the state');
    const state = await this.host.exportState();
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    return { fileName: `peermatch-${this.options.lobby()}-${stamp}.json`, text: JSON.stringify(state, null, 2) };
  }

  /** Downloads `exportState()` as a JSON file (the browser's download). Rejects when not hosting. */
  async exportToFile(): Promise<void> {
    const { fileName, text } = await this.exportState();
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    this.set({ message: `Exported ${fileName}.` });
  }

  /** Shows a message in the status line. */
  say(message: string): void {
    this.set({ message });
  }

  /**
   * Replaces the lobby's state by an exported one: checks the text
   * (parseHostState; its errors land in `importErrors` and nothing changes),
   * closes the running host, writes the state into the lobby's store and
   * starts again from it. Resolves true when the host runs the imported state.
   */
  async importState(text: string, fallback: StartRequest): Promise<boolean> {
    let modules: Awaited<ReturnType<typeof hostModules>>;
    try {
      modules = await hostModules();
    } catch (error) {
      this.set({ message: `Import failed: ${describeError(error)}` });
      return false;
    }
    const { parseHostState, importHostState, idbHostStore } = modules;
    const parsed = parseHostState(text, this.options.lobby());
    if (!parsed.ok) {
      this.set({ importErrors: parsed.errors, message: `Import refused: ${parsed.errors.length} problem(s)` });
      return false;
    }
    this.set({ phase: 'importing', importErrors: [], message: '' });
    try {
      await this.stopHost();
      await importHostState(idbHostStore(this.options.lobby()), parsed.state);
      this.resetLive();
      await this.launch(this.lastStart ?? fallback);
      this.set({ message: 'Imported the host state.' });
      return true;
    } catch (error) {
      this.set({ phase: 'failed', message: describeError(error) });
      return false;
    }
  }

  /** Opens a ticket's explanation (refreshed at every poll until closed). */
  openTicket(ticketId: string): void {
    this.set({ explanation: { kind: 'loading', ticketId } });
    void this.explain(ticketId);
  }

  /** Closes the explanation. */
  closeTicket(): void {
    this.set({ explanation: { kind: 'closed' } });
  }

  private async launch(request: StartRequest): Promise<void> {
    const start = this.options.startHost ?? (await hostModules()).startBrowserHost;
    const host = await start({
      serverUrl: this.options.serverUrl(),
      lobby: this.options.lobby(),
      ruleSetBody: request.ruleSetBody,
      configuration: request.configuration,
      ...(request.tickIntervalMs !== undefined ? { tickIntervalMs: request.tickIntervalMs } : {}),
      ...(request.token ? { token: request.token } : {}),
      ...(request.standby ? { standby: true } : {}),
      ...(request.playerStandbys !== undefined ? { playerStandbys: request.playerStandbys } : {}),
      onStatus: (status) => this.onRelayStatus(status),
      onRole: (role) => this.onRole(role),
      onError: (error) => this.set({ message: describeError(error) }),
    });
    this.host = host;
    const matchmaker = host.matchmaker;
    this.unsubscribe = [
      matchmaker.on((event) => this.onEvent(event)),
      matchmaker.onUpdateGameSession((update) => this.onUpdate(update)),
      host.connectionReports.on((report) => this.onConnectionReport(report)),
    ];
    this.tickIntervalMs = request.tickIntervalMs ?? 1000;
    this.set({ phase: this.state.phase === 'hosting' ? 'hosting' : 'registering', restored: host.restored, adoptSetup: host.restored || request.standby === true, paused: host.paused, hosts: this.hostsOf(host) });
    void this.poll();
    // A standby's Matchmaker answers nothing until it is promoted (onRole reads the setup then).
    if (!request.standby) void this.readSetup(host, this.tickIntervalMs);
    host.registered.catch((error: unknown) => {
      if (this.host === host) this.set({ phase: 'failed', message: describeError(error) });
    });
  }

  /**
   * The host's view; a standby that registered with the standby credential
   * is not told it again, but shows the one it was started with.
   */
  private hostsOf(host: RunningLobbyHost): HostsView {
    const started = this.lastStart;
    return hostsViewOf(host, started?.standby ? started.token : undefined);
  }

  /** The host became primary or standby: shown at once; a promoted standby polls its Matchmaker. */
  private onRole(role: HostRole): void {
    const host = this.host;
    if (!host) return;
    this.set({ hosts: this.hostsOf(host) });
    // Its engine starts from the replica now; the polls read the setup once it answers.
    if (role === 'primary') void this.poll();
  }

  /**
   * Hands the lobby to the standby `hostId` (`RunningLobbyHost.handOver`);
   * this host continues as a standby. The outcome is said in the status line.
   */
  async handOver(hostId: HostId, words: { handingOver: string; handedOver: string }): Promise<void> {
    const host = this.host;
    if (!host) return;
    this.set({ message: words.handingOver.replaceAll('{hostId}', hostId) });
    try {
      await host.handOver(hostId);
      if (this.host === host) this.set({ message: words.handedOver.replaceAll('{hostId}', hostId), hosts: this.hostsOf(host) });
    } catch (error) {
      if (this.host === host) this.set({ message: describeError(error) });
    }
  }

  /** Reads the configuration and rule set the lobby really runs (a restored lobby's own). */
  private async readSetup(host: RunningLobbyHost, tickIntervalMs: number): Promise<void> {
    this.readingSetup = true;
    try {
      const { lobbySetup } = await hostModules();
      const { configuration, ruleSet } = await lobbySetup(host.matchmaker, host.configurationName);
      // The interval the lobby really ticks at (a promoted standby's is its primary's), else the one it was started with.
      if (this.host === host) this.set({ setup: { configuration, ruleSet, tickIntervalMs: host.tickIntervalMs ?? tickIntervalMs } });
    } catch (error) {
      // A host that turned out a standby: it reads the setup when promoted (onRole).
      if (this.host === host && !isNotPrimary(error)) this.set({ message: describeError(error) });
    } finally {
      this.readingSetup = false;
    }
  }

  private async stopHost(): Promise<void> {
    const host = this.host;
    this.host = undefined;
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
    this.set({ hosts: NO_HOSTS });
    await host?.close();
  }

  private onRelayStatus(status: HostRelayStatus): void {
    if (status.status === 'open') this.set({ phase: 'hosting' });
    else if (status.refusal) {
      // The runtime has stopped the Matchmaker: let go of the host so nothing polls it and Start works again.
      this.set({ phase: 'refused', refusal: { code: status.refusal.code, message: status.refusal.message }, message: '' });
      void this.stopHost();
    } else if (this.state.phase === 'hosting') this.set({ phase: 'registering' });
  }

  private onEvent(event: MatchmakingEvent): void {
    const waitSamples = new Map(this.state.waitSamples);
    for (const sample of waitSamplesOf(event)) waitSamples.set(sample.ticketId, sample);
    this.set({
      events: [describeEvent(event), ...this.state.events].slice(0, EVENT_LOG_LIMIT),
      matches: boundMatches(applyMatchEvent(this.state.matches, event), MATCH_LIMIT),
      waitSamples: boundSamples(waitSamples),
    });
  }

  private onConnectionReport(report: ConnectionReport): void {
    const connections = new Map(this.state.connections);
    const others = (connections.get(report.matchId) ?? []).filter((kept) => kept.ticketId !== report.ticketId);
    connections.set(report.matchId, [...others, report]);
    // Kept for the matches the console still lists (at most MATCH_LIMIT).
    for (const matchId of connections.keys()) if (connections.size > MATCH_LIMIT && !this.state.matches.has(matchId)) connections.delete(matchId);
    this.set({ connections });
  }

  private onUpdate(update: GameSessionUpdate): void {
    const entry: BackfillEntry = {
      atMs: Date.now(),
      ticketId: update.backfillTicketId,
      reason: update.updateReason,
      gameSessionId: update.gameSession.GameSessionId,
      players: `${update.gameSession.CurrentPlayerSessionCount}/${update.gameSession.MaximumPlayerSessionCount}`,
    };
    this.set({ backfills: [entry, ...this.state.backfills].slice(0, BACKFILL_LIMIT) });
  }

  private async poll(): Promise<void> {
    const host = this.host;
    if (!host || this.polling) return;
    this.polling = true;
    try {
      const hosts = this.hostsOf(host);
      if (!sameHostsView(hosts, this.state.hosts)) this.set({ hosts });
      if (!servesLive(hosts)) return; // a standby: its Matchmaker answers nothing until it is promoted
      const matchmaker = host.matchmaker;
      const [{ TicketList }, { GameSessions }] = await Promise.all([
        Promise.resolve(matchmaker.listTickets({})),
        Promise.resolve(matchmaker.describeGameSessions({})),
      ]);
      if (this.host !== host) return;
      const waitSamples = new Map(this.state.waitSamples);
      for (const ticket of TicketList) {
        if (ticket.Status !== 'COMPLETED' || ticket.EndTime === undefined || waitSamples.has(ticket.TicketId)) continue;
        const atMs = new Date(ticket.EndTime).getTime();
        waitSamples.set(ticket.TicketId, { atMs, ticketId: ticket.TicketId, waitSeconds: (atMs - new Date(ticket.StartTime).getTime()) / 1000 });
      }
      this.set({ tickets: TicketList, sessions: GameSessions, nowMs: Date.now(), waitSamples: boundSamples(waitSamples), paused: host.paused });
      // A promoted standby's setup (its Matchmaker answers from now on).
      if (this.state.setup === undefined && !this.readingSetup) void this.readSetup(host, this.tickIntervalMs);
      const open = this.state.explanation;
      if (open.kind !== 'closed') await this.explain(open.ticketId);
    } catch (error) {
      // Demoted between the role check and the answer: the next poll shows the standby.
      if (this.host === host && !isNotPrimary(error)) this.set({ message: describeError(error) });
    } finally {
      this.polling = false;
    }
  }

  private async explain(ticketId: string): Promise<void> {
    const host = this.host;
    if (!host) {
      this.set({ explanation: { kind: 'error', ticketId, message: 'Not hosting: start the host to explain tickets.' } });
      return;
    }
    try {
      const { Explanation } = await host.matchmaker.explainMatchmaking({ TicketId: ticketId });
      if (this.state.explanation.kind !== 'closed' && this.state.explanation.ticketId === ticketId) {
        this.set({ explanation: { kind: 'ready', ticketId, explanation: Explanation } });
      }
    } catch (error) {
      if (this.state.explanation.kind !== 'closed' && this.state.explanation.ticketId === ticketId) {
        this.set({ explanation: { kind: 'error', ticketId, message: describeError(error) } });
      }
    }
  }

  private resetLive(): void {
    const { phase, message } = this.state;
    this.state = { ...emptyState(), phase, message };
  }

  private set(patch: Partial<ConsoleState>): void {
    this.state = { ...this.state, ...patch };
    this.element.requestUpdate();
  }
}

