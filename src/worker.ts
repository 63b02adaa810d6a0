/**
 * `peermatch/worker`: the browser side of hosting. The Matchmaker in a module
 * Web Worker (`createMatchmakerWorker`), and a whole lobby host in a tab
 * (`startBrowserHost`: that Worker, IndexedDB state, the relay connection).
 *
 * ```ts
 * import { startBrowserHost } from 'peermatch/worker';
 * const host = await startBrowserHost({ serverUrl: 'https://mm.example', lobby: 'main', ruleSetBody });
 * await host.registered;
 * ```
 *
 * A player's tab as a standby host of a lobby that offers it (`playerStandbys`),
 * kept in memory (several players may share one browser profile):
 *
 * ```ts
 * lobby.volunteerHost = (offer) => startBrowserHost({ ...offer, ruleSetBody: '', store: memoryHostStore() });
 * ```
 */
export { browserWorkerLink, createMatchmakerWorker, type MatchmakerWorkerOptions } from './worker/create-worker.ts';
export type { RemoteMatchmaker } from './worker/rpc-client.ts';
export { startBrowserHost, type BrowserHostOptions } from './host/browser-host.ts';
export type { HostConfiguration, RunningLobbyHost } from './host/host-runtime.ts';
export { memoryHostStore, type HostStore, type HostState } from './host/host-store.ts';
export type { PlayerStandbysOption } from './host/player-standbys.ts';
