/**
 * Parties end to end through the real server, relay and Node lobby host,
 * with `PeermatchClient`s on their own storage (own devices) and loopback
 * peers: three friends form a party from a code, queue on a 3v3 with
 * acceptance required beside three strangers, each accepts for itself, and
 * all six are handed one match with the party on one team; a decline sends
 * the party back to ready; a member whose client leaves while searching
 * stops the ticket and the others are told; a reload keeps the party.
 * (The Playwright spec test/e2e/lobby-party.spec.ts does the same in Chromium.)
 */
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { LoopbackNetwork } from '../src/client/loopback-peers.ts';
import { PeermatchClient, type PeermatchClientEvent } from '../src/client/peermatch-client.ts';
import type { WebSocketLike } from '../src/client/relay-socket.ts';
import { memoryStorage, type RememberedSession } from '../src/client/storage.ts';
import type { PartyView } from '../src/net/protocol.ts';
import { memoryHostStore } from '../src/host/host-store.ts';
import { startLobbyHost, startPeermatch, startPeermatchServer } from '../src/testing/servers.ts';
import { openTeamsRuleSet } from './support/duel-rule-set.ts';
import { until } from './support/host-process.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function lobby(name: string, acceptance = true): Promise<string> {
  const peermatch = await startPeermatch({
    lobby: name,
    ruleSetBody: openTeamsRuleSet(3),
    tickIntervalMs: 50,
    configuration: { AcceptanceRequired: acceptance, ...(acceptance ? { AcceptanceTimeoutSeconds: 20 } : {}) },
  });
  cleanups.push(() => peermatch.close());
  return peermatch.url;
}

/** Alice's party with Bob in it, Bob marked ready. */
async function aliceAndBobInAParty(url: string, lobbyName: string) {
  const network = new LoopbackNetwork();
  const alice = player(url, lobbyName, 'alice', network);
  const bob = player(url, lobbyName, 'bob', network);
  await alice.connect();
  await bob.connect();
  const party = await alice.party.create();
  await bob.party.join(party.PartyCode);
  await bob.party.setReady(true);
  return { alice, bob, party };
}

function player(url: string, lobbyName: string, playerId: string, network: LoopbackNetwork, profile = new Map<string, RememberedSession>()): PeermatchClient {
  const created = new PeermatchClient({
    serverUrl: url,
    lobby: lobbyName,
    playerId,
    storage: memoryStorage(profile),
    webSocket: (address) => new WebSocket(address) as unknown as WebSocketLike,
    peerFactory: network.factory,
    handoffTimeoutMs: 8000,
    requestTimeoutMs: 5000,
  });
  cleanups.push(() => created.close());
  return created;
}

function nextEvent<T extends PeermatchClientEvent['type']>(
  c: PeermatchClient,
  type: T,
  where: (event: Extract<PeermatchClientEvent, { type: T }>) => boolean = () => true,
  timeoutMs = 10_000,
): Promise<Extract<PeermatchClientEvent, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching "${type}" event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = c.on((event) => {
      if (event.type !== type || !where(event as Extract<PeermatchClientEvent, { type: T }>)) return;
      clearTimeout(timer);
      off();
      resolve(event as Extract<PeermatchClientEvent, { type: T }>);
    });
  });
}

const proposal = (c: PeermatchClient) => nextEvent(c, 'matchmaking-event', (e) => e.event.detail.type === 'PotentialMatchCreated');

/** Three friends on their own devices in one party (alice leads), every member ready. */
async function friends(url: string, name: string, network: LoopbackNetwork) {
  const [alice, bob, carol] = ['alice', 'bob', 'carol'].map((id) => player(url, name, id, network)) as [PeermatchClient, PeermatchClient, PeermatchClient];
  for (const c of [alice, bob, carol]) await c.connect();
  const party = await alice.party.create({ PlayerAttributes: { skill: { N: 12 } } });
  await bob.party.join(party.PartyCode.toLowerCase(), { PlayerAttributes: { skill: { N: 8 } } });
  const link = alice.party.link('https://game.example/play');
  await carol.party.join(new URL(link).searchParams.get('party')!);
  for (const c of [alice, bob, carol]) await c.party.setReady(true);
  return { alice, bob, carol, party };
}

describe('parties through the real server', () => {
  it('three friends queue as one ticket beside three strangers, each accepts for itself, and all six are handed one match with the party on one team', async () => {
    const url = await lobby('party-match');
    const network = new LoopbackNetwork();
    const { alice, bob, carol } = await friends(url, 'party-match', network);
    const strangers = ['dave', 'erin', 'frank'].map((id) => player(url, 'party-match', id, network));
    for (const s of strangers) await s.connect();

    const everyone = [alice, bob, carol, ...strangers];
    const proposals = everyone.map(proposal);
    const ready = everyone.map((c) => nextEvent(c, 'match-ready', () => true, 20_000));
    const bobSearching = nextEvent(bob, 'party', (e) => e.party?.Status === 'SEARCHING');
    const { MatchmakingTicket } = await alice.party.startMatchmaking();
    expect(MatchmakingTicket.Players.map((p) => p.PlayerId)).toEqual(['alice', 'bob', 'carol']);
    expect((await bobSearching).party?.TicketId).toBe(MatchmakingTicket.TicketId);
    for (const s of strangers) await s.startMatchmaking();
    await Promise.all(proposals);

    // Bob cannot answer for Alice; each member answers for itself.
    await expect(bob.acceptMatch({ TicketId: MatchmakingTicket.TicketId, PlayerIds: ['alice'], AcceptanceType: 'ACCEPT' })).rejects.toThrow(/each member accepts for itself/);
    for (const c of [alice, bob, carol]) await c.acceptMatch({ TicketId: MatchmakingTicket.TicketId, AcceptanceType: 'ACCEPT' });
    for (const s of strangers) await s.acceptMatch({ TicketId: s.ticket!.TicketId, AcceptanceType: 'ACCEPT' });

    const matches = await Promise.all(ready);
    expect(new Set(matches.map((m) => m.match.matchId)).size).toBe(1);
    expect(new Set(matches.map((m) => m.match.gameHostPeerId)).size).toBe(1);
    const teams = new Map(matches[0]!.match.players.map((p) => [p.playerId, p.team]));
    expect(new Set(['alice', 'bob', 'carol'].map((id) => teams.get(id))).size).toBe(1);
    expect(bob.party.current?.Status).toBe('FORMING');
  });

  it('a member who declines sends the party back to ready, not searching, and every member is told who declined', async () => {
    const url = await lobby('party-decline');
    const network = new LoopbackNetwork();
    const { alice, bob, carol } = await friends(url, 'party-decline', network);
    const strangers = ['dave', 'erin', 'frank'].map((id) => player(url, 'party-decline', id, network));
    for (const s of strangers) await s.connect();
    const proposals = [alice, bob, carol].map(proposal);
    const { MatchmakingTicket } = await alice.party.startMatchmaking();
    for (const s of strangers) await s.startMatchmaking();
    await Promise.all(proposals);

    const told = [alice, carol].map((c) => nextEvent(c, 'party', (e) => e.change?.type === 'search-ended'));
    await alice.acceptMatch({ TicketId: MatchmakingTicket.TicketId, AcceptanceType: 'ACCEPT' });
    await bob.acceptMatch({ TicketId: MatchmakingTicket.TicketId, AcceptanceType: 'REJECT' });
    for (const notice of await Promise.all(told)) {
      expect(notice.change?.message).toBe('bob declined the match; the party is ready, not searching');
      expect(notice.party?.Status).toBe('FORMING');
      expect(notice.party?.Members.every((m) => m.Ready)).toBe(true);
    }
  });

  it('a member whose client leaves while searching stops the party ticket, and the others are told who and why', async () => {
    const url = await lobby('party-drop', false);
    const network = new LoopbackNetwork();
    const { alice, bob, carol } = await friends(url, 'party-drop', network);
    const { MatchmakingTicket } = await alice.party.startMatchmaking();
    const told = nextEvent(alice, 'party', (e) => e.change?.type === 'search-ended');
    const cancelled = nextEvent(bob, 'matchmaking-event', (e) => e.event.detail.type === 'MatchmakingCancelled');
    carol.close();
    const notice = await told;
    expect(notice.change).toEqual({ type: 'search-ended', playerId: 'carol', message: 'carol left the lobby (its client disconnected) while searching; the search is stopped' });
    expect((await cancelled).event.detail.tickets[0]?.ticketId).toBe(MatchmakingTicket.TicketId);
    expect(notice.party?.Members.find((m) => m.PlayerId === 'carol')?.Connected).toBe(false);
  });

  it('a reload of a member keeps the party: the new page joins it again with its remembered code', async () => {
    const url = await lobby('party-reload', false);
    const network = new LoopbackNetwork();
    const alice = player(url, 'party-reload', 'alice', network);
    const bobProfile = new Map<string, RememberedSession>();
    const bob = player(url, 'party-reload', 'bob', network, bobProfile);
    await alice.connect();
    await bob.connect();
    const party = await alice.party.create();
    await bob.party.join(party.PartyCode);
    await bob.party.setReady(true);
    bob.close();

    const reloaded = player(url, 'party-reload', 'bob', network, bobProfile);
    const connected = await reloaded.connect();
    expect(connected.party?.PartyId).toBe(party.PartyId);
    expect(reloaded.party.current?.Members.map((m: PartyView['Members'][number]) => [m.PlayerId, m.Ready])).toEqual([
      ['alice', false],
      ['bob', true],
    ]);
    await reloaded.party.leave();
    expect(reloaded.party.current).toBeUndefined();
    const again = player(url, 'party-reload', 'bob', network, bobProfile);
    expect((await again.connect()).party).toBeUndefined();
  });

  it('a party is lobby state: it survives a restart of the lobby host from its saved state', async () => {
    const server = await startPeermatchServer();
    cleanups.push(() => server.close());
    const store = memoryHostStore();
    const options = { ruleSetBody: openTeamsRuleSet(3), tickIntervalMs: 50, store };
    const first = await startLobbyHost(server.url, 'party-restart', options);
    const { alice, bob, party } = await aliceAndBobInAParty(server.url, 'party-restart');
    await first.close();

    const second = await startLobbyHost(server.url, 'party-restart', options);
    cleanups.push(() => second.close());
    const after = await bob.party.describe();
    expect(second.restored).toBe(true);
    expect(after.PartyCode).toBe(party.PartyCode);
    expect(after.Members.map((m) => [m.PlayerId, m.Ready])).toEqual([
      ['alice', false],
      ['bob', true],
    ]);
    await alice.party.setReady(true);
    const { MatchmakingTicket } = await alice.party.startMatchmaking();
    expect(MatchmakingTicket.Players.map((p) => p.PlayerId)).toEqual(['alice', 'bob']);
  });

  it('a party is replicated to a standby host: after the primary is gone, the promoted standby has it and queues it', async () => {
    const server = await startPeermatchServer();
    cleanups.push(() => server.close());
    const options = { ruleSetBody: openTeamsRuleSet(3), tickIntervalMs: 50, relay: { initialDelayMs: 50, maxDelayMs: 200 } };
    const primary = await startLobbyHost(server.url, 'party-failover', options);
    const standby = await startLobbyHost(server.url, 'party-failover', { ...options, standby: true, token: primary.token! });
    cleanups.push(() => standby.close());
    // Bob's ready mark is answered only once the standby holds the change (the write-ahead rule).
    const { alice, bob, party } = await aliceAndBobInAParty(server.url, 'party-failover');

    await primary.close();
    await until('the standby promoted', () => standby.role === 'primary');
    const after = await bob.party.describe();
    expect(after.Members.map((m) => [m.PlayerId, m.Ready])).toEqual([
      ['alice', false],
      ['bob', true],
    ]);
    await alice.party.setReady(true);
    const { MatchmakingTicket } = await alice.party.startMatchmaking();
    expect(MatchmakingTicket.Players.map((p) => p.PlayerId)).toEqual(['alice', 'bob']);
  });
});
