/**
 * The player client's side of parties (`client.party`): create a party, join
 * one from its code or link, leave, and, as leader, remove a member, hand
 * leadership over and queue the party; mark this player ready. Every call
 * speaks for this client's own player, with its own player data (attributes,
 * latencies) and its own PeerJS id, so the match is handed to each member's
 * own device.
 *
 * The party is remembered with the client's session (its id and code), so a
 * reload joins it again on `connect()`. Changes arrive as `party` events on
 * the client's stream (`{ type: 'party', party, change }`); while the party
 * searches, each member's client follows the party's ticket as its own (its
 * events, the proposal to accept for itself, the hand-off at match time).
 */
import type { StartMatchmakingOutput } from '../core/matchmaker/types.ts';
import { PARTY_QUERY_PARAMETER, type PartyNotice, type PartyOps, type PartyPlayerData, type PartyView } from '../net/party-wire.ts';
import { clientError } from './client-errors.ts';
import type { PeermatchClientEvent } from './peermatch-client-types.ts';

/** The party remembered with a client's session (storage.ts). */
export interface RememberedParty {
  partyId: string;
  code: string;
}

/** What the party side needs from its `PeermatchClient`. */
export interface PartyClientHost {
  playerId(): string;
  peerId(): string | undefined;
  call<Op extends keyof PartyOps>(op: Op, input: PartyOps[Op]['input']): Promise<PartyOps[Op]['output']>;
  rememberedParty(): RememberedParty | undefined;
  rememberParty(party: RememberedParty | undefined): Promise<void>;
  /** Follow `ticketId` as this client's ticket (a member of a searching party), or remember it before it is sent (the leader). */
  adoptTicket(ticketId: string): Promise<void>;
  /** Forget `ticketId` (a party search refused before it started). */
  dropTicket(ticketId: string): Promise<void>;
  newTicketId(): string;
  emit(event: PeermatchClientEvent): void;
}

/** See the file comment. */
export class PartyClient {
  private currentParty: PartyView | undefined;

  constructor(private readonly host: PartyClientHost) {}

  /** The party this player is in, as last seen (undefined when none). */
  get current(): PartyView | undefined {
    return this.currentParty;
  }

  /** Whether this client's player leads its party. */
  get isLeader(): boolean {
    return this.currentParty?.LeaderPlayerId === this.host.playerId();
  }

  /** Creates a party led by this player; `player` is its own data (attributes, latencies). */
  async create(player: PartyPlayerData = {}): Promise<PartyView> {
    const { Party } = await this.host.call('createParty', { PlayerId: this.host.playerId(), Player: this.withPeer(player) });
    return this.adopt(Party);
  }

  /** Joins the party of `code` (as typed or from a link); `player` is this player's own data. */
  async join(code: string, player: PartyPlayerData = {}): Promise<PartyView> {
    const { Party } = await this.host.call('joinParty', { PartyCode: code.trim(), PlayerId: this.host.playerId(), Player: this.withPeer(player) });
    return this.adopt(Party);
  }

  /** Leaves the party (a searching party's ticket is stopped and the others are told). */
  async leave(): Promise<void> {
    const party = this.require('leaveParty');
    await this.host.call('leaveParty', { PartyId: party.PartyId, PlayerId: this.host.playerId() });
    await this.forget();
  }

  /** The leader removes `playerId`. */
  async remove(playerId: string): Promise<PartyView> {
    const { Party } = await this.host.call('removePartyMember', { PartyId: this.require('removePartyMember').PartyId, PlayerId: playerId });
    return this.adopt(Party);
  }

  /** The leader hands leadership to `playerId`. */
  async makeLeader(playerId: string): Promise<PartyView> {
    const { Party } = await this.host.call('changePartyLeader', { PartyId: this.require('changePartyLeader').PartyId, PlayerId: playerId });
    return this.adopt(Party);
  }

  /** Marks this player ready (or not: while searching that stops the search); `player` updates its own data. */
  async setReady(ready: boolean, player?: PartyPlayerData): Promise<PartyView> {
    const input: PartyOps['setPartyReady']['input'] = { PartyId: this.require('setPartyReady').PartyId, PlayerId: this.host.playerId(), Ready: ready };
    if (player !== undefined) input.Player = this.withPeer(player);
    const { Party } = await this.host.call('setPartyReady', input);
    return this.adopt(Party);
  }

  /** The leader queues the party: one ticket holding every member (all ready). */
  async startMatchmaking(): Promise<StartMatchmakingOutput> {
    const party = this.require('startPartyMatchmaking');
    const ticketId = this.host.newTicketId();
    // Remembered before it is sent, like a solo ticket: a reload mid-request still knows it.
    await this.host.adoptTicket(ticketId);
    try {
      return await this.host.call('startPartyMatchmaking', { PartyId: party.PartyId, TicketId: ticketId });
    } catch (error) {
      await this.host.dropTicket(ticketId);
      throw error;
    }
  }

  /** The party as the host has it now. */
  async describe(): Promise<PartyView> {
    const { Party } = await this.host.call('describeParty', { PartyId: this.require('describeParty').PartyId });
    return this.adopt(Party);
  }

  /**
   * The link friends join with: `base` (default the page's address) with the
   * party code in its `?party=` query parameter, which the lobby element reads.
   */
  link(base?: string): string {
    const party = this.require('link');
    const url = new URL(base ?? globalThis.location?.href ?? 'http://localhost/');
    url.searchParams.set(PARTY_QUERY_PARAMETER, party.PartyCode);
    return url.toString();
  }

  /** After `connect()`: joins the remembered party again (a reload); forgets it when it is gone. */
  async rejoin(): Promise<PartyView | undefined> {
    const remembered = this.host.rememberedParty();
    if (remembered === undefined) return undefined;
    try {
      return await this.join(remembered.code);
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'NotFoundException' || name === 'InvalidRequestException') await this.forget();
      throw error;
    }
  }

  /** A `party` notice from the lobby host. */
  onNotice(notice: PartyNotice): void {
    if (notice.party === null) {
      this.forget().catch(() => undefined);
      this.host.emit({ type: 'party', party: null, change: notice.change });
      return;
    }
    this.currentParty = notice.party;
    if (notice.party.Status === 'SEARCHING' && notice.party.TicketId !== undefined) this.host.adoptTicket(notice.party.TicketId).catch(() => undefined);
    this.host.emit({ type: 'party', party: notice.party, change: notice.change });
  }

  private async adopt(party: PartyView): Promise<PartyView> {
    this.currentParty = party;
    await this.host.rememberParty({ partyId: party.PartyId, code: party.PartyCode });
    this.host.emit({ type: 'party', party });
    return party;
  }

  private async forget(): Promise<void> {
    this.currentParty = undefined;
    await this.host.rememberParty(undefined);
  }

  private withPeer(player: PartyPlayerData): PartyPlayerData {
    const peerId = this.host.peerId();
    return peerId === undefined ? player : { ...player, PeerId: peerId };
  }

  private require(op: string): PartyView {
    if (this.currentParty === undefined) throw clientError('InvalidRequestException', `${op}: this player is in no party (create or join one first)`);
    return this.currentParty;
  }
}
