/**
 * Where a player client remembers who it is between page loads: its relay
 * identity (client id and resume token), its PeerJS id and its active ticket,
 * per lobby and player. Two implementations behind one small interface: an
 * in-memory map (Node, tests) and IndexedDB through idb-keyval (browsers).
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';

/** What one lobby+player remembers. Plain JSON. */
export interface RememberedSession {
  /** Only under the anonymous key of a lobby: the player id generated for a client given none. */
  playerId?: string;
  /** The relay's id for this client (from `joined`). */
  clientId?: string;
  /** The secret that resumes `clientId` after a dropped socket or a reload. */
  resumeToken?: string;
  /** The PeerJS id this player announced with its ticket (reused after a reload so the match can still reach it). */
  peerId?: string;
  /** The ticket this player submitted last and has not seen end. */
  ticketId?: string;
}

/** A small async key-value store of remembered sessions. Implementations never throw on a missing key. */
export interface ClientStorage {
  /** The value under `key`, or `undefined`. */
  get(key: string): Promise<RememberedSession | undefined>;
  /** Replaces the value under `key`. */
  set(key: string, value: RememberedSession): Promise<void>;
  /** Forgets `key`; a missing key is fine. */
  delete(key: string): Promise<void>;
}

/** The storage key of a lobby+player pair. */
export function sessionKey(lobby: string, playerId: string): string {
  return `peermatch:client:${lobby}:${playerId}`;
}

/**
 * A storage in memory. Pass the same `map` to a second client to simulate a
 * page reload in the same browser profile.
 */
export function memoryStorage(map: Map<string, RememberedSession> = new Map()): ClientStorage {
  return {
    get: async (key) => {
      const value = map.get(key);
      return value === undefined ? undefined : { ...value };
    },
    set: async (key, value) => {
      map.set(key, { ...value });
    },
    delete: async (key) => {
      map.delete(key);
    },
  };
}

/**
 * A storage in IndexedDB (idb-keyval), in database `dbName` (default
 * `peermatch-client`). Browsers only: calls fail where there is no `indexedDB`.
 */
export function idbStorage(dbName = 'peermatch-client'): ClientStorage {
  let store: UseStore | undefined;
  // Opened on first use, so that constructing a client never touches IndexedDB.
  const useStore = (): UseStore => (store ??= createStore(dbName, 'sessions'));
  return {
    get: (key) => get<RememberedSession>(key, useStore()),
    set: (key, value) => set(key, value, useStore()),
    delete: (key) => del(key, useStore()),
  };
}

/** IndexedDB where the platform has it, memory elsewhere. */
export function defaultStorage(): ClientStorage {
  return typeof indexedDB === 'undefined' ? memoryStorage() : idbStorage();
}
