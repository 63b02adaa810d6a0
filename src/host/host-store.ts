/**
 * Where a lobby host keeps its state between runs, behind one tiny interface
 * with three implementations: in memory (tests), IndexedDB through
 * idb-keyval (host-store-idb.ts, browsers) and a JSON file
 * (host-store-file.ts, Node). `HostState` is everything a host needs to come
 * back without losing or re-aging a ticket: the Matchmaker snapshot (tickets
 * keep their StartTime; proposals their acceptance deadline), the ledger
 * (who owns which ticket, the game hosts) and the lobby token.
 */
import type { MatchmakerSnapshot } from '../core/matchmaker/index.ts';
import type { LedgerState } from './ledger.ts';
import type { LobbyHostSettings } from './player-standbys.ts';
import type { AnswerRecord } from './recent-answers.ts';

export const HOST_STATE_FORMAT = 'peermatch.host';
export const HOST_STATE_VERSION = 1;

/** A lobby host's persisted state. Plain JSON. */
export interface HostState {
  format: typeof HOST_STATE_FORMAT;
  version: typeof HOST_STATE_VERSION;
  /** The lobby this state belongs to. */
  lobby: string;
  /** The secret the server issued at the first `register`; re-registering with it reclaims the lobby. */
  token?: string;
  /**
   * The last term this host served the lobby under as primary: registering
   * with it tells the relay whether this state is the newest (recent-answers.ts,
   * replication.ts). Absent before the first registration as primary.
   */
  term?: number;
  /**
   * The relay's proof that this host was primary under `term` (`registered`,
   * `promoted`): sent with it, it makes a restarted host primary again while
   * no primary is connected, even with a standby credential. Absent in older
   * states (the lobby token alone still does it).
   */
  termProof?: string;
  /** When it was saved (ms since the epoch); informational. */
  savedAtMs: number;
  snapshot: MatchmakerSnapshot;
  ledger: LedgerState;
  /** Answers to recent requests that changed something (recent-answers.ts); absent in older states. */
  answers?: AnswerRecord[];
  /** The lobby's settings (player-standbys.ts); absent in older states and when every setting is off. */
  settings?: LobbyHostSettings;
}

/** Loads and saves one lobby's `HostState`. */
export interface HostStore {
  /** The saved state, or `undefined` when nothing was saved yet. Rejects when the stored value cannot be read. */
  load(): Promise<HostState | undefined>;
  /** Replaces the saved state. */
  save(state: HostState): Promise<void>;
}

/**
 * Refuses a loaded value that is not a `HostState` of this version, or that
 * belongs to another lobby, with an `InvalidRequestException` naming the field.
 */
export function checkHostState(value: unknown, lobby: string): HostState {
  const state = value as Partial<HostState> | null;
  const fail = (message: string): never => {
    const error = new Error(`host state: ${message}`);
    error.name = 'InvalidRequestException';
    throw error;
  };
  if (typeof state !== 'object' || state === null || state.format !== HOST_STATE_FORMAT) {
    return fail(`format: expected "${HOST_STATE_FORMAT}", got ${JSON.stringify(state?.format)}`);
  }
  if (state.version !== HOST_STATE_VERSION) return fail(`version: ${JSON.stringify(state.version)} is not supported`);
  if (state.lobby !== lobby) return fail(`lobby: saved for ${JSON.stringify(state.lobby)}, not ${JSON.stringify(lobby)}`);
  if (typeof state.snapshot !== 'object' || state.snapshot === null) return fail('snapshot: missing');
  if (typeof state.ledger !== 'object' || state.ledger === null) return fail('ledger: missing');
  return state as HostState;
}

/**
 * A store in memory; pass the same `cell` to a second host to simulate a
 * restart. It keeps the state it is given as it is (a host never changes a
 * state after saving it: each save is a new object, whose unchanged parts
 * may be shared with the previous one), so a save costs nothing however
 * large the lobby; `load` hands out a copy.
 */
export function memoryHostStore(cell: { state?: HostState } = {}): HostStore & { readonly cell: { state?: HostState } } {
  return {
    cell,
    load: async () => (cell.state === undefined ? undefined : structuredClone(cell.state)),
    save: async (state) => {
      cell.state = state;
    },
  };
}
