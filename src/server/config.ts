/**
 * The server's command line and environment: flags override environment
 * variables, which override defaults. Every problem is reported at once, each
 * naming the flag (or variable) and the value.
 *
 * | flag                               | environment variable                  | default                        |
 * |------------------------------------|---------------------------------------|--------------------------------|
 * | `--host`                           | `PEERMATCH_HOST`                      | `127.0.0.1`                    |
 * | `--port`                           | `PEERMATCH_PORT`                      | `8080`                         |
 * | `--tls-cert`, `--tls-key` (files)  | `PEERMATCH_TLS_CERT`, `PEERMATCH_TLS_KEY` | none (plain HTTP)          |
 * | `--origins` (comma-separated)      | `PEERMATCH_ORIGINS`                   | any origin                     |
 * | `--state-file` (`none`: memory)    | `PEERMATCH_STATE_FILE`                | `.peermatch/server-state.json` |
 * | `--static-dir`                     | `PEERMATCH_STATIC_DIR`                | `<repo>/dist`                  |
 * | `--lobby` (for the printed URLs)   | `PEERMATCH_LOBBY`                     | `demo`                         |
 * | `--max-lobbies`                    | `PEERMATCH_MAX_LOBBIES`               | 1000                           |
 * | `--max-connections-per-address`    | `PEERMATCH_MAX_CONNECTIONS_PER_ADDRESS` | 64                           |
 * | `--max-lobbies-per-address`        | `PEERMATCH_MAX_LOBBIES_PER_ADDRESS`   | 8                              |
 * |                                    | `PEERMATCH_SECRET` (resume-token key) | kept in the state file         |
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isLobbyName } from '../net/protocol.ts';
import type { StartServerOptions } from './main.ts';
import { DEFAULT_STATIC_DIR } from './main.ts';

/** The server's settings after parsing (file paths not yet read). */
export interface ServerConfig {
  host: string;
  port: number;
  tlsCertFile: string | null;
  tlsKeyFile: string | null;
  origins: string[] | null;
  stateFile: string | null;
  staticDir: string;
  /** Lobby name used in the printed URLs. */
  lobby: string;
  maxLobbies: number | undefined;
  maxConnectionsPerAddress: number | undefined;
  maxLobbiesPerAddress: number | undefined;
  secret: string | undefined;
}

/** `parseServerConfig`'s answer. */
export type ConfigResult = { kind: 'config'; config: ServerConfig } | { kind: 'help' } | { kind: 'errors'; errors: string[] };

/** The default state file, relative to the working directory. */
export const DEFAULT_STATE_FILE = '.peermatch/server-state.json';

interface Setting {
  flag: string;
  env: string;
}

const SETTINGS = {
  host: { flag: '--host', env: 'PEERMATCH_HOST' },
  port: { flag: '--port', env: 'PEERMATCH_PORT' },
  tlsCert: { flag: '--tls-cert', env: 'PEERMATCH_TLS_CERT' },
  tlsKey: { flag: '--tls-key', env: 'PEERMATCH_TLS_KEY' },
  origins: { flag: '--origins', env: 'PEERMATCH_ORIGINS' },
  stateFile: { flag: '--state-file', env: 'PEERMATCH_STATE_FILE' },
  staticDir: { flag: '--static-dir', env: 'PEERMATCH_STATIC_DIR' },
  lobby: { flag: '--lobby', env: 'PEERMATCH_LOBBY' },
  maxLobbies: { flag: '--max-lobbies', env: 'PEERMATCH_MAX_LOBBIES' },
  maxConnectionsPerAddress: { flag: '--max-connections-per-address', env: 'PEERMATCH_MAX_CONNECTIONS_PER_ADDRESS' },
  maxLobbiesPerAddress: { flag: '--max-lobbies-per-address', env: 'PEERMATCH_MAX_LOBBIES_PER_ADDRESS' },
} as const satisfies Record<string, Setting>;

/** The usage text of `peermatch serve`. */
export const SERVE_USAGE = `usage: peermatch serve [options]

Serves the built app, PeerJS signaling at /peerjs and the ticket relay at /relay.

options (each also read from the environment variable shown):
  --host HOST                         interface to listen on (PEERMATCH_HOST, default 127.0.0.1)
  --port PORT                         port, 0 for any free one (PEERMATCH_PORT, default 8080)
  --tls-cert FILE --tls-key FILE      PEM certificate and key: serve HTTPS and WSS (PEERMATCH_TLS_CERT, PEERMATCH_TLS_KEY)
  --origins A,B                       allowed page origins, e.g. https://game.example (PEERMATCH_ORIGINS, default any)
  --state-file FILE                   lobbies and server secret kept across restarts; "none" keeps them in memory
                                      (PEERMATCH_STATE_FILE, default ${DEFAULT_STATE_FILE})
  --static-dir DIR                    the built app (PEERMATCH_STATIC_DIR, default dist/)
  --lobby NAME                        lobby name in the printed URLs (PEERMATCH_LOBBY, default demo)
  --max-lobbies N                     lobbies per server (PEERMATCH_MAX_LOBBIES, default 1000)
  --max-connections-per-address N     relay connections per IP address (PEERMATCH_MAX_CONNECTIONS_PER_ADDRESS, default 64)
  --max-lobbies-per-address N         lobbies one IP address may hold (PEERMATCH_MAX_LOBBIES_PER_ADDRESS, default 8)
environment only:
  PEERMATCH_SECRET                    key of resume tokens (default: generated, kept in the state file)`;

/**
 * Parses `argv` (the arguments after `serve`; `--flag value` or
 * `--flag=value`) over `env`. Returns the config, a request for help, or
 * every problem found.
 */
export function parseServerConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ConfigResult {
  const errors: string[] = [];
  const flags = new Map<string, string>();
  const known = new Set<string>(Object.values(SETTINGS).map((s) => s.flag));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    if (!known.has(flag)) {
      errors.push(`${arg}: unknown option (see --help)`);
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) errors.push(`${flag}: expected a value`);
    else flags.set(flag, value);
  }
  const read = (setting: Setting): { value: string; source: string } | undefined => {
    const fromFlag = flags.get(setting.flag);
    if (fromFlag !== undefined) return { value: fromFlag, source: setting.flag };
    const fromEnv = env[setting.env];
    return fromEnv === undefined || fromEnv === '' ? undefined : { value: fromEnv, source: setting.env };
  };

  const host = read(SETTINGS.host)?.value ?? '127.0.0.1';
  if (host.trim() === '') errors.push(`${SETTINGS.host.flag}: expected a host name or address, got ""`);
  const port = integer(read(SETTINGS.port), 0, 65_535, errors) ?? 8080;
  const cert = read(SETTINGS.tlsCert);
  const key = read(SETTINGS.tlsKey);
  if ((cert === undefined) !== (key === undefined)) {
    errors.push(`${cert ? SETTINGS.tlsKey.flag : SETTINGS.tlsCert.flag}: TLS needs both --tls-cert and --tls-key`);
  }
  const origins = parseOrigins(read(SETTINGS.origins), errors);
  const stateSetting = read(SETTINGS.stateFile);
  const stateFile = stateSetting?.value === 'none' ? null : resolve(stateSetting?.value ?? DEFAULT_STATE_FILE);
  const staticSetting = read(SETTINGS.staticDir);
  const lobbySetting = read(SETTINGS.lobby);
  const lobby = lobbySetting?.value ?? 'demo';
  if (!isLobbyName(lobby)) errors.push(`${lobbySetting?.source}: expected 1-64 characters of [A-Za-z0-9._-], got ${JSON.stringify(lobby)}`);
  const maxLobbies = integer(read(SETTINGS.maxLobbies), 1, 1_000_000, errors);
  const maxConnectionsPerAddress = integer(read(SETTINGS.maxConnectionsPerAddress), 1, 1_000_000, errors);
  const maxLobbiesPerAddress = integer(read(SETTINGS.maxLobbiesPerAddress), 1, 1_000_000, errors);
  const secret = env.PEERMATCH_SECRET === '' ? undefined : env.PEERMATCH_SECRET;
  if (secret !== undefined && secret.length < 16) errors.push(`PEERMATCH_SECRET: expected at least 16 characters, got ${secret.length}`);

  if (errors.length > 0) return { kind: 'errors', errors };
  return {
    kind: 'config',
    config: {
      host,
      port,
      tlsCertFile: cert ? resolve(cert.value) : null,
      tlsKeyFile: key ? resolve(key.value) : null,
      origins,
      stateFile,
      staticDir: staticSetting ? resolve(staticSetting.value) : DEFAULT_STATIC_DIR,
      lobby,
      maxLobbies,
      maxConnectionsPerAddress,
      maxLobbiesPerAddress,
      secret,
    },
  };
}

/** `startServer` options for `config`, with the TLS files read; rejects naming a file that cannot be read. */
export async function serverOptions(config: ServerConfig): Promise<StartServerOptions> {
  const readPem = async (file: string, flag: string): Promise<string> => {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      throw new Error(`${flag} ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  };
  const tls =
    config.tlsCertFile && config.tlsKeyFile
      ? { cert: await readPem(config.tlsCertFile, '--tls-cert'), key: await readPem(config.tlsKeyFile, '--tls-key') }
      : null;
  return {
    host: config.host,
    port: config.port,
    tls,
    origins: config.origins,
    stateFile: config.stateFile,
    staticDir: config.staticDir,
    secret: config.secret,
    limits: {
      maxLobbies: config.maxLobbies,
      maxConnectionsPerAddress: config.maxConnectionsPerAddress,
      maxLobbiesPerAddress: config.maxLobbiesPerAddress,
    },
  };
}

function integer(setting: { value: string; source: string } | undefined, min: number, max: number, errors: string[]): number | undefined {
  if (setting === undefined) return undefined;
  const value = Number(setting.value);
  if (!/^\d+$/.test(setting.value.trim()) || !Number.isSafeInteger(value) || value < min || value > max) {
    errors.push(`${setting.source}: expected an integer from ${min} to ${max}, got ${JSON.stringify(setting.value)}`);
    return undefined;
  }
  return value;
}

function parseOrigins(setting: { value: string; source: string } | undefined, errors: string[]): string[] | null {
  if (setting === undefined) return null;
  const origins: string[] = [];
  for (const part of setting.value.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    let url: URL | undefined;
    try {
      url = new URL(part);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
      errors.push(`${setting.source}: expected origins like https://game.example (scheme, host, optional port), got ${JSON.stringify(part)}`);
      continue;
    }
    origins.push(url.origin);
  }
  if (origins.length === 0 && errors.length === 0) errors.push(`${setting.source}: expected at least one origin, got ${JSON.stringify(setting.value)}`);
  return origins;
}
