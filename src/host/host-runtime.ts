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
import { isLobbyName, type HostId, type ServerToHostFrame } from '../net/protocol.ts';
import { MAX_TERM_PROOF_LENGTH } from '../net/host-frames.ts';
import { HOST_STATE_FORMAT, HOST_STATE_VERSION, type HostState } from './host-store.ts';
import { ConnectionReports } from './connection-reports.ts';
import { connectionActivity } from './host-activity.ts';
import type { HostStateExport } from './host-state-transfer.ts';
import { awsError, show } from '../core/matchmaker/errors.ts';
import { HostRelayConnection } from './relay-connection.ts';
import { PrimaryService, type PrimaryStart } from './primary-service.ts';
import { ReplicaSink } from './replication.ts';
import type { ReplicaState } from './replica-state.ts';
import { CurrentMatchmaker } from './current-matchmaker.ts';
import { lobbySettingsOf, playerStandbyPolicyOf } from './player-standbys.ts';
import { checkTickIntervalOption, tickIntervalOf } from './lobby-settings.ts';
import type { HostEngine } from './host-engine.ts';
import type { HostConfiguration, HostRole, LobbyHostRunOptions, RunningLobbyHost } from './host-runtime-types.ts';

export type { EngineFactory, HostEngine } from './host-engine.ts';
export type { HostConfiguration, HostRole, LobbyHostRunOptions, RunningLobbyHost } from './host-runtime-types.ts';


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
  checkTickIntervalOption(options.tickIntervalMs);
  const configuration = { ...CONFIGURATION_DEFAULTS, ...options.configuration };
  const saved = await options.store.load();

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

  const prepare = (from: PrimaryStart): Promise<PrimaryService> => {
    // The lobby's settings (lobby-settings.ts): this host's options where given, else the ones it saved or was sent.
    const settings = { ...lobbySettingsOf(options.playerStandbys, from.settings), tickIntervalMs: tickIntervalOf(options.tickIntervalMs, from.settings) };
    return PrimaryService.start(from, {
      engine: options.engine,
      ensureConfiguration: (engine) => ensureConfiguration(engine, options.ruleSetBody, configuration),
      configurationName: configuration.Name,
      tickIntervalMs: settings.tickIntervalMs,
      settings,
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
  };

  /**
   * The lobby's clock as last heard from the relay (`serverTimeMs` of
   * `registered` and `promoted`) and this host's monotonic time then. Each
   * engine is set to it once, before it serves: its ages and timeouts then
   * read the lobby's time, whatever this machine's clock says.
   */
  let lobbyClock: { serverTimeMs: number; atMs: number } | undefined;
  const clockedEngines = new WeakSet<PrimaryService>();
  const noteLobbyTime = (serverTimeMs: number | undefined): void => {
    if (serverTimeMs !== undefined) lobbyClock = { serverTimeMs, atMs: performance.now() };
  };

  /** Serves as primary: ticking, and the frames that waited, handled. */
  const activate = async (next: PrimaryService, standbys: readonly HostId[]): Promise<void> => {
    if (lobbyClock && !clockedEngines.has(next)) {
      clockedEngines.add(next);
      // Not awaited: nothing may come between the frames that waited and those that arrive next. A Worker
      // engine gets its messages in order, so the clock is set before any frame below reaches it.
      const setting = next.engine.setClock(lobbyClock.serverTimeMs + (performance.now() - lobbyClock.atMs));
      void Promise.resolve(setting).catch((error: unknown) => options.onError?.(error));
    }
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
        noteLobbyTime(frame.serverTimeMs);
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
        noteLobbyTime(frame.serverTimeMs);
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
    get tickIntervalMs() {
      return service?.tickIntervalMs;
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
