/**
 * The `ReactiveController` behind `<peermatch-lobby>`: owns the
 * `PeermatchClient`, turns the player's actions into its calls, folds every
 * client event through the pure `reduceLobby` and tells the element when the
 * state changed. It also keeps a one-second clock running while a timer is on
 * screen (searching, a countdown, an interruption), so the element re-renders
 * only the numbers, and bounds the wait for a lobby host that went away
 * (`hostWaitMs`): past it the lobby fails `host-unavailable` (`HostAway`) with a Retry.
 *
 * The element never touches the client; a game that wants its own UI can
 * (`element.client`), and it keeps the client after `ready`: the open
 * DataConnections are the game's, so removing the element then closes nothing.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { PeermatchClient, type PeermatchClientEvent, type PeermatchClientOptions } from '../../client/peermatch-client.ts';
import { defaultStorage, sessionKey, type ClientStorage, type RememberedSession } from '../../client/storage.ts';
import type { AttributeValue, MatchmakingTicket, Player } from '../../core/matchmaker/types.ts';
import { failureOf, type LobbyCall } from './lobby-failures.ts';
import { IDLE, isActive, reduceLobby, ticketIdOf, type LobbyInput, type LobbyState } from './lobby-state.ts';
import { measureServerLatency } from './measure-latency.ts';

/** What the controller reads from its element when it starts. */
export interface LobbySettings {
  /** The peermatch server, `http(s)://host:port`. */
  serverUrl: string;
  lobby: string;
  /** `ConfigurationName` of the ticket; empty: the lobby's own configuration. */
  configurationName?: string;
  /** Empty: the client makes one up (and remembers it per lobby). */
  playerId?: string;
  playerAttributes?: Record<string, AttributeValue>;
  /** `LatencyInMs` of the player; `undefined`: measured to the server under `region`. */
  latencies?: Record<string, number>;
  region: string;
  /** Other players on the same ticket. */
  party: Player[];
  /** Extra client options (tests pass `rtcConfig`, `handoffTimeoutMs`). */
  clientOptions?: Partial<PeermatchClientOptions>;
  /** How long `waiting-for-host` lasts before the lobby offers Retry, ms (default `DEFAULT_HOST_WAIT_MS`). */
  hostWaitMs?: number;
}

/** The default bound on waiting for a lobby host that went away: one minute. */
export const DEFAULT_HOST_WAIT_MS = 60_000;

/** The element side the controller talks to. */
export interface LobbyControllerHost extends ReactiveControllerHost {
  lobbySettings(): LobbySettings;
  /** Called after every state change, before the re-render it requests. */
  lobbyStateChanged(state: LobbyState, previous: LobbyState): void;
  /** Called with every client event, after the state change it caused. */
  lobbyClientEvent(event: PeermatchClientEvent, state: LobbyState): void;
  /** Called when a new client of the lobby connected (the element volunteers its tab then: lobby-volunteer.ts). */
  lobbyClientConnected?(client: PeermatchClient): void;
}

/** Statuses that show a running timer. */
const TICKING = new Set<LobbyState['status']>(['searching', 'proposed', 'accepted', 'waiting-for-host', 'reconnecting']);

/** See the file comment. */
export class LobbyController implements ReactiveController {
  /** The current state. */
  state: LobbyState = IDLE;
  /** Now, ms since the epoch, as of the last clock tick (what timers render against). */
  now = Date.now();
  private clientValue: PeermatchClient | undefined;
  private unsubscribe: (() => void) | undefined;
  private clock: ReturnType<typeof setInterval> | undefined;
  private hostWait: ReturnType<typeof setTimeout> | undefined;
  /** Bumped by every start and reset, so a stale async step does not touch a newer run. */
  private run = 0;

  constructor(
    private readonly host: LobbyControllerHost,
    private readonly storage: ClientStorage = defaultStorage(),
  ) {
    host.addController(this);
  }

  /** The client of the current run (after `start()`), for games that want their own UI. */
  get client(): PeermatchClient | undefined {
    return this.clientValue;
  }

  hostConnected(): void {
    this.syncClock();
  }

  hostDisconnected(): void {
    this.stopClock();
    this.stopHostWait();
    // After ready the connections are the game's: keep them.
    if (this.state.status !== 'ready') this.closeClient();
  }

  /**
   * When this browser remembers an active ticket of the lobby's player (a
   * reload mid-search), reconnects and shows it; otherwise stays idle. Never rejects.
   */
  async resumeIfRemembered(): Promise<boolean> {
    const settings = this.host.lobbySettings();
    if (this.state.status !== 'idle' || !settings.lobby) return false;
    try {
      let playerId = settings.playerId;
      if (!playerId) playerId = (await this.storage.get(sessionKey(settings.lobby, '#anonymous')))?.playerId;
      if (!playerId) return false;
      const remembered = await this.storage.get(sessionKey(settings.lobby, playerId));
      if (remembered?.ticketId === undefined || this.state.status !== 'idle') return false;
    } catch {
      return false;
    }
    await this.start({ resumeOnly: true });
    return this.state.status !== 'idle';
  }

  /**
   * Finds a match: connects (resuming a remembered ticket) and starts
   * matchmaking. With `resumeOnly`, only a remembered ticket is resumed; no
   * new one is started. Does nothing while a search is under way. Never
   * rejects: failures become the `failed` state.
   */
  async start(options: { resumeOnly?: boolean } = {}): Promise<void> {
    if (isActive(this.state)) return;
    const run = ++this.run;
    this.dispatch({ type: 'start' });
    const settings = this.host.lobbySettings();
    const latency = settings.latencies === undefined ? measureServerLatency(settings.serverUrl) : Promise.resolve(undefined);
    let client: PeermatchClient;
    const previousClient = this.clientValue;
    try {
      client = await this.connectedClient(settings);
    } catch (error) {
      if (run === this.run) this.fail('connect', error);
      return;
    }
    if (run !== this.run) return;
    // Retry on the same connection while the host is still away: say so now, not after the relay's grace
    // period. (The host keeps the ticket; when it is back, the client re-attaches it and the lobby shows it again.)
    if (client === previousClient && this.state.status === 'connecting' && !client.hostAvailable && client.status === 'open') {
      this.fail('request', named('HostUnavailable', 'the lobby host is still away; it keeps your ticket, which resumes when the host is back'));
      return;
    }
    // A reload found its ticket while connecting: that is the search.
    if (this.state.status !== 'connecting' || ticketIdOf(this.state) !== undefined) return;
    if (options.resumeOnly) {
      this.dispatch({ type: 'reset' });
      return;
    }
    try {
      const measured = await latency;
      if (run !== this.run) return;
      const output = await client.startMatchmaking({
        ...(settings.configurationName ? { ConfigurationName: settings.configurationName } : {}),
        Players: [this.selfPlayer(client, settings, measured), ...settings.party],
      });
      if (run === this.run) this.dispatch({ type: 'ticket', ticket: output.MatchmakingTicket });
    } catch (error) {
      if (run === this.run) this.fail('request', error);
    }
  }

  /** Stops the search (`StopMatchmaking`); the `MatchmakingCancelled` event moves the state on. */
  async cancel(): Promise<void> {
    const ticketId = ticketIdOf(this.state);
    if (!isActive(this.state) || ticketId === undefined || !this.clientValue) return;
    const run = this.run;
    try {
      await this.clientValue.stopMatchmaking({ TicketId: ticketId });
    } catch (error) {
      if (run === this.run && isActive(this.state)) this.fail('request', error);
    }
  }

  /** Accepts the proposed match for this client's players. */
  async accept(): Promise<void> {
    await this.answer('ACCEPT');
  }

  /** Declines the proposed match; the ticket ends (`MatchmakingFailed` `REJECTED`). */
  async decline(): Promise<void> {
    await this.answer('REJECT');
  }

  /** After a failure (or a cancel): searches again with a new ticket. */
  async retry(): Promise<void> {
    await this.start();
  }

  /**
   * A connected client outside a search (the party views: create, join,
   * ready), the current one while its relay is up. Rejects like `connect()`.
   */
  connectClient(): Promise<PeermatchClient> {
    return this.connectedClient(this.host.lobbySettings());
  }

  /** Shows a ticket started outside `start()` (the party's, queued by its leader). */
  showTicket(ticket: MatchmakingTicket): void {
    this.dispatch({ type: 'ticket', ticket });
  }

  /** What this browser remembers of the lobby's player (its ticket, its party), if anything. */
  async remembered(): Promise<RememberedSession | undefined> {
    const settings = this.host.lobbySettings();
    if (!settings.lobby) return undefined;
    try {
      const playerId = settings.playerId || (await this.storage.get(sessionKey(settings.lobby, '#anonymous')))?.playerId;
      return playerId ? await this.storage.get(sessionKey(settings.lobby, playerId)) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Forgets the current run: closes the client (unless the match is ready) and goes back to idle. */
  reset(): void {
    this.run++;
    if (this.state.status !== 'ready') this.closeClient();
    else this.detachClient();
    this.dispatch({ type: 'reset' });
  }

  private async answer(acceptance: 'ACCEPT' | 'REJECT'): Promise<void> {
    const state = this.state;
    if (state.status !== 'proposed' || !this.clientValue) return;
    const run = this.run;
    if (acceptance === 'ACCEPT') this.dispatch({ type: 'accepting' });
    try {
      await this.clientValue.acceptMatch({ TicketId: state.ticketId, PlayerIds: this.playerIds(), AcceptanceType: acceptance });
    } catch (error) {
      if (run === this.run && isActive(this.state)) this.fail('accept', error);
    }
  }

  /** The connected client of this run: the current one while its relay is up, else a new one. */
  private async connectedClient(settings: LobbySettings): Promise<PeermatchClient> {
    const current = this.clientValue;
    if (current && (current.status === 'open' || current.status === 'reconnecting')) return current;
    this.closeClient();
    if (!settings.serverUrl) throw named('InvalidRequestException', 'server-url: the peermatch server URL is required');
    if (!settings.lobby) throw named('InvalidRequestException', 'lobby: the lobby name is required');
    const client = new PeermatchClient({
      serverUrl: settings.serverUrl,
      lobby: settings.lobby,
      ...(settings.playerId ? { playerId: settings.playerId } : {}),
      storage: this.storage,
      ...settings.clientOptions,
    });
    this.clientValue = client;
    this.unsubscribe = client.on((event) => {
      this.dispatch({ type: 'client', event });
      this.host.lobbyClientEvent(event, this.state);
    });
    await client.connect();
    this.host.lobbyClientConnected?.(client);
    return client;
  }

  private selfPlayer(client: PeermatchClient, settings: LobbySettings, measured: number | undefined): Player {
    const latencies = settings.latencies ?? (measured !== undefined ? { [settings.region]: measured } : undefined);
    return {
      PlayerId: client.playerId,
      ...(settings.playerAttributes ? { PlayerAttributes: settings.playerAttributes } : {}),
      ...(latencies ? { LatencyInMs: latencies } : {}),
    };
  }

  private playerIds(): string[] {
    const settings = this.host.lobbySettings();
    let own: string | undefined;
    try {
      own = this.clientValue?.playerId;
    } catch {
      own = settings.playerId;
    }
    return [...(own ? [own] : []), ...settings.party.map((player) => player.PlayerId)];
  }

  private fail(call: LobbyCall, error: unknown): void {
    this.dispatch({ type: 'failure', ...failureOf(call, error) });
  }

  private dispatch(input: LobbyInput): void {
    const previous = this.state;
    this.now = Date.now();
    const context = { nowMs: this.now, playerIds: this.playerIds(), ...(this.clientValue?.peerId ? { peerId: this.clientValue.peerId } : {}) };
    const next = reduceLobby(previous, input, context);
    if (next === previous) return;
    this.state = next;
    this.syncClock();
    this.syncHostWait(previous);
    this.host.lobbyStateChanged(next, previous);
    this.host.requestUpdate();
  }

  private syncClock(): void {
    if (TICKING.has(this.state.status)) {
      this.clock ??= setInterval(() => {
        this.now = Date.now();
        this.host.requestUpdate();
      }, 1000);
    } else this.stopClock();
  }

  /** Arms the bound when the host went away, disarms it when the lobby moved on. */
  private syncHostWait(previous: LobbyState): void {
    if (this.state.status !== 'waiting-for-host') {
      this.stopHostWait();
      return;
    }
    if (previous.status === 'waiting-for-host' && this.hostWait !== undefined) return;
    const waitedMs = this.host.lobbySettings().hostWaitMs ?? DEFAULT_HOST_WAIT_MS;
    this.hostWait = setTimeout(() => {
      this.hostWait = undefined;
      this.dispatch({ type: 'host-wait-over', waitedMs });
    }, waitedMs);
  }

  private stopHostWait(): void {
    if (this.hostWait !== undefined) clearTimeout(this.hostWait);
    this.hostWait = undefined;
  }

  private stopClock(): void {
    if (this.clock !== undefined) clearInterval(this.clock);
    this.clock = undefined;
  }

  private detachClient(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    this.clientValue = undefined;
  }

  private closeClient(): void {
    const client = this.clientValue;
    this.detachClient();
    client?.close();
  }
}

function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}
