import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/core/engine/random.ts';
import {
  Matchmaker,
  type MatchmakerOptions,
  type MatchmakingEvent,
  type MatchmakingTicket,
} from '../src/core/matchmaker/index.ts';
import { transition, type TicketRecord } from '../src/core/matchmaker/tickets.ts';

const DUEL = JSON.stringify({
  name: 'duel',
  ruleLanguageVersion: '1.0',
  playerAttributes: [{ name: 'skill', type: 'number', default: 10 }],
  teams: [
    { name: 'red', minPlayers: 1, maxPlayers: 1 },
    { name: 'blue', minPlayers: 1, maxPlayers: 1 },
  ],
  rules: [
    {
      name: 'FairSkill',
      type: 'distance',
      measurements: ['max(flatten(teams[*].players.attributes[skill]))'],
      referenceValue: 'min(flatten(teams[*].players.attributes[skill]))',
      maxDistance: 10,
    },
  ],
  expansions: [{ target: 'rules[FairSkill].maxDistance', steps: [{ waitTimeSeconds: 10, value: 100 }] }],
});

function setup(options: Partial<MatchmakerOptions> = {}, config: { RequestTimeoutSeconds?: number } = {}) {
  const clock = { t: 0 };
  const mm = new Matchmaker({ now: () => clock.t, random: seededRandom(7), ...options });
  const events: MatchmakingEvent[] = [];
  mm.on((event) => events.push(event));
  mm.createMatchmakingRuleSet({ Name: 'duel', RuleSetBody: DUEL });
  mm.createMatchmakingConfiguration({
    Name: 'duel-config',
    RuleSetName: 'duel',
    RequestTimeoutSeconds: config.RequestTimeoutSeconds ?? 60,
    AcceptanceRequired: false,
  });
  const start = (ticketId: string, playerId: string, skill: number) =>
    mm.startMatchmaking({
      ConfigurationName: 'duel-config',
      TicketId: ticketId,
      Players: [{ PlayerId: playerId, PlayerAttributes: { skill: { N: skill } } }],
    }).MatchmakingTicket;
  const ticket = (id: string): MatchmakingTicket => mm.describeMatchmaking({ TicketIds: [id] }).TicketList[0]!;
  const types = () => events.map((event) => event.detail.type);
  return { mm, clock, events, start, ticket, types };
}

describe('Matchmaker ticket lifecycle', () => {
  it('a new ticket is QUEUED with its StartTime until the next tick moves it to SEARCHING', () => {
    const { clock, start, ticket, events } = setup();
    clock.t = 5_000;
    const created = start('t1', 'alice', 10);
    expect(created.Status).toBe('QUEUED');
    expect(created.StartTime).toEqual(new Date(5_000));
    expect(created.EstimatedWaitTime).toBeUndefined();
    expect(created.EndTime).toBeUndefined();
    expect(created.ConfigurationArn).toBe('arn:aws:gamelift:us-east-1::matchmakingconfiguration/duel-config');
    expect(events).toEqual([]);
    expect(ticket('t1').Status).toBe('QUEUED');
  });

  it('tick moves QUEUED tickets to SEARCHING with one MatchmakingSearching each, NOT_AVAILABLE without history', () => {
    const { mm, start, ticket, events, types } = setup();
    start('t1', 'alice', 10);
    mm.tick();
    expect(ticket('t1').Status).toBe('SEARCHING');
    expect(types()).toEqual(['MatchmakingSearching']);
    expect(events[0]!.detail).toEqual({
      type: 'MatchmakingSearching',
      tickets: [{ ticketId: 't1', startTime: '1970-01-01T00:00:00.000Z', players: [{ playerId: 'alice' }] }],
      estimatedWaitMillis: 'NOT_AVAILABLE',
      gameSessionInfo: { players: [{ playerId: 'alice' }] },
    });
  });

  it('two compatible players without acceptance go SEARCHING -> PLACING -> COMPLETED with one PotentialMatchCreated and one MatchmakingSucceeded', () => {
    const seen: string[] = [];
    let mmRef: Matchmaker | undefined;
    const { mm, clock, start, ticket, events, types } = setup({
      placement: (request) => {
        seen.push(...mmRef!.describeMatchmaking({ TicketIds: ['t1', 't2'] }).TicketList.map((t) => t.Status));
        expect(request.teams.map((team) => team.players.map((p) => p.PlayerId))).toEqual([['alice'], ['bob']]);
        return undefined;
      },
    });
    mmRef = mm;
    start('t1', 'alice', 10);
    clock.t = 1_000;
    start('t2', 'bob', 15);
    clock.t = 2_000;
    mm.tick();
    expect(seen).toEqual(['PLACING', 'PLACING']);
    expect(types()).toEqual(['MatchmakingSearching', 'MatchmakingSearching', 'PotentialMatchCreated', 'MatchmakingSucceeded']);
    const potential = events[2]!.detail;
    expect(potential).toMatchObject({ type: 'PotentialMatchCreated', acceptanceRequired: false });
    expect(potential.type === 'PotentialMatchCreated' && potential.ruleEvaluationMetrics).toEqual([
      { ruleName: 'FairSkill', passedCount: expect.any(Number), failedCount: expect.any(Number) },
    ]);
    const alice = ticket('t1');
    expect(alice.Status).toBe('COMPLETED');
    expect(alice.EndTime).toEqual(new Date(2_000));
    expect(alice.Players).toEqual([{ PlayerId: 'alice', PlayerAttributes: { skill: { N: 10 } }, Team: 'red' }]);
    expect(alice.GameSessionConnectionInfo!.GameSessionArn).toMatch(/^arn:aws:gamelift:us-east-1::gamesession\/[a-zA-Z0-9:/-]+$/);
    expect(alice.GameSessionConnectionInfo!.MatchedPlayerSessions).toEqual([
      { PlayerId: 'alice', PlayerSessionId: expect.stringMatching(/^psess-[0-9a-f-]{36}$/) },
    ]);
    const succeeded = events[3]!.detail;
    if (succeeded.type !== 'MatchmakingSucceeded') throw new Error('expected MatchmakingSucceeded');
    expect(succeeded.matchId).toBe(potential.type === 'PotentialMatchCreated' ? potential.matchId : '');
    expect(succeeded.tickets.map((t) => t.ticketId)).toEqual(['t1', 't2']);
    expect(succeeded.gameSessionInfo.gameSessionArn).toBe(alice.GameSessionConnectionInfo!.GameSessionArn);
    expect(succeeded.gameSessionInfo.players).toEqual([
      { playerId: 'alice', team: 'red', playerSessionId: alice.GameSessionConnectionInfo!.MatchedPlayerSessions![0]!.PlayerSessionId },
      { playerId: 'bob', team: 'blue', playerSessionId: expect.stringMatching(/^psess-/) },
    ]);
  });

  it('a completed match leaves a GameSession whose MatchmakerData has the guide shape', () => {
    const { mm, start, ticket } = setup();
    start('t1', 'alice', 10);
    start('t2', 'bob', 12);
    mm.tick();
    const arn = ticket('t1').GameSessionConnectionInfo!.GameSessionArn!;
    const [session] = mm.describeGameSessions({ GameSessionId: arn }).GameSessions;
    expect(session).toMatchObject({ GameSessionId: arn, Status: 'ACTIVE', CurrentPlayerSessionCount: 2, MaximumPlayerSessionCount: 2 });
    const data = JSON.parse(session!.MatchmakerData!);
    expect(data).toEqual({
      matchId: expect.any(String),
      matchmakingConfigurationArn: 'arn:aws:gamelift:us-east-1::matchmakingconfiguration/duel-config',
      teams: [
        { name: 'red', players: [{ playerId: 'alice', attributes: { skill: { attributeType: 'DOUBLE', valueAttribute: 10 } } }] },
        { name: 'blue', players: [{ playerId: 'bob', attributes: { skill: { attributeType: 'DOUBLE', valueAttribute: 12 } } }] },
      ],
      autoBackfillMode: 'MANUAL',
    });
  });

  it('players too far apart wait until the expansion at 10 s of ticket age, then match', () => {
    const { mm, clock, start, ticket } = setup();
    start('t1', 'alice', 10);
    start('t2', 'bob', 60);
    mm.tick();
    clock.t = 9_999;
    mm.tick();
    expect(ticket('t1').Status).toBe('SEARCHING');
    clock.t = 10_000;
    mm.tick();
    expect(ticket('t1').Status).toBe('COMPLETED');
    expect(ticket('t2').Status).toBe('COMPLETED');
  });

  it('a ticket times out exactly RequestTimeoutSeconds after its StartTime with MatchmakingTimedOut', () => {
    const { mm, clock, start, ticket, events, types } = setup({}, { RequestTimeoutSeconds: 30 });
    clock.t = 1_000;
    start('t1', 'alice', 10);
    mm.tick();
    clock.t = 30_999;
    expect(mm.tick().timedOutTicketIds).toEqual([]);
    expect(ticket('t1').Status).toBe('SEARCHING');
    clock.t = 31_000;
    expect(mm.tick().timedOutTicketIds).toEqual(['t1']);
    const timedOut = ticket('t1');
    expect(timedOut).toMatchObject({ Status: 'TIMED_OUT', StatusReason: 'TIMED_OUT', StatusMessage: 'Removed from matchmaking due to timing out.' });
    expect(timedOut.EndTime).toEqual(new Date(31_000));
    expect(types()).toEqual(['MatchmakingSearching', 'MatchmakingTimedOut']);
    expect(events[1]!.detail).toEqual({
      type: 'MatchmakingTimedOut',
      reason: 'TimedOut',
      message: 'Removed from matchmaking due to timing out.',
      tickets: [{ ticketId: 't1', startTime: '1970-01-01T00:00:01.000Z', players: [{ playerId: 'alice' }] }],
      ruleEvaluationMetrics: [{ ruleName: 'FairSkill', passedCount: 0, failedCount: 0 }],
      gameSessionInfo: { players: [{ playerId: 'alice' }] },
    });
  });

  it('a QUEUED ticket past its deadline times out at the next tick without ever searching', () => {
    const { mm, clock, start, ticket, types } = setup({}, { RequestTimeoutSeconds: 5 });
    start('t1', 'alice', 10);
    clock.t = 5_000;
    mm.tick();
    expect(ticket('t1').Status).toBe('TIMED_OUT');
    expect(types()).toEqual(['MatchmakingTimedOut']);
  });

  it('stopMatchmaking cancels a searching ticket with MatchmakingCancelled; stopping it again is refused', () => {
    const { mm, start, ticket, events, types } = setup();
    start('t1', 'alice', 10);
    mm.tick();
    expect(mm.stopMatchmaking({ TicketId: 't1' })).toEqual({});
    expect(ticket('t1')).toMatchObject({ Status: 'CANCELLED', StatusReason: 'CANCELLED_BY_REQUEST', StatusMessage: 'Cancelled by request.' });
    expect(types()).toEqual(['MatchmakingSearching', 'MatchmakingCancelled']);
    expect(events[1]!.detail).toMatchObject({ type: 'MatchmakingCancelled', reason: 'Cancelled', message: 'Cancelled by request.' });
    expect(() => mm.stopMatchmaking({ TicketId: 't1' })).toThrow(
      expect.objectContaining({ name: 'InvalidRequestException', message: expect.stringContaining('already CANCELLED') }),
    );
    expect(() => mm.stopMatchmaking({ TicketId: 'nope' })).toThrow(expect.objectContaining({ name: 'NotFoundException' }));
  });

  it('a QUEUED ticket can be stopped before it ever searches', () => {
    const { mm, start, ticket, types } = setup();
    start('t1', 'alice', 10);
    mm.stopMatchmaking({ TicketId: 't1' });
    mm.tick();
    expect(ticket('t1').Status).toBe('CANCELLED');
    expect(types()).toEqual(['MatchmakingCancelled']);
  });

  it('a player starting a new ticket cancels their older active ticket', () => {
    const { mm, start, ticket, events, types } = setup();
    start('t1', 'alice', 10);
    mm.tick();
    start('t2', 'alice', 11);
    expect(ticket('t1')).toMatchObject({ Status: 'CANCELLED', StatusReason: 'PLAYER_IN_NEWER_TICKET' });
    expect(ticket('t1').StatusMessage).toContain('"alice" started a newer matchmaking request (ticket "t2")');
    expect(ticket('t2').Status).toBe('QUEUED');
    expect(types()).toEqual(['MatchmakingSearching', 'MatchmakingCancelled']);
    expect(events[1]!.detail.tickets[0]!.ticketId).toBe('t1');
  });

  it('a refused request does not cancel the player’s active ticket', () => {
    const { mm, start, ticket } = setup();
    start('t1', 'alice', 10);
    expect(() =>
      mm.startMatchmaking({ ConfigurationName: 'duel-config', Players: [{ PlayerId: 'alice', PlayerAttributes: { skill: { S: 'x' } } }] }),
    ).toThrow(expect.objectContaining({ name: 'InvalidRequestException' }));
    expect(ticket('t1').Status).toBe('QUEUED');
  });

  it('a missing TicketId gets a UUID drawn from the injected random source', () => {
    const a = setup();
    const b = setup();
    const first = a.mm.startMatchmaking({ ConfigurationName: 'duel-config', Players: [{ PlayerId: 'x' }] }).MatchmakingTicket;
    const second = b.mm.startMatchmaking({ ConfigurationName: 'duel-config', Players: [{ PlayerId: 'x' }] }).MatchmakingTicket;
    expect(first.TicketId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second.TicketId).toBe(first.TicketId);
  });

  it('the wait estimate is the median time-to-match of recent tickets, in seconds and in MatchmakingSearching', () => {
    const { mm, clock, start, ticket, events } = setup();
    start('a1', 'a1', 10);
    start('a2', 'a2', 10);
    clock.t = 4_000;
    mm.tick(); // waits 4 s, 4 s
    start('b1', 'b1', 10);
    clock.t = 5_000;
    start('b2', 'b2', 10);
    clock.t = 10_000;
    mm.tick(); // waits 6 s, 5 s
    expect(ticket('b1').Status).toBe('COMPLETED');
    // samples 4, 4, 6, 5 s: median (4 + 5) / 2 = 4.5 s
    const next = start('c1', 'c1', 10);
    expect(next.EstimatedWaitTime).toBe(5);
    events.length = 0;
    mm.tick();
    expect(events[0]!.detail).toMatchObject({ type: 'MatchmakingSearching', estimatedWaitMillis: 4_500 });
    expect(ticket('c1').EstimatedWaitTime).toBe(5);
  });

  it('history older than the window no longer counts toward the estimate', () => {
    const { mm, clock, start } = setup({}, { RequestTimeoutSeconds: 3600 });
    start('a1', 'a1', 10);
    start('a2', 'a2', 10);
    clock.t = 2_000;
    mm.tick();
    clock.t = 2_000 + 15 * 60 * 1000 + 1;
    expect(start('c1', 'c1', 10).EstimatedWaitTime).toBeUndefined();
  });

  it('describeMatchmaking answers known tickets in the order asked and refuses 0 or 11 ids', () => {
    const { mm, start } = setup();
    start('t1', 'alice', 10);
    start('t2', 'bob', 10);
    expect(mm.describeMatchmaking({ TicketIds: ['t2', 'gone', 't1'] }).TicketList.map((t) => t.TicketId)).toEqual(['t2', 't1']);
    expect(() => mm.describeMatchmaking({ TicketIds: [] })).toThrow(expect.objectContaining({ name: 'InvalidRequestException', message: expect.stringContaining('TicketIds') }));
    const eleven = Array.from({ length: 11 }, (_, i) => `t${i}`);
    expect(() => mm.describeMatchmaking({ TicketIds: eleven })).toThrow(expect.objectContaining({ name: 'InvalidRequestException' }));
  });

  it('listTickets (non-AWS) lists every held ticket, filtered by configuration and status', () => {
    const { mm, start } = setup();
    start('t1', 'alice', 10);
    start('t2', 'bob', 90);
    mm.stopMatchmaking({ TicketId: 't2' });
    expect(mm.listTickets().TicketList.map((t) => [t.TicketId, t.Status])).toEqual([
      ['t1', 'QUEUED'],
      ['t2', 'CANCELLED'],
    ]);
    expect(mm.listTickets({ Statuses: ['CANCELLED'] }).TicketList.map((t) => t.TicketId)).toEqual(['t2']);
    expect(mm.listTickets({ ConfigurationName: 'other' }).TicketList).toEqual([]);
  });

  it('finished tickets are forgotten after the retention period', () => {
    const { mm, clock, start } = setup({ ticketRetentionSeconds: 60 });
    start('t1', 'alice', 10);
    mm.stopMatchmaking({ TicketId: 't1' });
    clock.t = 60_000;
    mm.tick();
    expect(mm.describeMatchmaking({ TicketIds: ['t1'] }).TicketList).toHaveLength(1);
    clock.t = 60_001;
    mm.tick();
    expect(mm.describeMatchmaking({ TicketIds: ['t1'] }).TicketList).toHaveLength(0);
  });

  it('the placement hook names the game session and adds connection fields to tickets and events', () => {
    const { mm, start, ticket, events } = setup({
      placement: (request) => ({
        GameSessionArn: `arn:aws:gamelift:${request.region}::gamesession/p2p/${request.matchId}`,
        IpAddress: '10.0.0.1',
        Port: 7777,
        HostPeerId: `peer-${request.teams[0]!.players[0]!.PlayerId}`,
      }),
    });
    start('t1', 'alice', 10);
    start('t2', 'bob', 10);
    mm.tick();
    const info = ticket('t2').GameSessionConnectionInfo!;
    expect(info).toMatchObject({ IpAddress: '10.0.0.1', Port: 7777, HostPeerId: 'peer-alice' });
    expect(info.GameSessionArn).toMatch(/^arn:aws:gamelift:us-east-1::gamesession\/p2p\//);
    const succeeded = events.find((e) => e.detail.type === 'MatchmakingSucceeded')!;
    expect(succeeded.detail.gameSessionInfo).toMatchObject({ gameSessionArn: info.GameSessionArn, ipAddress: '10.0.0.1', port: 7777, hostPeerId: 'peer-alice' });
    expect(mm.describeGameSessions().GameSessions[0]).toMatchObject({ GameSessionId: info.GameSessionArn, IpAddress: '10.0.0.1', Port: 7777 });
  });

  it('a placement hook that throws fails every ticket of the match with PLACEMENT_FAILED and MatchmakingFailed', () => {
    const { mm, start, ticket, events, types } = setup({
      placement: () => {
        throw new Error('no host peer reachable');
      },
    });
    start('t1', 'alice', 10);
    start('t2', 'bob', 10);
    mm.tick();
    expect(ticket('t1')).toMatchObject({ Status: 'FAILED', StatusReason: 'PLACEMENT_FAILED' });
    expect(ticket('t2').StatusMessage).toContain('no host peer reachable');
    expect(types().slice(2)).toEqual(['PotentialMatchCreated', 'MatchmakingFailed', 'MatchmakingFailed']);
    expect(events[3]!.detail).toMatchObject({ type: 'MatchmakingFailed', reason: 'PLACEMENT_FAILED', matchId: expect.any(String) });
    expect(mm.describeGameSessions().GameSessions).toEqual([]);
  });

  it('under a latency rule the game session is placed in the region the engine chose, and the hook is told', () => {
    const clock = { t: 0 };
    const regions: string[] = [];
    const mm = new Matchmaker({ now: () => clock.t, random: seededRandom(2), placement: (request) => void regions.push(request.region) });
    const body = JSON.parse(DUEL) as Record<string, unknown>;
    body['rules'] = [{ name: 'FastConnection', type: 'latency', maxLatency: 100 }];
    delete body['expansions'];
    mm.createMatchmakingRuleSet({ Name: 'ping', RuleSetBody: JSON.stringify(body) });
    mm.createMatchmakingConfiguration({ Name: 'ping', RuleSetName: 'ping', RequestTimeoutSeconds: 60, AcceptanceRequired: false });
    mm.startMatchmaking({ ConfigurationName: 'ping', TicketId: 't1', Players: [{ PlayerId: 'a', LatencyInMs: { 'us-east-1': 90, 'us-west-2': 30 } }] });
    mm.startMatchmaking({ ConfigurationName: 'ping', TicketId: 't2', Players: [{ PlayerId: 'b', LatencyInMs: { 'us-east-1': 95, 'us-west-2': 40 } }] });
    mm.tick();
    expect(regions).toEqual(['us-west-2']);
    const [session] = mm.describeGameSessions().GameSessions;
    expect(session!.Location).toBe('us-west-2');
    expect(session!.GameSessionId).toMatch(/^arn:aws:gamelift:us-west-2::gamesession\//);
  });

  it('the ticket state machine refuses a move it does not allow', () => {
    const ticket: TicketRecord = {
      ticketId: 't' as TicketRecord['ticketId'],
      configurationName: 'c',
      configurationArn: 'arn',
      players: [],
      status: 'COMPLETED',
      startTimeMs: 0,
    };
    expect(() => transition(ticket, 'SEARCHING', 1)).toThrow(
      expect.objectContaining({ name: 'InternalServiceException', message: 'ticket t: no transition from COMPLETED to SEARCHING' }),
    );
    ticket.status = 'QUEUED';
    expect(() => transition(ticket, 'COMPLETED', 1)).toThrow(expect.objectContaining({ name: 'InternalServiceException' }));
    transition(ticket, 'SEARCHING', 1);
    expect(ticket.status).toBe('SEARCHING');
  });

  it('example rule set 01 (aliens vs cowboys) turns nine equal players into a 4v4, leaving one searching', () => {
    const clock = { t: 0 };
    const mm = new Matchmaker({ now: () => clock.t, random: seededRandom(3) });
    mm.createMatchmakingRuleSet({ Name: 'avc', RuleSetBody: readFileSync('examples/rulesets/01-aliens-vs-cowboys.jsonc', 'utf8') });
    mm.createMatchmakingConfiguration({ Name: 'avc', RuleSetName: 'avc', RequestTimeoutSeconds: 120, AcceptanceRequired: false });
    for (let i = 0; i < 9; i++) {
      mm.startMatchmaking({ ConfigurationName: 'avc', TicketId: `t${i}`, Players: [{ PlayerId: `p${i}`, PlayerAttributes: { skill: { N: 20 } } }] });
    }
    mm.tick();
    const statuses = mm.listTickets().TicketList.map((t) => t.Status);
    expect(statuses.filter((s) => s === 'COMPLETED')).toHaveLength(8);
    expect(statuses.filter((s) => s === 'SEARCHING')).toHaveLength(1);
    const [session] = mm.describeGameSessions().GameSessions;
    const data = JSON.parse(session!.MatchmakerData!);
    expect(data.teams.map((team: { name: string; players: unknown[] }) => [team.name, team.players.length])).toEqual([
      ['cowboys', 4],
      ['aliens', 4],
    ]);
  });
});
