/**
 * `peermatch serve`: starts the server from flags and environment, prints
 * where the host console and the player lobby are, and stops cleanly on
 * SIGINT or SIGTERM (exit code 0). Exit code 2 for a bad command line or an
 * unreadable TLS file, 1 when the server cannot start (port taken, bad state file).
 */
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { RunningLobbyHost } from '../host/host-runtime.ts';
import { LobbySummary } from '../host/lobby-summary.ts';
import { startDemoHost } from './demo-host.ts';
import type { CliIo, Command } from '../cli/command.ts';
import { usageErrorLines } from '../cli/usage.ts';
import { parseServerConfig, SERVE_USAGE, serverOptions } from './config.ts';
import { consoleLogger } from './logger.ts';
import type { Logger } from './logger.ts';
import { startServer } from './main.ts';
import type { RunningServer } from './main.ts';

/** What `createServeCommand` can be given instead of the real process (for tests). */
export interface ServeCommandDeps {
  env?: Readonly<Record<string, string | undefined>>;
  logger?: Logger;
  /** Resolves with the signal name when the server should stop; default: SIGINT or SIGTERM. */
  waitForStop?: (server: RunningServer) => Promise<string>;
}

/** Builds the `serve` command. */
export function createServeCommand(deps: ServeCommandDeps = {}): Command {
  return {
    name: 'serve',
    summary: 'serve the app, PeerJS signaling (/peerjs) and the ticket relay (/relay)',
    run: (args, io) => serve(args, io, deps),
  };
}

/** The `serve` command on the real process. */
export const serveCommand: Command = createServeCommand();

async function serve(args: string[], io: CliIo, deps: ServeCommandDeps): Promise<number> {
  const parsed = parseServerConfig(args, deps.env ?? process.env);
  if (parsed.kind === 'help') {
    io.stdout(SERVE_USAGE);
    return 0;
  }
  if (parsed.kind === 'errors') {
    for (const error of parsed.errors) io.stderr(`peermatch serve: ${error}`);
    io.stderr(usageErrorLines('serve', '')[1]!);
    return 2;
  }
  const { config } = parsed;
  let server: RunningServer;
  try {
    const options = await serverOptions(config);
    server = await startServer({ ...options, logger: deps.logger ?? consoleLogger() });
  } catch (error) {
    io.stderr(`peermatch serve: ${(error as Error).message}`);
    return /^--(tls-|turn-secret-file)/.test((error as Error).message) ? 2 : 1;
  }
  const demo = config.demoRuleSetFile === null ? undefined : await startDemo(server, config.lobby, config.demoRuleSetFile, io, deps);
  io.stdout(`peermatch server on ${server.url}`);
  for (const line of pageLines(config.staticDir, server, config.lobby, demo?.description)) io.stdout(line);
  io.stdout(`  ticket relay:  ${server.relayUrl}`);
  io.stdout(`  PeerJS:        ${server.url}/peerjs (PeerJS option path: "/peerjs")`);
  io.stdout(`  state file:    ${config.stateFile ?? 'none (lobbies are forgotten on restart)'}`);
  // The URLs only: TURN credentials and the secret are never printed.
  if (config.ice) io.stdout(`  ICE servers:   ${[...config.ice.stunUrls, ...config.ice.turnUrls].join(', ')}${config.ice.turnUrls.length > 0 ? ' (TURN credentials per client)' : ''}`);
  const signal = await (deps.waitForStop ?? waitForSignal)(server);
  io.stdout(`peermatch server: ${signal}, stopping`);
  await demo?.host.close();
  await server.close();
  io.stdout('peermatch server: stopped');
  return 0;
}

/**
 * The page URLs to print: only those that answer. The package's own build
 * (`dist/`) has both the front door (index.html) and the host console
 * (host.html); a game's folder (`--static-dir`) is served as it is. When the
 * server hosts the demo lobby itself (`demo`: what it runs), the host console
 * URL names another lobby, for hosting one's own.
 */
function pageLines(staticDir: string, server: RunningServer, lobby: string, demo: string | undefined): string[] {
  const has = (file: string) => existsSync(join(staticDir, file));
  const lines: string[] = [];
  if (demo !== undefined) {
    if (has('index.html')) lines.push(`  player lobby:  ${server.lobbyUrl(lobby)} (hosted by this server: ${demo}; open it in two windows)`);
    if (has('host.html')) lines.push(`  host console:  ${server.hostConsoleUrl(OWN_LOBBY)} (to host a lobby of your own; players join at ${server.lobbyUrl(OWN_LOBBY)})`);
  } else {
    if (has('host.html')) lines.push(`  host console:  ${server.hostConsoleUrl(lobby)}`);
    if (has('index.html')) lines.push(`  player lobby:  ${server.lobbyUrl(lobby)}`);
  }
  if (lines.length === 0) lines.push(`  static files:  none (${staticDir} has no index.html or host.html)`);
  return lines;
}

/** The lobby the printed host console URL names when the server hosts the demo lobby itself. */
const OWN_LOBBY = 'my-lobby';

/**
 * Starts the demo host; answers it and what it runs ("12-duel.jsonc, 2
 * players per match"), or `undefined` (and says why on stderr) when it could not start.
 */
async function startDemo(
  server: RunningServer,
  lobby: string,
  ruleSetFile: string,
  io: CliIo,
  deps: ServeCommandDeps,
): Promise<{ host: RunningLobbyHost; description: string } | undefined> {
  let host: RunningLobbyHost;
  try {
    host = await startDemoHost({ server, lobby, ruleSetFile, logger: deps.logger ?? consoleLogger() });
  } catch (error) {
    io.stderr(`peermatch serve: the server does not host lobby "${lobby}": ${(error as Error).message}`);
    return undefined;
  }
  const { MinPlayersPerMatch, MaxPlayersPerMatch } = await new LobbySummary(host.matchmaker, host.configurationName).describe();
  const players = MinPlayersPerMatch === MaxPlayersPerMatch ? `${MinPlayersPerMatch}` : `${MinPlayersPerMatch} to ${MaxPlayersPerMatch}`;
  return { host, description: `${basename(ruleSetFile)}, ${players} players per match` };
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
