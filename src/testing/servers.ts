/**
 * The real peermatch server and a headless Node lobby host for browser
 * tests, on free loopback ports: what a game's Playwright test needs on the
 * Node side before it opens player pages.
 *
 * ```ts
 * const mm = await startPeermatch({ lobby: 'duel', ruleSetBody: myRules, configuration: { AcceptanceRequired: true, AcceptanceTimeoutSeconds: 10 } });
 * // pages use mm.url as the lobby's server-url, mm.lobby as its lobby
 * await mm.close();
 * ```
 */
import { readFileSync } from 'node:fs';
import type { RunningLobbyHost } from '../host/host-runtime.ts';
import { startNodeHost, type NodeHostOptions } from '../host/node-host.ts';
import { startServer, type RunningServer, type StartServerOptions } from '../server/main.ts';

/**
 * The text of one of the package's example rule sets (`examples/rulesets/NAME.jsonc`),
 * `01-aliens-vs-cowboys` by default. Throws when there is no such example.
 */
export function exampleRuleSet(name = '01-aliens-vs-cowboys'): string {
  return readFileSync(new URL(`../../examples/rulesets/${name}.jsonc`, import.meta.url), 'utf8');
}

/** Starts the real server on a free loopback port (`127.0.0.1`, port 0), serving no static files unless told. */
export function startPeermatchServer(options: StartServerOptions = {}): Promise<RunningServer> {
  return startServer({ host: '127.0.0.1', port: 0, staticDir: null, ...options });
}

/** What `startLobbyHost` takes besides the server and the lobby (rule set default: example 1). */
export type LobbyHostOptions = Partial<Omit<NodeHostOptions, 'serverUrl' | 'lobby'>>;

/**
 * Starts a Node lobby host for `lobby` on the server at `serverUrl` (example
 * 1, `AcceptanceRequired` false, a 200 ms tick, unless told otherwise) and
 * resolves once the server registered the lobby. Rejects, with the host
 * closed, when the rule set or configuration is refused or the lobby is taken.
 */
export async function startLobbyHost(serverUrl: string, lobby: string, options: LobbyHostOptions = {}): Promise<RunningLobbyHost> {
  const host = await startNodeHost({
    serverUrl,
    lobby,
    ruleSetBody: exampleRuleSet(),
    tickIntervalMs: 200,
    ...options,
    configuration: { Name: 'peermatch', AcceptanceRequired: false, RequestTimeoutSeconds: 120, ...options.configuration },
  });
  try {
    await host.registered;
  } catch (error) {
    await host.close();
    throw error;
  }
  return host;
}

/** What `startPeermatch` takes: the lobby (default `"test"`), the host's options, the server's. */
export interface StartPeermatchOptions extends LobbyHostOptions {
  lobby?: string;
  server?: StartServerOptions;
}

/** A running server with one hosted lobby. */
export interface RunningPeermatch {
  /** The server's URL: the lobby element's `server-url`. */
  url: string;
  lobby: string;
  server: RunningServer;
  host: RunningLobbyHost;
  /** Stops the host, then the server. */
  close(): Promise<void>;
}

/** Starts the server and a Node host of one lobby; see the file comment. */
export async function startPeermatch(options: StartPeermatchOptions = {}): Promise<RunningPeermatch> {
  const { lobby = 'test', server: serverOptions, ...hostOptions } = options;
  const server = await startPeermatchServer(serverOptions);
  let host: RunningLobbyHost;
  try {
    host = await startLobbyHost(server.url, lobby, hostOptions);
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    url: server.url,
    lobby,
    server,
    host,
    close: async () => {
      await host.close();
      await server.close();
    },
  };
}
