/**
 * `startServer`: the whole server in one call (HTTP(S), static files, PeerJS
 * signaling at `/peerjs`, the ticket relay at `/relay`), used by the
 * `peermatch serve` command and by tests (port 0 picks a free port).
 */
import { fileURLToPath } from 'node:url';
import { isLobbyName } from '../net/protocol.ts';
import { createAppServer } from './http-server.ts';
import { LobbyRegistry } from './lobby-registry.ts';
import { silentLogger } from './logger.ts';
import type { Logger } from './logger.ts';
import { IceCredentialIssuer, type IceSettings } from './ice-credentials.ts';
import { Relay } from './relay.ts';
import type { RelayStats } from './relay.ts';
import { resolveLimits } from './relay-limits.ts';
import type { RelayLimits } from './relay-limits.ts';

/** The built app next to the sources: `<repo>/dist`. */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../dist', import.meta.url));

/** Options of `startServer`; every field has a default. */
export interface StartServerOptions {
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Port; default 8080; 0 picks a free one (see `RunningServer.port`). */
  port?: number;
  /** PEM certificate and key (contents, not paths): serve HTTPS/WSS. Default: plain HTTP. */
  tls?: { cert: string | Buffer; key: string | Buffer } | null;
  /** Allowed `Origin`s (`https://game.example`) for WebSocket upgrades and PeerJS CORS; default: any. */
  origins?: readonly string[] | null;
  /** JSON state file keeping lobbies and the server secret across restarts; default `null` (memory only). */
  stateFile?: string | null;
  /** Server secret for resume tokens (at least 16 characters); default: the state file's, or a new one. */
  secret?: string;
  /** Directory of the built app; default `<repo>/dist`; `null` serves no files. */
  staticDir?: string | null;
  /** Relay limits over `DEFAULT_RELAY_LIMITS`. */
  limits?: Partial<RelayLimits>;
  /** STUN/TURN servers and the TURN shared secret handed to joined clients; default none. */
  ice?: IceSettings;
  /** Default: silent. */
  logger?: Logger;
  /** Clock in milliseconds; default `Date.now`. */
  now?: () => number;
}

/** A started server. */
export interface RunningServer {
  /** `http://HOST:PORT` (or `https://`). */
  url: string;
  /** `ws://HOST:PORT/relay` (or `wss://`). */
  relayUrl: string;
  /** The port actually bound. */
  port: number;
  /** The host console page for `lobby`: `URL/host.html?lobby=...`. */
  hostConsoleUrl(lobby: string): string;
  /** The player lobby page for `lobby`: `URL/?lobby=...`. */
  lobbyUrl(lobby: string): string;
  /** Relay counters. */
  stats(): RelayStats;
  /** The operator's recovery token of a claimed lobby (lobby-registry.ts `recoveryTokenOf`); `undefined` when no host holds it. */
  lobbyRecoveryToken(lobby: string): string | undefined;
  /** The standby credential of a claimed lobby (lobby-credentials.ts `standbyCredentialOf`): admits a standby host only; `undefined` when no host holds it. */
  lobbyStandbyCredential(lobby: string): string | undefined;
  /**
   * Stops cleanly: refuses new connections, answers waiting requests, closes
   * every WebSocket (1001), writes the state file, and resolves when the port is free.
   */
  close(): Promise<void>;
}

/**
 * Starts the server. Rejects (with a message naming the cause) when the state
 * file is unreadable, a limit is invalid, or the port cannot be bound.
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? Date.now;
  const limits = resolveLimits(options.limits);
  const registry = await LobbyRegistry.open({
    stateFile: options.stateFile ?? null,
    secret: options.secret,
    maxLobbies: limits.maxLobbies,
    lobbyTtlMs: limits.lobbyTtlMs,
    unusedLobbyTtlMs: limits.unusedLobbyTtlMs,
    maxLobbiesPerAddress: limits.maxLobbiesPerAddress,
    now,
  });
  const ice = options.ice ? new IceCredentialIssuer(options.ice, now) : undefined;
  const relay = new Relay({ registry, limits, logger, now, ...(ice ? { ice } : {}) });
  const tls = options.tls ?? null;
  const { server, peer } = createAppServer({
    relay,
    logger,
    tls,
    staticDir: options.staticDir === undefined ? DEFAULT_STATIC_DIR : options.staticDir,
    origins: options.origins ?? null,
  });
  const host = options.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 8080, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await relay.close();
    peer.close();
    throw new Error(`cannot listen on ${host}:${options.port ?? 8080}: ${(error as Error).message}`);
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? 8080);
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const url = `${tls ? 'https' : 'http'}://${shownHost}:${port}`;
  logger.info('server: listening', { url });

  let closing: Promise<void> | undefined;
  return {
    url,
    relayUrl: `${tls ? 'wss' : 'ws'}://${shownHost}:${port}/relay`,
    port,
    hostConsoleUrl: (lobby) => `${url}/host.html?lobby=${encodeURIComponent(lobby)}`,
    lobbyUrl: (lobby) => `${url}/?lobby=${encodeURIComponent(lobby)}`,
    stats: () => relay.stats(),
    lobbyRecoveryToken: (lobby) => (isLobbyName(lobby) ? registry.recoveryToken(lobby) : undefined),
    lobbyStandbyCredential: (lobby) => (isLobbyName(lobby) ? registry.standbyCredential(lobby) : undefined),
    close: () => {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await relay.close();
        peer.close();
        server.closeIdleConnections();
        // WebSockets get a close handshake; whatever still hangs on after it is cut.
        const cut = setTimeout(() => server.closeAllConnections(), 2_500);
        await stopped;
        clearTimeout(cut);
        // A socket closing above may have released or changed a lobby after the relay's own flush: that write ends before close does.
        await registry.flush();
        logger.info('server: stopped', { url });
      })();
      return closing;
    },
  };
}
