/**
 * What party members are told (party-service.ts, party-search.ts): the party
 * as members see it (`PartyView`: no player data, who is connected per the
 * relay) and the `party` notices, each sent to every member's client through
 * the LobbyHost's `send`, after the change was noted (`changed()`).
 */
import { MAX_PARTY_MEMBERS, type PartyChange, type PartyView } from '../net/party-wire.ts';
import type { ClientId, HostToClientMessage } from '../net/protocol.ts';
import type { PartyRecord } from './parties.ts';

/** Who is connected and how to reach a client. */
export interface PartyTellerDeps {
  gone(clientId: string): boolean;
  send(clientId: ClientId, message: HostToClientMessage): void;
}

/** See the file comment. */
export class PartyTeller {
  /** The most members a party may have in this lobby, as last learned from its rule set (for views). */
  maxMembers = MAX_PARTY_MEMBERS;

  constructor(private readonly deps: PartyTellerDeps) {}

  /** The party as members see it. */
  view(party: PartyRecord): PartyView {
    return {
      PartyId: party.partyId,
      PartyCode: party.code,
      LeaderPlayerId: party.leader,
      Members: party.members.map((m) => ({ PlayerId: m.playerId, Ready: m.ready, Connected: !this.deps.gone(m.clientId) })),
      MaxMembers: this.maxMembers,
      Status: party.ticketId === undefined ? 'FORMING' : 'SEARCHING',
      ...(party.ticketId !== undefined ? { TicketId: party.ticketId } : {}),
    };
  }

  /** Tells every member's client what changed, with the party as it is now. */
  tell(party: PartyRecord, change: PartyChange): void {
    const view = this.view(party);
    const clients = new Set(party.members.map((m) => m.clientId));
    for (const clientId of clients) this.deps.send(clientId as ClientId, { type: 'event', event: { kind: 'party', party: view, change } });
  }

  /** Tells a client that is a member no more (it left or was removed): its party is `null`. */
  tellFormer(clientId: string, change: PartyChange): void {
    this.deps.send(clientId as ClientId, { type: 'event', event: { kind: 'party', party: null, change } });
  }
}
