/**
 * Where a player client remembers who it is between page loads: its relay
 * identity (client id and resume token), its PeerJS id and its active ticket,
 * per lobby and player. Two implementations behind one small interface: an
 * in-memory map (Node, tests) and IndexedDB through idb-keyval (browsers).
 */
import { assertNever } from '../core/assert-never.ts';
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import type { MatchmakingEvent } from '../core/matchmaker/events.ts';

/**
 * A proposed match of the remembered ticket awaiting acceptance, as this
 * player last saw it: what a reloaded page needs to show the countdown and
 * whether it already accepted (`DescribeMatchmaking` tells neither).
 */
export interface RememberedProposal {
  ticketId: string;
  matchId: string;
  /** When the acceptance window closes, ms since the epoch: the arrival of `PotentialMatchCreated` + `acceptanceTimeout`. */
  deadlineMs: number;
  /** The acceptance window, ms. */
  acceptanceTimeoutMs: number;
  /** Whether this player accepted (its `acceptMatch` ACCEPT went through, or an `AcceptMatch` event said so). */
  accepted: boolean;
}

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
  /** The proposal of `ticketId` awaiting acceptance, if any. */
  proposal?: RememberedProposal;
  /** The party this player is in (party.ts), joined again after a reload. */
  party?: { partyId: string; code: string };
}

/**
 * What the remembered proposal becomes after a FlexMatch event of ticket
 * `ticketId` (player `playerId`), received at `receivedAtMs`: a new one on
 * `PotentialMatchCreated` with acceptance, `accepted` once an `AcceptMatch`
 * says this player accepted, `undefined` once the proposal is over (or the
 * event is about a match without acceptance). Events of other tickets leave
 * `current` as it is.
 */
export function proposalAfter(
  current: RememberedProposal | undefined,
  event: MatchmakingEvent,
  ticketId: string,
  playerId: string,
  receivedAtMs: number,
): RememberedProposal | undefined {
  const detail = event.detail;
  const own = detail.tickets.find((ticket) => ticket.ticketId === ticketId);
  if (!own) return current;
  switch (detail.type) {
    case 'PotentialMatchCreated':
      if (!detail.acceptanceRequired || detail.acceptanceTimeout === undefined) return undefined;
      return { ticketId, matchId: detail.matchId, deadlineMs: receivedAtMs + detail.acceptanceTimeout * 1000, acceptanceTimeoutMs: detail.acceptanceTimeout * 1000, accepted: false };
    case 'AcceptMatch': {
      if (current?.matchId !== detail.matchId) return current;
      const accepted = own.players.some((player) => player.playerId === playerId && player.accepted === true);
      return accepted && !current.accepted ? { ...current, accepted: true } : current;
    }
    case 'MatchmakingSearching':
    case 'AcceptMatchCompleted':
    case 'MatchmakingSucceeded':
    case 'MatchmakingTimedOut':
    case 'MatchmakingCancelled':
    case 'MatchmakingFailed':
      return undefined;
    default:
      return assertNever(detail, 'proposalAfter event');
  }
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
