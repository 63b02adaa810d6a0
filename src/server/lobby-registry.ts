/**
 * Who owns which lobby, and the identities of its clients, in a form that
 * survives a server restart.
 *
 * - A lobby is claimed by the first host that registers it; the server keeps
 *   only the SHA-256 of its token and compares hashes in constant time.
 * - Client identities are not stored at all: a resume token is an HMAC, under
 *   the server secret, of the lobby, the lobby's token hash and the client id.
 *   A restarted server that has the same secret and lobby list accepts every
 *   resume token it issued before, and a lobby claimed again by another host
 *   (another token) invalidates the old lobby's identities.
 *
 * - Each lobby has a term, raised every time a host becomes its primary
 *   (relay-hosts.ts, host-failover.ts), so an older primary can be fenced.
 *   Besides its token, a lobby opens to the operator's recovery token (as
 *   the owner) and to its standby credential (a standby host only); see
 *   lobby-credentials.ts.
 *
 * The state (secret and lobbies) lives in a small JSON file written atomically
 * (temporary file, then rename) whenever a lobby is claimed, released,
 * expires or gets a new term; without a file it lives in memory only.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ClientId, LobbyName } from '../net/protocol.ts';
import { isLobbyName } from '../net/protocol.ts';
import { credentialOf, hashToken, provesTerm, recoveryTokenOf, STANDBY_CREDENTIAL_PREFIX, standbyCredentialOf, termProofOf, type Credential } from './lobby-credentials.ts';

export { recoveryTokenOf, standbyCredentialOf } from './lobby-credentials.ts';

/** The `format` field of a state file. */
export const STATE_FORMAT = 'peermatch-server-state';
/** The state file version this code writes and reads. */
export const STATE_VERSION = 1;

/** One claimed lobby as the state file keeps it. */
interface LobbyRecord {
  name: LobbyName;
  /** Hex SHA-256 of the lobby token. */
  tokenHash: string;
  createdAtMs: number;
  /** Last time a host registered or left; lobbies away longer than the TTL expire. */
  lastHostSeenAtMs: number;
  /** IP address of the connection that created the lobby (for the per-address cap); absent in older files. */
  address?: string;
  /**
   * The lobby's term: raised by one each time a host becomes its primary
   * (registration or promotion), so an older primary can be fenced. 0 (or
   * absent, in older files) for a lobby never served.
   */
  term?: number;
}

/**
 * How a lobby is used right now, which decides when it may expire: `hosted`
 * never; `waiting` (players connected or waiting, no host) after `lobbyTtlMs`;
 * `unused` (no host, no player) after `unusedLobbyTtlMs`.
 */
export type LobbyActivity = 'hosted' | 'waiting' | 'unused';

/** The JSON state file. */
interface StateFile {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  /** Base64url server secret for resume-token HMACs. */
  secret: string;
  lobbies: LobbyRecord[];
}

/** Options of `LobbyRegistry.open`. */
export interface LobbyRegistryOptions {
  /** JSON state file; `null` keeps everything in memory (lost on restart). */
  stateFile: string | null;
  /** Server secret (at least 16 characters); default: the file's, or a new random one. */
  secret?: string;
  /** Most lobbies held at once (live or waiting for their host). */
  maxLobbies: number;
  /** A lobby whose host has been away this long, while players wait, is released (milliseconds). */
  lobbyTtlMs: number;
  /** A lobby with no host and no player is released after this (milliseconds); default `lobbyTtlMs`. */
  unusedLobbyTtlMs?: number;
  /** Lobbies one address may hold at once; default: no cap. */
  maxLobbiesPerAddress?: number;
  /** Clock in milliseconds. */
  now: () => number;
}

/** Outcome of `claim`. */
export type ClaimResult =
  | { ok: true; token: string; created: boolean; credential: Credential; persisted: Promise<void> }
  | { ok: false; code: 'BAD_TOKEN' | 'LOBBY_TAKEN' | 'LOBBY_LIMIT'; message: string };

/** Which lobbies are used how; lobbies it does not know are `unused`. */
export type ActivityOf = (name: LobbyName) => LobbyActivity;

/** A fresh client identity. */
export interface ClientIdentity {
  clientId: ClientId;
  resumeToken: string;
}

/** Lobby ownership and verifiable client identities, optionally persisted to a JSON file. */
export class LobbyRegistry {
  private readonly lobbies = new Map<LobbyName, LobbyRecord>();
  private saving: Promise<void> = Promise.resolve();
  private readonly secret: Buffer;

  private constructor(
    private readonly options: LobbyRegistryOptions,
    private readonly secretText: string,
  ) {
    this.secret = Buffer.from(secretText, 'utf8');
  }

  /**
   * Loads the state file (a missing file starts empty; an unreadable or
   * malformed one rejects with a message naming the file and the problem,
   * rather than silently forgetting every lobby) and writes it back once so
   * a new secret is on disk before any token is issued.
   */
  static async open(options: LobbyRegistryOptions): Promise<LobbyRegistry> {
    const state = options.stateFile === null ? null : await readState(options.stateFile);
    const secretText = options.secret ?? state?.secret ?? randomBytes(32).toString('base64url');
    if (secretText.length < 16) throw new Error(`server secret: expected at least 16 characters, got ${secretText.length}`);
    const registry = new LobbyRegistry(options, secretText);
    for (const lobby of state?.lobbies ?? []) registry.lobbies.set(lobby.name, lobby);
    await registry.save();
    return registry;
  }

  /** Number of lobbies held (live or waiting for their host). */
  get size(): number {
    return this.lobbies.size;
  }

  /** True when `lobby` is claimed. */
  has(lobby: LobbyName): boolean {
    return this.lobbies.has(lobby);
  }

  /** The claimed lobbies' names. */
  names(): LobbyName[] {
    return [...this.lobbies.keys()];
  }

  /**
   * A host at `address` registers `lobby`. A claimed lobby opens only to its
   * token; a free one is claimed with `token` if given (a host coming back to
   * a server that lost its state, or released its lobby) or a new random
   * token, unless the server or `address` already holds its limit of
   * lobbies. `activity` says how each lobby is used now (see `expire`).
   * `persisted` settles once the claim is on disk; answer the host only after it.
   */
  claim(lobby: LobbyName, token: string | undefined, activity: ActivityOf, address = 'unknown'): ClaimResult {
    const existing = this.lobbies.get(lobby);
    const now = this.options.now();
    if (existing) {
      if (token === undefined) return { ok: false, code: 'LOBBY_TAKEN', message: `lobby "${lobby}" is registered by another host; register it with its token` };
      const credential = credentialOf(this.secretText, existing, token);
      if (credential === null) {
        return { ok: false, code: 'BAD_TOKEN', message: `register.token: not the token of lobby "${lobby}"` };
      }
      existing.lastHostSeenAtMs = now;
      return { ok: true, token, created: false, credential, persisted: this.save() };
    }
    if (token?.startsWith(STANDBY_CREDENTIAL_PREFIX)) {
      return { ok: false, code: 'BAD_TOKEN', message: `register.token: a standby credential cannot claim lobby "${lobby}", which no host holds` };
    }
    this.expire(activity);
    if (this.lobbies.size >= this.options.maxLobbies) {
      return { ok: false, code: 'LOBBY_LIMIT', message: `this server holds its limit of ${this.options.maxLobbies} lobbies; "${lobby}" cannot be created` };
    }
    const perAddress = this.options.maxLobbiesPerAddress;
    if (perAddress !== undefined) {
      const held = this.countByAddress(address);
      if (held >= perAddress) {
        return {
          ok: false,
          code: 'LOBBY_LIMIT',
          message: `${address} already holds ${held} lobbies, the limit per address is ${perAddress}; "${lobby}" cannot be created`,
        };
      }
    }
    const issued = token ?? randomBytes(32).toString('base64url');
    this.lobbies.set(lobby, { name: lobby, tokenHash: hashToken(issued), createdAtMs: now, lastHostSeenAtMs: now, address });
    return { ok: true, token: issued, created: true, credential: 'owner', persisted: this.save() };
  }

  /** The term of `lobby` (0 for a lobby never served or not claimed). */
  termOf(lobby: LobbyName): number {
    return this.lobbies.get(lobby)?.term ?? 0;
  }

  /**
   * Sets the term of `lobby` in memory at once (later claims and reads see
   * it); the returned promise settles once it is on disk.
   */
  setTerm(lobby: LobbyName, term: number): Promise<void> {
    const record = this.lobbies.get(lobby);
    if (!record) return Promise.resolve();
    record.term = term;
    return this.save();
  }

  /**
   * The standby credential of a claimed lobby (`standbyCredentialOf`), or
   * `undefined` for a lobby no host holds: it admits a host as a standby only.
   */
  standbyCredential(lobby: LobbyName): string | undefined {
    const record = this.lobbies.get(lobby);
    return record === undefined ? undefined : standbyCredentialOf(this.secretText, record);
  }

  /**
   * The term proof of a claimed lobby under `term` (`termProofOf`), or
   * `undefined` for a lobby no host holds: given to the primary of that term.
   */
  termProof(lobby: LobbyName, term: number): string | undefined {
    const record = this.lobbies.get(lobby);
    return record === undefined ? undefined : termProofOf(this.secretText, record, term);
  }

  /** True when `proof` is the term proof of the claimed `lobby` under `term`. */
  provesTerm(lobby: LobbyName, term: number, proof: string): boolean {
    const record = this.lobbies.get(lobby);
    return record !== undefined && provesTerm(this.secretText, record, term, proof);
  }

  /**
   * The operator's recovery token of a claimed lobby (`recoveryTokenOf`), or
   * `undefined` for a lobby no host holds. A host registering with it is
   * admitted as with the lobby's own token, and keeps it as its token.
   */
  recoveryToken(lobby: LobbyName): string | undefined {
    const record = this.lobbies.get(lobby);
    return record === undefined ? undefined : recoveryTokenOf(this.secretText, record);
  }

  /** Lobbies created from `address` and held now. */
  countByAddress(address: string): number {
    let count = 0;
    for (const record of this.lobbies.values()) if (record.address === address) count++;
    return count;
  }

  /** Records that the host of `lobby` left now (the lobby's TTL counts from here). */
  hostLeft(lobby: LobbyName): Promise<void> {
    const record = this.lobbies.get(lobby);
    if (!record) return Promise.resolve();
    record.lastHostSeenAtMs = this.options.now();
    return this.save();
  }

  /**
   * Releases lobbies whose host has been away too long: `unusedLobbyTtlMs`
   * for a lobby nobody uses, `lobbyTtlMs` for one with waiting players, never
   * a hosted one. Returns their names.
   */
  expire(activity: ActivityOf): LobbyName[] {
    const now = this.options.now();
    const unusedTtlMs = this.options.unusedLobbyTtlMs ?? this.options.lobbyTtlMs;
    const expired: LobbyName[] = [];
    for (const record of this.lobbies.values()) {
      const use = activity(record.name);
      if (use === 'hosted') continue;
      const ttlMs = use === 'waiting' ? this.options.lobbyTtlMs : Math.min(unusedTtlMs, this.options.lobbyTtlMs);
      if (record.lastHostSeenAtMs < now - ttlMs) expired.push(record.name);
    }
    for (const name of expired) this.lobbies.delete(name);
    if (expired.length > 0) void this.save();
    return expired;
  }

  /** A new client identity in `lobby` (which must be claimed). */
  issueIdentity(lobby: LobbyName): ClientIdentity {
    const clientId = randomBytes(12).toString('base64url') as ClientId;
    return { clientId, resumeToken: this.resumeToken(lobby, clientId) };
  }

  /** True when `resumeToken` is the one issued to `clientId` in `lobby` under its current owner. */
  verifyResume(lobby: LobbyName, clientId: ClientId, resumeToken: string): boolean {
    if (!this.lobbies.has(lobby)) return false;
    const expected = Buffer.from(this.resumeToken(lobby, clientId), 'utf8');
    const given = Buffer.from(resumeToken, 'utf8');
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  /** Settles when every write so far is on disk. */
  flush(): Promise<void> {
    return this.saving;
  }

  private resumeToken(lobby: LobbyName, clientId: ClientId): string {
    const record = this.lobbies.get(lobby);
    if (!record) throw new Error(`lobby "${lobby}" is not registered`);
    return createHmac('sha256', this.secret).update(`resume\n${lobby}\n${record.tokenHash}\n${clientId}`).digest('base64url');
  }

  /** Queues one atomic write of the whole state after the previous one; a failed write rejects only its own promise. */
  private save(): Promise<void> {
    const file = this.options.stateFile;
    if (file === null) return this.saving;
    const state: StateFile = { format: STATE_FORMAT, version: STATE_VERSION, secret: this.secretText, lobbies: [...this.lobbies.values()] };
    const text = `${JSON.stringify(state, null, 2)}\n`;
    const write = this.saving.catch(() => undefined).then(() => writeAtomically(file, text));
    this.saving = write;
    return write;
  }
}

/**
 * The recovery token of `lobby` from a server state file (what
 * `peermatch lobby-token` prints), and with `standby` its standby
 * credential: `undefined` when no host holds the lobby.
 * Rejects naming the file when it is missing or malformed.
 */
export async function recoveryTokenFromStateFile(file: string, lobby: LobbyName, standby = false): Promise<string | undefined> {
  const state = await readState(file);
  if (state === null) throw new Error(`state file ${file}: does not exist (the server keeps lobbies only with a state file)`);
  const record = state.lobbies.find((l) => l.name === lobby);
  if (record === undefined) return undefined;
  return standby ? standbyCredentialOf(state.secret, record) : recoveryTokenOf(state.secret, record);
}

let writeCounter = 0;

async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${++writeCounter}.tmp`;
  await writeFile(temporary, text, { mode: 0o600 });
  await rename(temporary, file);
}

/** Reads and checks a state file; `null` when it does not exist. */
async function readState(file: string): Promise<StateFile | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`state file ${file}: cannot be read (${(error as Error).message})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`state file ${file}: not valid JSON (${(error as Error).message})`);
  }
  const issue = stateIssue(value);
  if (issue) throw new Error(`state file ${file}: ${issue}`);
  return value as StateFile;
}

function stateIssue(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'expected a JSON object';
  const state = value as Partial<StateFile>;
  if (state.format !== STATE_FORMAT) return `format: expected "${STATE_FORMAT}", got ${JSON.stringify(state.format)}`;
  if (state.version !== STATE_VERSION) return `version: expected ${STATE_VERSION}, got ${JSON.stringify(state.version)}`;
  if (typeof state.secret !== 'string' || state.secret.length < 16) return 'secret: expected a string of at least 16 characters';
  if (!Array.isArray(state.lobbies)) return 'lobbies: expected an array';
  for (const [i, lobby] of state.lobbies.entries()) {
    const l = lobby as Partial<LobbyRecord> | null;
    if (typeof l !== 'object' || l === null) return `lobbies[${i}]: expected an object`;
    if (!isLobbyName(l.name)) return `lobbies[${i}].name: not a lobby name: ${JSON.stringify(l.name)}`;
    if (typeof l.tokenHash !== 'string' || !/^[0-9a-f]{64}$/.test(l.tokenHash)) return `lobbies[${i}].tokenHash: expected 64 hex digits`;
    if (typeof l.createdAtMs !== 'number' || typeof l.lastHostSeenAtMs !== 'number') {
      return `lobbies[${i}]: createdAtMs and lastHostSeenAtMs must be numbers`;
    }
    if (l.term !== undefined && !(Number.isSafeInteger(l.term) && l.term >= 0)) {
      return `lobbies[${i}].term: expected a non-negative safe integer, got ${JSON.stringify(l.term)}`;
    }
  }
  return null;
}
