/**
 * The lobby host's party rules: serves the party operations (party-wire.ts)
 * with the same ownership style as tickets (only members see a party, only
 * the leader queues it or removes a member, nobody acts for another member),
 * queues a party as one FlexMatch ticket holding every member's own player
 * data, routes that ticket to every member, lets each member accept for its
 * own player only, and tells the party what happened (`party` notices: who
 * joined, who declined, who left while searching and why).
 *
 * The search itself (the ticket, acceptance, departures) is party-search.ts's,
 * the notices party-notices.ts's. State lives in `Parties` (persisted with
 * the ledger); every change calls
 * `changed()` before its notices go to `send`, so notices wait for the save
 * like every other message. Runs inside the LobbyHost's request queue.
 */
import { awsError, show } from '../core/matchmaker/errors.ts';
import { SEAT_HELD_MARK } from '../core/ticket-lifecycle.ts';
import { MAX_PARTY_MEMBERS, PARTY_CODE_ALPHABET, PARTY_CODE_LENGTH, type PartyOps } from '../net/party-wire.ts';
import type { ClientId } from '../net/protocol.ts';
import type { Parties, PartyMemberRecord, PartyRecord } from './parties.ts';
import type { PartyServiceDeps } from './party-deps.ts';
import { booleanOf, partyCodeOf, partyIdOf, playerDataOf, playerIdOf } from './party-input.ts';
import { PartyTeller } from './party-notices.ts';
import { PartySearch } from './party-search.ts';

/**
 * The most parties one lobby keeps. At the limit, parties whose members have
 * all left the relay are dropped to make room; a lobby full of live parties
 * refuses new ones (the host's state must stay small enough to save often).
 */
export const MAX_PARTIES_PER_LOBBY = 5000;

/** A party request as the LobbyHost hands it over. */
export type PartyRequest = { [Op in keyof PartyOps]: { op: Op; input: PartyOps[Op]['input'] } }[keyof PartyOps];

export type { PartyServiceDeps } from './party-deps.ts';

/** See the file comment. */
export class PartyService {
  private readonly teller: PartyTeller;
  /** The parties' searches: the LobbyHost routes ticket events, acceptance and presence here. */
  readonly search: PartySearch;

  constructor(private readonly deps: PartyServiceDeps) {
    this.teller = new PartyTeller(deps);
    this.search = new PartySearch(deps, this.teller, (prefix, length) => this.newId(prefix, length));
  }

  /** Serves one party operation for `clientId`; throws the refusal. */
  async serve(clientId: ClientId, request: PartyRequest): Promise<unknown> {
    await this.maxMembers(); // keeps the views' MaxMembers in step with the lobby's rule set
    switch (request.op) {
      case 'createParty':
        return this.create(clientId, request.input);
      case 'joinParty':
        return this.join(clientId, request.input);
      case 'describeParty':
        return { Party: this.teller.view(this.memberParty(clientId, request.input.PartyId)) };
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
      this.teller.maxMembers = team;
      return { max: team, why: `the largest team of this lobby's rule set holds ${team} players` };
    }
    this.teller.maxMembers = MAX_PARTY_MEMBERS;
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

  private async queue(clientId: ClientId, input: PartyOps['startPartyMatchmaking']['input']): Promise<unknown> {
    const party = this.memberParty(clientId, input.PartyId);
    this.leaderOnly(clientId, party, 'start matchmaking');
    return this.search.start(clientId, party, input, await this.maxMembers());
  }

  private async create(clientId: ClientId, input: PartyOps['createParty']['input']): Promise<unknown> {
    const playerId = playerIdOf(input.PlayerId);
    const player = playerDataOf(input.Player);
    this.refuseOtherParty(clientId, playerId);
    this.makeRoom();
    const party = this.deps.parties.create(this.newId('party-', 16), this.newCode(), { playerId, clientId, ready: false, player });
    this.deps.changed();
    this.teller.tell(party, { type: 'created', playerId, message: `${playerId} created the party` });
    return { Party: this.teller.view(party) };
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
    this.teller.tell(party, { type: 'joined', playerId, message: `${playerId} joined the party` });
    return { Party: this.teller.view(party) };
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
    if (moved) this.teller.tell(party, { type: 'member-back', playerId: member.playerId, message: `${member.playerId} is back` });
    return { Party: this.teller.view(party) };
  }

  private async leave(clientId: ClientId, input: PartyOps['leaveParty']['input']): Promise<unknown> {
    const party = this.memberParty(clientId, input.PartyId);
    const member = this.ownMember(clientId, party, input.PlayerId);
    await this.search.stop(party, member.playerId, `${member.playerId} left the party`);
    const wasLeader = party.leader === member.playerId;
    this.deps.parties.removeMember(party, member.playerId);
    this.deps.changed();
    const leader = wasLeader && party.members.length > 0 ? ` ${party.leader} leads now.` : '';
    this.teller.tellFormer(clientId, { type: 'left', playerId: member.playerId, message: 'you left the party' });
    if (party.members.length > 0) this.teller.tell(party, { type: 'left', playerId: member.playerId, message: `${member.playerId} left the party.${leader}` });
    return {};
  }

  private async remove(clientId: ClientId, input: PartyOps['removePartyMember']['input']): Promise<unknown> {
    const party = this.memberParty(clientId, input.PartyId);
    this.leaderOnly(clientId, party, 'remove a member');
    const playerId = playerIdOf(input.PlayerId);
    const member = party.members.find((m) => m.playerId === playerId);
    if (!member) throw awsError('InvalidRequestException', `PlayerId: player ${show(playerId)} is not a member of party ${show(party.code)}`);
    if (playerId === party.leader) throw awsError('InvalidRequestException', `PlayerId: the leader ${show(playerId)} leaves with leaveParty, it cannot remove itself`);
    await this.search.stop(party, playerId, `${party.leader} removed ${playerId} from the party`);
    this.deps.parties.removeMember(party, playerId);
    this.deps.changed();
    const message = `${party.leader} removed ${playerId} from the party`;
    this.teller.tellFormer(member.clientId, { type: 'removed', playerId, message });
    this.teller.tell(party, { type: 'removed', playerId, message });
    return { Party: this.teller.view(party) };
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
    this.teller.tell(party, { type: 'leader-changed', playerId, message: `${before} handed leadership to ${playerId}` });
    return { Party: this.teller.view(party) };
  }

  private async setReady(clientId: ClientId, input: PartyOps['setPartyReady']['input']): Promise<unknown> {
    const party = this.memberParty(clientId, input.PartyId);
    const member = this.ownMember(clientId, party, input.PlayerId);
    const ready = booleanOf(input.Ready, 'Ready');
    const player = input.Player === undefined ? undefined : playerDataOf(input.Player);
    if (player !== undefined && party.ticketId !== undefined) {
      throw awsError('InvalidRequestException', `Player: party ${show(party.code)} is searching with the data it was queued with; change it once the search ends`);
    }
    if (!ready) await this.search.stop(party, member.playerId, `${member.playerId} is not ready any more`);
    member.ready = ready;
    if (player !== undefined) member.player = player;
    this.deps.changed();
    this.teller.tell(party, { type: 'ready', playerId: member.playerId, message: `${member.playerId} is ${ready ? 'ready' : 'not ready'}` });
    return { Party: this.teller.view(party) };
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
