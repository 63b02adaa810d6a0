/**
 * Budgets that outlive a connection, so that reconnecting resets nothing:
 *
 * - frames per client identity (a resumed identity keeps its bucket);
 * - frames per IP address (every client connection from it together);
 * - connection attempts per address, with a growing block (1 s, 2 s, 4 s ...
 *   up to `maxBlockMs`) after each connection closed for abuse; a blocked
 *   address is refused at the WebSocket upgrade with HTTP 429 and `Retry-After`;
 * - lobby creations per address.
 *
 * Entries are forgotten once their buckets are full again and no block is
 * pending (`sweep`, from the relay's heartbeat), so the maps stay bounded by
 * the clients active in the last minute or so.
 */
import type { Duplex } from 'node:stream';
import { TokenBucket } from './rate-limit.ts';
import type { RelayLimits } from './relay-limits.ts';

/** What is known about one address. */
interface AddressRecord {
  frames: TokenBucket;
  connects: TokenBucket;
  lobbies: TokenBucket;
  /** Abusive closes in a row (reset after `maxBlockMs` without one). */
  strikes: number;
  lastStrikeAtMs: number;
  blockedUntilMs: number;
  /** Upgrades refused (429) during the current block; after the first, connections are cut unread. */
  refusedInBlock: number;
}

/** Answer of `admit`: go ahead, or come back after `retryAfterMs`. */
export type Admission = { ok: true } | { ok: false; retryAfterMs: number; reason: string };

/** Per-address and per-identity budgets of the relay. */
export class AbuseLimits {
  private readonly addresses = new Map<string, AddressRecord>();
  private readonly identities = new Map<string, TokenBucket>();

  constructor(
    private readonly limits: RelayLimits,
    private readonly now: () => number,
  ) {}

  /** Whether a new connection from `address` may be accepted now (and counts the attempt). */
  admit(address: string): Admission {
    const record = this.address(address);
    const nowMs = this.now();
    if (record.blockedUntilMs > nowMs) {
      record.refusedInBlock += 1;
      return { ok: false, retryAfterMs: record.blockedUntilMs - nowMs, reason: `${address} was closed for abuse ${record.strikes} time(s) in a row` };
    }
    if (!record.connects.take()) {
      const retryAfterMs = Math.ceil(1000 / this.limits.connectsPerSecondPerAddress);
      return { ok: false, retryAfterMs, reason: `more than ${this.limits.connectsPerSecondPerAddress} connections per second from ${address}` };
    }
    return { ok: true };
  }

  /** A connection from `address` was closed for abuse: block the address for 1 s, then 2 s, 4 s ... */
  strike(address: string): number {
    const record = this.address(address);
    const nowMs = this.now();
    if (nowMs - record.lastStrikeAtMs > this.limits.maxBlockMs) record.strikes = 0;
    record.strikes += 1;
    record.lastStrikeAtMs = nowMs;
    const blockMs = Math.min(this.limits.maxBlockMs, 1000 * 2 ** Math.min(20, record.strikes - 1));
    record.blockedUntilMs = nowMs + blockMs;
    record.refusedInBlock = 0;
    return blockMs;
  }

  /**
   * True when a new TCP connection from `address` may be cut before it is
   * even read: the address is blocked and was already told so (429 with
   * `Retry-After`) during this block. Reading and answering an HTTP request
   * costs the server about a millisecond; cutting it, a small fraction.
   */
  cutsEarly(address: string): boolean {
    const record = this.addresses.get(address);
    return record !== undefined && record.refusedInBlock > 0 && record.blockedUntilMs > this.now();
  }

  /** Takes one frame from `address`'s shared budget; false when it is spent. */
  takeAddressFrame(address: string): boolean {
    return this.address(address).frames.take();
  }

  /** The frame budget of one client identity in one lobby (the same bucket on every reconnect). */
  identityBucket(lobby: string, clientId: string): TokenBucket {
    const key = `${lobby}\n${clientId}`;
    let bucket = this.identities.get(key);
    if (!bucket) {
      bucket = new TokenBucket(this.limits.clientFramesPerSecond, this.limits.clientFrameBurst, this.now);
      this.identities.set(key, bucket);
    }
    return bucket;
  }

  /** Takes one lobby creation from `address`'s budget; false when it is spent. */
  takeLobbyCreation(address: string): boolean {
    return this.address(address).lobbies.take();
  }

  /** Forgets addresses and identities whose budgets are full again and which are not blocked. */
  sweep(): void {
    const nowMs = this.now();
    for (const [address, record] of this.addresses) {
      const rested =
        record.frames.available() >= this.limits.addressFrameBurst &&
        record.connects.available() >= this.limits.connectBurstPerAddress &&
        record.lobbies.available() >= this.limits.lobbyCreationBurstPerAddress;
      if (rested && record.blockedUntilMs <= nowMs && nowMs - record.lastStrikeAtMs > this.limits.maxBlockMs) this.addresses.delete(address);
    }
    for (const [key, bucket] of this.identities) if (bucket.available() >= this.limits.clientFrameBurst) this.identities.delete(key);
  }

  /** Addresses and identities tracked now (for tests and health checks). */
  get tracked(): { addresses: number; identities: number } {
    return { addresses: this.addresses.size, identities: this.identities.size };
  }

  private address(address: string): AddressRecord {
    let record = this.addresses.get(address);
    if (!record) {
      const { limits, now } = this;
      record = {
        frames: new TokenBucket(limits.addressFramesPerSecond, limits.addressFrameBurst, now),
        connects: new TokenBucket(limits.connectsPerSecondPerAddress, limits.connectBurstPerAddress, now),
        lobbies: new TokenBucket(limits.lobbyCreationsPerMinutePerAddress / 60, limits.lobbyCreationBurstPerAddress, now),
        strikes: 0,
        lastStrikeAtMs: Number.NEGATIVE_INFINITY,
        blockedUntilMs: 0,
        refusedInBlock: 0,
      };
      this.addresses.set(address, record);
    }
    return record;
  }
}

/** Answers a refused WebSocket upgrade with HTTP 429 and `Retry-After` (whole seconds), and closes the socket. */
export function refuseUpgrade(socket: Duplex, refusal: { retryAfterMs: number; reason: string }): void {
  const seconds = Math.max(1, Math.ceil(refusal.retryAfterMs / 1000));
  const body = `${refusal.reason}; retry after ${seconds} s\n`;
  socket.end(`HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${seconds}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

/**
 * The key the relay counts an address under: an IPv4 address (also when
 * IPv4-mapped, `::ffff:1.2.3.4`) as it is, an IPv6 address by its /64 prefix,
 * since one subscriber usually holds a whole /64 and could rotate through it.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.split('%')[0]!.toLowerCase().split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? left : [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
