/**
 * The lobby host's party registry: which parties exist, their code, leader,
 * members (by PlayerId, each with the relay client it acts from, its ready
 * mark and its own player data) and the ticket a party searches with. Plain
 * data in, plain JSON out (`toJSON` / `Parties.from`): it is part of the
 * host's persisted ledger state, so parties survive a host reload and are
 * replicated to standby hosts with the tickets. Rules (who may do what) are
 * party-service.ts's; this file only keeps the records consistent.
 */
import type { PartyPlayerData } from '../net/party-wire.ts';

/** One member: its player, the relay client it acts from (re-bound after a reload), its ready mark and data. */
export interface PartyMemberRecord {
  playerId: string;
  clientId: string;
  ready: boolean;
  player: PartyPlayerData;
}

/** One party. `members[0]` joined first; order is kept (the next leader is the longest member). */
export interface PartyRecord {
  partyId: string;
  code: string;
  leader: string;
  members: PartyMemberRecord[];
  /** The party's ticket while it searches (cleared when the ticket ends). */
  ticketId?: string;
  /** Members who declined the party ticket's current proposal (told to the party when the ticket ends). */
  declined?: string[];
}

/** The registry as plain JSON (`LedgerState.parties`). */
export interface PartiesState {
  parties: PartyRecord[];
}

/** See the file comment. Maps inside: ids come from the network. */
export class Parties {
  private readonly byId = new Map<string, PartyRecord>();

  /** A registry from `toJSON()`'s output; a missing or malformed state is an empty registry. */
  static from(state: PartiesState | undefined): Parties {
    const parties = new Parties();
    for (const party of Array.isArray(state?.parties) ? state.parties : []) {
      if (!isPartyRecord(party)) continue; // an imported state is untrusted: a record that is not one is dropped
      parties.byId.set(party.partyId, {
        partyId: party.partyId,
        code: party.code,
        leader: party.leader,
        members: party.members.map(({ playerId, clientId, ready, player }) => ({ playerId, clientId, ready: ready === true, player: structuredClone(player ?? {}) })),
        ...(party.ticketId !== undefined ? { ticketId: party.ticketId } : {}),
        ...(party.declined?.length ? { declined: [...party.declined] } : {}),
      });
    }
    return parties;
  }

  toJSON(): PartiesState {
    return JSON.parse(JSON.stringify({ parties: [...this.byId.values()] })) as PartiesState;
  }

  get(partyId: string): PartyRecord | undefined {
    return this.byId.get(partyId);
  }

  /** The party of a code (codes compare upper-cased). */
  byCode(code: string): PartyRecord | undefined {
    const wanted = code.toUpperCase();
    for (const party of this.byId.values()) if (party.code === wanted) return party;
    return undefined;
  }

  /** The party `playerId` is a member of (a player is in one party at most). */
  ofPlayer(playerId: string): PartyRecord | undefined {
    for (const party of this.byId.values()) if (party.members.some((m) => m.playerId === playerId)) return party;
    return undefined;
  }

  /** The party searching with `ticketId`. */
  ofTicket(ticketId: string): PartyRecord | undefined {
    for (const party of this.byId.values()) if (party.ticketId === ticketId) return party;
    return undefined;
  }

  /** The parties with a member acting from `clientId`. */
  ofClient(clientId: string): PartyRecord[] {
    return [...this.byId.values()].filter((party) => party.members.some((m) => m.clientId === clientId));
  }

  /** Adds a party led by its one member. */
  create(partyId: string, code: string, leader: PartyMemberRecord): PartyRecord {
    const party: PartyRecord = { partyId, code: code.toUpperCase(), leader: leader.playerId, members: [leader] };
    this.byId.set(partyId, party);
    return party;
  }

  /** Removes a member; the longest member leads a party whose leader left; an empty party is gone. */
  removeMember(party: PartyRecord, playerId: string): void {
    party.members = party.members.filter((m) => m.playerId !== playerId);
    if (party.members.length === 0) {
      this.byId.delete(party.partyId);
      return;
    }
    if (party.leader === playerId) party.leader = party.members[0]!.playerId;
  }

  /** Every party. */
  all(): PartyRecord[] {
    return [...this.byId.values()];
  }

  /** How many parties there are. */
  get size(): number {
    return this.byId.size;
  }

  /** Drops every party `abandoned` says is; returns how many went. */
  dropWhere(abandoned: (party: PartyRecord) => boolean): number {
    let dropped = 0;
    for (const [id, party] of this.byId) {
      if (!abandoned(party)) continue;
      this.byId.delete(id);
      dropped++;
    }
    return dropped;
  }

  /** Whether a code is taken. */
  hasCode(code: string): boolean {
    return this.byCode(code) !== undefined;
  }
}

function isPartyRecord(value: unknown): value is PartyRecord {
  const party = value as Partial<PartyRecord> | null;
  return (
    typeof party === 'object' &&
    party !== null &&
    typeof party.partyId === 'string' &&
    typeof party.code === 'string' &&
    typeof party.leader === 'string' &&
    Array.isArray(party.members) &&
    party.members.every((m) => typeof m?.playerId === 'string' && typeof m.clientId === 'string')
  );
}
