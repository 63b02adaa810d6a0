/**
 * Parties on the lobby host, against an in-process Matchmaker and a fake
 * relay sink: forming a party from a code, the limits and ownership refusals,
 * queuing one ticket holding every member, each member accepting for itself,
 * a decline or a departure ending the search with the party told who and why,
 * and the party surviving a host reload.
 */
import { describe, expect, it } from 'vitest';
import { Matchmaker, type MatchmakingEvent } from '../src/core/matchmaker/index.ts';
import type { ClientId, ClientOp, HostId, HostToClientMessage, PartyNotice, PartyView, ResponseFrame } from '../src/net/protocol.ts';
import { LobbyHost } from '../src/host/lobby-host.ts';
import { LobbySummary } from '../src/host/lobby-summary.ts';
import type { LedgerState } from '../src/host/ledger.ts';
import { openTeamsRuleSet } from './support/duel-rule-set.ts';
import { lobbyHostCalls } from './support/lobby-host-calls.ts';

const client = (name: string) => `client-${name}` as ClientId;
/** The fields of a `registered` frame to a primary lobby host. */
const PRIMARY = { role: 'primary' as const, term: 1, hostId: 'h1' as HostId, standbys: [] as HostId[], primary: null };
const [ALICE, BOB, CAROL, DAVE] = ['alice', 'bob', 'carol', 'dave'].map(client) as [ClientId, ClientId, ClientId, ClientId];

function setUp(options: { teamSize?: number; acceptance?: boolean; ledger?: LedgerState; matchmaker?: Matchmaker; maxParties?: number } = {}) {
  let nowMs = Date.parse('2030-01-01T00:00:00Z');
  const matchmaker = options.matchmaker ?? new Matchmaker({ now: () => nowMs });
  if (!options.matchmaker) {
    matchmaker.createMatchmakingRuleSet({ Name: 'teams', RuleSetBody: openTeamsRuleSet(options.teamSize ?? 3) });
    matchmaker.createMatchmakingConfiguration({
      Name: 'teams-config',
      RuleSetName: 'teams',
      RequestTimeoutSeconds: 120,
      AcceptanceRequired: options.acceptance ?? false,
      ...(options.acceptance ? { AcceptanceTimeoutSeconds: 30 } : {}),
    });
  }
  const sent: { clientId: ClientId; message: HostToClientMessage }[] = [];
  const summary = new LobbySummary(matchmaker, 'teams-config');
  let seed = 0;
  const host = new LobbyHost({
    matchmaker,
    configurationName: 'teams-config',
    send: (clientId, message) => sent.push({ clientId, message: JSON.parse(JSON.stringify(message)) }),
    now: () => nowMs,
    describeLobby: () => summary.describe(),
    random: () => ((seed = (seed * 9301 + 49297) % 233280) / 233280),
    ...(options.ledger ? { ledger: options.ledger } : {}),
    ...(options.maxParties !== undefined ? { maxParties: options.maxParties } : {}),
    onError: (error) => {
      throw error;
    },
  });
  const { request, ok } = lobbyHostCalls(host, sent);
  async function refused(clientId: ClientId, op: ClientOp, input: Record<string, unknown>): Promise<string> {
    const response = await request(clientId, op, input);
    if (response.ok) throw new Error(`${op} was not refused`);
    return `${response.error.name}: ${response.error.message}`;
  }
  const player = (name: string) => ({ PeerId: `peer-${name}`, PlayerAttributes: { skill: { N: 10 } } });
  function notices(clientId: ClientId): PartyNotice[] {
    return sent
      .filter((s) => s.clientId === clientId && s.message.type === 'event' && 'kind' in s.message.event && s.message.event.kind === 'party')
      .map((s) => (s.message as { event: PartyNotice }).event);
  }
  function flexEvents(clientId: ClientId, type: string): MatchmakingEvent[] {
    return sent
      .filter((s) => s.clientId === clientId && s.message.type === 'event' && 'detail' in s.message.event && s.message.event.detail.type === type)
      .map((s) => (s.message as { event: MatchmakingEvent }).event);
  }
  /** A party led by alice with the named friends (each on its own client), every member ready when asked. */
  async function party(friends: string[], ready = false): Promise<PartyView> {
    const { Party } = await ok(ALICE, 'createParty', { PlayerId: 'alice', Player: player('alice') });
    for (const friend of friends) await ok(client(friend), 'joinParty', { PartyCode: Party.PartyCode.toLowerCase(), PlayerId: friend, Player: player(friend) });
    if (ready) {
      for (const name of ['alice', ...friends]) await ok(client(name), 'setPartyReady', { PartyId: Party.PartyId, PlayerId: name, Ready: true });
    }
    return (await ok(ALICE, 'describeParty', { PartyId: Party.PartyId })).Party;
  }
  async function solo(name: string) {
    return ok(client(name), 'startMatchmaking', { TicketId: `t-${name}`, PeerId: `peer-${name}`, Players: [{ PlayerId: name }] });
  }
  host.handleFrame({ type: 'registered', lobby: 'l' as never, token: 'x'.repeat(22), created: true, clients: ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'gina'].map(client), ...PRIMARY });
  return { matchmaker, host, sent, request, ok, refused, notices, flexEvents, party, solo, player, tick: () => matchmaker.tick(), advance: (ms: number) => (nowMs += ms) };
}

describe('forming a party', () => {
  it('a friend joins with the short code, in any case, and both members see each other and who leads', async () => {
    const t = setUp();
    const { Party } = await t.ok(ALICE, 'createParty', { PlayerId: 'alice', Player: t.player('alice') });
    expect(Party.PartyCode).toMatch(/^[A-Z2-9]{6}$/);
    const joined = (await t.ok(BOB, 'joinParty', { PartyCode: Party.PartyCode.toLowerCase(), PlayerId: 'bob', Player: t.player('bob') })).Party as PartyView;
    expect(joined.Members.map((m) => m.PlayerId)).toEqual(['alice', 'bob']);
    expect(joined.LeaderPlayerId).toBe('alice');
    expect(joined.MaxMembers).toBe(3);
    expect(t.notices(ALICE).at(-1)?.change).toMatchObject({ type: 'joined', playerId: 'bob' });
    expect(t.notices(ALICE).at(-1)?.party?.Members).toHaveLength(2);
  });

  it('members mark themselves ready and everyone is told', async () => {
    const t = setUp();
    const party = await t.party(['bob']);
    await t.ok(BOB, 'setPartyReady', { PartyId: party.PartyId, PlayerId: 'bob', Ready: true });
    const notice = t.notices(ALICE).at(-1)!;
    expect(notice.change).toMatchObject({ type: 'ready', playerId: 'bob', message: 'bob is ready' });
    expect(notice.party?.Members.find((m) => m.PlayerId === 'bob')?.Ready).toBe(true);
  });

  it('a member leaves, the leader removes another and hands leadership over; the removed member is told it is out', async () => {
    const t = setUp();
    const party = await t.party(['bob', 'carol']);
    const after = (await t.ok(ALICE, 'removePartyMember', { PartyId: party.PartyId, PlayerId: 'carol' })).Party as PartyView;
    expect(after.Members.map((m) => m.PlayerId)).toEqual(['alice', 'bob']);
    expect(t.notices(CAROL).at(-1)).toMatchObject({ party: null, change: { type: 'removed', playerId: 'carol' } });
    expect(await t.refused(CAROL, 'describeParty', { PartyId: party.PartyId })).toMatch(/NotFoundException: PartyId: this client is in no party/);

    const led = (await t.ok(ALICE, 'changePartyLeader', { PartyId: party.PartyId, PlayerId: 'bob' })).Party as PartyView;
    expect(led.LeaderPlayerId).toBe('bob');
    expect(await t.refused(ALICE, 'removePartyMember', { PartyId: party.PartyId, PlayerId: 'bob' })).toMatch(/only the leader "bob"/);

    await t.ok(BOB, 'leaveParty', { PartyId: party.PartyId, PlayerId: 'bob' });
    const left = t.notices(ALICE).at(-1)!;
    expect(left.change.message).toBe('bob left the party. alice leads now.');
    expect(left.party?.LeaderPlayerId).toBe('alice');
  });
});

describe('limits, refused up front with the reason', () => {
  it('an 11th member is refused: a FlexMatch ticket holds at most 10 players', async () => {
    const t = setUp({ teamSize: 12 });
    const names = Array.from({ length: 9 }, (_, i) => `friend${i}`);
    const party = await t.party(names);
    expect(party.Members).toHaveLength(10);
    expect(await t.refused(client('eleventh'), 'joinParty', { PartyCode: party.PartyCode, PlayerId: 'eleventh' })).toBe(
      `InvalidRequestException: PartyCode: party "${party.PartyCode}" is full: 10 of at most 10 members (a FlexMatch ticket holds at most 10 players)`,
    );
  });

  it('a party larger than the largest team is refused: a 3v3 lobby takes parties of at most 3', async () => {
    const t = setUp({ teamSize: 3 });
    const party = await t.party(['bob', 'carol']);
    expect(await t.refused(DAVE, 'joinParty', { PartyCode: party.PartyCode, PlayerId: 'dave' })).toBe(
      `InvalidRequestException: PartyCode: party "${party.PartyCode}" is full: 3 of at most 3 members (the largest team of this lobby's rule set holds 3 players)`,
    );
  });

  it('a code that is no party, and a malformed code, are refused naming the value', async () => {
    const t = setUp();
    expect(await t.refused(BOB, 'joinParty', { PartyCode: 'ZZZZZZ', PlayerId: 'bob' })).toBe('NotFoundException: PartyCode: this lobby has no party "ZZZZZZ"');
    expect(await t.refused(BOB, 'joinParty', { PartyCode: 'no!', PlayerId: 'bob' })).toBe('InvalidRequestException: PartyCode: expected 6 letters or digits (a party code), got "no!"');
  });
});

describe('ownership: only members see a party, only the leader queues it, nobody acts for another member', () => {
  it('a non-member acting on the party is refused without learning it exists', async () => {
    const t = setUp();
    const party = await t.party(['bob']);
    for (const [op, input] of [
      ['describeParty', { PartyId: party.PartyId }],
      ['setPartyReady', { PartyId: party.PartyId, PlayerId: 'alice', Ready: true }],
      ['leaveParty', { PartyId: party.PartyId, PlayerId: 'bob' }],
      ['removePartyMember', { PartyId: party.PartyId, PlayerId: 'bob' }],
      ['startPartyMatchmaking', { PartyId: party.PartyId }],
    ] as const) {
      expect(await t.refused(CAROL, op, input)).toBe(`NotFoundException: PartyId: this client is in no party "${party.PartyId}"`);
    }
  });

  it('a member acting for another member is refused', async () => {
    const t = setUp();
    const party = await t.party(['bob']);
    expect(await t.refused(BOB, 'setPartyReady', { PartyId: party.PartyId, PlayerId: 'alice', Ready: true })).toBe(
      `InvalidRequestException: PlayerId: player "alice" is another member of party "${party.PartyCode}"; a member acts only for itself`,
    );
    expect(await t.refused(BOB, 'leaveParty', { PartyId: party.PartyId, PlayerId: 'alice' })).toMatch(/a member acts only for itself/);
  });

  it('a non-leader queuing the party is refused', async () => {
    const t = setUp();
    const party = await t.party(['bob'], true);
    expect(await t.refused(BOB, 'startPartyMatchmaking', { PartyId: party.PartyId })).toBe(
      `InvalidRequestException: PartyId: only the leader "alice" of party "${party.PartyCode}" may start matchmaking`,
    );
  });

  it('the leader cannot queue before every member is ready, and is told who is not', async () => {
    const t = setUp();
    const party = await t.party(['bob', 'carol']);
    await t.ok(ALICE, 'setPartyReady', { PartyId: party.PartyId, PlayerId: 'alice', Ready: true });
    expect(await t.refused(ALICE, 'startPartyMatchmaking', { PartyId: party.PartyId })).toBe(
      'InvalidRequestException: PartyId: every member must be ready first; not ready: bob, carol',
    );
  });

  it('a player joining a second party, or a player id another connected client holds, is refused', async () => {
    const t = setUp();
    const party = await t.party(['bob']);
    expect(await t.refused(BOB, 'createParty', { PlayerId: 'bob' })).toBe(`InvalidRequestException: PlayerId: player "bob" is already in party "${party.PartyCode}"; leave it first`);
    expect(await t.refused(CAROL, 'joinParty', { PartyCode: party.PartyCode, PlayerId: 'bob' })).toMatch(/player "bob" is in party .* of another client \(one player, one seat\)/);
  });
});

describe('queuing together', () => {
  it('the leader queues one ticket holding every member with its own data, and every member follows the search', async () => {
    const t = setUp();
    const party = await t.party(['bob', 'carol'], true);
    const { MatchmakingTicket } = await t.ok(ALICE, 'startPartyMatchmaking', { PartyId: party.PartyId, TicketId: 'party-ticket' });
    expect(MatchmakingTicket.Players.map((p: { PlayerId: string; PeerId: string }) => [p.PlayerId, p.PeerId])).toEqual([
      ['alice', 'peer-alice'],
      ['bob', 'peer-bob'],
      ['carol', 'peer-carol'],
    ]);
    for (const member of [ALICE, BOB, CAROL]) expect(t.notices(member).at(-1)?.party).toMatchObject({ Status: 'SEARCHING', TicketId: 'party-ticket' });
    t.tick();
    for (const member of [ALICE, BOB, CAROL]) expect(t.flexEvents(member, 'MatchmakingSearching')).toHaveLength(1);
    const described = await t.ok(BOB, 'describeMatchmaking', { TicketIds: ['party-ticket'] });
    expect(described.TicketList[0].Status).toBe('SEARCHING');
    expect(await t.refused(BOB, 'startMatchmaking', { TicketId: 'bob-solo', PeerId: 'peer-bob', Players: [{ PlayerId: 'bob' }] })).toMatch(/is searching with party/);
    expect(await t.refused(DAVE, 'joinParty', { PartyCode: party.PartyCode, PlayerId: 'dave' })).toMatch(/is searching; join once its search ends/);
  });

  it('each member accepts for itself (nobody for another), and at match time every member is handed the match, on one team', async () => {
    const t = setUp({ acceptance: true });
    const party = await t.party(['bob', 'carol'], true);
    await t.ok(ALICE, 'startPartyMatchmaking', { PartyId: party.PartyId, TicketId: 'party-ticket' });
    for (const name of ['dave', 'erin', 'frank']) await t.solo(name);
    t.tick();
    for (const member of [ALICE, BOB, CAROL]) expect(t.flexEvents(member, 'PotentialMatchCreated')).toHaveLength(1);
    const accept = (who: ClientId, ids: string[], ticketId = 'party-ticket') => t.request(who, 'acceptMatch', { TicketId: ticketId, PlayerIds: ids, AcceptanceType: 'ACCEPT' });
    expect((await accept(BOB, ['alice'])).ok).toBe(false);
    const leaderForAll = await accept(ALICE, ['alice', 'bob']);
    expect(leaderForAll.ok ? '' : leaderForAll.error.message).toBe(
      'PlayerIds[1]: player "bob" is not this client\'s player in party ticket "party-ticket"; each member accepts for itself',
    );
    for (const [who, id] of [[ALICE, 'alice'], [BOB, 'bob'], [CAROL, 'carol']] as const) expect((await accept(who, [id])).ok).toBe(true);
    for (const name of ['dave', 'erin', 'frank']) expect((await accept(client(name), [name], `t-${name}`)).ok).toBe(true);
    t.tick();
    for (const member of [ALICE, BOB, CAROL]) {
      const succeeded = t.flexEvents(member, 'MatchmakingSucceeded');
      expect(succeeded).toHaveLength(1);
      const teams = new Set(succeeded[0]!.detail.gameSessionInfo.players.filter((p) => ['alice', 'bob', 'carol'].includes(p.playerId)).map((p) => p.team));
      expect(teams.size).toBe(1);
    }
    expect(t.notices(BOB).at(-1)).toMatchObject({ party: { Status: 'FORMING' }, change: { type: 'search-ended', message: 'the party was matched' } });
  });

  it('a member who declines sends the party back to ready, not searching, and the party is told who declined', async () => {
    const t = setUp({ acceptance: true });
    const party = await t.party(['bob', 'carol'], true);
    await t.ok(ALICE, 'startPartyMatchmaking', { PartyId: party.PartyId, TicketId: 'party-ticket' });
    for (const name of ['dave', 'erin', 'frank']) await t.solo(name);
    t.tick();
    await t.ok(ALICE, 'acceptMatch', { TicketId: 'party-ticket', PlayerIds: ['alice'], AcceptanceType: 'ACCEPT' });
    await t.ok(BOB, 'acceptMatch', { TicketId: 'party-ticket', PlayerIds: ['bob'], AcceptanceType: 'REJECT' });
    t.tick();
    const notice = t.notices(CAROL).at(-1)!;
    expect(notice.change).toEqual({ type: 'search-ended', playerId: 'bob', message: 'bob declined the match; the party is ready, not searching' });
    expect(notice.party?.Status).toBe('FORMING');
    expect(notice.party?.Members.every((m) => m.Ready)).toBe(true);
    // The leader can queue again.
    await t.ok(ALICE, 'startPartyMatchmaking', { PartyId: party.PartyId, TicketId: 'party-ticket-2' });
  });

  it('a proposal nobody in the party answered in time ends the search, and the party is told so', async () => {
    const t = setUp({ acceptance: true });
    const party = await t.party(['bob', 'carol'], true);
    await t.ok(ALICE, 'startPartyMatchmaking', { PartyId: party.PartyId, TicketId: 'party-ticket' });
    for (const name of ['dave', 'erin', 'frank']) await t.solo(name);
    t.tick();
    await t.ok(BOB, 'acceptMatch', { TicketId: 'party-ticket', PlayerIds: ['bob'], AcceptanceType: 'ACCEPT' });
    t.advance(31_000);
    t.tick();
    expect(t.notices(ALICE).at(-1)?.change).toEqual({ type: 'search-ended', message: 'the match was not accepted in time; the party is ready, not searching' });
    expect(t.notices(ALICE).at(-1)?.party?.Status).toBe('FORMING');
  });

  it("a member whose client leaves the relay while searching stops the ticket, and the others are told who and why", async () => {
    const t = setUp();
    const party = await t.party(['bob', 'carol'], true);
    await t.ok(ALICE, 'startPartyMatchmaking', { PartyId: party.PartyId, TicketId: 'party-ticket' });
    t.host.handleFrame({ type: 'client-left', clientId: CAROL });
    await t.host.idle();
    const { TicketList } = t.matchmaker.describeMatchmaking({ TicketIds: ['party-ticket'] });
    expect(TicketList[0]?.Status).toBe('CANCELLED');
    const notice = t.notices(ALICE).at(-1)!;
    expect(notice.change).toEqual({ type: 'search-ended', playerId: 'carol', message: 'carol left the lobby (its client disconnected) while searching; the search is stopped' });
    expect(notice.party?.Members.find((m) => m.PlayerId === 'carol')?.Connected).toBe(false);
    expect(await t.refused(ALICE, 'startPartyMatchmaking', { PartyId: party.PartyId })).toBe('InvalidRequestException: PartyId: every member must be connected; not connected: carol');
  });

  it('a member found gone when the relay says who is connected (a host restart) stops the search', async () => {
    const t = setUp();
    const party = await t.party(['bob', 'carol'], true);
    await t.ok(ALICE, 'startPartyMatchmaking', { PartyId: party.PartyId, TicketId: 'party-ticket' });
    t.host.handleFrame({ type: 'registered', lobby: 'l' as never, token: 'x'.repeat(22), created: false, clients: [ALICE, CAROL], ...PRIMARY });
    await t.host.idle();
    expect(t.matchmaker.describeMatchmaking({ TicketIds: ['party-ticket'] }).TicketList[0]?.Status).toBe('CANCELLED');
    expect(t.notices(CAROL).at(-1)?.change.message).toBe('bob left the lobby (its client disconnected) while searching; the search is stopped');
  });

  it('a member who leaves while searching stops the ticket; a member who stops it is named', async () => {
    const t = setUp();
    const party = await t.party(['bob', 'carol'], true);
    await t.ok(ALICE, 'startPartyMatchmaking', { PartyId: party.PartyId, TicketId: 'party-ticket' });
    await t.ok(BOB, 'stopMatchmaking', { TicketId: 'party-ticket' });
    expect(t.notices(CAROL).at(-1)?.change).toEqual({ type: 'search-ended', playerId: 'bob', message: 'bob stopped the search' });
    await t.ok(ALICE, 'startPartyMatchmaking', { PartyId: party.PartyId, TicketId: 'party-ticket-2' });
    await t.ok(CAROL, 'leaveParty', { PartyId: party.PartyId, PlayerId: 'carol' });
    expect(t.matchmaker.describeMatchmaking({ TicketIds: ['party-ticket-2'] }).TicketList[0]?.Status).toBe('CANCELLED');
    expect(t.notices(BOB).map((n) => n.change.message).slice(-2)).toEqual(['carol left the party', 'carol left the party.']);
  });
});

describe('a party is lobby state', () => {
  it('at its limit of parties the lobby drops the ones nobody is connected to, and refuses a new party when all are live', async () => {
    const t = setUp({ maxParties: 2 });
    await t.ok(ALICE, 'createParty', { PlayerId: 'alice' });
    const bobs = (await t.ok(BOB, 'createParty', { PlayerId: 'bob' })).Party as PartyView;
    expect(await t.refused(CAROL, 'createParty', { PlayerId: 'carol' })).toBe(
      'InvalidRequestException: createParty: this lobby holds 2 parties, the most it keeps (2); join one with its code, or try again later',
    );
    t.host.handleFrame({ type: 'client-left', clientId: BOB });
    await t.host.idle();
    await t.ok(CAROL, 'createParty', { PlayerId: 'carol' });
    expect(await t.refused(DAVE, 'joinParty', { PartyCode: bobs.PartyCode, PlayerId: 'dave' })).toBe(`NotFoundException: PartyCode: this lobby has no party "${bobs.PartyCode}"`);
  });

  it('survives a host reload from the persisted state, and a member coming back on a new client is bound to it', async () => {
    const t = setUp();
    const party = await t.party(['bob'], true);
    const state = JSON.parse(JSON.stringify(t.host.ledgerState())) as LedgerState;
    expect(state.parties?.parties).toHaveLength(1);
    const reloaded = setUp({ ledger: state, matchmaker: t.matchmaker });
    expect((await reloaded.ok(BOB, 'describeParty', { PartyId: party.PartyId })).Party.Members).toHaveLength(2);
    // Bob's old client is gone; his new one joins again with the code and takes his membership.
    reloaded.host.handleFrame({ type: 'client-left', clientId: BOB });
    await reloaded.host.idle();
    const again = (await reloaded.ok(client('bob-2'), 'joinParty', { PartyCode: party.PartyCode, PlayerId: 'bob' })).Party as PartyView;
    expect(again.Members.map((m) => [m.PlayerId, m.Ready])).toEqual([['alice', true], ['bob', true]]);
    expect(reloaded.notices(ALICE).at(-1)?.change).toMatchObject({ type: 'member-back', playerId: 'bob' });
    expect(await reloaded.refused(BOB, 'describeParty', { PartyId: party.PartyId })).toMatch(/NotFoundException/);
  });
});
