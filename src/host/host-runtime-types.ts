/**
 * The types of a running lobby host (host-runtime.ts): what `runLobbyHost`
 * needs, and what it answers (`RunningLobbyHost`), for the browser and Node
 * runtimes and the host console.
 */
import type { CreateMatchmakingConfigurationInput } from '../core/matchmaker/index.ts';
import type { HostId, LobbyName } from '../net/protocol.ts';
import type { RelayLinkTiming, WebSocketFactory } from '../net/relay-link.ts';
import type { ConnectionReports } from './connection-reports.ts';
import type { EngineFactory, HostEngine } from './host-engine.ts';
import type { HostStateExport } from './host-state-transfer.ts';
import type { HostStore } from './host-store.ts';
import type { PlayerStandbysOption } from './player-standbys.ts';
import type { HostRelayStatus } from './relay-connection.ts';
import type { ReplicaState } from './replica-state.ts';
import type { StandbyStatus } from './replication.ts';

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
  /**
   * Milliseconds between matchmaking ticks (1 to 3,600,000). Part of the lobby's settings: not given, the host keeps the
   * lobby's (saved, or replicated from the previous primary), else 1000.
   */
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
  /** The lobby's tick interval this host serves with (lobby-settings.ts); `undefined` while it serves nothing (a standby). */
  readonly tickIntervalMs: number | undefined;
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
