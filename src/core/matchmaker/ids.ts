/**
 * Identifiers: branded ids, id generation from the injected random source,
 * the AWS name patterns, and the ARNs a standalone matchmaker hands out.
 *
 * ARNs have an empty account field unless an `accountId` is configured:
 * `arn:aws:gamelift:us-east-1::matchmakingconfiguration/MyConfig`.
 */
import { invalidRequest, show, unsupportedRegion } from './errors.ts';

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A matchmaking (or backfill) ticket id. */
export type TicketId = Brand<string, 'TicketId'>;
/** A player id as the game sent it. */
export type PlayerId = Brand<string, 'PlayerId'>;
/** The id of a proposed or completed match (`matchId` of the events). */
export type MatchId = Brand<string, 'MatchId'>;

export const asTicketId = (id: string): TicketId => id as TicketId;
export const asPlayerId = (id: string): PlayerId => id as PlayerId;
export const asMatchId = (id: string): MatchId => id as MatchId;

/**
 * An empty record to be keyed by player ids. Null prototype: V8 keeps it a
 * dictionary from the start, where an object literal would get a new hidden
 * class for each new player id (several microseconds a key, measured, and a
 * transition tree that grows with every player the host has ever seen).
 */
export function byPlayerId<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A UUID v4-shaped id drawn from `random` (uniform in [0, 1)). */
export function uuidFrom(random: () => number): string {
  // Eight 16-bit draws, in this order (seeded runs give the ids they always gave), masked for the version and variant.
  const a = draw(random, 0xffff, 0);
  const b = draw(random, 0xffff, 0);
  const c = draw(random, 0xffff, 0);
  const d = draw(random, 0x0fff, 0x4000);
  const e = draw(random, 0x3fff, 0x8000);
  const f = draw(random, 0xffff, 0);
  const g = draw(random, 0xffff, 0);
  const h = draw(random, 0xffff, 0);
  // One flat string from 36 character codes: a template of eight pieces makes a rope that every Map key
  // or comparison flattens again (measured: a uuid keyed into a large Map costs about half as much).
  hex4(a, 0);
  hex4(b, 4);
  hex4(c, 9);
  hex4(d, 14);
  hex4(e, 19);
  hex4(f, 24);
  hex4(g, 28);
  hex4(h, 32);
  return String.fromCharCode.apply(null, UUID_CODES);
}

/** One 16-bit draw masked with `keep` and `set`. */
function draw(random: () => number, keep: number, set: number): number {
  return ((Math.floor(random() * 65536) & keep) | set) & 0xffff;
}

/** Writes the four lowercase hex digits of `value` into `UUID_CODES` at `at`. */
function hex4(value: number, at: number): void {
  UUID_CODES[at] = HEX_CODES[value >> 12]!;
  UUID_CODES[at + 1] = HEX_CODES[(value >> 8) & 15]!;
  UUID_CODES[at + 2] = HEX_CODES[(value >> 4) & 15]!;
  UUID_CODES[at + 3] = HEX_CODES[value & 15]!;
}

/** The character codes of a uuid being written; the dashes stay in place. */
const UUID_CODES: number[] = Array.from('xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx', (char) => char.charCodeAt(0));
const HEX_CODES: readonly number[] = Array.from('0123456789abcdef', (char) => char.charCodeAt(0));

/** `[a-zA-Z0-9-\.]*`: ticket ids, rule set and configuration names. */
const NAME_PATTERN = /^[a-zA-Z0-9\-.]*$/;
/** StartMatchBackfill's `GameSessionArn` pattern, `[a-zA-Z0-9:/-]+`. */
const GAME_SESSION_ARN_PATTERN = /^[a-zA-Z0-9:/-]+$/;

/** Refuses a `TicketId` that breaks the pattern or is longer than 128 characters. */
export function checkTicketId(field: string, ticketId: unknown): string {
  if (typeof ticketId !== 'string') {
    throw invalidRequest(`${field}: expected a string, got ${show(ticketId)}`);
  }
  if (ticketId.length > 128) {
    throw invalidRequest(`${field}: ${show(ticketId)} is longer than 128 characters`);
  }
  if (!isNameText(ticketId)) {
    throw invalidRequest(`${field}: ${show(ticketId)} does not match the pattern [a-zA-Z0-9-\\.]*`);
  }
  return ticketId;
}

/** `NAME_PATTERN.test(text)` as a loop over character codes: several times cheaper than the regex for a short id, on every request. */
function isNameText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const ok = (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 45 || code === 46;
    if (!ok) return false;
  }
  return true;
}

/** Refuses a rule set or configuration `Name` outside 1..128 characters of `[a-zA-Z0-9-\.]`. */
export function checkName(field: string, name: unknown): string {
  if (typeof name !== 'string' || name.length === 0) {
    throw invalidRequest(`${field}: a non-empty string is required, got ${show(name)}`);
  }
  if (name.length > 128 || !NAME_PATTERN.test(name)) {
    throw invalidRequest(
      `${field}: ${show(name)} must be 1 to 128 characters matching the pattern [a-zA-Z0-9-\\.]*`,
    );
  }
  return name;
}

/** Refuses a `GameSessionArn` outside 1..256 characters of `[a-zA-Z0-9:/-]`. */
export function checkGameSessionArn(field: string, arn: unknown): string {
  if (typeof arn !== 'string' || arn.length === 0 || arn.length > 256 || !GAME_SESSION_ARN_PATTERN.test(arn)) {
    throw invalidRequest(
      `${field}: ${show(arn)} must be 1 to 256 characters matching the pattern [a-zA-Z0-9:/-]+`,
    );
  }
  return arn;
}

/** Builds the ARNs of one matchmaker (one region, one account). */
export class ArnFactory {
  constructor(
    readonly region: string,
    readonly accountId: string,
  ) {}

  private arn(resource: string, region = this.region): string {
    return `arn:aws:gamelift:${region}:${this.accountId}:${resource}`;
  }

  configuration(name: string): string {
    return this.arn(`matchmakingconfiguration/${name}`);
  }

  ruleSet(name: string): string {
    return this.arn(`matchmakingruleset/${name}`);
  }

  /** A synthetic game session ARN in `region` (fits the GameSessionArn pattern). */
  gameSession(region: string, id: string): string {
    return this.arn(`gamesession/peermatch/gsess-${id}`, region);
  }

  /**
   * The resource name from a name or an ARN of the given kind: `MyConfig` from
   * `arn:aws:gamelift:us-east-1::matchmakingconfiguration/MyConfig`. An ARN
   * in another region is refused with `UnsupportedRegionException`.
   */
  nameFrom(field: string, nameOrArn: unknown, kind: 'matchmakingconfiguration' | 'matchmakingruleset'): string {
    if (typeof nameOrArn !== 'string' || nameOrArn.length === 0) {
      throw invalidRequest(`${field}: a name or ARN is required, got ${show(nameOrArn)}`);
    }
    if (!nameOrArn.startsWith('arn:')) return checkName(field, nameOrArn);
    const match = /^arn:[^:]*:gamelift:([^:]*):[^:]*:([a-z]+)\/(.*)$/.exec(nameOrArn);
    if (!match || match[2] !== kind) {
      throw invalidRequest(`${field}: ${show(nameOrArn)} is not a ${kind} ARN`);
    }
    if (match[1] !== this.region) {
      throw unsupportedRegion(
        `${field}: ${show(nameOrArn)} is in region "${match[1]}"; this matchmaker runs in "${this.region}"`,
      );
    }
    return checkName(field, match[3]);
  }
}
