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
 * | `--demo-ruleset` (`none`: no demo) | `PEERMATCH_DEMO_RULESET`              | `examples/rulesets/12-duel.jsonc` |
 * | `--max-lobbies-per-address`        | `PEERMATCH_MAX_LOBBIES_PER_ADDRESS`   | 8                              |
 * |                                    | `PEERMATCH_SECRET` (resume-token key) | kept in the state file         |
 * | `--stun-urls` (comma-separated)    | `PEERMATCH_STUN_URLS`                 | none                           |
 * | `--turn-urls` (comma-separated)    | `PEERMATCH_TURN_URLS`                 | none                           |
 * | `--turn-secret-file`               | `PEERMATCH_TURN_SECRET` (the secret itself) | none (needed with TURN)  |
 * | `--turn-ttl` (seconds)             | `PEERMATCH_TURN_TTL`                  | 86400                          |
 * | `--limit NAME=VALUE` (repeatable)  | `PEERMATCH_LIMITS` (`NAME=VALUE,...`) | `DEFAULT_RELAY_LIMITS`         |
 *
 * `--limit` sets any relay limit of relay-limits.ts by its name (a flag's
 * entry replaces the variable's entry of the same name); the dedicated flags
 * above (`--max-lobbies` ...) are shorthands, and naming one limit both ways
 * is an error.
 */
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingValue, unknownOption } from '../cli/usage.ts';
import { isIceUrl, isTurnUrl } from '../net/ice-config.ts';
import { isLobbyName } from '../net/protocol.ts';
import type { IceSettings } from './ice-credentials.ts';
import { DEFAULT_RELAY_LIMITS, resolveLimits, type RelayLimits } from './relay-limits.ts';
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
  /** Relay limits set by name (`--limit`, `PEERMATCH_LIMITS`). */
  limits: Partial<RelayLimits>;
  secret: string | undefined;
  /** STUN/TURN servers handed to clients (`iceSettingsOf`); null: none. */
  ice: IceFlags | null;
  /** The rule set file of the lobby (`lobby`) the server hosts itself; `null`: no demo host. */
  demoRuleSetFile: string | null;
}

/** The ICE flags, the secret not yet read from its file. */
export interface IceFlags {
  stunUrls: string[];
  turnUrls: string[];
  /** The secret from `PEERMATCH_TURN_SECRET`, or the file to read it from. */
  turnSecret: { value: string } | { file: string } | null;
  turnTtlSeconds: number | undefined;
}

/** `parseServerConfig`'s answer. */
export type ConfigResult = { kind: 'config'; config: ServerConfig } | { kind: 'help' } | { kind: 'errors'; errors: string[] };

/** The demo lobby's rule set: the 1v1 duel next to the guide's examples. */
export const DEMO_RULESET_FILE = fileURLToPath(new URL('../../examples/rulesets/12-duel.jsonc', import.meta.url));

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
  stunUrls: { flag: '--stun-urls', env: 'PEERMATCH_STUN_URLS' },
  turnUrls: { flag: '--turn-urls', env: 'PEERMATCH_TURN_URLS' },
  turnSecretFile: { flag: '--turn-secret-file', env: 'PEERMATCH_TURN_SECRET_FILE' },
  turnTtl: { flag: '--turn-ttl', env: 'PEERMATCH_TURN_TTL' },
  demoRuleSet: { flag: '--demo-ruleset', env: 'PEERMATCH_DEMO_RULESET' },
  maxLobbiesPerAddress: { flag: '--max-lobbies-per-address', env: 'PEERMATCH_MAX_LOBBIES_PER_ADDRESS' },
  limit: { flag: '--limit', env: 'PEERMATCH_LIMITS' },
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
  --static-dir DIR                    the files to serve, e.g. the game's built pages (PEERMATCH_STATIC_DIR,
                                      default: the front door and host console the package ships)
  --lobby NAME                        the demo lobby: hosted by this server, its URL printed (PEERMATCH_LOBBY, default demo)
  --demo-ruleset FILE                 the demo lobby's rule set; "none": this server hosts no lobby itself
                                      (PEERMATCH_DEMO_RULESET, default examples/rulesets/12-duel.jsonc, a 1v1)
  --max-lobbies N                     lobbies per server (PEERMATCH_MAX_LOBBIES, default 1000)
  --max-connections-per-address N     relay connections per IP address (PEERMATCH_MAX_CONNECTIONS_PER_ADDRESS, default 64)
  --stun-urls URL,URL                 STUN servers handed to players, e.g. stun:turn.example:3478 (PEERMATCH_STUN_URLS)
  --turn-urls URL,URL                 TURN servers handed to players with short-lived credentials,
                                      e.g. turn:turn.example:3478?transport=udp (PEERMATCH_TURN_URLS)
  --turn-secret-file FILE             file holding coturn's static-auth-secret (PEERMATCH_TURN_SECRET_FILE)
  --turn-ttl SECONDS                  lifetime of a TURN credential, renewed at half (PEERMATCH_TURN_TTL, default 86400)
  --max-lobbies-per-address N         lobbies one IP address may hold (PEERMATCH_MAX_LOBBIES_PER_ADDRESS, default 8)
  --limit NAME=VALUE                  any relay limit by name, repeatable, e.g. --limit maxClientsPerLobby=20000
                                      (PEERMATCH_LIMITS, e.g. maxStandbysPerLobby=2,primarySilenceMs=4000);
                                      names: ${Object.keys(DEFAULT_RELAY_LIMITS).join(', ')}
environment only:
  PEERMATCH_SECRET                    key of resume tokens (default: generated, kept in the state file)
  PEERMATCH_TURN_SECRET               coturn's static-auth-secret itself (instead of --turn-secret-file)`;

/**
 * Parses `argv` (the arguments after `serve`; `--flag value` or
 * `--flag=value`) over `env`. Returns the config, a request for help, or
 * every problem found.
 */
export function parseServerConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): ConfigResult {
  const errors: string[] = [];
  const flags = new Map<string, string>();
  /** `--limit` may be given many times: each entry kept in order. */
  const limitFlags: string[] = [];
  const known = new Set<string>(Object.values(SETTINGS).map((s) => s.flag));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    const eq = arg.indexOf('=');
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    if (!known.has(flag)) {
      errors.push(unknownOption(arg));
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : argv[++i];
    if (value === undefined) errors.push(missingValue(flag));
    else if (flag === SETTINGS.limit.flag) limitFlags.push(value);
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
  if (staticSetting !== undefined && !isDirectory(resolve(staticSetting.value))) {
    errors.push(`${staticSetting.source}: expected a directory of files to serve, got ${JSON.stringify(staticSetting.value)} (no such directory)`);
  }
  const lobbySetting = read(SETTINGS.lobby);
  const lobby = lobbySetting?.value ?? 'demo';
  if (!isLobbyName(lobby)) errors.push(`${lobbySetting?.source}: expected 1-64 characters of [A-Za-z0-9._-], got ${JSON.stringify(lobby)}`);
  const demoSetting = read(SETTINGS.demoRuleSet);
  const demoRuleSetFile = demoSetting?.value === 'none' ? null : demoSetting ? resolve(demoSetting.value) : DEMO_RULESET_FILE;
  const maxLobbies = integer(read(SETTINGS.maxLobbies), 1, 1_000_000, errors);
  const maxConnectionsPerAddress = integer(read(SETTINGS.maxConnectionsPerAddress), 1, 1_000_000, errors);
  const maxLobbiesPerAddress = integer(read(SETTINGS.maxLobbiesPerAddress), 1, 1_000_000, errors);
  const limits = parseLimits(limitFlags, env[SETTINGS.limit.env], errors);
  const shorthands = { maxLobbies, maxConnectionsPerAddress, maxLobbiesPerAddress };
  for (const [name, value] of Object.entries(shorthands)) {
    if (value !== undefined && name in limits) {
      const flag = SETTINGS[name as keyof typeof shorthands].flag;
      errors.push(`--limit ${name}: the same limit as ${flag}; give it one way`);
    }
  }
  const secret = env.PEERMATCH_SECRET === '' ? undefined : env.PEERMATCH_SECRET;
  if (secret !== undefined && secret.length < 16) errors.push(`PEERMATCH_SECRET: expected at least 16 characters, got ${secret.length}`);

  const ice = parseIceFlags(read, env, errors);

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
      limits,
      secret,
      ice,
      demoRuleSetFile,
    },
  };
}

function parseIceFlags(
  read: (setting: Setting) => { value: string; source: string } | undefined,
  env: Readonly<Record<string, string | undefined>>,
  errors: string[],
): IceFlags | null {
  const urls = (setting: Setting, turn: boolean): string[] => {
    const found = read(setting);
    if (found === undefined) return [];
    const list = found.value.split(',').map((url) => url.trim()).filter((url) => url !== '');
    for (const url of list) {
      if (!isIceUrl(url) || isTurnUrl(url) !== turn) {
        errors.push(`${found.source}: expected ${turn ? 'turn: or turns:' : 'stun: or stuns:'} URLs like ${turn ? 'turn:turn.example:3478?transport=udp' : 'stun:turn.example:3478'}, got ${JSON.stringify(url)}`);
      }
    }
    return list;
  };
  const stunUrls = urls(SETTINGS.stunUrls, false);
  const turnUrls = urls(SETTINGS.turnUrls, true);
  const secretFile = read(SETTINGS.turnSecretFile);
  const secretValue = env.PEERMATCH_TURN_SECRET === '' ? undefined : env.PEERMATCH_TURN_SECRET;
  const turnSecret = secretFile ? { file: resolve(secretFile.value) } : secretValue !== undefined ? { value: secretValue } : null;
  const ttl = read(SETTINGS.turnTtl);
  const turnTtlSeconds = integer(ttl, 60, 30 * 86_400, errors);
  if (turnUrls.length > 0 && turnSecret === null) errors.push(`${SETTINGS.turnUrls.flag}: TURN needs coturn's shared secret (--turn-secret-file or PEERMATCH_TURN_SECRET)`);
  if (turnUrls.length === 0 && (turnSecret !== null || ttl !== undefined)) {
    errors.push(`${secretFile?.source ?? ttl?.source ?? 'PEERMATCH_TURN_SECRET'}: a TURN secret or lifetime without --turn-urls`);
  }
  if (secretValue !== undefined && secretValue.length < 16) errors.push(`PEERMATCH_TURN_SECRET: expected at least 16 characters, got ${secretValue.length}`);
  if (stunUrls.length === 0 && turnUrls.length === 0) return null;
  return { stunUrls, turnUrls, turnSecret, turnTtlSeconds };
}

/** The server's ICE settings, the TURN secret read from its file; rejects naming a file that cannot be read or is too short. */
export async function iceSettingsOf(flags: IceFlags): Promise<IceSettings> {
  let turnSecret: string | null = null;
  if (flags.turnSecret && 'value' in flags.turnSecret) turnSecret = flags.turnSecret.value;
  else if (flags.turnSecret) {
    const file = flags.turnSecret.file;
    try {
      turnSecret = (await readFile(file, 'utf8')).trim();
    } catch (error) {
      throw new Error(`--turn-secret-file ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    // The length only: the secret itself is never printed.
    if (turnSecret.length < 16) throw new Error(`--turn-secret-file ${file}: expected a secret of at least 16 characters, got ${turnSecret.length}`);
  }
  return { stunUrls: flags.stunUrls, turnUrls: flags.turnUrls, turnSecret, ...(flags.turnTtlSeconds !== undefined ? { turnTtlSeconds: flags.turnTtlSeconds } : {}) };
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
    ...(config.ice ? { ice: await iceSettingsOf(config.ice) } : {}),
    // The shorthand flags only where given: an absent one must not hide the same limit set by --limit.
    limits: {
      ...config.limits,
      ...(config.maxLobbies !== undefined ? { maxLobbies: config.maxLobbies } : {}),
      ...(config.maxConnectionsPerAddress !== undefined ? { maxConnectionsPerAddress: config.maxConnectionsPerAddress } : {}),
      ...(config.maxLobbiesPerAddress !== undefined ? { maxLobbiesPerAddress: config.maxLobbiesPerAddress } : {}),
    },
  };
}

/**
 * The relay limits named by `--limit NAME=VALUE` entries over the entries of
 * `PEERMATCH_LIMITS` (`NAME=VALUE,NAME=VALUE`). Each problem names its source,
 * the entry and what was expected; the limits found valid are returned.
 */
function parseLimits(flagEntries: readonly string[], envValue: string | undefined, errors: string[]): Partial<RelayLimits> {
  const entries: { text: string; source: string }[] = [];
  if (envValue !== undefined && envValue.trim() !== '') {
    for (const text of envValue.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
      entries.push({ text, source: SETTINGS.limit.env });
    }
  }
  for (const text of flagEntries) entries.push({ text: text.trim(), source: SETTINGS.limit.flag });
  const limits: Partial<RelayLimits> = {};
  for (const { text, source } of entries) {
    const eq = text.indexOf('=');
    const name = eq > 0 ? text.slice(0, eq).trim() : '';
    const valueText = eq > 0 ? text.slice(eq + 1).trim() : '';
    if (name === '' || valueText === '') {
      errors.push(`${source}: expected NAME=VALUE, e.g. maxClientsPerLobby=20000, got ${JSON.stringify(text)}`);
      continue;
    }
    if (!Object.hasOwn(DEFAULT_RELAY_LIMITS, name)) {
      errors.push(`${source}: ${JSON.stringify(name)} is not a relay limit; the limits are ${Object.keys(DEFAULT_RELAY_LIMITS).join(', ')}`);
      continue;
    }
    const value = Number(valueText);
    if (!/^\d+(\.\d+)?$/.test(valueText) || !Number.isFinite(value) || value <= 0) {
      errors.push(`${source}: ${name}: expected a positive number, got ${JSON.stringify(valueText)}`);
      continue;
    }
    limits[name as keyof RelayLimits] = value;
  }
  // The limits' own cross-checks (e.g. maxFrameBytes at most MAX_FRAME_BYTES), in their words.
  try {
    resolveLimits(limits);
  } catch (error) {
    errors.push(`${SETTINGS.limit.flag}: ${(error as Error).message}`);
  }
  return limits;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
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
