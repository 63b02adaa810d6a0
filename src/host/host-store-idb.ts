/**
 * `HostStore` in IndexedDB through idb-keyval, for a host tab: one key per
 * lobby in database `peermatch-host`, object store `state`. Browsers only.
 */
import { createStore, get, set, type UseStore } from 'idb-keyval';
import { checkHostState, type HostState, type HostStore } from './host-store.ts';

/** The IndexedDB database of a primary tab's state. */
export const HOST_DATABASE = 'peermatch-host';
/** The IndexedDB database of a standby tab's replica (apart, so a primary and a standby tab of one browser never share a state). */
export const STANDBY_HOST_DATABASE = 'peermatch-host-standby';

/** The key a lobby's state is saved under. */
export function hostStateKey(lobby: string): string {
  return `peermatch:host:${lobby}`;
}

/**
 * The IndexedDB store of `lobby`'s state. The database opens on first use;
 * `load` rejects with `InvalidRequestException` when the stored value is not
 * this lobby's `HostState`.
 */
export function idbHostStore(lobby: string, dbName = HOST_DATABASE): HostStore {
  let store: UseStore | undefined;
  const useStore = (): UseStore => (store ??= createStore(dbName, 'state'));
  return {
    async load() {
      const value = await get<unknown>(hostStateKey(lobby), useStore());
      return value === undefined ? undefined : checkHostState(value, lobby);
    },
    save: (state: HostState) => set(hostStateKey(lobby), state, useStore()),
  };
}
