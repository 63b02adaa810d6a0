/**
 * A lobby host in a browser tab: the Matchmaker in a Web Worker, the state in
 * IndexedDB (idb-keyval), the relay over the page's `WebSocket`. Reloading
 * the tab and calling `startBrowserHost` again with the same lobby restores
 * the Matchmaker from its snapshot (tickets keep their StartTime, pending
 * acceptances their deadline) and re-registers the lobby with its token.
 */
import { createMatchmakerWorker } from '../worker/create-worker.ts';
import { remoteEngine } from './engines.ts';
import { runLobbyHost, type HostConfiguration, type LobbyHostRunOptions, type RunningLobbyHost } from './host-runtime.ts';
import { idbHostStore, STANDBY_HOST_DATABASE } from './host-store-idb.ts';
import type { HostStore } from './host-store.ts';
import type { PlayerStandbysOption } from './player-standbys.ts';

/** How a host tab starts. */
/** The options shared with every lobby host (`LobbyHostRunOptions`, documented there) and the tab's own. */
export interface BrowserHostOptions extends Pick<LobbyHostRunOptions, 'tickIntervalMs' | 'onStatus' | 'onRole' | 'onError'> {
  /** The peermatch server, `http(s)://host:port`. */
  serverUrl: string;
  lobby: string;
  /** The FlexMatch rule set (JSON text); used on the first start, a restored lobby keeps its own. */
  ruleSetBody: string;
  configuration?: HostConfiguration;
  /** The lobby token to register with, over the saved one (the lobby's token, or the operator's recovery token). */
  token?: string;
  /**
   * Join as a standby: hold a replica of the primary's state and take the
   * lobby over when the server promotes this tab. `token` is then the
   * lobby's token or its standby credential (the primary's `standbyToken`).
   */
  standby?: boolean;
  /**
   * Let players' tabs be standby hosts (`runLobbyHost`'s `playerStandbys`,
   * src/host/player-standbys.ts): `describeLobby` answers offer the standby
   * credential, and `<peermatch-lobby>` volunteers with it when the game set
   * its `volunteerHost`. Off for a new lobby: a standby holds every player's data.
   */
  playerStandbys?: PlayerStandbysOption;
  /** Where the state lives; default IndexedDB database `peermatch-host` (a standby: `peermatch-host-standby`), one key per lobby. */
  store?: HostStore;
}

/**
 * Starts (or, after a reload, resumes) the host of `lobby` in this tab.
 * Resolves once the Matchmaker is running and the relay connection is
 * opening; `registered` on the result settles with the server's answer.
 * Rejects with `InvalidRequestException` for a rule set or configuration the
 * Matchmaker refuses.
 */
export function startBrowserHost(options: BrowserHostOptions): Promise<RunningLobbyHost> {
  return runLobbyHost({
    serverUrl: options.serverUrl,
    lobby: options.lobby,
    ruleSetBody: options.ruleSetBody,
    ...(options.configuration ? { configuration: options.configuration } : {}),
    ...(options.tickIntervalMs !== undefined ? { tickIntervalMs: options.tickIntervalMs } : {}),
    ...(options.token ? { token: options.token } : {}),
    ...(options.standby ? { standby: true } : {}),
    ...(options.playerStandbys !== undefined ? { playerStandbys: options.playerStandbys } : {}),
    engine: remoteEngine(
      () => createMatchmakerWorker({ tickIntervalMs: null, name: `peermatch-host-${options.lobby}` }),
      (error) => options.onError?.(error),
    ),
    // A standby keeps its replica apart, so a primary and a standby tab of one browser never share a state.
    store: options.store ?? idbHostStore(options.lobby, options.standby ? STANDBY_HOST_DATABASE : undefined),
    ...(options.onStatus ? { onStatus: options.onStatus } : {}),
    ...(options.onRole ? { onRole: options.onRole } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
}
