/**
 * One running lobby host, whatever it runs on: load the saved state, start
 * the Matchmaker (restored from the snapshot, or with the rule set and
 * configuration), serve the relay through a `LobbyHost`, and persist after
 * every change (batched, with replies held until saved: persisted-outbox.ts),
 * and deliver to clients that may be away (client-mailbox.ts).
 * browser-host.ts and node-host.ts choose the engine (Web Worker, in-process)
 * and the store (IndexedDB, JSON file) and call `runLobbyHost`.
 */
import type {
  CreateMatchmakingConfigurationInput,
  MatchmakerSnapshot,
  MatchmakingConfiguration,
} from '../core/matchmaker/index.ts';
import type * as Sdk from '../core/matchmaker/types.ts';
import { isLobbyName, type ClientId, type HostToClientMessage, type LobbyName } from '../net/protocol.ts';
import { HOST_STATE_FORMAT, HOST_STATE_VERSION, type HostState, type HostStore } from './host-store.ts';
import { ClientMailbox } from './client-mailbox.ts';
import { ConnectionReports } from './connection-reports.ts';
import { LobbyHost } from './lobby-host.ts';
import { LobbySummary } from './lobby-summary.ts';
import { clientLeftActivity, connectionActivity, eventActivity, playerLeftActivity } from './host-activity.ts';
import type { HostStateExport } from './host-state-transfer.ts';
import { awsError, show } from '../core/matchmaker/errors.ts';
import type { ConsoleMatchmaker } from './matchmaker-like.ts';
import { PersistedOutbox } from './persisted-outbox.ts';
import type { RelayLinkTiming, WebSocketFactory } from '../net/relay-link.ts';
import { HostRelayConnection, type HostRelayStatus } from './relay-connection.ts';

/** A Matchmaker a host can drive: the service calls, plus setup, snapshot, timer and shutdown. */
export interface HostEngine {
  matchmaker: ConsoleMatchmaker & {
    createMatchmakingRuleSet(input: Sdk.CreateMatchmakingRuleSetInput): unknown;
    createMatchmakingConfiguration(input: Sdk.CreateMatchmakingConfigurationInput): unknown;
    describeMatchmakingConfigurations(
      input?: Sdk.DescribeMatchmakingConfigurationsInput,
    ): Sdk.DescribeMatchmakingConfigurationsOutput | Promise<Sdk.DescribeMatchmakingConfigurationsOutput>;
    describeMatchmakingRuleSets(
      input?: Sdk.DescribeMatchmakingRuleSetsInput,
    ): Sdk.DescribeMatchmakingRuleSetsOutput | Promise<Sdk.DescribeMatchmakingRuleSetsOutput>;
  };
  snapshot(): MatchmakerSnapshot | Promise<MatchmakerSnapshot>;
  /** Starts `tick()` every `intervalMs`; the engine does not tick before. */
  startTicking(intervalMs: number): void | Promise<void>;
  /** Stops the timer; the engine still answers every call (nothing moves until `startTicking` again). */
  stopTicking(): void | Promise<void>;
  close(): void | Promise<void>;
}

/** Makes an engine, restored from `snapshot` when there is one, not ticking yet. */
export type EngineFactory = (snapshot: MatchmakerSnapshot | undefined) => Promise<HostEngine>;

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
  /** The lobby token to register with, over the saved one: a token given back, or the operator's recovery token. */
  token?: string;
  /** Milliseconds between matchmaking ticks; default 1000. */
  tickIntervalMs?: number;
  /** Shortest time between two saves (ms); default 200. */
  saveIntervalMs?: number;
  /** Opens the relay socket (Node passes `ws`); default the platform's `WebSocket`. */
  createSocket?: WebSocketFactory;
  /** Relay reconnect, register timeout and keepalive timings (ms). */
  relay?: RelayLinkTiming;
  /** Connection status changes. */
  onStatus?(status: HostRelayStatus): void;
  /** Failures that answer no request (a save, a background backfill step, a worker fault). */
  onError?(error: unknown): void;
  /** What the host does, one line each (host-activity.ts): tickets in, matches formed, players gone. */
  onActivity?(line: string): void;
}

/** A running lobby host. */
export interface RunningLobbyHost {
  lobby: LobbyName;
  configurationName: string;
  /** Whether the state was restored from the store (false on a first start). */
  restored: boolean;
  /** The lobby token once registered (also persisted). */
  readonly token: string | undefined;
  /**
   * The engine's Matchmaker, for a host console: `listTickets`,
   * `describeGameSessions`, `explainMatchmaking`, `on(...)` and the rest.
   * Answers may be values or Promises (in-process or Worker); await them.
   */
  matchmaker: HostEngine['matchmaker'];
  /**
   * What the players reported of their WebRTC connections per completed
   * match (connection-reports.ts): how each connected and its round-trip
   * time, or the step that failed. Kept in memory only, bounded.
   */
  connectionReports: Pick<ConnectionReports, 'reportsOf' | 'on'>;
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
  /** Resolves on the first registration; rejects when the server refuses the lobby. */
  registered: Promise<string>;
  /** Saves now and resolves once every held reply has gone out. */
  flush(): Promise<void>;
  /** Saves, then closes the relay and the engine. Idempotent. */
  close(): Promise<void>;
}

/** Default configuration fields. */
const CONFIGURATION_DEFAULTS = { Name: 'peermatch', RequestTimeoutSeconds: 300, AcceptanceRequired: false } as const;

/**
 * Starts a lobby host. Rejects with `InvalidRequestException` for a bad
 * lobby name, a rule set or configuration the Matchmaker refuses, or saved
 * state that is not this lobby's.
 */
export async function runLobbyHost(options: LobbyHostRunOptions): Promise<RunningLobbyHost> {
  if (!isLobbyName(options.lobby)) {
    throw awsError('InvalidRequestException', `lobby: expected 1-64 characters of [A-Za-z0-9._-] starting with a letter or digit, got ${show(options.lobby)}`);
  }
  const lobby = options.lobby;
  const configuration = { ...CONFIGURATION_DEFAULTS, ...options.configuration };
  const saved = await options.store.load();
  const engine = await options.engine(saved?.snapshot);
  try {
    await ensureConfiguration(engine, options.ruleSetBody, configuration);
  } catch (error) {
    await engine.close();
    throw error;
  }

  let token = options.token ?? saved?.token;
  /** Set when the server gave the lobby to another host: nothing more is saved. */
  let halted = false;
  let relay: HostRelayConnection | undefined;
  let lobbyHost: LobbyHost | undefined;
  const mailbox = new ClientMailbox({ send: (clientId, message) => relay?.sendToClient(clientId, message) ?? false });
  const currentState = async (): Promise<HostState> => {
    const snapshot = await engine.snapshot();
    // Read after the snapshot: every ticket in it was recorded before its answer came back.
    return {
      format: HOST_STATE_FORMAT,
      version: HOST_STATE_VERSION,
      lobby,
      ...(token !== undefined ? { token } : {}),
      savedAtMs: Date.now(),
      snapshot,
      ledger: lobbyHost!.ledgerState(),
    };
  };
  const outbox = new PersistedOutbox<{ clientId: ClientId; message: HostToClientMessage }>({
    intervalMs: options.saveIntervalMs,
    onError: options.onError,
    deliver: ({ clientId, message }) => mailbox.deliver(clientId, message),
    save: async () => options.store.save(await currentState()),
  });
  const summary = new LobbySummary(engine.matchmaker, configuration.Name);
  const reports = new ConnectionReports();
  lobbyHost = new LobbyHost({
    matchmaker: engine.matchmaker,
    configurationName: configuration.Name,
    ...(saved ? { ledger: saved.ledger } : {}),
    send: (clientId, message) => outbox.send({ clientId, message }),
    changed: () => outbox.changed(),
    describeLobby: () => summary.describe(),
    reportConnections: (clientId, input, ownerOf) => void reports.accept(clientId, input, ownerOf),
    ...(options.onActivity ? { onPlayerLeft: (arn: string, playerId: string) => options.onActivity!(playerLeftActivity(arn, playerId)) } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });

  let settle: { resolve(token: string): void; reject(error: Error): void } | undefined;
  const registered = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  registered.catch(() => undefined);
  relay = new HostRelayConnection({
    serverUrl: options.serverUrl,
    lobby,
    ...(token !== undefined ? { token } : {}),
    ...options.relay,
    ...(options.createSocket ? { createSocket: options.createSocket } : {}),
    onFrame: (frame) => {
      mailbox.onFrame(frame);
      lobbyHost!.handleFrame(frame);
      if (frame.type === 'client-left') options.onActivity?.(clientLeftActivity(frame.clientId, lobbyHost!.ledgerState()));
    },
    onStatus: (status) => {
      if (status.status !== 'open') mailbox.disconnected();
      const registered = status.registered;
      if (registered) {
        if (registered.token !== token) {
          token = registered.token;
          outbox.changed();
        }
        settle?.resolve(registered.token);
      } else if (status.refusal) {
        const { code, message } = status.refusal;
        settle?.reject(Object.assign(new Error(`lobby "${lobby}": ${code}: ${message}`), { name: code }));
        // Another host owns the lobby now (a second tab, or a lost token): stop without saving over its state.
        halted = true;
        outbox.close();
        lobbyHost!.close();
        void engine.close();
      }
      options.onStatus?.(status);
    },
  });
  // After the LobbyHost's own listener: a match is known here before any player hears of it.
  const stopReports = engine.matchmaker.on((event) => reports.noteEvent(event));
  const stopActivity = options.onActivity
    ? engine.matchmaker.on((event) => {
        for (const line of eventActivity(event)) options.onActivity!(line);
      })
    : undefined;
  const stopReportActivity = options.onActivity ? reports.on((report) => options.onActivity!(connectionActivity(report))) : undefined;
  // The first save makes a restart resume from here even if nothing changes.
  outbox.changed();
  const tickIntervalMs = options.tickIntervalMs ?? 1000;
  await engine.startTicking(tickIntervalMs);
  relay.start();

  let closing: Promise<void> | undefined;
  let paused = false;
  /** Pause and resume run one at a time, in call order, so the last call wins. */
  let control: Promise<void> = Promise.resolve();
  const setPaused = (value: boolean): Promise<void> =>
    (control = control
      .catch(() => undefined)
      .then(async () => {
        if (closing || halted || paused === value) return;
        if (value) await engine.stopTicking();
        else await engine.startTicking(tickIntervalMs);
        paused = value;
      }));
  return {
    lobby,
    configurationName: configuration.Name,
    restored: saved !== undefined,
    get token() {
      return token;
    },
    matchmaker: engine.matchmaker,
    connectionReports: reports,
    get paused() {
      return paused;
    },
    pause: () => setPaused(true),
    resume: () => setPaused(false),
    exportState: async () => {
      await outbox.flush();
      return JSON.parse(JSON.stringify(await currentState())) as HostStateExport;
    },
    registered,
    flush: () => outbox.flush(),
    close: () =>
      (closing ??= (async () => {
        stopActivity?.();
        stopReportActivity?.();
        stopReports();
        lobbyHost!.close();
        await lobbyHost!.idle();
        if (!halted) await outbox.flush();
        outbox.close();
        relay!.close();
        settle?.reject(new Error(`lobby "${lobby}": the host was closed`));
        await engine.close();
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
