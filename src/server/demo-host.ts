/**
 * The demo lobby `peermatch serve` hosts itself, so that two browser windows
 * on the front door make a match with nothing else running: a headless lobby
 * host (in-process Matchmaker, state in memory) on the server's own relay,
 * with the duel rule set (examples/rulesets/12-duel.jsonc) and no acceptance
 * step. When the lobby is already held (a previous run, a host console), the
 * server takes it back with the lobby's recovery token: it is the server's
 * own demo lobby. The host console stays the way to run any other lobby.
 */
import { readFile } from 'node:fs/promises';
import { startNodeHost } from '../host/node-host.ts';
import type { RunningLobbyHost } from '../host/host-runtime.ts';
import type { Logger } from './logger.ts';
import type { RunningServer } from './main.ts';

/** What `startDemoHost` needs. */
export interface DemoHostOptions {
  server: Pick<RunningServer, 'url' | 'lobbyRecoveryToken'>;
  lobby: string;
  ruleSetFile: string;
  logger: Logger;
  /** Milliseconds between matchmaking cycles; default 1000. */
  tickIntervalMs?: number;
}

/**
 * Starts the demo host and resolves once the server has registered its
 * lobby. Rejects naming the file when the rule set cannot be read, with
 * `InvalidRequestException` when it is not a valid rule set, and with the
 * server's refusal otherwise.
 */
export async function startDemoHost(options: DemoHostOptions): Promise<RunningLobbyHost> {
  let ruleSetBody: string;
  try {
    ruleSetBody = await readFile(options.ruleSetFile, 'utf8');
  } catch (error) {
    throw new Error(`--demo-ruleset ${options.ruleSetFile}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const token = options.server.lobbyRecoveryToken(options.lobby);
  const host = await startNodeHost({
    serverUrl: options.server.url,
    lobby: options.lobby,
    ruleSetBody,
    configuration: { Name: options.lobby, RequestTimeoutSeconds: 300, AcceptanceRequired: false },
    ...(token !== undefined ? { token } : {}),
    ...(options.tickIntervalMs !== undefined ? { tickIntervalMs: options.tickIntervalMs } : {}),
    onStatus: (status) => options.logger.info('demo host: relay', { lobby: options.lobby, state: status.status }),
    onError: (error) => options.logger.warn('demo host: error', { lobby: options.lobby, error: (error as Error).message ?? String(error) }),
  });
  try {
    await host.registered;
  } catch (error) {
    await host.close();
    throw error;
  }
  return host;
}
