/**
 * The credentials that open a claimed lobby to a host, all checked against
 * what the server keeps of the lobby (its name and the SHA-256 of its token)
 * and the server secret:
 * - the lobby token itself (the owner's, kept by its host);
 * - the recovery token, `recover-` and an HMAC: the operator's way to give
 *   the owner back a lobby whose token it lost (admitted as the owner);
 * - the standby credential, `standby-` and an HMAC: lets a host join the
 *   lobby as a standby and nothing more (never claim a free lobby, never
 *   take a lobby whose primary is connected).
 * And one proof that is not a credential: the term proof, `term-` and an
 * HMAC of the lobby and a term, which the relay gives the primary of that
 * term (`registered`, `promoted`). A host that restarts presents it with its
 * term to become primary again while no primary is connected; a standby that
 * only heard the term (every standby does) cannot forge it.
 * Whoever holds the server secret and state file (the operator:
 * `peermatch lobby-token`) can compute the HMACs; they stop working when the
 * lobby is released and claimed anew. Comparisons run in constant time.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { LobbyName } from '../net/protocol.ts';

/** What a credential proves about its host: the lobby's owner, or a standby. */
export type Credential = 'owner' | 'standby';

/** The prefix of every standby credential (a free lobby cannot be claimed with a token that starts with it). */
export const STANDBY_CREDENTIAL_PREFIX = 'standby-';

/** What the server keeps of a lobby that credentials are checked against. */
export interface LobbyKey {
  name: LobbyName;
  /** Hex SHA-256 of the lobby token. */
  tokenHash: string;
}

/**
 * A lobby's recovery token: `recover-` and an HMAC, under the server secret,
 * of the lobby's name and its token's hash. Client resume tokens stay valid
 * when a host recovers the lobby with it, since the token hash does not change.
 */
export function recoveryTokenOf(secret: string, lobby: LobbyKey): string {
  return `recover-${hmac(secret, `recover\n${lobby.name}\n${lobby.tokenHash}`)}`;
}

/** A lobby's standby credential: `standby-` and an HMAC, under the server secret, of the lobby's name and its token's hash. */
export function standbyCredentialOf(secret: string, lobby: LobbyKey): string {
  return `${STANDBY_CREDENTIAL_PREFIX}${hmac(secret, `standby\n${lobby.name}\n${lobby.tokenHash}`)}`;
}

/** The proof that a host was primary of `lobby` under `term`: `term-` and an HMAC, under the server secret, of the lobby's name, its token's hash and the term. */
export function termProofOf(secret: string, lobby: LobbyKey, term: number): string {
  return `term-${hmac(secret, `term\n${lobby.name}\n${lobby.tokenHash}\n${term}`)}`;
}

/** True when `proof` is the term proof of `lobby` under `term` (constant-time compare). */
export function provesTerm(secret: string, lobby: LobbyKey, term: number, proof: string): boolean {
  return sameText(proof, termProofOf(secret, lobby, term));
}

/** What `token` proves about its holder in `lobby`, or `null` when it opens nothing. */
export function credentialOf(secret: string, lobby: LobbyKey, token: string): Credential | null {
  if (sameHash(lobby.tokenHash, hashToken(token)) || sameText(token, recoveryTokenOf(secret, lobby))) return 'owner';
  if (sameText(token, standbyCredentialOf(secret, lobby))) return 'standby';
  return null;
}

/** Hex SHA-256 of a lobby token (all the server keeps of it). */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

function hmac(secret: string, text: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(text).digest('base64url');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
