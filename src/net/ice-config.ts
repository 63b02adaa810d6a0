/**
 * The ICE configuration the server hands each joined client (the `ice` of
 * `joined`, renewed by `ice` frames): the STUN and TURN servers for
 * `RTCPeerConnection`, with short-lived TURN credentials, and when those
 * credentials expire. Shared by the server (which issues it) and the client
 * (which checks it with `parseIceConfig` before giving it to WebRTC).
 */

/** One `RTCIceServer`: STUN URLs without credentials, TURN URLs with them. */
export interface IceServerEntry {
  /** `stun:`, `stuns:`, `turn:` or `turns:` URLs. */
  urls: string[];
  username?: string;
  credential?: string;
}

/** What the server gives a client for its WebRTC connections. */
export interface IceConfig {
  iceServers: IceServerEntry[];
  /** When the TURN credentials stop working, ms since the epoch; absent without TURN. */
  expiresAtMs?: number;
}

/** An ICE server URL: `stun:host[:port]`, `turn:host[:port][?transport=udp|tcp]`, and their TLS forms. */
const ICE_URL = /^(stuns?|turns?):(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?(\?transport=(udp|tcp))?$/;

/** Whether `url` is a STUN or TURN URL of the form WebRTC takes. */
export function isIceUrl(url: string): boolean {
  return url.length <= 512 && ICE_URL.test(url);
}

/** Whether `url` names a TURN server (`turn:` or `turns:`). */
export function isTurnUrl(url: string): boolean {
  return /^turns?:/.test(url);
}

const MAX_SERVERS = 16;
const MAX_CREDENTIAL_LENGTH = 512;

/**
 * Checks an ICE configuration from the wire. Returns it (copied, unknown
 * fields dropped) or a message naming the first problem under `path`.
 */
export function parseIceConfig(value: unknown, path: string): IceConfig | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path}: expected an object { iceServers, expiresAtMs? }`;
  const { iceServers, expiresAtMs } = value as Record<string, unknown>;
  if (!Array.isArray(iceServers) || iceServers.length > MAX_SERVERS) return `${path}.iceServers: expected an array of at most ${MAX_SERVERS} servers`;
  const servers: IceServerEntry[] = [];
  for (const [i, server] of iceServers.entries()) {
    const at = `${path}.iceServers[${i}]`;
    if (typeof server !== 'object' || server === null) return `${at}: expected an object { urls, username?, credential? }`;
    const { urls, username, credential } = server as Record<string, unknown>;
    if (!Array.isArray(urls) || urls.length === 0 || urls.length > MAX_SERVERS) return `${at}.urls: expected 1-${MAX_SERVERS} URLs`;
    for (const [j, url] of urls.entries()) {
      if (typeof url !== 'string' || !isIceUrl(url)) return `${at}.urls[${j}]: expected a stun:, stuns:, turn: or turns: URL, got ${JSON.stringify(url)?.slice(0, 80)}`;
    }
    const entry: IceServerEntry = { urls: [...(urls as string[])] };
    for (const [name, field] of [['username', username], ['credential', credential]] as const) {
      if (field === undefined) continue;
      if (typeof field !== 'string' || field.length > MAX_CREDENTIAL_LENGTH) return `${at}.${name}: expected a string of at most ${MAX_CREDENTIAL_LENGTH} characters`;
      entry[name] = field;
    }
    servers.push(entry);
  }
  const config: IceConfig = { iceServers: servers };
  if (expiresAtMs !== undefined) {
    if (typeof expiresAtMs !== 'number' || !Number.isSafeInteger(expiresAtMs) || expiresAtMs < 0) return `${path}.expiresAtMs: expected a time in ms since the epoch`;
    config.expiresAtMs = expiresAtMs;
  }
  return config;
}
