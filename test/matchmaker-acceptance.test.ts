import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/core/engine/random.ts';
import {
  Matchmaker,
  type AcceptMatchCompletedDetail,
  type MatchmakingEvent,
  type Player,
} from '../src/core/matchmaker/index.ts';

/** Two teams of 1 to 2 players: solo tickets make 1v1s, a party of two fills a team. */
const TEAMS = JSON.stringify({
  name: 'teams',
  ruleLanguageVersion: '1.0',
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

function setup(requestTimeoutSeconds = 120) {
  const clock = { t: 0 };
  const mm = new Matchmaker({ now: () => clock.t, random: seededRandom(21) });
  const events: MatchmakingEvent[] = [];
  mm.on((event) => events.push(event));
  mm.createMatchmakingRuleSet({ Name: 'teams', RuleSetBody: TEAMS });
  mm.createMatchmakingConfiguration({
    Name: 'cfg',
    RuleSetName: 'teams',
    RequestTimeoutSeconds: requestTimeoutSeconds,
    AcceptanceRequired: true,
    AcceptanceTimeoutSeconds: 20,
  });
  const start = (ticketId: string, ...playerIds: string[]) =>
    mm.startMatchmaking({
      ConfigurationName: 'cfg',
      TicketId: ticketId,
      Players: playerIds.map((id): Player => ({ PlayerId: id })),
    });
  const status = (id: string) => mm.describeMatchmaking({ TicketIds: [id] }).TicketList[0]!;
  const types = () => events.map((e) => e.detail.type);
  const accept = (ticketId: string, ...playerIds: string[]) =>
    mm.acceptMatch({ TicketId: ticketId, PlayerIds: playerIds, AcceptanceType: 'ACCEPT' });
  const reject = (ticketId: string, ...playerIds: string[]) =>
    mm.acceptMatch({ TicketId: ticketId, PlayerIds: playerIds, AcceptanceType: 'REJECT' });
  return { mm, clock, events, start, status, types, accept, reject };
}

/** A 1v1 proposed at t = 1 s between tickets t1 (alice) and t2 (bob). */
function proposedDuel(requestTimeoutSeconds?: number) {
  const h = setup(requestTimeoutSeconds);
  h.start('t1', 'alice');
  h.start('t2', 'bob');
  h.clock.t = 1_000;
  h.mm.tick();
  h.events.length = 0;
  return h;
}

describe('player acceptance', () => {
  it('a proposed match puts its tickets in REQUIRES_ACCEPTANCE with PotentialMatchCreated saying so', () => {
    const h = setup();
    h.start('t1', 'alice');
    h.start('t2', 'bob');
    h.mm.tick();
    expect(h.status('t1')).toMatchObject({ Status: 'REQUIRES_ACCEPTANCE', Players: [{ PlayerId: 'alice', Team: expect.stringMatching(/red|blue/) }] });
    expect(h.status('t2').Status).toBe('REQUIRES_ACCEPTANCE');
    const potential = h.events.at(-1)!.detail;
    expect(potential).toMatchObject({
      type: 'PotentialMatchCreated',
      acceptanceRequired: true,
      acceptanceTimeout: 20,
      ruleEvaluationMetrics: [{ ruleName: 'EqualTeamSizes', passedCount: expect.any(Number), failedCount: expect.any(Number) }],
    });
    expect(potential.tickets.map((t) => t.ticketId).sort()).toEqual(['t1', 't2']);
  });

  it('tickets awaiting acceptance stay out of the pool', () => {
    const h = proposedDuel();
    h.start('t3', 'carol');
    h.mm.tick();
    expect(h.status('t3').Status).toBe('SEARCHING');
    expect(h.types()).toEqual(['MatchmakingSearching']);
  });

  it('when everyone accepts: AcceptMatch per call with each answer, then Accepted, then COMPLETED with MatchmakingSucceeded', () => {
    const h = proposedDuel();
    h.accept('t1', 'alice');
    expect(h.status('t1').Status).toBe('REQUIRES_ACCEPTANCE');
    const first = h.events[0]!.detail;
    expect(first.type).toBe('AcceptMatch');
    expect(first.gameSessionInfo.players.map((p) => [p.playerId, p.accepted])).toEqual(
      expect.arrayContaining([['alice', true], ['bob', undefined]]),
    );
    h.accept('t2', 'bob');
    expect(h.types()).toEqual(['AcceptMatch', 'AcceptMatch', 'AcceptMatchCompleted', 'MatchmakingSucceeded']);
    expect(h.events[2]!.detail).toMatchObject({ acceptance: 'Accepted' });
    expect(h.status('t1').Status).toBe('COMPLETED');
    expect(h.status('t2').Status).toBe('COMPLETED');
  });

  it('a rejection ends the match: the accepting ticket searches again, the rejecting one FAILS', () => {
    const h = proposedDuel();
    h.accept('t1', 'alice');
    h.reject('t2', 'bob');
    expect(h.types()).toEqual(['AcceptMatch', 'AcceptMatch', 'AcceptMatchCompleted', 'MatchmakingSearching', 'MatchmakingFailed']);
    expect(h.events[2]!.detail).toMatchObject({ type: 'AcceptMatchCompleted', acceptance: 'Rejected' });
    expect(h.events[1]!.detail.tickets.find((t) => t.ticketId === 't2')!.players[0]!.accepted).toBe(false);
    expect(h.status('t1')).toMatchObject({ Status: 'SEARCHING', StatusReason: 'PROPOSED_MATCH_REJECTED', Players: [{ PlayerId: 'alice' }] });
    expect(h.status('t2')).toMatchObject({ Status: 'FAILED', StatusReason: 'REJECTED' });
    expect(h.status('t2').StatusMessage).toContain('bob rejected');
    const completed = h.events[2]!.detail as AcceptMatchCompletedDetail;
    expect(h.events[4]!.detail).toMatchObject({ type: 'MatchmakingFailed', reason: 'REJECTED', matchId: completed.matchId });
  });

  it('a rejection before the other ticket answered fails that ticket too (ACCEPTANCE_INCOMPLETE)', () => {
    const h = proposedDuel();
    h.reject('t1', 'alice');
    expect(h.status('t1').StatusReason).toBe('REJECTED');
    expect(h.status('t2')).toMatchObject({ Status: 'FAILED', StatusReason: 'ACCEPTANCE_INCOMPLETE' });
    expect(h.types()).toEqual(['AcceptMatch', 'AcceptMatchCompleted', 'MatchmakingFailed', 'MatchmakingFailed']);
  });

  it('the acceptance timeout fires at the first tick at or after proposal + AcceptanceTimeoutSeconds', () => {
    const h = proposedDuel();
    h.accept('t1', 'alice');
    h.events.length = 0;
    h.clock.t = 20_999;
    h.mm.tick();
    expect(h.status('t1').Status).toBe('REQUIRES_ACCEPTANCE');
    h.clock.t = 21_000;
    h.mm.tick();
    expect(h.types()).toEqual(['AcceptMatchCompleted', 'MatchmakingSearching', 'MatchmakingFailed']);
    expect(h.events[0]!.detail).toMatchObject({ acceptance: 'TimedOut' });
    expect(h.status('t1')).toMatchObject({ Status: 'SEARCHING', StatusReason: 'PROPOSED_MATCH_TIMED_OUT' });
    expect(h.status('t2')).toMatchObject({ Status: 'FAILED', StatusReason: 'ACCEPTANCE_TIMED_OUT' });
  });

  it('acceptMatch at or after the deadline is refused even before the tick that times it out', () => {
    const h = proposedDuel();
    h.clock.t = 21_000;
    expect(() => h.accept('t1', 'alice')).toThrow(
      expect.objectContaining({ name: 'InvalidRequestException', message: expect.stringContaining('acceptance window of match') }),
    );
  });

  it('acceptMatch is only for players on that ticket', () => {
    const h = proposedDuel();
    expect(() => h.accept('t1', 'bob')).toThrow(
      expect.objectContaining({ name: 'InvalidRequestException', message: 'PlayerIds[0]: player "bob" is not on ticket "t1"' }),
    );
    expect(() => h.mm.acceptMatch({ TicketId: 't1', PlayerIds: ['alice'], AcceptanceType: 'MAYBE' as 'ACCEPT' })).toThrow(
      expect.objectContaining({ name: 'InvalidRequestException', message: expect.stringContaining('AcceptanceType') }),
    );
    expect(() => h.mm.acceptMatch({ TicketId: 't1', PlayerIds: [], AcceptanceType: 'ACCEPT' })).toThrow(
      expect.objectContaining({ name: 'InvalidRequestException', message: expect.stringContaining('PlayerIds') }),
    );
    expect(h.events).toEqual([]);
  });

  it('a party ticket counts as accepted only when all its players accept', () => {
    const h = setup();
    h.start('party', 'p1', 'p2');
    h.start('s1', 'x');
    h.start('s2', 'y');
    h.mm.tick();
    expect(h.status('party').Status).toBe('REQUIRES_ACCEPTANCE');
    h.events.length = 0;
    h.accept('party', 'p1');
    h.accept('s1', 'x');
    h.accept('s2', 'y');
    const last = h.events.at(-1)!.detail;
    expect(last.type).toBe('AcceptMatch');
    const party = last.tickets.find((t) => t.ticketId === 'party')!;
    expect(party.players.map((p) => p.accepted)).toEqual([true, undefined]);
    h.events.length = 0;
    h.clock.t = 20_000;
    h.mm.tick();
    expect(h.status('party')).toMatchObject({ Status: 'FAILED', StatusReason: 'ACCEPTANCE_TIMED_OUT' });
    expect(h.status('party').StatusMessage).toContain('p2');
    // The two solo tickets accepted: back to SEARCHING, and in the same tick proposed to each other.
    const seen = h.events.map((e) => `${e.detail.type}:${e.detail.tickets.map((t) => t.ticketId).sort().join()}`);
    expect(seen[0]).toBe('AcceptMatchCompleted:party,s1,s2');
    expect(seen.slice(1, 4).sort()).toEqual(['MatchmakingFailed:party', 'MatchmakingSearching:s1', 'MatchmakingSearching:s2']);
    expect(seen.slice(4)).toEqual(['PotentialMatchCreated:s1,s2']);
    expect(h.status('s1').Status).toBe('REQUIRES_ACCEPTANCE');
  });

  it('a party ticket goes on when both of its players accept in one call', () => {
    const h = setup();
    h.start('party', 'p1', 'p2');
    h.start('s1', 'x');
    h.start('s2', 'y');
    h.mm.tick();
    h.accept('party', 'p1', 'p2');
    h.accept('s1', 'x');
    h.accept('s2', 'y');
    expect(['party', 's1', 's2'].map((id) => h.status(id).Status)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED']);
  });

  it('tickets returned to SEARCHING are matched again with newcomers', () => {
    const h = proposedDuel();
    h.accept('t1', 'alice');
    h.reject('t2', 'bob');
    h.start('t3', 'carol');
    h.clock.t = 2_000;
    h.mm.tick();
    expect(h.status('t1').Status).toBe('REQUIRES_ACCEPTANCE');
    expect(h.status('t3').Status).toBe('REQUIRES_ACCEPTANCE');
  });

  it('a ticket in acceptance does not time out; it times out at the tick it returns past its deadline', () => {
    const h = proposedDuel(10);
    h.accept('t1', 'alice');
    h.clock.t = 10_000;
    h.mm.tick();
    expect(h.status('t1').Status).toBe('REQUIRES_ACCEPTANCE');
    h.clock.t = 21_000;
    h.events.length = 0;
    h.mm.tick();
    expect(h.types()).toEqual(['AcceptMatchCompleted', 'MatchmakingSearching', 'MatchmakingFailed', 'MatchmakingTimedOut']);
    expect(h.status('t1').Status).toBe('TIMED_OUT');
  });

  it('stopping a ticket during acceptance ends the proposal as Rejected and returns the others to SEARCHING', () => {
    const h = proposedDuel();
    h.mm.stopMatchmaking({ TicketId: 't2' });
    expect(h.types()).toEqual(['MatchmakingCancelled', 'AcceptMatchCompleted', 'MatchmakingSearching']);
    expect(h.events[1]!.detail).toMatchObject({ acceptance: 'Rejected' });
    expect(h.status('t1')).toMatchObject({ Status: 'SEARCHING', StatusReason: 'PROPOSED_MATCH_CANCELLED' });
    expect(h.status('t2')).toMatchObject({ Status: 'CANCELLED', StatusReason: 'CANCELLED_BY_REQUEST' });
  });

  it('a player starting a new ticket during acceptance cancels the old one and frees the others', () => {
    const h = proposedDuel();
    h.start('t9', 'bob');
    expect(h.status('t2')).toMatchObject({ Status: 'CANCELLED', StatusReason: 'PLAYER_IN_NEWER_TICKET' });
    expect(h.status('t1').Status).toBe('SEARCHING');
    expect(h.status('t9').Status).toBe('QUEUED');
  });
});
