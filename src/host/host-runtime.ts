/**
 * One running lobby host, whatever it runs on, as primary or standby.
 *
 * It loads the saved state and registers the lobby with the relay, which
 * says what this host is:
 * - **primary**: it starts the Matchmaker (restored from the saved or
 *   replicated state, or new with the rule set and configuration) and serves
 *   the players (primary-service.ts): every change saved, replicated to the
 *   standbys, and only then told to anyone;
 * - **standby**: it holds a replica of the primary's state (replication.ts),
 *   saved in its own store, and serves nothing. When the relay promotes it
 *   (the primary was lost, or handed the lobby over) it starts serving from
 *   the replica: tickets keep their StartTime, proposals their deadline and
 *   acceptances, and the requests the old primary left unanswered are
 *   answered, each once.
 * A primary that learns another host serves the lobby under a newer term
 * (it was cut off, or handed over) stops serving and follows as a standby.
 * browser-host.ts and node-host.ts choose the engine (Web Worker, in-process)
 * and the store (IndexedDB, JSON file) and call `runLobbyHost`.
 */
import type { CreateMatchmakingConfigurationInput, MatchmakingConfiguration } from '../core/matchmaker/index.ts';
import { isLobbyName, type HostId, type LobbyName, type ServerToHostFrame } from '../net/protocol.ts';
import { MAX_TERM_PROOF_LENGTH } from '../net/host-frames.ts';
import { HOST_STATE_FORMAT, HOST_STATE_VERSION, type HostState, type HostStore } from './host-store.ts';
import { ConnectionReports } from './connection-reports.ts';
import { connectionActivity } from './host-activity.ts';
import type { HostStateExport } from './host-state-transfer.ts';
import { awsError, show } from '../core/matchmaker/errors.ts';
import type { RelayLinkTiming, WebSocketFactory } from '../net/relay-link.ts';
import { HostRelayConnection, type HostRelayStatus } from './relay-connection.ts';
import { PrimaryService, type PrimaryStart } from './primary-service.ts';
import { ReplicaSink, type StandbyStatus } from './replication.ts';
import type { ReplicaState } from './replica-state.ts';
import { CurrentMatchmaker } from './current-matchmaker.ts';
import { lobbySettingsOf, playerStandbyPolicyOf, type PlayerStandbysOption } from './player-standbys.ts';
import type { EngineFactory, HostEngine } from './host-engine.ts';

export type { EngineFactory, HostEngine } from './host-engine.ts';

/**
 * The matchmaking configuration a lobby runs: the AWS
 * `CreateMatchmakingConfiguration` fields but the rule set's name (the host
 * names the rule set after the configuration). Defaults: `Name` "peermatch",
 * `RequestTimeoutSeconds` 300, `AcceptanceRequired` false.
 */
export type HostConfiguration = Partial<Omit<CreateMatchmakingConfigurationInput, 'RuleSetName'>>;

/** What `runLobbyHost` needs. */
export interface LobbyHostRunOptions {
  /** The server, `http(s)://host:port`. */
  serverUrl: string;
  lobby: string;
  /** The FlexMatch rule set (JSON text, comments allowed). Used when no saved state exists. */
  ruleSetBody: string;
  configuration?: HostConfiguration;
  engine: EngineFactory;
  store: HostStore;
  /**
   * The lobby token to register with, over the saved one: a token given
   * back, the operator's recovery token, or the lobby's standby credential
   * (`standbyToken` of its primary; it lets this host be a standby only).
   */
  token?: string;
  /**
   * Join as a standby: hold a replica of the primary's state and take the
   * lobby over when the server promotes this host. Without it the host is
   * primary when the lobby has none, and a standby when a primary with a
   * newer term serves it.
   */
  standby?: boolean;
  /**
   * Let players' tabs be standby hosts (player-standbys.ts): while this host
   * is primary, `describeLobby` answers carry `standbyOffer` (the standby
   * credential), which `<peermatch-lobby>` uses when the game set its
   * `volunteerHost`. `{ max }`: only while the lobby has fewer than `max`
   * standbys. A standby holds every player's data, so it is off for a new
   * lobby; not given, the host keeps the lobby's setting (saved, or
   * replicated from the previous primary: a promoted player's tab goes on
   * offering). Throws `InvalidRequestException` for a bad value.
   */
  playerStandbys?: PlayerStandbysOption;
  /** Milliseconds between matchmaking ticks; default 1000. */
  tickIntervalMs?: number;
  /** Shortest time between two saves (ms); default 200. */
  saveIntervalMs?: number;
  /** How long a save waits for a standby's acknowledgement before serving on without it (ms); default 5000. */
  ackTimeoutMs?: number;
  /** Opens the relay socket (Node passes `ws`); default the platform's `WebSocket`. */
  createSocket?: WebSocketFactory;
  /** Relay reconnect, register timeout and keepalive timings (ms). */
  relay?: RelayLinkTiming;
  /** Connection status changes. */
  onStatus?(status: HostRelayStatus): void;
  /** The host became primary or standby (or closed). */
  onRole?(role: HostRole): void;
  /** Failures that answer no request (a save, a background backfill step, a worker fault). */
  onError?(error: unknown): void;
  /** What the host does, one line each (host-activity.ts): tickets in, matches formed, players gone. */
  onActivity?(line: string): void;
}

/** What a host is for its lobby right now. */
export type HostRole = 'connecting' | 'primary' | 'standby' | 'closed';

/** A running lobby host. */
export interface RunningLobbyHost {
  lobby: LobbyName;
  configurationName: string;
  /** Whether the state was restored from the store (false on a first start). */
  restored: boolean;
  /** The lobby token once registered (also persisted); a standby's is the credential it registered with. */
  readonly token: string | undefined;
  /** The lobby's standby credential, once this host registered with the lobby token: give it to standby hosts. */
  readonly standbyToken: string | undefined;
  /** Primary or standby (`connecting` until the first registration). */
  readonly role: HostRole;
  /** The term this host serves under as primary, or follows as standby. */
  readonly term: number | undefined;
  /** This host's id among the lobby's hosts (the relay's), once registered. */
  readonly hostId: HostId | undefined;
  /**
   * The engine's Matchmaker, for a host console: `listTickets`,
   * `describeGameSessions`, `explainMatchmaking`, `on(...)` and the rest.
   * Answers may be values or Promises (in-process or Worker); await them.
   * It is the current primary engine's: listeners stay subscribed across a
   * promotion, and calls reject with `NotPrimary` while this host is a standby.
   */
  matchmaker: HostEngine['matchmaker'];
  /**
   * What the players reported of their WebRTC connections per completed
   * match (connection-reports.ts): how each connected and its round-trip
   * time, or the step that failed. Kept in memory only, bounded.
   */
  connectionReports: Pick<ConnectionReports, 'reportsOf' | 'on'>;
  /** A primary's standbys and how far behind each is (empty for a standby). */
  standbys(): StandbyStatus[];
  /** A standby: the `seq` of the primary's stream it holds (0 before the first snapshot). */
  readonly replicaSeq: number;
  /** A standby: the copy of the lobby it holds now (Matchmaker snapshot, ledger, answers); `undefined` before the first snapshot. */
  replicaState(): ReplicaState | undefined;
  /**
   * Hands the lobby to the standby `hostId` on purpose: saves, waits until
   * that standby holds every change, then asks the relay to promote it. This
   * host continues as a standby. Rejects when this host is not primary or
   * `hostId` is not one of its standbys.
   */
  handOver(hostId: HostId): Promise<void>;
  /** True between `pause()` and `resume()`. */
  readonly paused: boolean;
  /**
   * Stops matchmaking ticks: tickets are still accepted (they stay QUEUED),
   * requests and acceptances are still answered, but no match forms and no
   * ticket times out until `resume()`. Not persisted: a restart (a tab
   * reload) starts ticking again. Resolves once the timer is stopped.
   */
  pause(): Promise<void>;
  /** Starts ticking again at the host's interval; resolves once the timer runs. */
  resume(): Promise<void>;
  /**
   * Saves, then answers the state exactly as the store keeps it (format
   * `peermatch.host`: snapshot, ledger, lobby token), as plain JSON for a
   * file. `parseHostState` and `importHostState` (host-state-transfer.ts)
   * read it back. It holds the lobby token: keep the file private.
   */
  exportState(): Promise<HostStateExport>;
  /** Resolves on the first registration (as primary or standby); rejects when the server refuses the lobby. */
  registered: Promise<string>;
  /** Saves now and resolves once every held reply has gone out (a standby: once its replica is saved). */
  flush(): Promise<void>;
  /** Saves, then closes the relay and the engine. Idempotent. */
  close(): Promise<void>;
}

/** Default configuration fields. */
const CONFIGURATION_DEFAULTS = { Name: 'peermatch', RequestTimeoutSeconds: 300, AcceptanceRequired: false } as const;

/**
 * Starts a lobby host. Rejects with `InvalidRequestException` for a bad
 * lobby name, or saved state that is not this lobby's. A rule set or
 * configuration the Matchmaker refuses rejects `registered` (the engine
 * starts once the host knows it is primary) and is reported to `onError`.
 */
export async function runLobbyHost(options: LobbyHostRunOptions): Promise<RunningLobbyHost> {
  if (!isLobbyName(options.lobby)) {
    throw awsError('InvalidRequestException', `lobby: expected 1-64 characters of [A-Za-z0-9._-] starting with a letter or digit, got ${show(options.lobby)}`);
  }
  const lobby = options.lobby;
  // A bad option is refused before anything starts.
  playerStandbyPolicyOf(options.playerStandbys);
  const configuration = { ...CONFIGURATION_DEFAULTS, ...options.configuration };
  const saved = await options.store.load();
  const tickIntervalMs = options.tickIntervalMs ?? 1000;

  let token = options.token ?? saved?.token;
  let standbyToken: string | undefined;
  /** The last term this host served under as primary (persisted: the relay fences an older one). */
  let servedTerm = saved?.term;
  /** The relay's proof that this host was primary under `servedTerm` (persisted with it; a damaged one is dropped, the relay would refuse it). */
  let termProof = typeof saved?.termProof === 'string' && saved.termProof.length <= MAX_TERM_PROOF_LENGTH ? saved.termProof : undefined;
  let term: number | undefined;
  let hostId: HostId | undefined;
  let role: HostRole = 'connecting';
  /** The state to start serving from: the saved one, then the primary's saves; `undefined` once a standby's replica is newer (`newest()`). */
  let latest: ReplicaState | undefined = saved
    ? { snapshot: saved.snapshot, ledger: saved.ledger, answers: saved.answers ?? [], ...(saved.settings ? { settings: saved.settings } : {}) }
    : undefined;
  let service: PrimaryService | undefined;
  /** Becoming primary takes a moment (the engine starts): frames for the primary wait here. */
  let starting: Promise<void> | undefined;
  let pendingFrames: ServerToHostFrame[] = [];
  /** Set when the server gave the lobby to another host for good: nothing more is saved. */
  let halted = false;
  let closing: Promise<void> | undefined;
  let paused = false;
  const reports = new ConnectionReports();
  const current = new CurrentMatchmaker();

  const hostState = (state: ReplicaState): HostState => ({
    format: HOST_STATE_FORMAT,
    version: HOST_STATE_VERSION,
    lobby,
    ...(token !== undefined ? { token } : {}),
    ...(servedTerm !== undefined ? { term: servedTerm } : {}),
    ...(servedTerm !== undefined && termProof !== undefined ? { termProof } : {}),
    savedAtMs: Date.now(),
    snapshot: state.snapshot,
    ledger: state.ledger,
    answers: state.answers,
    ...(state.settings && Object.keys(state.settings).length > 0 ? { settings: state.settings } : {}),
  });
  const save = async (state: ReplicaState): Promise<void> => {
    latest = state;
    if (!halted) await options.store.save(hostState(state));
  };

  let settle: { resolve(token: string): void; reject(error: Error): void } | undefined;
  const registered = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  registered.catch(() => undefined);

  const setRole = (next: HostRole): void => {
    if (role === next) return;
    role = next;
    options.onRole?.(next);
  };

  const sink = new ReplicaSink({
    // A write still due when this host was promoted would put the older replica over the primary's saves.
    save: (state) => (role === 'standby' ? save(state) : Promise.resolve()),
    // Built from the sink only when needed (a promotion, an export): building it per change would cost the lobby's size.
    onHeld: () => (latest = undefined),
    ack: (ackTerm, seq) => void relay.ack(ackTerm, seq),
    resync: (reason) => void relay.resync(reason),
    ...(options.onError ? { onError: options.onError } : {}),
  });

  /** The state to serve from now: the last one saved or started from, or the replica held since. */
  const newest = (): ReplicaState | undefined => latest ?? sink.held?.state;

  const prepare = (from: PrimaryStart): Promise<PrimaryService> =>
    PrimaryService.start(from, {
      engine: options.engine,
      ensureConfiguration: (engine) => ensureConfiguration(engine, options.ruleSetBody, configuration),
      configurationName: configuration.Name,
      tickIntervalMs,
      settings: lobbySettingsOf(options.playerStandbys, from.settings),
      standbyToken: () => standbyToken,
      ...(options.saveIntervalMs !== undefined ? { saveIntervalMs: options.saveIntervalMs } : {}),
      ...(options.ackTimeoutMs !== undefined ? { ackTimeoutMs: options.ackTimeoutMs } : {}),
      save,
      sendToClient: (clientId, message) => relay.sendToClient(clientId, message),
      sendToStandby: (message, to) => void relay.sendToStandby(message, to),
      reports,
      ...(options.onError ? { onError: options.onError } : {}),
      ...(options.onActivity ? { onActivity: options.onActivity } : {}),
    });

  /** Serves as primary: ticking, and the frames that waited, handled. */
  const activate = async (next: PrimaryService, standbys: readonly HostId[]): Promise<void> => {
    // The frames that waited first, in order, before any that arrive from now on.
    const frames = pendingFrames;
    pendingFrames = [];
    for (const frame of frames) next.handleFrame(frame);
    next.addStandbys(standbys);
    await next.setTicking(!paused);
  };

  /** A standby promoted: the engine starts from the replica, then serves. */
  const startServing = (from: PrimaryStart, standbys: readonly HostId[]): Promise<void> =>
    (starting = (async () => {
      try {
        const next = await prepare(from);
        if (closing || role !== 'primary') {
          await next.stop(false);
          return;
        }
        service = next;
        current.use(next.engine.matchmaker);
        await activate(next, standbys);
      } catch (error) {
        options.onError?.(error);
      } finally {
        starting = undefined;
      }
    })());

  /** Stops serving (the lobby is another host's now, or the host closes). */
  const stopServing = async (keep: boolean): Promise<void> => {
    await starting;
    const stopping = service;
    service = undefined;
    current.use(undefined);
    pendingFrames = [];
    await stopping?.stop(keep);
  };

  const becomePrimary = (newTerm: number, proof: string | undefined, clients: ServerToHostFrame[], standbys: readonly HostId[], resend: boolean): void => {
    term = newTerm;
    servedTerm = newTerm;
    termProof = proof;
    setRole('primary');
    pendingFrames.push(...clients);
    if (service) {
      // The engine prepared at start, or still serving after a reconnect (no other host took over).
      void activate(service, standbys).catch((error: unknown) => options.onError?.(error));
      service.changed();
      return;
    }
    const held = newest();
    const from: PrimaryStart = held ? { ...held, ...(resend ? { resend: sink.unconfirmedMessages() } : {}) } : {};
    if (!starting) void startServing(from, standbys);
  };

  const becomeStandby = (newTerm: number): void => {
    term = newTerm;
    setRole('standby');
    sink.primaryChanged();
    void stopServing(false).then(() => {
      // The engine a promotion will need, its thread started now (unless the host closed meanwhile).
      if (!closing && role === 'standby') options.engine.prewarm?.();
    });
  };

  const onFrame = (frame: ServerToHostFrame): void => {
    switch (frame.type) {
      case 'registered':
        hostId = frame.hostId;
        if (frame.standbyToken !== undefined) standbyToken = frame.standbyToken;
        if (frame.role === 'primary') {
          becomePrimary(frame.term, frame.termProof, [frame], frame.standbys, false);
        } else {
          becomeStandby(frame.term);
        }
        settle?.resolve(frame.token);
        return;
      case 'promoted':
        becomePrimary(frame.term, frame.termProof, [{ type: 'registered', lobby, token: token ?? '', created: false, clients: frame.clients, role: 'primary', term: frame.term, hostId: hostId!, standbys: frame.standbys, primary: null }], frame.standbys, true);
        options.onActivity?.(`promoted to primary under term ${frame.term} after a pause of ${frame.pausedMs} ms`);
        return;
      case 'demoted':
        options.onActivity?.(`handed the lobby over; standby under term ${frame.term}`);
        becomeStandby(frame.term);
        return;
      case 'primary-changed':
        term = frame.term;
        sink.primaryChanged();
        return;
      case 'from-primary':
        if (role === 'standby') sink.onMessage(frame.term, frame.message);
        return;
      default:
        if (role !== 'primary') return;
        if (service) service.handleFrame(frame);
        else pendingFrames.push(frame);
    }
  };

  const relay: HostRelayConnection = new HostRelayConnection({
    serverUrl: options.serverUrl,
    lobby,
    ...(token !== undefined ? { token } : {}),
    ...(options.standby ? { standby: true } : {}),
    term: () => servedTerm,
    termProof: () => termProof,
    ...options.relay,
    ...(options.createSocket ? { createSocket: options.createSocket } : {}),
    onFrame,
    onStatus: (status) => {
      if (status.status !== 'open') service?.disconnected();
      const registration = status.registered;
      if (registration) {
        if (registration.token !== token) {
          token = registration.token;
          service?.changed();
        }
      } else if (status.refusal) {
        const { code, message } = status.refusal;
        settle?.reject(Object.assign(new Error(`lobby "${lobby}": ${code}: ${message}`), { name: code }));
        // Another host owns the lobby now (a lost token): stop without saving over its state.
        halted = true;
        setRole('closed');
        void stopServing(false);
      }
      options.onStatus?.(status);
    },
  });
  if (!options.standby) {
    // Ready before the relay answers (a console reads the setup at once), ticking only once primary.
    // A rule set or configuration the Matchmaker refuses rejects here.
    service = await prepare(newest() ?? {});
    current.use(service.engine.matchmaker);
  }
  const stopReportActivity = options.onActivity ? reports.on((report) => options.onActivity!(connectionActivity(report))) : undefined;
  relay.start();

  return {
    lobby,
    configurationName: configuration.Name,
    restored: saved !== undefined,
    get token() {
      return token;
    },
    get standbyToken() {
      return standbyToken;
    },
    get role() {
      return role;
    },
    get term() {
      return term;
    },
    get hostId() {
      return hostId;
    },
    replicaState: () => sink.held?.state,
    get replicaSeq() {
      return sink.heldSeq;
    },
    matchmaker: current.matchmaker,
    connectionReports: reports,
    standbys: () => service?.standbys() ?? [],
    handOver: async (target: HostId) => {
      if (!service) throw awsError('InvalidRequestException', `handOver: this host is not the primary of lobby "${lobby}"`);
      const standby = service.standbys().find((s) => s.hostId === target);
      if (!standby) throw awsError('InvalidRequestException', `handOver: ${show(target)} is not a standby of lobby "${lobby}"`);
      await service.flush();
      await service.replication.caughtUp(target);
      relay.handOver(target);
    },
    get paused() {
      return paused;
    },
    pause: async () => {
      paused = true;
      if (role === 'primary') await service?.setTicking(false);
    },
    resume: async () => {
      paused = false;
      if (role === 'primary') await service?.setTicking(true);
    },
    exportState: async () => {
      await service?.flush();
      await sink.settled();
      const state = newest();
      if (state === undefined) throw awsError('InvalidRequestException', `exportState: lobby "${lobby}" has no state yet`);
      return JSON.parse(JSON.stringify(hostState(state))) as HostStateExport;
    },
    registered,
    flush: async () => {
      await service?.flush();
      await sink.settled();
    },
    close: () =>
      (closing ??= (async () => {
        stopReportActivity?.();
        await stopServing(!halted);
        await options.engine.discardPrewarmed?.();
        await sink.settled();
        relay.close();
        setRole('closed');
        settle?.reject(new Error(`lobby "${lobby}": the host was closed`));
      })()),
  };
}

/** Creates the rule set and configuration unless a restored snapshot has the configuration already. */
async function ensureConfiguration(
  engine: HostEngine,
  ruleSetBody: string,
  configuration: HostConfiguration & { Name: string; RequestTimeoutSeconds: number; AcceptanceRequired: boolean },
): Promise<MatchmakingConfiguration | undefined> {
  const existing = await engine.matchmaker.describeMatchmakingConfigurations({ Names: [configuration.Name] });
  // A restored lobby keeps the configuration its tickets were made under.
  if (existing.Configurations.length > 0) return existing.Configurations[0];
  const ruleSetName = `${configuration.Name}-rules`;
  await engine.matchmaker.createMatchmakingRuleSet({ Name: ruleSetName, RuleSetBody: ruleSetBody });
  await engine.matchmaker.createMatchmakingConfiguration({ ...configuration, RuleSetName: ruleSetName } as CreateMatchmakingConfigurationInput);
  return undefined;
}
