/**
 * `peermatch/node`: the Node side of hosting. The Matchmaker in a
 * `worker_threads` thread (`startNodeMatchmaker`), and a headless lobby host
 * (`startNodeHost`, what `peermatch host` runs).
 *
 * `startNodeHost` talks to the relay with the `ws` package, an optional peer
 * dependency: `npm install ws` before calling it (it is loaded on first call).
 */
import { loadWithPackages } from './cli/optional-packages.ts';
import type { RunningLobbyHost } from './host/host-runtime.ts';
import type { NodeHostOptions } from './host/node-host.ts';

export { nodeWorkerLink, spawnMatchmakerThread, startNodeMatchmaker, type NodeMatchmakerOptions } from './node/node-worker.ts';
export type { RemoteMatchmaker } from './worker/rpc-client.ts';
export type { NodeHostOptions } from './host/node-host.ts';
export type { HostConfiguration, RunningLobbyHost } from './host/host-runtime.ts';
export type { HostStore, HostState } from './host/host-store.ts';
export type { PlayerStandbysOption } from './host/player-standbys.ts';
export type { HostRelayStatus } from './host/relay-connection.ts';
export type { RelayRefusal, RelayStatus, RelayStatusChange } from './net/relay-link.ts';

/**
 * Starts (or resumes from `stateFile`) the headless host of a lobby; see
 * `NodeHostOptions`. Rejects with a message naming the missing package when
 * `ws` is not installed.
 */
export async function startNodeHost(options: NodeHostOptions): Promise<RunningLobbyHost> {
  const { startNodeHost: start } = await loadWithPackages('startNodeHost (peermatch/node)', ['ws'], () => import('./host/node-host.ts'));
  return start(options);
}
