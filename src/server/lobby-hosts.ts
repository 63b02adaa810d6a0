/**
 * The hosts of one live lobby: its primary (the one host that serves the
 * players, once its `registered` or `promoted` frame went out), its standby
 * hosts in the order they joined, with how far each acknowledged the
 * primary's replication stream under the current term, and the term itself.
 * Bookkeeping only: the relay (relay-hosts.ts, host-failover.ts) decides
 * who becomes what and sends the frames.
 */
import { randomBytes } from 'node:crypto';
import type { HostId } from '../net/protocol.ts';
import type { Credential } from './lobby-credentials.ts';
import type { RelayConnection } from './relay-connection.ts';

/** One host connection of a lobby. */
export interface LobbyHost {
  connection: RelayConnection;
  hostId: HostId;
  /** What its registration token proved (a standby credential never makes an owner). */
  credential: Credential;
  /** As a standby: the highest `seq` it acknowledged under the lobby's current term; `null` before its first such ack. */
  ackedSeq: number | null;
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

  /** Adds a standby (not synced under the current term until it acks). */
  addStandby(host: LobbyHost): void {
    host.ackedSeq = null;
    this.standbys.set(host.hostId, host);
  }

  /**
   * Makes `host` the primary under `term`, not serving yet (`ready` false):
   * it leaves the standbys, and every standby's acknowledgement resets,
   * since the new term's stream starts over.
   */
  setPrimary(host: LobbyHost, term: number): void {
    this.standbys.delete(host.hostId);
    this.primary = host;
    this.ready = false;
    this.term = term;
    for (const standby of this.standbys.values()) standby.ackedSeq = null;
  }

  /** Records a standby's `ack`; false (dropped) when it is of another term. */
  ack(standby: LobbyHost, term: number, seq: number): boolean {
    if (term !== this.term) return false;
    standby.ackedSeq = Math.max(standby.ackedSeq ?? 0, seq);
    return true;
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
