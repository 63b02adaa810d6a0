/**
 * A party's search on the lobby host: queues the party as one FlexMatch
 * ticket holding every member's own player data (owned by the leader's
 * client, each player by its member's client, so every member gets the
 * ticket's events and hand-off), lets each member accept or decline for its
 * own player only, and ends the search when a member declines, leaves, is
 * removed, is not ready any more, stops it, or drops from the relay, telling
 * the party who and why (party-notices.ts). The membership rules are
 * party-service.ts's.
 */
import type { MatchmakingEvent, Player } from '../core/matchmaker/index.ts';
import { awsError, show } from '../core/matchmaker/errors.ts';
import { isActiveStatus, SEAT_HELD_MARK, TICKET_ENDING_EVENTS } from '../core/ticket-lifecycle.ts';
import type { PartyOps } from '../net/party-wire.ts';
import type { ClientId } from '../net/protocol.ts';
import type { PartyMemberRecord, PartyRecord } from './parties.ts';
import type { PartyTeller } from './party-notices.ts';
import type { PartyServiceDeps } from './party-deps.ts';

/** See the file comment. */
export class PartySearch {
  constructor(
    private readonly deps: PartyServiceDeps,
    private readonly teller: PartyTeller,
    private readonly newId: (prefix: string, length: number) => string,
  ) {}

  /**
   * Queues `party` for its leader's client `clientId` (the service checked
   * both) as one ticket holding every member's own player data, at most
   * `limit.max` members.
   */
  async start(clientId: ClientId, party: PartyRecord, input: PartyOps['startPartyMatchmaking']['input'], limit: { max: number; why: string }): Promise<unknown> {
    if (party.ticketId !== undefined) throw awsError('InvalidRequestException', `PartyId: party ${show(party.code)} is searching already (ticket ${show(party.ticketId)})`);
    const notReady = party.members.filter((m) => !m.ready).map((m) => m.playerId);
    if (notReady.length > 0) throw awsError('InvalidRequestException', `PartyId: every member must be ready first; not ready: ${notReady.join(', ')}`);
    const away = party.members.filter((m) => this.deps.gone(m.clientId)).map((m) => m.playerId);
    if (away.length > 0) throw awsError('InvalidRequestException', `PartyId: every member must be connected; not connected: ${away.join(', ')}`);
    const { max, why } = limit;
    if (party.members.length > max) {
      throw awsError('InvalidRequestException', `PartyId: party ${show(party.code)} has ${party.members.length} members, more than the limit of ${max} (${why})`);
    }
    const players: Player[] = [];
    for (const [index, member] of party.members.entries()) {
      if (member.player.PeerId === undefined) {
        throw awsError('InvalidRequestException', `Players[${index}].PeerId: member ${show(member.playerId)} sent no PeerJS id of its client`);
      }
      await this.refuseActiveTicket(member, index);
      players.push({ PlayerId: member.playerId, ...structuredClone(member.player) });
    }
    const ticketId = input.TicketId ?? this.newId(`${party.partyId}-`, 8);
    let output;
    try {
      output = await this.deps.matchmaker.startMatchmaking({ ConfigurationName: this.deps.configurationName, TicketId: ticketId, Players: players });
    } catch (error) {
      throw namingMembers(error, party);
    }
    const clients = new Map(party.members.map((m) => [m.playerId, m.clientId]));
    this.deps.ledger.addTicket(ticketId, clientId, players.map((p) => p.PlayerId), (playerId) => clients.get(playerId) ?? clientId);
    party.ticketId = ticketId;
    delete party.declined;
    this.deps.changed();
    this.teller.tell(party, { type: 'searching', playerId: party.leader, message: `${party.leader} started the search` });
    return output;
  }

  /** Refuses a member who is in an active ticket already (its own solo search, or a seat another connected client holds). */
  private async refuseActiveTicket(member: PartyMemberRecord, index: number): Promise<void> {
    const known = this.deps.ledger.player(member.playerId);
    if (!known) return;
    const { TicketList } = await this.deps.matchmaker.describeMatchmaking({ TicketIds: [known.ticketId] });
    if (!TicketList.some((ticket) => isActiveStatus(ticket.Status))) return;
    if (known.clientId === member.clientId) {
      throw awsError('InvalidRequestException', `Players[${index}].PlayerId: member ${show(member.playerId)} is searching in its own ticket ${show(known.ticketId)}; it stops that search first`);
    }
    if (!this.deps.gone(known.clientId)) {
      throw awsError('InvalidRequestException', `Players[${index}].PlayerId: player ${show(member.playerId)} is in active ticket ${show(known.ticketId)} ${SEAT_HELD_MARK} (one player, one seat)`);
    }
  }

  /** Refuses a solo ticket naming a member of a searching party (the core would cancel the party's ticket). */
  refuseSearchingMember(playerId: string, index: number): void {
    const party = this.deps.parties.ofPlayer(playerId);
    if (party?.ticketId === undefined) return;
    throw awsError('InvalidRequestException', `Players[${index}].PlayerId: player ${show(playerId)} is searching with party ${show(party.code)}; leave the party or stop its search first`);
  }

  /** Whether `ticketId` is a party's ticket now. */
  isPartyTicket(ticketId: unknown): boolean {
    return typeof ticketId === 'string' && this.deps.parties.ofTicket(ticketId) !== undefined;
  }

  /** Whether `clientId` acts for a member of the party searching with `ticketId`. */
  isTicketMember(clientId: ClientId, ticketId: unknown): boolean {
    const party = typeof ticketId === 'string' ? this.deps.parties.ofTicket(ticketId) : undefined;
    return party?.members.some((m) => m.clientId === clientId) ?? false;
  }

  /**
   * `acceptMatch` on a party ticket: each member accepts or declines for its
   * own player only (the leader too). Refuses anything else; notes a decline.
   */
  checkAcceptance(clientId: ClientId, ticketId: string, playerIds: unknown, acceptanceType: unknown): void {
    const party = this.deps.parties.ofTicket(ticketId)!;
    if (!Array.isArray(playerIds) || playerIds.length === 0) return; // the Matchmaker refuses it, naming the field
    playerIds.forEach((playerId: unknown, index) => {
      const member = party.members.find((m) => m.playerId === playerId);
      if (member?.clientId !== clientId) {
        throw awsError('InvalidRequestException', `PlayerIds[${index}]: player ${show(playerId)} is not this client's player in party ticket ${show(ticketId)}; each member accepts for itself`);
      }
    });
    if (acceptanceType === 'REJECT') party.declined = [...new Set([...(party.declined ?? []), ...(playerIds as string[])])];
  }

  /** A ticket event: a party whose ticket ended is not searching any more, and is told why. */
  onTicketEvent(event: MatchmakingEvent): void {
    const detail = event.detail;
    if (!TICKET_ENDING_EVENTS.has(detail.type)) return;
    for (const ticket of detail.tickets) {
      const party = this.deps.parties.ofTicket(ticket.ticketId);
      if (!party) continue;
      delete party.ticketId;
      const declined = party.declined ?? [];
      delete party.declined;
      // A match clears the ready marks (the next round needs everyone ready again); the rest keeps them.
      if (detail.type === 'MatchmakingSucceeded') for (const member of party.members) member.ready = false;
      const message = endOfSearch(detail, declined);
      this.deps.changed();
      const decliner = detail.type === 'MatchmakingFailed' && detail.reason === 'REJECTED' ? declined[0] : undefined;
      this.teller.tell(party, { type: 'search-ended', ...(decliner !== undefined ? { playerId: decliner } : {}), message });
    }
  }

  /** `stopMatchmaking` of a party ticket by one of its members: the party is told who stopped it. */
  async stopByMember(clientId: ClientId, ticketId: string): Promise<void> {
    const party = this.deps.parties.ofTicket(ticketId)!;
    const member = party.members.find((m) => m.clientId === clientId)!;
    await this.stop(party, member.playerId, `${member.playerId} stopped the search`);
  }

  /** The relay says `clientId` left: a searching party of its member stops, the others are told who and why. */
  async clientLeft(clientId: ClientId): Promise<void> {
    for (const party of this.deps.parties.ofClient(clientId)) {
      for (const member of party.members.filter((m) => m.clientId === clientId)) {
        const why = `${member.playerId} left the lobby (its client disconnected)`;
        if (party.ticketId !== undefined) await this.stop(party, member.playerId, `${why} while searching; the search is stopped`);
        else this.teller.tell(party, { type: 'member-away', playerId: member.playerId, message: why });
      }
    }
  }

  /**
   * The relay said who is connected (`registered`: after a host restart or a
   * failover, when departures meanwhile were not reported one by one): a
   * searching party with a member gone stops, like on `client-left`.
   */
  async clientsKnown(): Promise<void> {
    for (const party of this.deps.parties.all()) {
      const gone = party.ticketId === undefined ? undefined : party.members.find((m) => this.deps.gone(m.clientId));
      if (gone) await this.stop(party, gone.playerId, `${gone.playerId} left the lobby (its client disconnected) while searching; the search is stopped`);
    }
  }

  /** The relay says `clientId` is back: its parties are told. */
  clientBack(clientId: ClientId): void {
    for (const party of this.deps.parties.ofClient(clientId)) {
      for (const member of party.members.filter((m) => m.clientId === clientId)) {
        this.teller.tell(party, { type: 'member-back', playerId: member.playerId, message: `${member.playerId} is back` });
      }
    }
  }

  /** Stops a searching party's ticket and tells the party who and why (no-op when not searching). */
  async stop(party: PartyRecord, playerId: string, message: string): Promise<void> {
    const ticketId = party.ticketId;
    if (ticketId === undefined) return;
    // Cleared first, so the ticket's own MatchmakingCancelled is not told a second time with less detail.
    delete party.ticketId;
    delete party.declined;
    try {
      await this.deps.matchmaker.stopMatchmaking({ TicketId: ticketId });
    } catch {
      // The ticket ended meanwhile (matched, timed out): the party is not searching either way.
    }
    this.deps.changed();
    this.teller.tell(party, { type: 'search-ended', playerId, message });
  }
}

/** Why a party's search ended, in words for its members. */
function endOfSearch(detail: MatchmakingEvent['detail'], declined: readonly string[]): string {
  const back = 'the party is ready, not searching';
  switch (detail.type) {
    case 'MatchmakingSucceeded':
      return 'the party was matched';
    case 'MatchmakingTimedOut':
      return `the search timed out; ${back}`;
    case 'MatchmakingCancelled':
      return `the search was stopped (${detail.message}); ${back}`;
    case 'MatchmakingFailed':
      // `declined` was noted as each member answered; only a REJECTED ticket was declined by its own players.
      if (detail.reason === 'REJECTED') return declined.length > 0 ? `${declined.join(', ')} declined the match; ${back}` : `the match was declined (${detail.message}); ${back}`;
      if (detail.reason === 'ACCEPTANCE_TIMED_OUT') return `the match was not accepted in time; ${back}`;
      return `the search failed (${detail.message}); ${back}`;
    default:
      return `the search ended; ${back}`;
  }
}

/** A Matchmaker refusal of the party ticket, with the member behind `Players[i]` named. */
function namingMembers(error: unknown, party: PartyRecord): unknown {
  if (!(error instanceof Error)) return error;
  const match = /Players\[(\d+)\]/.exec(error.message);
  const member = match ? party.members[Number(match[1])] : undefined;
  if (member) error.message = `party member ${show(member.playerId)}: ${error.message}`;
  return error;
}
