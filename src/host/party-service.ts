/**
 * The lobby host's party rules: serves the party operations (party-wire.ts)
 * with the same ownership style as tickets (only members see a party, only
 * the leader queues it or removes a member, nobody acts for another member),
 * queues a party as one FlexMatch ticket holding every member's own player
 * data, routes that ticket to every member, lets each member accept for its
 * own player only, and tells the party what happened (`party` notices: who
 * joined, who declined, who left while searching and why).
 *
 * State lives in `Parties` (persisted with the ledger); every change calls
 * `changed()` before its notices go to `send`, so notices wait for the save
 * like every other message. Runs inside the LobbyHost's request queue.
 */
import type { MatchmakingEvent, Player } from '../core/matchmaker/index.ts';
import { awsError, show } from '../core/matchmaker/errors.ts';
import { isActiveStatus, SEAT_HELD_MARK, TICKET_ENDING_EVENTS } from '../core/ticket-lifecycle.ts';
import { MAX_PARTY_MEMBERS, PARTY_CODE_ALPHABET, PARTY_CODE_LENGTH, type PartyChange, type PartyOps, type PartyView } from '../net/party-wire.ts';
import type { ClientId, HostToClientMessage } from '../net/protocol.ts';
import type { Ledger } from './ledger.ts';
import type { MatchmakerLike } from './matchmaker-like.ts';
import { Parties, type PartyMemberRecord, type PartyRecord } from './parties.ts';
import { booleanOf, partyCodeOf, partyIdOf, playerDataOf, playerIdOf } from './party-input.ts';

/**
 * The most parties one lobby keeps. At the limit, parties whose members have
 * all left the relay are dropped to make room; a lobby full of live parties
 * refuses new ones (the host's state must stay small enough to save often).
 */
export const MAX_PARTIES_PER_LOBBY = 5000;

/** A party request as the LobbyHost hands it over. */
export type PartyRequest = { [Op in keyof PartyOps]: { op: Op; input: PartyOps[Op]['input'] } }[keyof PartyOps];

/** What the party service needs from its LobbyHost. */
export interface PartyServiceDeps {
  parties: Parties;
  ledger: Ledger;
  matchmaker: MatchmakerLike;
  configurationName: string;
  /** Whether the relay says a client is gone (false while it has said nothing). */
  gone(clientId: string): boolean;
  /** The most players of the lobby's largest team, when known. */
  largestTeam(): Promise<number | undefined>;
  send(clientId: ClientId, message: HostToClientMessage): void;
  changed(): void;
  random(): number;
  /** The most parties kept (default `MAX_PARTIES_PER_LOBBY`). */
  maxParties?: number;
}

/** See the file comment. */
export class PartyService {
  constructor(private readonly deps: PartyServiceDeps) {}

  /** Serves one party operation for `clientId`; throws the refusal. */
  async serve(clientId: ClientId, request: PartyRequest): Promise<unknown> {
    await this.maxMembers(); // keeps the views' MaxMembers in step with the lobby's rule set
    switch (request.op) {
      case 'createParty':
        return this.create(clientId, request.input);
      case 'joinParty':
        return this.join(clientId, request.input);
      case 'describeParty':
        return { Party: this.view(this.memberParty(clientId, request.input.PartyId)) };
      case 'leaveParty':
        return this.leave(clientId, request.input);
      case 'removePartyMember':
        return this.remove(clientId, request.input);
      case 'changePartyLeader':
        return this.changeLeader(clientId, request.input);
      case 'setPartyReady':
        return this.setReady(clientId, request.input);
      case 'startPartyMatchmaking':
        return this.queue(clientId, request.input);
      default:
        throw awsError('InvalidRequestException', `op: ${show((request as { op?: unknown }).op)} is not a party operation`);
    }
  }

  /** The party as plain JSON, for the host's persisted state. */
  toJSON(): ReturnType<Parties['toJSON']> {
    return this.deps.parties.toJSON();
  }

  // --- Ownership -------------------------------------------------------------

  /** The party `partyId` when `clientId` acts for one of its members; else `NotFoundException` (existence not revealed). */
  private memberParty(clientId: ClientId, partyId: unknown): PartyRecord {
    const id = partyIdOf(partyId);
    const party = this.deps.parties.get(id);
    if (!party || !party.members.some((m) => m.clientId === clientId)) {
      throw awsError('NotFoundException', `PartyId: this client is in no party ${show(id)}`);
    }
    return party;
  }

  /** The member `playerId` when `clientId` acts for it; refuses acting for another member. */
  private ownMember(clientId: ClientId, party: PartyRecord, playerId: unknown): PartyMemberRecord {
    const id = playerIdOf(playerId);
    const member = party.members.find((m) => m.playerId === id);
    if (!member) throw awsError('InvalidRequestException', `PlayerId: player ${show(id)} is not a member of party ${show(party.code)}`);
    if (member.clientId !== clientId) {
      throw awsError('InvalidRequestException', `PlayerId: player ${show(id)} is another member of party ${show(party.code)}; a member acts only for itself`);
    }
    return member;
  }

  /** Refuses a caller that is not the leader's client. */
  private leaderOnly(clientId: ClientId, party: PartyRecord, action: string): void {
    const leader = party.members.find((m) => m.playerId === party.leader);
    if (leader?.clientId !== clientId) {
      throw awsError('InvalidRequestException', `PartyId: only the leader ${show(party.leader)} of party ${show(party.code)} may ${action}`);
    }
  }

  /** The most members a party may have here: 10, or the largest team when smaller. */
  private async maxMembers(): Promise<{ max: number; why: string }> {
    const team = await this.deps.largestTeam();
    if (team !== undefined && team < MAX_PARTY_MEMBERS) {
      this.maxKnown = team;
      return { max: team, why: `the largest team of this lobby's rule set holds ${team} players` };
    }
    this.maxKnown = MAX_PARTY_MEMBERS;
    return { max: MAX_PARTY_MEMBERS, why: `a FlexMatch ticket holds at most ${MAX_PARTY_MEMBERS} players` };
  }

  /** Refuses a player who is in a party already (unless re-joining its own), or whose seat another connected client holds. */
  private refuseOtherParty(clientId: ClientId, playerId: string, joining?: PartyRecord): void {
    const current = this.deps.parties.ofPlayer(playerId);
    if (!current || current === joining) return;
    const member = current.members.find((m) => m.playerId === playerId)!;
    if (member.clientId !== clientId && !this.deps.gone(member.clientId)) {
      throw awsError('InvalidRequestException', `PlayerId: player ${show(playerId)} is in party ${show(current.code)} ${SEAT_HELD_MARK} (one player, one seat)`);
    }
    throw awsError('InvalidRequestException', `PlayerId: player ${show(playerId)} is already in party ${show(current.code)}; leave it first`);
  }

  // --- Operations -------------------------------------------------------------

  private async create(clientId: ClientId, input: PartyOps['createParty']['input']): Promise<unknown> {
    const playerId = playerIdOf(input.PlayerId);
    const player = playerDataOf(input.Player);
    this.refuseOtherParty(clientId, playerId);
    this.makeRoom();
    const party = this.deps.parties.create(this.newId('party-', 16), this.newCode(), { playerId, clientId, ready: false, player });
    this.deps.changed();
    this.tell(party, { type: 'created', playerId, message: `${playerId} created the party` });
    return { Party: this.view(party) };
  }

  /** At the limit: drops the parties nobody is connected to (not searching), or refuses. */
  private makeRoom(): void {
    const parties = this.deps.parties;
    const max = this.deps.maxParties ?? MAX_PARTIES_PER_LOBBY;
    if (parties.size < max) return;
    parties.dropWhere((party) => party.ticketId === undefined && party.members.every((m) => this.deps.gone(m.clientId)));
    if (parties.size >= max) {
      throw awsError('InvalidRequestException', `createParty: this lobby holds ${parties.size} parties, the most it keeps (${max}); join one with its code, or try again later`);
    }
  }

  private async join(clientId: ClientId, input: PartyOps['joinParty']['input']): Promise<unknown> {
    const code = partyCodeOf(input.PartyCode);
    const playerId = playerIdOf(input.PlayerId);
    const player = playerDataOf(input.Player);
    const party = this.deps.parties.byCode(code);
    if (!party) throw awsError('NotFoundException', `PartyCode: this lobby has no party ${show(code)}`);
    this.refuseOtherParty(clientId, playerId, party);
    const known = party.members.find((m) => m.playerId === playerId);
    if (known) return this.rejoin(clientId, party, known, input.Player === undefined ? undefined : player);
    if (party.ticketId !== undefined) throw awsError('InvalidRequestException', `PartyCode: party ${show(code)} is searching; join once its search ends`);
    const { max, why } = await this.maxMembers();
    if (party.members.length >= max) {
      throw awsError('InvalidRequestException', `PartyCode: party ${show(code)} is full: ${party.members.length} of at most ${max} members (${why})`);
    }
    party.members.push({ playerId, clientId, ready: false, player });
    this.deps.changed();
    this.tell(party, { type: 'joined', playerId, message: `${playerId} joined the party` });
    return { Party: this.view(party) };
  }

  /** A member joins again (a reload): its client is bound anew, unless another connected client holds the membership. */
  private rejoin(clientId: ClientId, party: PartyRecord, member: PartyMemberRecord, player: PartyOps['joinParty']['input']['Player']): unknown {
    if (member.clientId !== clientId && !this.deps.gone(member.clientId)) {
      throw awsError('InvalidRequestException', `PlayerId: player ${show(member.playerId)} is in party ${show(party.code)} ${SEAT_HELD_MARK} (one player, one seat)`);
    }
    const moved = member.clientId !== clientId;
    member.clientId = clientId;
    if (player !== undefined && party.ticketId === undefined) member.player = player;
    this.deps.changed();
    if (moved) this.tell(party, { type: 'member-back', playerId: member.playerId, message: `${member.playerId} is back` });
    return { Party: this.view(party) };
  }

  private async leave(clientId: ClientId, input: PartyOps['leaveParty']['input']): Promise<unknown> {
    const party = this.memberParty(clientId, input.PartyId);
    const member = this.ownMember(clientId, party, input.PlayerId);
    await this.stopSearch(party, member.playerId, `${member.playerId} left the party`);
    const wasLeader = party.leader === member.playerId;
    this.deps.parties.removeMember(party, member.playerId);
    this.deps.changed();
    const leader = wasLeader && party.members.length > 0 ? ` ${party.leader} leads now.` : '';
    this.deps.send(clientId, { type: 'event', event: { kind: 'party', party: null, change: { type: 'left', playerId: member.playerId, message: `you left the party` } } });
    if (party.members.length > 0) this.tell(party, { type: 'left', playerId: member.playerId, message: `${member.playerId} left the party.${leader}` });
    return {};
  }

  private async remove(clientId: ClientId, input: PartyOps['removePartyMember']['input']): Promise<unknown> {
    const party = this.memberParty(clientId, input.PartyId);
    this.leaderOnly(clientId, party, 'remove a member');
    const playerId = playerIdOf(input.PlayerId);
    const member = party.members.find((m) => m.playerId === playerId);
    if (!member) throw awsError('InvalidRequestException', `PlayerId: player ${show(playerId)} is not a member of party ${show(party.code)}`);
    if (playerId === party.leader) throw awsError('InvalidRequestException', `PlayerId: the leader ${show(playerId)} leaves with leaveParty, it cannot remove itself`);
    await this.stopSearch(party, playerId, `${party.leader} removed ${playerId} from the party`);
    this.deps.parties.removeMember(party, playerId);
    this.deps.changed();
    const message = `${party.leader} removed ${playerId} from the party`;
    this.deps.send(member.clientId as ClientId, { type: 'event', event: { kind: 'party', party: null, change: { type: 'removed', playerId, message } } });
    this.tell(party, { type: 'removed', playerId, message });
    return { Party: this.view(party) };
  }

  private async changeLeader(clientId: ClientId, input: PartyOps['changePartyLeader']['input']): Promise<unknown> {
    const party = this.memberParty(clientId, input.PartyId);
    this.leaderOnly(clientId, party, 'hand leadership over');
    const playerId = playerIdOf(input.PlayerId);
    if (!party.members.some((m) => m.playerId === playerId)) {
      throw awsError('InvalidRequestException', `PlayerId: player ${show(playerId)} is not a member of party ${show(party.code)}`);
    }
    if (party.ticketId !== undefined) throw awsError('InvalidRequestException', `PartyId: party ${show(party.code)} is searching; stop the search before handing leadership over`);
    const before = party.leader;
    party.leader = playerId;
    this.deps.changed();
    this.tell(party, { type: 'leader-changed', playerId, message: `${before} handed leadership to ${playerId}` });
    return { Party: this.view(party) };
  }

  private async setReady(clientId: ClientId, input: PartyOps['setPartyReady']['input']): Promise<unknown> {
    const party = this.memberParty(clientId, input.PartyId);
    const member = this.ownMember(clientId, party, input.PlayerId);
    const ready = booleanOf(input.Ready, 'Ready');
    const player = input.Player === undefined ? undefined : playerDataOf(input.Player);
    if (player !== undefined && party.ticketId !== undefined) {
      throw awsError('InvalidRequestException', `Player: party ${show(party.code)} is searching with the data it was queued with; change it once the search ends`);
    }
    if (!ready) await this.stopSearch(party, member.playerId, `${member.playerId} is not ready any more`);
    member.ready = ready;
    if (player !== undefined) member.player = player;
    this.deps.changed();
    this.tell(party, { type: 'ready', playerId: member.playerId, message: `${member.playerId} is ${ready ? 'ready' : 'not ready'}` });
    return { Party: this.view(party) };
  }

  private async queue(clientId: ClientId, input: PartyOps['startPartyMatchmaking']['input']): Promise<unknown> {
    const party = this.memberParty(clientId, input.PartyId);
    this.leaderOnly(clientId, party, 'start matchmaking');
    if (party.ticketId !== undefined) throw awsError('InvalidRequestException', `PartyId: party ${show(party.code)} is searching already (ticket ${show(party.ticketId)})`);
    const notReady = party.members.filter((m) => !m.ready).map((m) => m.playerId);
    if (notReady.length > 0) throw awsError('InvalidRequestException', `PartyId: every member must be ready first; not ready: ${notReady.join(', ')}`);
    const away = party.members.filter((m) => this.deps.gone(m.clientId)).map((m) => m.playerId);
    if (away.length > 0) throw awsError('InvalidRequestException', `PartyId: every member must be connected; not connected: ${away.join(', ')}`);
    const { max, why } = await this.maxMembers();
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
    this.tell(party, { type: 'searching', playerId: party.leader, message: `${party.leader} started the search` });
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

  // --- Tickets, acceptance, presence --------------------------------------------

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
      let message: string;
      if (detail.type === 'MatchmakingSucceeded') {
        for (const member of party.members) member.ready = false;
        message = 'the party was matched';
      } else if (declined.length > 0) message = `${declined.join(', ')} declined the match; the party is ready, not searching`;
      else if (detail.type === 'MatchmakingTimedOut') message = 'the search timed out; the party is ready, not searching';
      else if (detail.type === 'MatchmakingFailed' && detail.reason === 'ACCEPTANCE_TIMED_OUT') message = 'the match was not accepted in time; the party is ready, not searching';
      else if (detail.type === 'MatchmakingCancelled') message = `the search was stopped (${detail.message}); the party is ready, not searching`;
      else if (detail.type === 'MatchmakingFailed') message = `the search failed (${detail.message}); the party is ready, not searching`;
      else continue; // TICKET_ENDING_EVENTS holds only the four above
      this.deps.changed();
      this.tell(party, { type: 'search-ended', ...(declined[0] !== undefined ? { playerId: declined[0] } : {}), message });
    }
  }

  /** `stopMatchmaking` of a party ticket by one of its members: the party is told who stopped it. */
  async stopByMember(clientId: ClientId, ticketId: string): Promise<void> {
    const party = this.deps.parties.ofTicket(ticketId)!;
    const member = party.members.find((m) => m.clientId === clientId)!;
    await this.stopSearch(party, member.playerId, `${member.playerId} stopped the search`);
  }

  /** The relay says `clientId` left: a searching party of its member stops, the others are told who and why. */
  async clientLeft(clientId: ClientId): Promise<void> {
    for (const party of this.deps.parties.ofClient(clientId)) {
      for (const member of party.members.filter((m) => m.clientId === clientId)) {
        const why = `${member.playerId} left the lobby (its client disconnected)`;
        if (party.ticketId !== undefined) await this.stopSearch(party, member.playerId, `${why} while searching; the search is stopped`);
        else this.tell(party, { type: 'member-away', playerId: member.playerId, message: why });
      }
    }
  }

  /** The relay says `clientId` is back: its parties are told. */
  clientBack(clientId: ClientId): void {
    for (const party of this.deps.parties.ofClient(clientId)) {
      for (const member of party.members.filter((m) => m.clientId === clientId)) {
        this.tell(party, { type: 'member-back', playerId: member.playerId, message: `${member.playerId} is back` });
      }
    }
  }

  /** Stops a searching party's ticket and tells the party who and why (no-op when not searching). */
  private async stopSearch(party: PartyRecord, playerId: string, message: string): Promise<void> {
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
    this.tell(party, { type: 'search-ended', playerId, message });
  }

  // --- Views and notices ----------------------------------------------------------

  /** The party as members see it. */
  view(party: PartyRecord): PartyView {
    return {
      PartyId: party.partyId,
      PartyCode: party.code,
      LeaderPlayerId: party.leader,
      Members: party.members.map((m) => ({ PlayerId: m.playerId, Ready: m.ready, Connected: !this.deps.gone(m.clientId) })),
      MaxMembers: this.maxKnown ?? MAX_PARTY_MEMBERS,
      Status: party.ticketId === undefined ? 'FORMING' : 'SEARCHING',
      ...(party.ticketId !== undefined ? { TicketId: party.ticketId } : {}),
    };
  }

  /** The last `maxMembers()` answer, for views (refreshed on every party request). */
  private maxKnown: number | undefined;

  private tell(party: PartyRecord, change: PartyChange): void {
    const view = this.view(party);
    const clients = new Set(party.members.map((m) => m.clientId));
    for (const clientId of clients) this.deps.send(clientId as ClientId, { type: 'event', event: { kind: 'party', party: view, change } });
  }

  private newId(prefix: string, length: number): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let id = prefix;
    for (let i = 0; i < length; i++) id += alphabet[Math.floor(this.deps.random() * alphabet.length)];
    return id;
  }

  private newCode(): string {
    for (;;) {
      let code = '';
      for (let i = 0; i < PARTY_CODE_LENGTH; i++) code += PARTY_CODE_ALPHABET[Math.floor(this.deps.random() * PARTY_CODE_ALPHABET.length)];
      if (!this.deps.parties.hasCode(code)) return code;
    }
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
