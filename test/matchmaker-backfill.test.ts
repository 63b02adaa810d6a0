import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/core/engine/random.ts';
import {
  Matchmaker,
  type GameSessionUpdate,
  type MatchmakerData,
  type MatchmakingEvent,
  type MatchmakingSucceededDetail,
  type Player,
} from '../src/core/matchmaker/index.ts';

/** Two teams of 1 to 2 players, equal sizes. */
const ruleSet = (backfillPriority = 'normal') =>
  JSON.stringify({
    name: 'squads',
    ruleLanguageVersion: '1.0',
    algorithm: { strategy: 'exhaustiveSearch', backfillPriority },
    playerAttributes: [{ name: 'skill', type: 'number', default: 10 }],
    teams: [
      { name: 'red', minPlayers: 1, maxPlayers: 2 },
      { name: 'blue', minPlayers: 1, maxPlayers: 2 },
    ],
    rules: [
      {
        name: 'EqualTeamSizes',
        type: 'comparison',
        measurements: ['count(teams[red].players)'],
        referenceValue: 'count(teams[blue].players)',
        operation: '=',
      },
    ],
  });

const ARN = 'arn:aws:gamelift:us-east-1::gamesession/fleet-1/gsess-42';

interface Options {
  backfillPriority?: string;
  BackfillMode?: 'MANUAL' | 'AUTOMATIC';
  AcceptanceRequired?: boolean;
  RequestTimeoutSeconds?: number;
  AdditionalPlayerCount?: number;
  body?: string;
}

function setup(options: Options = {}) {
  const clock = { t: 0 };
  const mm = new Matchmaker({ now: () => clock.t, random: seededRandom(99) });
  const events: MatchmakingEvent[] = [];
  const updates: GameSessionUpdate[] = [];
  mm.on((event) => events.push(event));
  mm.onUpdateGameSession((update) => updates.push(update));
  mm.createMatchmakingRuleSet({ Name: 'squads', RuleSetBody: options.body ?? ruleSet(options.backfillPriority) });
  mm.createMatchmakingConfiguration({
    Name: 'cfg',
    RuleSetName: 'squads',
    RequestTimeoutSeconds: options.RequestTimeoutSeconds ?? 60,
    AcceptanceRequired: options.AcceptanceRequired ?? false,
    ...(options.AcceptanceRequired ? { AcceptanceTimeoutSeconds: 10 } : {}),
    BackfillMode: options.BackfillMode ?? 'MANUAL',
    AdditionalPlayerCount: options.AdditionalPlayerCount ?? 0,
  });
  const player = (id: string, team?: string): Player => ({
    PlayerId: id,
    PlayerAttributes: { skill: { N: 20 } },
    ...(team ? { Team: team } : {}),
  });
  const start = (ticketId: string, ...ids: string[]) =>
    mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: ticketId, Players: ids.map((id) => player(id)) }).MatchmakingTicket;
  const backfill = (ticketId: string, seated: [string, string][], arn = ARN) =>
    mm.startMatchBackfill({
      ConfigurationName: 'cfg',
      GameSessionArn: arn,
      TicketId: ticketId,
      Players: seated.map(([id, team]) => player(id, team)),
    }).MatchmakingTicket;
  const ticket = (id: string) => mm.describeMatchmaking({ TicketIds: [id] }).TicketList[0]!;
  const session = (arn = ARN) => mm.describeGameSessions({ GameSessionId: arn }).GameSessions[0]!;
  const data = (arn = ARN) => JSON.parse(session(arn).MatchmakerData!) as MatchmakerData;
  const roster = (arn = ARN) => data(arn).teams.map((team) => [team.name, team.players.map((p) => p.playerId).sort()]);
  const types = () => events.map((e) => e.detail.type);
  return { mm, clock, events, updates, start, backfill, ticket, session, data, roster, types };
}

describe('manual backfill', () => {
  it('a backfill ticket for a session this matchmaker never placed is QUEUED with the game session recorded', () => {
    const h = setup();
    const created = h.backfill('b1', [['alice', 'red']]);
    expect(created).toMatchObject({ TicketId: 'b1', Status: 'QUEUED', Players: [{ PlayerId: 'alice', Team: 'red' }] });
    expect(h.session()).toMatchObject({ GameSessionId: ARN, CurrentPlayerSessionCount: 1, MaximumPlayerSessionCount: 4, Location: 'us-east-1' });
    expect(h.session().MatchmakerData).toBeUndefined();
  });

  it('new players fill the open slot; seated players keep their teams; the session gets MATCHMAKING_DATA_UPDATED', () => {
    const h = setup();
    h.backfill('b1', [['alice', 'red'], ['bob', 'blue'], ['carol', 'red']]);
    h.start('n1', 'dave');
    h.mm.tick();
    expect(h.ticket('b1').Status).toBe('COMPLETED');
    expect(h.ticket('n1')).toMatchObject({ Status: 'COMPLETED', Players: [{ PlayerId: 'dave', Team: 'blue' }] });
    expect(h.ticket('n1').GameSessionConnectionInfo).toMatchObject({
      GameSessionArn: ARN,
      MatchedPlayerSessions: [{ PlayerId: 'dave', PlayerSessionId: expect.stringMatching(/^psess-/) }],
    });
    expect(h.roster()).toEqual([
      ['red', ['alice', 'carol']],
      ['blue', ['bob', 'dave']],
    ]);
    expect(h.data().teams[1]!.players.find((p) => p.playerId === 'dave')!.attributes).toEqual({
      skill: { attributeType: 'DOUBLE', valueAttribute: 20 },
    });
    expect(h.updates.map((u) => [u.updateReason, u.backfillTicketId])).toEqual([['MATCHMAKING_DATA_UPDATED', 'b1']]);
    expect(h.updates[0]!.gameSession.CurrentPlayerSessionCount).toBe(4);
    const succeeded = h.events.find((e) => e.detail.type === 'MatchmakingSucceeded')!.detail as MatchmakingSucceededDetail;
    expect(succeeded.tickets.map((t) => t.ticketId)).toEqual(['b1', 'n1']);
    expect(succeeded.gameSessionInfo.gameSessionArn).toBe(ARN);
    expect(succeeded.gameSessionInfo.players.map((p) => [p.playerId, p.team])).toEqual([
      ['alice', 'red'],
      ['bob', 'blue'],
      ['carol', 'red'],
      ['dave', 'blue'],
    ]);
  });

  it('a backfill ticket searching carries its game session in MatchmakingSearching', () => {
    const h = setup();
    h.backfill('b1', [['alice', 'red'], ['bob', 'blue']]);
    h.mm.tick();
    expect(h.events[0]!.detail).toMatchObject({
      type: 'MatchmakingSearching',
      tickets: [{ ticketId: 'b1', players: [{ playerId: 'alice', team: 'red' }, { playerId: 'bob', team: 'blue' }] }],
      gameSessionInfo: { gameSessionArn: ARN },
    });
  });

  it('one active backfill per game session', () => {
    const h = setup();
    h.backfill('b1', [['alice', 'red']]);
    expect(() => h.backfill('b2', [['alice', 'red']])).toThrow(
      expect.objectContaining({ name: 'InvalidRequestException', message: expect.stringContaining('already has an active backfill ticket "b1"') }),
    );
    expect(h.backfill('b3', [['zed', 'red']], `${ARN}-other`).Status).toBe('QUEUED');
  });

  it.each([
    [[{ PlayerId: 'a' }], 'Players[0].Team: every current player needs its team, one of [red, blue]; got undefined'],
    [[{ PlayerId: 'a', Team: 'green' }], 'Players[0].Team', ],
    [[{ PlayerId: 'a', Team: 'red' }, { PlayerId: 'b', Team: 'red' }, { PlayerId: 'c', Team: 'red' }], 'team "red" has 3 current players'],
    [[{ PlayerId: 'a', Team: 'red', PlayerAttributes: { skill: { S: 'x' } } }], 'Players[0].PlayerAttributes.skill: expected a number'],
  ])('refuses current players %j', (players, message) => {
    const h = setup();
    expect(() => h.mm.startMatchBackfill({ ConfigurationName: 'cfg', GameSessionArn: ARN, Players: players as Player[] })).toThrow(
      expect.objectContaining({ name: 'InvalidRequestException', message: expect.stringContaining(message) }),
    );
    expect(h.mm.describeGameSessions().GameSessions).toEqual([]);
  });

  it('refuses a GameSessionArn outside the API pattern and answers NotFoundException for an unknown configuration', () => {
    const h = setup();
    expect(() => h.mm.startMatchBackfill({ ConfigurationName: 'cfg', GameSessionArn: 'arn:with spaces', Players: [] })).toThrow(
      expect.objectContaining({ name: 'InvalidRequestException', message: expect.stringContaining('GameSessionArn: "arn:with spaces" must be 1 to 256 characters matching the pattern [a-zA-Z0-9:/-]+') }),
    );
    expect(() => h.mm.startMatchBackfill({ ConfigurationName: 'ghost', GameSessionArn: ARN, Players: [] })).toThrow(
      expect.objectContaining({ name: 'NotFoundException' }),
    );
  });

  it('a backfill that finds nobody times out with BACKFILL_TIMED_OUT and the session unchanged', () => {
    const h = setup({ RequestTimeoutSeconds: 5 });
    h.backfill('b1', [['alice', 'red'], ['bob', 'blue']]);
    const before = h.session();
    h.mm.tick();
    h.clock.t = 5_000;
    h.mm.tick();
    expect(h.ticket('b1')).toMatchObject({ Status: 'TIMED_OUT', StatusReason: 'TIMED_OUT' });
    expect(h.updates.map((u) => u.updateReason)).toEqual(['BACKFILL_TIMED_OUT']);
    expect(h.updates[0]!.gameSession).toEqual(before);
  });

  it('stopMatchBackfill cancels with BACKFILL_CANCELLED; the ARNs given must agree with the ticket', () => {
    const h = setup();
    h.backfill('b1', [['alice', 'red']]);
    expect(() => h.mm.stopMatchBackfill({ TicketId: 'b1', GameSessionArn: `${ARN}-x` })).toThrow(
      expect.objectContaining({ name: 'InvalidRequestException', message: expect.stringContaining('GameSessionArn') }),
    );
    h.mm.stopMatchBackfill({ TicketId: 'b1', GameSessionArn: ARN, MatchmakingConfigurationArn: 'arn:aws:gamelift:us-east-1::matchmakingconfiguration/cfg' });
    expect(h.ticket('b1')).toMatchObject({ Status: 'CANCELLED', StatusReason: 'CANCELLED_BY_REQUEST' });
    expect(h.types()).toEqual(['MatchmakingCancelled']);
    expect(h.updates.map((u) => [u.updateReason, u.backfillTicketId])).toEqual([['BACKFILL_CANCELLED', 'b1']]);
  });

  it('stopMatchmaking on a backfill ticket also reports BACKFILL_CANCELLED, only to that session’s listener', () => {
    const h = setup();
    const mine: string[] = [];
    const others: string[] = [];
    h.mm.onUpdateGameSession(ARN, (u) => mine.push(u.updateReason));
    h.mm.onUpdateGameSession(`${ARN}-other`, (u) => others.push(u.updateReason));
    h.backfill('b1', [['alice', 'red']]);
    h.mm.stopMatchmaking({ TicketId: 'b1' });
    expect(mine).toEqual(['BACKFILL_CANCELLED']);
    expect(others).toEqual([]);
  });

  it('a placement failure during backfill reports BACKFILL_FAILED and leaves the session unchanged', () => {
    const clock = { t: 0 };
    const mm = new Matchmaker({
      now: () => clock.t,
      random: seededRandom(1),
      placement: () => {
        throw new Error('host gone');
      },
    });
    const updates: GameSessionUpdate[] = [];
    mm.onUpdateGameSession((u) => updates.push(u));
    mm.createMatchmakingRuleSet({ Name: 'squads', RuleSetBody: ruleSet() });
    mm.createMatchmakingConfiguration({ Name: 'cfg', RuleSetName: 'squads', RequestTimeoutSeconds: 60, AcceptanceRequired: false });
    mm.startMatchBackfill({ ConfigurationName: 'cfg', GameSessionArn: ARN, TicketId: 'b1', Players: [{ PlayerId: 'a', Team: 'red' }, { PlayerId: 'b', Team: 'blue' }, { PlayerId: 'c', Team: 'red' }] });
    mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: 'n1', Players: [{ PlayerId: 'd' }] });
    mm.tick();
    expect(mm.describeMatchmaking({ TicketIds: ['b1', 'n1'] }).TicketList.map((t) => [t.Status, t.StatusReason])).toEqual([
      ['FAILED', 'PLACEMENT_FAILED'],
      ['FAILED', 'PLACEMENT_FAILED'],
    ]);
    expect(updates.map((u) => u.updateReason)).toEqual(['BACKFILL_FAILED']);
    expect(updates[0]!.gameSession.CurrentPlayerSessionCount).toBe(3);
    expect(updates[0]!.gameSession.MatchmakerData).toBeUndefined();
  });

  it('with acceptance, only the new players accept; a rejection sends the backfill ticket back to SEARCHING', () => {
    const h = setup({ AcceptanceRequired: true });
    h.backfill('b1', [['alice', 'red'], ['bob', 'blue'], ['carol', 'red']]);
    h.start('n1', 'dave');
    h.mm.tick();
    expect(h.ticket('b1').Status).toBe('REQUIRES_ACCEPTANCE');
    expect(h.ticket('n1').Status).toBe('REQUIRES_ACCEPTANCE');
    expect(() => h.mm.acceptMatch({ TicketId: 'b1', PlayerIds: ['alice'], AcceptanceType: 'ACCEPT' })).toThrow(
      expect.objectContaining({ name: 'InvalidRequestException', message: expect.stringContaining('backfill ticket') }),
    );
    h.mm.acceptMatch({ TicketId: 'n1', PlayerIds: ['dave'], AcceptanceType: 'REJECT' });
    expect(h.ticket('b1')).toMatchObject({ Status: 'SEARCHING', StatusReason: 'PROPOSED_MATCH_REJECTED' });
    expect(h.ticket('n1').Status).toBe('FAILED');
    h.start('n2', 'erin');
    h.mm.tick();
    h.mm.acceptMatch({ TicketId: 'n2', PlayerIds: ['erin'], AcceptanceType: 'ACCEPT' });
    expect(h.ticket('b1').Status).toBe('COMPLETED');
    expect(h.roster()).toEqual([
      ['red', ['alice', 'carol']],
      ['blue', ['bob', 'erin']],
    ]);
  });

  it('backfillPriority high puts newcomers into the existing game rather than a new match', () => {
    const h = setup({ backfillPriority: 'high' });
    h.backfill('b1', [['alice', 'red'], ['bob', 'blue']]);
    h.start('n1', 'dave');
    h.start('n2', 'erin');
    h.mm.tick();
    expect(['b1', 'n1', 'n2'].map((id) => h.ticket(id).Status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
    expect(h.mm.describeGameSessions().GameSessions).toHaveLength(1);
    expect(h.session().CurrentPlayerSessionCount).toBe(4);
  });

  it('backfillPriority low makes a new match first and leaves the backfill searching', () => {
    const h = setup({ backfillPriority: 'low' });
    h.backfill('b1', [['alice', 'red'], ['bob', 'blue']]);
    h.start('n1', 'dave');
    h.start('n2', 'erin');
    h.mm.tick();
    expect(['b1', 'n1', 'n2'].map((id) => h.ticket(id).Status)).toEqual(['SEARCHING', 'COMPLETED', 'COMPLETED']);
    expect(h.mm.describeGameSessions().GameSessions).toHaveLength(2);
  });
});

describe('automatic backfill', () => {
  it('a match placed with open slots gets a backfill ticket named in its MatchmakerData', () => {
    const h = setup({ BackfillMode: 'AUTOMATIC' });
    h.start('t1', 'alice');
    h.start('t2', 'bob');
    h.mm.tick();
    const [session] = h.mm.describeGameSessions().GameSessions;
    const data = JSON.parse(session!.MatchmakerData!) as MatchmakerData;
    expect(data.autoBackfillMode).toBe('AUTOMATIC');
    expect(data.autoBackfillTicketId).toMatch(/^[0-9a-f-]{36}$/);
    const auto = h.ticket(data.autoBackfillTicketId!);
    expect(auto).toMatchObject({ Status: 'QUEUED' });
    expect(auto.Players.map((p) => [p.PlayerId, p.Team])).toEqual([
      ['alice', expect.any(String)],
      ['bob', expect.any(String)],
    ]);
  });

  it('the automatic ticket already exists when listeners hear MatchmakingSucceeded, so they can stop it', () => {
    const h = setup({ BackfillMode: 'AUTOMATIC' });
    h.mm.on((event) => {
      if (event.detail.type !== 'MatchmakingSucceeded') return;
      const arn = event.detail.gameSessionInfo.gameSessionArn!;
      h.mm.stopMatchmaking({ TicketId: h.data(arn).autoBackfillTicketId! });
    });
    h.start('t1', 'alice');
    h.start('t2', 'bob');
    h.mm.tick();
    expect(h.types()).toEqual(['MatchmakingSearching', 'MatchmakingSearching', 'PotentialMatchCreated', 'MatchmakingSucceeded', 'MatchmakingCancelled']);
    expect(h.updates.map((u) => u.updateReason)).toEqual(['BACKFILL_CANCELLED']);
  });

  it('the automatic ticket fills the session as players arrive and stops when it is full', () => {
    const h = setup({ BackfillMode: 'AUTOMATIC' });
    h.start('t1', 'alice');
    h.start('t2', 'bob');
    h.mm.tick();
    const arn = h.mm.describeGameSessions().GameSessions[0]!.GameSessionId;
    const autoId = h.data(arn).autoBackfillTicketId!;
    h.clock.t = 1_000;
    h.mm.tick();
    expect(h.ticket(autoId).Status).toBe('SEARCHING');
    h.start('t3', 'carol');
    h.start('t4', 'dave');
    h.clock.t = 2_000;
    h.mm.tick();
    expect(h.ticket(autoId).Status).toBe('COMPLETED');
    expect(h.updates.map((u) => [u.updateReason, u.backfillTicketId])).toEqual([['MATCHMAKING_DATA_UPDATED', autoId]]);
    expect(h.mm.describeGameSessions().GameSessions).toHaveLength(1);
    expect(h.roster(arn).map(([, players]) => players.length)).toEqual([2, 2]);
    expect(h.data(arn).autoBackfillTicketId).toBeUndefined();
    expect(h.mm.listTickets({ Statuses: ['QUEUED', 'SEARCHING'] }).TicketList).toEqual([]);
  });

  it('a timed-out automatic ticket is replaced by a new one, named in the BACKFILL_TIMED_OUT session', () => {
    const h = setup({ BackfillMode: 'AUTOMATIC', RequestTimeoutSeconds: 10 });
    h.start('t1', 'alice');
    h.start('t2', 'bob');
    h.mm.tick();
    const arn = h.mm.describeGameSessions().GameSessions[0]!.GameSessionId;
    const first = h.data(arn).autoBackfillTicketId!;
    h.clock.t = 10_000;
    h.mm.tick();
    expect(h.ticket(first).Status).toBe('TIMED_OUT');
    expect(h.updates.map((u) => [u.updateReason, u.backfillTicketId])).toEqual([['BACKFILL_TIMED_OUT', first]]);
    const second = (JSON.parse(h.updates[0]!.gameSession.MatchmakerData!) as MatchmakerData).autoBackfillTicketId!;
    expect(second).not.toBe(first);
    expect(h.ticket(second)).toMatchObject({ Status: 'QUEUED', StartTime: new Date(10_000) });
  });

  it('stopping the automatic ticket stops automatic backfill for that session', () => {
    const h = setup({ BackfillMode: 'AUTOMATIC' });
    h.start('t1', 'alice');
    h.start('t2', 'bob');
    h.mm.tick();
    const arn = h.mm.describeGameSessions().GameSessions[0]!.GameSessionId;
    const autoId = h.data(arn).autoBackfillTicketId!;
    h.mm.stopMatchmaking({ TicketId: autoId });
    expect(h.updates.map((u) => u.updateReason)).toEqual(['BACKFILL_CANCELLED']);
    expect(h.data(arn).autoBackfillTicketId).toBeUndefined();
    h.start('t3', 'carol');
    h.start('t4', 'dave');
    h.mm.tick();
    expect(h.mm.describeGameSessions().GameSessions).toHaveLength(2);
    expect(h.mm.listTickets({ Statuses: ['QUEUED', 'SEARCHING'] }).TicketList.map((t) => t.TicketId)).toHaveLength(1);
  });

  it('AdditionalPlayerCount reserves slots: four players make two 1v1s that automatic backfill then fills', () => {
    const h = setup({ BackfillMode: 'AUTOMATIC', AdditionalPlayerCount: 2 });
    for (const id of ['a', 'b', 'c', 'd']) h.start(id, id);
    h.mm.tick();
    const sessions = h.mm.describeGameSessions().GameSessions;
    expect(sessions.map((s) => s.CurrentPlayerSessionCount)).toEqual([2, 2]);
    expect(sessions.map((s) => s.MaximumPlayerSessionCount)).toEqual([4, 4]);
    expect(h.mm.listTickets({ Statuses: ['QUEUED'] }).TicketList).toHaveLength(2);
  });

  it('without AdditionalPlayerCount the same four players make one 2v2', () => {
    const h = setup({ BackfillMode: 'AUTOMATIC' });
    for (const id of ['a', 'b', 'c', 'd']) h.start(id, id);
    h.mm.tick();
    expect(h.mm.describeGameSessions().GameSessions.map((s) => s.CurrentPlayerSessionCount)).toEqual([4]);
    expect(h.mm.listTickets({ Statuses: ['QUEUED'] }).TicketList).toEqual([]);
  });
});
