/**
 * The hosts of one live lobby: its primary (the one host that serves the
 * players, once its `registered` or `promoted` frame went out), its standby
 * hosts in the order they joined, with how far the relay forwarded each
 * the primary's replication stream under the current term and how far each
 * acknowledged it (never further than it was forwarded: a standby cannot
 * claim more than it holds to be promoted first), and the term itself.
 * Bookkeeping only: the relay (relay-hosts.ts, host-failover.ts) decides
 * who becomes what and sends the frames.
 */
import { randomBytes } from 'node:crypto';
import { isCount } from '../net/frame-checks.ts';
import type { HostId, JsonObject } from '../net/protocol.ts';
import type { Credential } from './lobby-credentials.ts';
import type { RelayConnection } from './relay-connection.ts';

/** One host connection of a lobby. */
export interface LobbyHost {
  connection: RelayConnection;
  hostId: HostId;
  /** What its registration token proved (a standby credential never makes an owner). */
  credential: Credential;
  /** As a standby: the highest `seq` it acknowledged under the lobby's current term (at most `sentSeq`); `null` before its first such ack. */
  ackedSeq: number | null;
  /** As a standby: the highest `seq` whose last part the relay forwarded it under the lobby's current term; `null` before any. */
  sentSeq: number | null;
}

/** What a host connection is in its lobby now. */
export type HostRole = 'primary' | 'becoming-primary' | 'standby' | 'gone';

/** A new host identity: 16 base64url characters (96 random bits), like a client id. */
export function newHostId(): HostId {
  return randomBytes(12).toString('base64url') as HostId;
}

/** The primary, the standbys and the term of one lobby. */
export class LobbyHosts {
  /** The primary host, serving once `ready`; `null` while the lobby has none. */
  primary: LobbyHost | null = null;
  /** True once the primary was told it is primary (`registered`/`promoted` sent): requests go to it from then on. */
  ready = false;
  /** When the primary last sent anything (any frame), ms. */
  lastHeardMs = 0;
  /** Standby hosts by id, in the order they joined. */
  readonly standbys = new Map<HostId, LobbyHost>();

  constructor(
    /** The lobby's term (from the registry; raised with every new primary). */
    public term: number,
  ) {}

  /** The primary connection when it serves, else `null`. */
  get serving(): RelayConnection | null {
    return this.ready && this.primary !== null ? this.primary.connection : null;
  }

  /** True when no host is connected. */
  get empty(): boolean {
    return this.primary === null && this.standbys.size === 0;
  }

  /** What `connection` is in this lobby now. */
  roleOf(connection: RelayConnection): HostRole {
    if (this.primary?.connection === connection) return this.ready ? 'primary' : 'becoming-primary';
    for (const standby of this.standbys.values()) if (standby.connection === connection) return 'standby';
    return 'gone';
  }

  /** The standby entry of `connection`, if it is one. */
  standbyOf(connection: RelayConnection): LobbyHost | undefined {
    for (const standby of this.standbys.values()) if (standby.connection === connection) return standby;
    return undefined;
  }

  /** Adds a standby (not synced under the current term until it acks what it was forwarded). */
  addStandby(host: LobbyHost): void {
    host.ackedSeq = null;
    host.sentSeq = null;
    this.standbys.set(host.hostId, host);
  }

  /**
   * Makes `host` the primary under `term`, not serving yet (`ready` false):
   * it leaves the standbys, and every standby's acknowledgement (and what
   * it was forwarded) resets, since the new term's stream starts over.
   */
  setPrimary(host: LobbyHost, term: number): void {
    this.standbys.delete(host.hostId);
    this.primary = host;
    this.ready = false;
    this.term = term;
    for (const standby of this.standbys.values()) {
      standby.ackedSeq = null;
      standby.sentSeq = null;
    }
  }

  /**
   * The relay forwarded `message` (a `to-standby` message, opaque JSON) to
   * `standby`: when it is the last part of a `seq` (`{ kind: 'part', seq,
   * index, count }`, index = count - 1, see `toParts` in
   * src/host/replication.ts), the standby may hold that `seq` now. Anything
   * else counts for nothing.
   */
  forwarded(standby: LobbyHost, message: JsonObject): void {
    const seq = lastPartSeq(message);
    if (seq !== undefined) standby.sentSeq = Math.max(standby.sentSeq ?? 0, seq);
  }

  /**
   * Records a standby's `ack` and returns the `seq` it counts for: `seq`
   * clamped to what the standby was forwarded under this term. `undefined`
   * (dropped) when it is of another term, or nothing was forwarded to it
   * under this term (it stays unsynced).
   */
  ack(standby: LobbyHost, term: number, seq: number): number | undefined {
    if (term !== this.term || standby.sentSeq === null) return undefined;
    const held = Math.min(seq, standby.sentSeq);
    standby.ackedSeq = Math.max(standby.ackedSeq ?? 0, held);
    return held;
  }

  /**
   * The standby to promote: among those that acknowledged at least one
   * message under the current term, the one with the highest `ackedSeq`;
   * ties go to the one that joined first. `undefined` when none is synced.
   */
  candidate(): LobbyHost | undefined {
    let best: LobbyHost | undefined;
    for (const standby of this.standbys.values()) {
      if (standby.ackedSeq === null) continue;
      if (best === undefined || standby.ackedSeq > (best.ackedSeq ?? 0)) best = standby;
    }
    return best;
  }
}

/** The `seq` of a replication part that is the last of its `seq`, or `undefined` for anything else. */
function lastPartSeq(message: JsonObject): number | undefined {
  const { kind, seq, index, count } = message;
  if (kind !== 'part' || !isCount(seq) || !isCount(index) || !isCount(count)) return undefined;
  return count >= 1 && index === count - 1 ? seq : undefined;
}
