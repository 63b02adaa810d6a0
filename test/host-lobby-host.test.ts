/**
 * The lobby host's service logic against an in-process Matchmaker and a fake
 * relay sink: ownership refusals, game-host-only backfill, event routing,
 * peer ids, connection info, players leaving an AUTOMATIC session.
 */
import { describe, expect, it } from 'vitest';
import { Matchmaker, type MatchmakingEvent, type Player } from '../src/core/matchmaker/index.ts';
import type { ClientId, ClientOp, HostToClientMessage, RelayEvent, ResponseFrame } from '../src/net/protocol.ts';
import { connectionInfoOf } from '../src/net/connection-info.ts';
import { LobbyHost } from '../src/host/lobby-host.ts';
import { OPEN_DUEL } from './support/duel-rule-set.ts';
import { lobbyHostCalls } from './support/lobby-host-calls.ts';

const DUEL = OPEN_DUEL;

const ALICE = 'client-alice' as ClientId;
const BOB = 'client-bob' as ClientId;
const CAROL = 'client-carol' as ClientId;

/** One squad of two to three players. */
const SQUAD = JSON.stringify({
  name: 'squad',
  ruleLanguageVersion: '1.0',
  playerAttributes: [{ name: 'skill', type: 'number', default: 10 }],
  teams: [{ name: 'squad', minPlayers: 2, maxPlayers: 3 }],
  rules: [],
});

interface Setup {
  ruleSet?: string;
  acceptance?: boolean;
  backfill?: 'AUTOMATIC' | 'MANUAL';
  matchmaker?: Matchmaker;
}

function setUp(options: Setup = {}) {
  let nowMs = Date.parse('2030-01-01T00:00:00Z');
  const matchmaker = options.matchmaker ?? new Matchmaker({ now: () => nowMs });
  if (!options.matchmaker) {
    matchmaker.createMatchmakingRuleSet({ Name: 'duel', RuleSetBody: options.ruleSet ?? DUEL });
    matchmaker.createMatchmakingConfiguration({
      Name: 'duel-config',
      RuleSetName: 'duel',
      RequestTimeoutSeconds: 120,
      AcceptanceRequired: options.acceptance ?? false,
      ...(options.acceptance ? { AcceptanceTimeoutSeconds: 30 } : {}),
      BackfillMode: options.backfill ?? 'MANUAL',
    });
  }
  const inputs: unknown[] = [];
  // Records what reaches the Matchmaker, to see that the PeerId was stripped.
  const spy = new Proxy(matchmaker, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (key !== 'startMatchmaking' || typeof value !== 'function') return typeof value === 'function' ? value.bind(target) : value;
      return (input: unknown) => {
        inputs.push(structuredClone(input));
        return value.call(target, input);
      };
    },
  });
  const sent: { clientId: ClientId; message: HostToClientMessage }[] = [];
  const host = new LobbyHost({
    matchmaker: spy,
    configurationName: 'duel-config',
    send: (clientId, message) => sent.push({ clientId, message: JSON.parse(JSON.stringify(message)) }),
    now: () => nowMs,
    onError: (error) => {
      throw error;
    },
  });
  const { request, ok } = lobbyHostCalls(host, sent);
  function ticket(clientId: ClientId, ticketId: string, playerId: string, extra: Partial<Player> = {}) {
    return ok(clientId, 'startMatchmaking', {
      TicketId: ticketId,
      PeerId: `peer-${playerId}`,
      Players: [{ PlayerId: playerId, PlayerAttributes: { skill: { N: 10 } }, ...extra }],
    });
  }
  function events(clientId: ClientId): RelayEvent[] {
    return sent.filter((s) => s.clientId === clientId && s.message.type === 'event').map((s) => (s.message as { event: RelayEvent }).event);
  }
  function flexEvents(clientId: ClientId, type?: string): MatchmakingEvent[] {
    return events(clientId).filter(
      (e): e is MatchmakingEvent => 'detail' in e && (type === undefined || e.detail.type === type),
    );
  }
  function tick(): void {
    matchmaker.tick();
  }
  function advance(ms: number): void {
    nowMs += ms;
  }
  return { matchmaker, host, sent, inputs, request, ok, ticket, events, flexEvents, tick, advance };
}

/** Alice and Bob matched in a duel; returns the game session ARN and the connection info. */
async function matchedDuel(t: ReturnType<typeof setUp>) {
  await t.ticket(ALICE, 't-alice', 'alice');
  t.advance(1000);
  await t.ticket(BOB, 't-bob', 'bob');
  t.tick();
  const succeeded = t.flexEvents(ALICE, 'MatchmakingSucceeded')[0]!;
  const connection = connectionInfoOf(succeeded)!;
  return { arn: connection.gameSessionArn, connection };
}

describe('ownership of tickets', () => {
  it('refuses to accept a match for a ticket another client submitted, naming the ticket', async () => {
    const t = setUp({ acceptance: true });
    await t.ticket(ALICE, 't-alice', 'alice');
    await t.ticket(BOB, 't-bob', 'bob');
    t.tick();

    const refused = await t.request(BOB, 'acceptMatch', { TicketId: 't-alice', PlayerIds: ['alice'], AcceptanceType: 'REJECT' });

    expect(refused).toMatchObject({ ok: false, error: { name: 'InvalidRequestException' } });
    expect(!refused.ok && refused.error.message).toContain('"t-alice"');
    expect(t.matchmaker.describeMatchmaking({ TicketIds: ['t-alice'] }).TicketList[0]!.Status).toBe('REQUIRES_ACCEPTANCE');
    await t.ok(ALICE, 'acceptMatch', { TicketId: 't-alice', PlayerIds: ['alice'], AcceptanceType: 'ACCEPT' });
  });

  it('refuses to stop a ticket another client submitted and leaves it searching', async () => {
    const t = setUp();
    await t.ticket(ALICE, 't-alice', 'alice');
    t.tick();

    const refused = await t.request(BOB, 'stopMatchmaking', { TicketId: 't-alice' });

    expect(refused).toMatchObject({ ok: false, error: { name: 'InvalidRequestException' } });
    expect(!refused.ok && refused.error.message).toContain('"t-alice"');
    expect(t.matchmaker.describeMatchmaking({ TicketIds: ['t-alice'] }).TicketList[0]!.Status).toBe('SEARCHING');
    await t.ok(ALICE, 'stopMatchmaking', { TicketId: 't-alice' });
    expect(t.matchmaker.describeMatchmaking({ TicketIds: ['t-alice'] }).TicketList[0]!.Status).toBe('CANCELLED');
  });

  it('refuses to describe another client\'s ticket as not found and describes the sender\'s own', async () => {
    const t = setUp();
    await t.ticket(ALICE, 't-alice', 'alice');
    await t.ticket(BOB, 't-bob', 'bob');

    const refused = await t.request(BOB, 'describeMatchmaking', { TicketIds: ['t-bob', 't-alice'] });
    const own = await t.ok(BOB, 'describeMatchmaking', { TicketIds: ['t-bob'] });

    expect(refused).toMatchObject({ ok: false, error: { name: 'NotFoundException' } });
    expect(!refused.ok && refused.error.message).toContain('TicketIds[1]');
    expect(!refused.ok && refused.error.message).toContain('"t-alice"');
    expect(own.TicketList.map((ticket: { TicketId: string }) => ticket.TicketId)).toEqual(['t-bob']);
  });

  it('refuses a ticket naming a player who is in another client\'s active ticket', async () => {
    const t = setUp();
    await t.ticket(ALICE, 't-alice', 'alice');

    const refused = await t.request(BOB, 'startMatchmaking', {
      PeerId: 'peer-mallory',
      Players: [{ PlayerId: 'alice' }],
    });

    expect(refused).toMatchObject({ ok: false, error: { name: 'InvalidRequestException' } });
    expect(!refused.ok && refused.error.message).toContain('Players[0].PlayerId');
    expect(t.matchmaker.describeMatchmaking({ TicketIds: ['t-alice'] }).TicketList[0]!.Status).toBe('QUEUED');
  });
});

describe('peer ids', () => {
  it('puts a ticket-level PeerId on its players before the Matchmaker sees the request and fills the default configuration', async () => {
    const t = setUp();
    await t.ticket(ALICE, 't-alice', 'alice');

    expect(t.inputs).toHaveLength(1);
    expect(t.inputs[0]).not.toHaveProperty('PeerId');
    expect(t.inputs[0]).toMatchObject({ ConfigurationName: 'duel-config', TicketId: 't-alice', Players: [{ PlayerId: 'alice', PeerId: 'peer-alice' }] });
  });

  it('keeps a player\'s own PeerId over the ticket-level one', async () => {
    const t = setUp();
    await t.ok(ALICE, 'startMatchmaking', { PeerId: 'peer-ticket', Players: [{ PlayerId: 'alice', PeerId: 'peer-own' }] });

    expect(t.inputs[0]).toMatchObject({ Players: [{ PlayerId: 'alice', PeerId: 'peer-own' }] });
  });

  it('refuses a startMatchmaking whose player has no PeerId, naming the player', async () => {
    const t = setUp();

    const refused = await t.request(ALICE, 'startMatchmaking', { Players: [{ PlayerId: 'alice' }] });

    expect(refused).toMatchObject({ ok: false, error: { name: 'InvalidRequestException' } });
    expect(!refused.ok && refused.error.message).toMatch(/^Players\[0\]\.PeerId: player "alice" needs the PeerJS id/);
    expect(t.inputs).toHaveLength(0);
  });

  it('passes the core\'s refusal of an over-long PeerId through, naming player and limit', async () => {
    const t = setUp();

    const refused = await t.request(ALICE, 'startMatchmaking', { PeerId: 'p'.repeat(129), Players: [{ PlayerId: 'alice' }] });

    expect(refused).toMatchObject({ ok: false, error: { name: 'InvalidRequestException' } });
    expect(!refused.ok && refused.error.message).toMatch(/^Players\[0\]\.PeerId: player "alice" needs a PeerJS id of 1 to 128 characters/);
  });

  it('keeps each ticket\'s peer id and hands every player\'s peer id out in the connection info', async () => {
    const t = setUp();
    const { connection } = await matchedDuel(t);

    expect(connection.players.map((p) => [p.playerId, p.peerId]).sort()).toEqual([
      ['alice', 'peer-alice'],
      ['bob', 'peer-bob'],
    ]);
  });
});

describe('event routing', () => {
  it('sends a ticket\'s events only to the client that submitted it', async () => {
    const t = setUp();
    await t.ticket(BOB, 't-bob', 'bob');
    await t.ok(BOB, 'stopMatchmaking', { TicketId: 't-bob' });
    await t.ticket(ALICE, 't-alice', 'alice');
    t.tick();

    expect(t.flexEvents(ALICE, 'MatchmakingSearching')).toHaveLength(1);
    expect(t.flexEvents(ALICE).flatMap((e) => e.detail.tickets.map((ticket) => ticket.ticketId))).toEqual(['t-alice']);
    expect(t.flexEvents(BOB).map((e) => e.detail.type)).toEqual(['MatchmakingCancelled']);
    expect(t.flexEvents(BOB).flatMap((e) => e.detail.tickets.map((ticket) => ticket.ticketId))).toEqual(['t-bob']);
    expect(t.events(CAROL)).toEqual([]);
  });

  it('sends MatchmakingSucceeded with the connection info to every player of the match and no one else', async () => {
    const t = setUp();
    await t.ticket(CAROL, 't-carol', 'carol', { PlayerAttributes: { skill: { N: 10 } } });
    await t.ok(CAROL, 'stopMatchmaking', { TicketId: 't-carol' });
    const { arn, connection } = await matchedDuel(t);

    expect(t.flexEvents(ALICE, 'MatchmakingSucceeded')).toHaveLength(1);
    expect(t.flexEvents(BOB, 'MatchmakingSucceeded')).toHaveLength(1);
    expect(t.flexEvents(CAROL, 'MatchmakingSucceeded')).toHaveLength(0);
    expect(connectionInfoOf(t.flexEvents(BOB, 'MatchmakingSucceeded')[0]!)).toEqual(connection);
    expect(connection.gameSessionArn).toBe(arn);
    expect(connection.matchId).toBe((t.flexEvents(BOB, 'MatchmakingSucceeded')[0]!.detail as { matchId: string }).matchId);
    expect(connection.players.every((p) => p.playerSessionId.startsWith('psess-') && ['red', 'blue'].includes(p.team))).toBe(true);
  });

  it('names the game host in a COMPLETED ticket\'s connection info when described', async () => {
    const t = setUp();
    const { connection } = await matchedDuel(t);

    const described = await t.ok(BOB, 'describeMatchmaking', { TicketIds: ['t-bob'] });

    expect(described.TicketList[0].GameSessionConnectionInfo).toMatchObject({
      GameSessionArn: connection.gameSessionArn,
      GameHostPeerId: connection.gameHostPeerId,
      GameHostPlayerId: connection.gameHostPlayerId,
      MatchId: connection.matchId,
    });
  });
});

describe('presence hints', () => {
  it('when a player\'s client leaves the relay, the other players of its game session are told it is away, and back when it rejoins', async () => {
    const t = setUp();
    await t.ticket(CAROL, 't-carol', 'carol');
    await t.ok(CAROL, 'stopMatchmaking', { TicketId: 't-carol' });
    const { arn } = await matchedDuel(t);

    t.host.handleFrame({ type: 'client-left', clientId: BOB });
    t.host.handleFrame({ type: 'client-joined', clientId: BOB, resumed: true });
    const presence = (clientId: ClientId) => t.events(clientId).filter((e) => 'kind' in e && e.kind === 'presence');

    expect(presence(ALICE)).toEqual([
      { kind: 'presence', gameSessionArn: arn, playerIds: ['bob'], away: true },
      { kind: 'presence', gameSessionArn: arn, playerIds: ['bob'], away: false },
    ]);
    expect(presence(BOB)).toEqual([]);
    expect(presence(CAROL)).toEqual([]);
  });

  it('a client with no game session sends no hint', async () => {
    const t = setUp();
    await t.ticket(CAROL, 't-carol', 'carol');
    t.host.handleFrame({ type: 'client-left', clientId: CAROL });

    expect(t.sent.filter((s) => s.message.type === 'event' && 'kind' in s.message.event && s.message.event.kind === 'presence')).toEqual([]);
  });
});

describe('choosing the game host', () => {
  it('without latencies, makes the player of the oldest ticket the game host', async () => {
    const t = setUp();
    await t.ticket(BOB, 't-bob', 'bob');
    t.advance(5000);
    await t.ticket(ALICE, 't-alice', 'alice');
    t.tick();

    const connection = connectionInfoOf(t.flexEvents(ALICE, 'MatchmakingSucceeded')[0]!)!;

    expect(connection.gameHostPlayerId).toBe('bob');
    expect(connection.gameHostPeerId).toBe('peer-bob');
  });

  it('makes the player with the lowest latency to the match\'s region the game host', async () => {
    const t = setUp();
    await t.ticket(BOB, 't-bob', 'bob', { LatencyInMs: { 'us-east-1': 90, 'eu-west-1': 5 } });
    t.advance(5000);
    await t.ticket(ALICE, 't-alice', 'alice', { LatencyInMs: { 'us-east-1': 20 } });
    t.tick();

    const connection = connectionInfoOf(t.flexEvents(BOB, 'MatchmakingSucceeded')[0]!)!;

    expect(connection.gameSessionArn).toContain(':us-east-1:');
    expect(connection.gameHostPlayerId).toBe('alice');
    expect(connection.gameHostPeerId).toBe('peer-alice');
  });
});

describe('backfill belongs to the game host', () => {
  it('lets only the game host request backfill for its game session', async () => {
    const t = setUp();
    const { arn, connection } = await matchedDuel(t);
    const [host, other] = connection.gameHostPlayerId === 'alice' ? [ALICE, BOB] : [BOB, ALICE];
    const players = connection.players.map((p) => ({ PlayerId: p.playerId, Team: p.team }));

    const refused = await t.request(other, 'startMatchBackfill', { GameSessionArn: arn, Players: players });
    const stranger = await t.request(CAROL, 'startMatchBackfill', { GameSessionArn: arn, Players: players });
    const accepted = await t.ok(host, 'startMatchBackfill', { GameSessionArn: arn, Players: players.slice(0, 1) });

    for (const response of [refused, stranger]) {
      expect(response).toMatchObject({ ok: false, error: { name: 'InvalidRequestException' } });
      expect(!response.ok && response.error.message).toContain(arn);
    }
    expect(accepted.MatchmakingTicket.Status).toBe('QUEUED');
  });

  it('lets only the game host stop its session\'s backfill or report a player gone', async () => {
    const t = setUp();
    const { arn, connection } = await matchedDuel(t);
    const [host, other] = connection.gameHostPlayerId === 'alice' ? [ALICE, BOB] : [BOB, ALICE];
    const hostPlayer = connection.players.find((p) => p.playerId === connection.gameHostPlayerId)!;
    const backfill = await t.ok(host, 'startMatchBackfill', {
      GameSessionArn: arn,
      Players: [{ PlayerId: hostPlayer.playerId, Team: hostPlayer.team }],
    });
    const ticketId = backfill.MatchmakingTicket.TicketId;

    const stop = await t.request(other, 'stopMatchBackfill', { TicketId: ticketId, GameSessionArn: arn });
    const stopAsTicket = await t.request(other, 'stopMatchmaking', { TicketId: ticketId });
    const report = await t.request(other, 'reportPlayerLeft', { GameSessionArn: arn, PlayerId: hostPlayer.playerId });

    for (const response of [stop, stopAsTicket, report]) expect(response).toMatchObject({ ok: false, error: { name: 'InvalidRequestException' } });
    expect(t.matchmaker.describeMatchmaking({ TicketIds: [ticketId] }).TicketList[0]!.Status).toBe('QUEUED');
    await t.ok(host, 'stopMatchBackfill', { TicketId: ticketId });
    expect(t.matchmaker.describeMatchmaking({ TicketIds: [ticketId] }).TicketList[0]!.Status).toBe('CANCELLED');
  });

  it('sends a backfill\'s MatchmakingSucceeded to the seated players too, naming the same game host', async () => {
    const t = setUp({ ruleSet: SQUAD });
    const { arn, connection } = await matchedDuel(t);
    const [host, seated] = connection.gameHostPlayerId === 'alice' ? [ALICE, BOB] : [BOB, ALICE];
    await t.ok(host, 'startMatchBackfill', {
      GameSessionArn: arn,
      Players: connection.players.map((p) => ({ PlayerId: p.playerId, Team: p.team })),
    });
    await t.ticket(CAROL, 't-carol', 'carol');
    t.tick();
    t.tick();

    const forSeated = t.flexEvents(seated, 'MatchmakingSucceeded').map((event) => connectionInfoOf(event)!);
    expect(forSeated).toHaveLength(2);
    expect(forSeated[1]!.gameHostPeerId).toBe(connection.gameHostPeerId);
    expect(forSeated[1]!.players.map((p) => p.playerId).sort()).toEqual(['alice', 'bob', 'carol']);
    expect(connectionInfoOf(t.flexEvents(CAROL, 'MatchmakingSucceeded')[0]!)).toEqual(forSeated[1]);
  });

  it('describes a game session, with its MatchmakerData, to its players and to no one else', async () => {
    const t = setUp();
    const { arn } = await matchedDuel(t);
    await t.ticket(CAROL, 't-carol', 'carol');

    const forAlice = await t.ok(ALICE, 'describeGameSessions', { GameSessionId: arn });
    const forBob = await t.ok(BOB, 'describeGameSessions', {});
    const forCarol = await t.request(CAROL, 'describeGameSessions', { GameSessionId: arn });
    const carolsOwn = await t.ok(CAROL, 'describeGameSessions', {});

    expect(forAlice.GameSessions).toHaveLength(1);
    expect(JSON.parse(forAlice.GameSessions[0].MatchmakerData).teams.flatMap((team: { players: { playerId: string }[] }) => team.players.map((p) => p.playerId)).sort()).toEqual(['alice', 'bob']);
    expect(forBob.GameSessions.map((session: { GameSessionId: string }) => session.GameSessionId)).toEqual([arn]);
    expect(forCarol).toMatchObject({ ok: false, error: { name: 'NotFoundException' } });
    expect(carolsOwn.GameSessions).toEqual([]);
  });

  it('sends game-session updates only to the game host', async () => {
    const t = setUp();
    const { arn, connection } = await matchedDuel(t);
    const [host, other] = connection.gameHostPlayerId === 'alice' ? [ALICE, BOB] : [BOB, ALICE];
    const hostPlayer = connection.players.find((p) => p.playerId === connection.gameHostPlayerId)!;
    const backfill = await t.ok(host, 'startMatchBackfill', {
      GameSessionArn: arn,
      Players: [{ PlayerId: hostPlayer.playerId, Team: hostPlayer.team }],
    });
    await t.ok(host, 'stopMatchBackfill', { TicketId: backfill.MatchmakingTicket.TicketId, GameSessionArn: arn });

    const updates = (clientId: ClientId) => t.events(clientId).filter((e) => 'kind' in e);
    expect(updates(host)).toMatchObject([{ kind: 'game-session-update', update: { updateReason: 'BACKFILL_CANCELLED' } }]);
    expect(updates(other)).toEqual([]);
  });
});

describe('players leaving', () => {
  it('refills a departed player\'s slot of an AUTOMATIC session, keeping the game host', async () => {
    const t = setUp({ backfill: 'AUTOMATIC' });
    const { arn, connection } = await matchedDuel(t);
    const [host, other] = connection.gameHostPlayerId === 'alice' ? [ALICE, BOB] : [BOB, ALICE];
    const leaver = connection.players.find((p) => p.playerId !== connection.gameHostPlayerId)!;

    const reported = await t.ok(host, 'reportPlayerLeft', { GameSessionArn: arn, PlayerId: leaver.playerId });
    await t.ticket(CAROL, 't-carol', 'carol');
    t.tick();
    t.tick();
    await t.host.idle();

    const backfillTicket = t.matchmaker.describeMatchmaking({ TicketIds: [reported.BackfillTicketId] }).TicketList[0]!;
    expect(backfillTicket.Players.map((p) => p.PlayerId)).toEqual([connection.gameHostPlayerId]);
    const refill = connectionInfoOf(t.flexEvents(CAROL, 'MatchmakingSucceeded')[0]!)!;
    expect(refill.gameSessionArn).toBe(arn);
    expect(refill.gameHostPlayerId).toBe(connection.gameHostPlayerId);
    expect(refill.gameHostPeerId).toBe(connection.gameHostPeerId);
    expect(refill.players.map((p) => p.playerId).sort()).toEqual([connection.gameHostPlayerId, 'carol'].sort());
    expect(refill.players.find((p) => p.playerId === 'carol')!.team).toBe(leaver.team);
    const updates = t.events(host).filter((e) => 'kind' in e);
    expect(updates).toMatchObject([{ kind: 'game-session-update', update: { updateReason: 'MATCHMAKING_DATA_UPDATED' } }]);
    expect(t.flexEvents(other, 'MatchmakingSucceeded')).toHaveLength(1);
  });

  it('lets the core replace its automatic backfill ticket by one without the departed player, telling the game host no BACKFILL_CANCELLED', async () => {
    const t = setUp({ ruleSet: SQUAD, backfill: 'AUTOMATIC' });
    const { arn, connection } = await matchedDuel(t);
    const host = connection.gameHostPlayerId === 'alice' ? ALICE : BOB;
    const leaver = connection.players.find((p) => p.playerId !== connection.gameHostPlayerId)!;
    const automatic = connection.autoBackfillTicketId!;
    expect(automatic).toEqual(expect.any(String));

    const reported = await t.ok(host, 'reportPlayerLeft', { GameSessionArn: arn, PlayerId: leaver.playerId });
    await t.ticket(CAROL, 't-carol', 'carol');
    t.tick();
    t.tick();
    await t.host.idle();

    const replaced = t.matchmaker.describeMatchmaking({ TicketIds: [automatic, reported.BackfillTicketId] }).TicketList;
    expect(replaced.map((ticket) => ticket.Status)).toEqual(['CANCELLED', 'COMPLETED']);
    expect(replaced[1]!.Players.map((p) => p.PlayerId)).toEqual([connection.gameHostPlayerId]);
    const refill = connectionInfoOf(t.flexEvents(CAROL, 'MatchmakingSucceeded')[0]!)!;
    expect(refill.players.map((p) => p.playerId).sort()).toEqual([connection.gameHostPlayerId, 'carol'].sort());
    const hostNews = t.events(host).map((e) => ('detail' in e ? e.detail.type : e.kind === 'presence' || e.kind === 'party' ? e.kind : e.update.updateReason));
    expect(hostNews).not.toContain('BACKFILL_CANCELLED');
    expect(hostNews).toContain('MATCHMAKING_DATA_UPDATED');
    const cancelled = t.flexEvents(host, 'MatchmakingCancelled');
    expect(cancelled.map((e) => e.detail.tickets[0]!.ticketId)).toEqual([automatic]);
    // The slot left open after the refill keeps being backfilled by the core's automatic mode.
    const next = t.matchmaker.listTickets({ Statuses: ['QUEUED', 'SEARCHING'] }).TicketList;
    expect(next.map((ticket) => ticket.Players.map((p) => p.PlayerId).sort())).toEqual([[connection.gameHostPlayerId, 'carol'].sort()]);
    expect(refill.autoBackfillTicketId).toBe(next[0]!.TicketId);
  });

  it('lets the game host, and no one else, stop the automatic backfill ticket the connection info names', async () => {
    const t = setUp({ ruleSet: SQUAD, backfill: 'AUTOMATIC' });
    const { arn, connection } = await matchedDuel(t);
    const [host, other] = connection.gameHostPlayerId === 'alice' ? [ALICE, BOB] : [BOB, ALICE];
    const automatic = connection.autoBackfillTicketId!;

    const refused = await t.request(other, 'stopMatchBackfill', { TicketId: automatic, GameSessionArn: arn });
    await t.ok(host, 'stopMatchBackfill', { TicketId: automatic });

    expect(refused).toMatchObject({ ok: false, error: { name: 'InvalidRequestException' } });
    expect(t.matchmaker.describeMatchmaking({ TicketIds: [automatic] }).TicketList[0]!.Status).toBe('CANCELLED');
  });

  it('refuses a report of a player who is not seated in the session', async () => {
    const t = setUp({ backfill: 'AUTOMATIC' });
    const { arn, connection } = await matchedDuel(t);
    const host = connection.gameHostPlayerId === 'alice' ? ALICE : BOB;

    const refused = await t.request(host, 'reportPlayerLeft', { GameSessionArn: arn, PlayerId: 'nobody' });

    expect(refused).toMatchObject({ ok: false, error: { name: 'InvalidRequestException' } });
    expect(!refused.ok && refused.error.message).toContain('"nobody"');
  });
});

describe('ownership records', () => {
  it('forgets who owned a ticket once the Matchmaker has forgotten the ticket, and keeps the others', async () => {
    const t = setUp();
    await t.ticket(ALICE, 't-alice', 'alice');
    await t.ok(ALICE, 'stopMatchmaking', { TicketId: 't-alice' });
    await t.host.idle();
    expect(t.host.ledgerState().tickets['t-alice']).toEqual({ clientId: ALICE });

    t.advance(3_601_000);
    t.tick(); // past the core's retention: t-alice is forgotten
    await t.ticket(BOB, 't-bob', 'bob');
    await t.ok(BOB, 'stopMatchmaking', { TicketId: 't-bob' });
    await t.host.idle();

    const ledger = t.host.ledgerState();
    expect(Object.keys(ledger.tickets)).toEqual(['t-bob']);
    expect(Object.keys(ledger.players)).toEqual(['bob']);
  });

  it('keeps only ownership in the saved ledger: no peer ids, latencies or backfill bookkeeping', async () => {
    const t = setUp({ ruleSet: SQUAD, backfill: 'AUTOMATIC' });
    const { arn, connection } = await matchedDuel(t);
    const host = connection.gameHostPlayerId === 'alice' ? ALICE : BOB;

    expect(t.host.ledgerState()).toEqual({
      tickets: {
        't-alice': { clientId: ALICE, placedIn: arn },
        't-bob': { clientId: BOB, placedIn: arn },
        [connection.autoBackfillTicketId!]: { clientId: host, gameSessionArn: arn },
      },
      players: { alice: { clientId: ALICE, ticketId: 't-alice' }, bob: { clientId: BOB, ticketId: 't-bob' } },
      gameSessions: { [arn]: { clientId: host } },
    });
  });
});

describe('resuming', () => {
  it('keeps ownership across a restart from the ledger and the Matchmaker snapshot', async () => {
    const first = setUp();
    await first.ticket(ALICE, 't-alice', 'alice');
    first.tick();
    const ledger = first.host.ledgerState();
    const restored = Matchmaker.restore(first.matchmaker.snapshot(), { now: () => Date.parse('2030-01-01T00:00:10Z') });
    const second = setUp({ matchmaker: restored });
    const resumed = new LobbyHost({
      matchmaker: restored,
      configurationName: 'duel-config',
      ledger,
      send: (clientId, message) => second.sent.push({ clientId, message }),
    });
    second.host.close();

    resumed.handleRequest(BOB, { type: 'request', requestId: 'x1', op: 'stopMatchmaking', input: { TicketId: 't-alice' } });
    resumed.handleRequest(ALICE, { type: 'request', requestId: 'x2', op: 'describeMatchmaking', input: { TicketIds: ['t-alice'] } });
    await resumed.idle();

    const responses = second.sent.map((s) => s.message as ResponseFrame);
    expect(responses[0]).toMatchObject({ requestId: 'x1', ok: false, error: { name: 'InvalidRequestException' } });
    expect(responses[1]).toMatchObject({ requestId: 'x2', ok: true });
  });
});
