import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/core/engine/random.ts';
import {
  MATCHMAKING_EVENT_TYPES,
  Matchmaker,
  type MatchmakerOptions,
  type MatchmakingEvent,
} from '../src/core/matchmaker/index.ts';

const DUEL = JSON.stringify({
  name: 'duel',
  ruleLanguageVersion: '1.0',
  teams: [
    { name: 'red', minPlayers: 1, maxPlayers: 1 },
    { name: 'blue', minPlayers: 1, maxPlayers: 1 },
  ],
  playerAttributes: [{ name: 'skill', type: 'number', default: 1 }],
  rules: [
    { name: 'Close', type: 'distance', measurements: ['max(flatten(teams[*].players.attributes[skill]))'], referenceValue: 'min(flatten(teams[*].players.attributes[skill]))', maxDistance: 5 },
  ],
});

function setup(options: Partial<MatchmakerOptions> = {}, customEventData?: string) {
  const clock = { t: Date.UTC(2024, 0, 2, 3, 4, 5, 678) };
  const mm = new Matchmaker({ now: () => clock.t, random: seededRandom(3), region: 'eu-central-1', ...options });
  const events: MatchmakingEvent[] = [];
  mm.on((event) => events.push(event));
  mm.createMatchmakingRuleSet({ Name: 'duel', RuleSetBody: DUEL });
  mm.createMatchmakingConfiguration({
    Name: 'cfg',
    RuleSetName: 'duel',
    RequestTimeoutSeconds: 30,
    AcceptanceRequired: true,
    AcceptanceTimeoutSeconds: 10,
    ...(customEventData !== undefined ? { CustomEventData: customEventData } : {}),
  });
  const start = (ticketId: string, playerId: string) =>
    mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: ticketId, Players: [{ PlayerId: playerId }] });
  return { mm, clock, events, start };
}

describe('FlexMatch events', () => {
  it('every event has the guide’s envelope, timed by the injected clock', () => {
    const { mm, events, start } = setup({ accountId: '111122223333' });
    start('t1', 'alice');
    mm.tick();
    expect(events).toHaveLength(1);
    expect(events[0]).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      'detail-type': 'GameLift Matchmaking Event',
      source: 'aws.gamelift',
      account: '111122223333',
      time: '2024-01-02T03:04:05.678Z',
      region: 'eu-central-1',
      resources: ['arn:aws:gamelift:eu-central-1:111122223333:matchmakingconfiguration/cfg'],
      detail: expect.objectContaining({ type: 'MatchmakingSearching' }),
    });
    expect(JSON.parse(JSON.stringify(events[0]))).toEqual(events[0]);
  });

  it('customEventData is in every event of a configuration that has it, and absent otherwise', () => {
    const withData = setup({}, 'season-3');
    withData.start('t1', 'alice');
    withData.start('t2', 'bob');
    withData.mm.tick();
    withData.mm.stopMatchmaking({ TicketId: 't1' });
    expect(withData.events.length).toBeGreaterThanOrEqual(4);
    expect(withData.events.every((e) => e.detail.customEventData === 'season-3')).toBe(true);
    const without = setup();
    without.start('t1', 'alice');
    without.mm.tick();
    expect('customEventData' in without.events[0]!.detail).toBe(false);
  });

  it('one scenario walks every FlexMatch event type, in lifecycle order', () => {
    const { mm, clock, events, start } = setup();
    start('t1', 'alice');
    start('t2', 'bob');
    mm.tick(); // Searching x2, PotentialMatchCreated
    mm.acceptMatch({ TicketId: 't1', PlayerIds: ['alice'], AcceptanceType: 'ACCEPT' }); // AcceptMatch
    mm.acceptMatch({ TicketId: 't2', PlayerIds: ['bob'], AcceptanceType: 'ACCEPT' }); // AcceptMatch, Completed, Succeeded
    start('t3', 'carol');
    start('t4', 'dave');
    mm.tick(); // Searching x2, Potential
    mm.acceptMatch({ TicketId: 't3', PlayerIds: ['carol'], AcceptanceType: 'REJECT' }); // AcceptMatch, Completed, Failed x2
    start('t5', 'erin');
    mm.tick(); // Searching
    mm.stopMatchmaking({ TicketId: 't5' }); // Cancelled
    start('t6', 'frank');
    mm.tick(); // Searching
    clock.t += 30_000;
    mm.tick(); // TimedOut
    expect(events.map((e) => e.detail.type)).toEqual([
      'MatchmakingSearching',
      'MatchmakingSearching',
      'PotentialMatchCreated',
      'AcceptMatch',
      'AcceptMatch',
      'AcceptMatchCompleted',
      'MatchmakingSucceeded',
      'MatchmakingSearching',
      'MatchmakingSearching',
      'PotentialMatchCreated',
      'AcceptMatch',
      'AcceptMatchCompleted',
      'MatchmakingFailed',
      'MatchmakingFailed',
      'MatchmakingSearching',
      'MatchmakingCancelled',
      'MatchmakingSearching',
      'MatchmakingTimedOut',
    ]);
    expect(new Set(events.map((e) => e.detail.type))).toEqual(new Set(MATCHMAKING_EVENT_TYPES));
    expect(JSON.parse(JSON.stringify(events))).toEqual(events);
  });

  it('the detail fields of each type are those the guide lists', () => {
    const { mm, clock, events, start } = setup();
    start('t1', 'alice');
    start('t2', 'bob');
    mm.tick();
    mm.acceptMatch({ TicketId: 't1', PlayerIds: ['alice'], AcceptanceType: 'ACCEPT' });
    clock.t += 10_000;
    mm.tick();
    start('t3', 'x');
    mm.stopMatchmaking({ TicketId: 't3' }); // never in a match: no matchId
    const keys = (type: string) => Object.keys(events.find((e) => e.detail.type === type)!.detail).sort();
    expect(keys('MatchmakingSearching')).toEqual(['estimatedWaitMillis', 'gameSessionInfo', 'tickets', 'type']);
    expect(keys('PotentialMatchCreated')).toEqual(['acceptanceRequired', 'acceptanceTimeout', 'gameSessionInfo', 'matchId', 'ruleEvaluationMetrics', 'tickets', 'type']);
    expect(keys('AcceptMatch')).toEqual(['gameSessionInfo', 'matchId', 'tickets', 'type']);
    expect(keys('AcceptMatchCompleted')).toEqual(['acceptance', 'gameSessionInfo', 'matchId', 'tickets', 'type']);
    expect(keys('MatchmakingFailed')).toEqual(['gameSessionInfo', 'matchId', 'message', 'reason', 'ruleEvaluationMetrics', 'tickets', 'type']);
    expect(keys('MatchmakingCancelled')).toEqual(['gameSessionInfo', 'message', 'reason', 'ruleEvaluationMetrics', 'tickets', 'type']);
  });

  it('a ticket that leaves after a match keeps that match’s ruleEvaluationMetrics and matchId in its end event', () => {
    const { mm, events, start } = setup();
    start('t1', 'alice');
    start('t2', 'bob');
    mm.tick();
    const potential = events.find((e) => e.detail.type === 'PotentialMatchCreated')!.detail;
    mm.acceptMatch({ TicketId: 't1', PlayerIds: ['alice'], AcceptanceType: 'ACCEPT' });
    mm.acceptMatch({ TicketId: 't2', PlayerIds: ['bob'], AcceptanceType: 'REJECT' });
    mm.stopMatchmaking({ TicketId: 't1' });
    const cancelled = events.at(-1)!.detail;
    expect(cancelled.type).toBe('MatchmakingCancelled');
    expect(cancelled).toMatchObject({
      matchId: (potential as { matchId: string }).matchId,
      ruleEvaluationMetrics: (potential as { ruleEvaluationMetrics: unknown }).ruleEvaluationMetrics,
    });
  });

  it('unsubscribing stops delivery', () => {
    const { mm, start } = setup();
    const seen: string[] = [];
    const off = mm.on((e) => seen.push(e.detail.type));
    start('t1', 'alice');
    mm.tick();
    off();
    mm.stopMatchmaking({ TicketId: 't1' });
    expect(seen).toEqual(['MatchmakingSearching']);
  });

  it('a listener added or removed while an event is delivered takes effect from the next event', () => {
    const { mm, start } = setup();
    const seen: string[] = [];
    let offLate: (() => void) | undefined;
    let added = false;
    mm.on((e) => {
      seen.push(`first:${e.detail.type}`);
      if (added) return;
      added = true;
      offLate?.(); // removed during its own event: still hears this one
      mm.on((later) => seen.push(`added:${later.detail.type}`)); // added during this event: hears only the next
    });
    offLate = mm.on((e) => seen.push(`late:${e.detail.type}`));
    start('t1', 'alice');
    mm.tick();
    mm.stopMatchmaking({ TicketId: 't1' });
    expect(seen).toEqual(['first:MatchmakingSearching', 'late:MatchmakingSearching', 'first:MatchmakingCancelled', 'added:MatchmakingCancelled']);
  });

  it('a listener that throws does not stop delivery to the others; its error goes to onListenerError', () => {
    const errors: unknown[] = [];
    const { mm, events, start } = setup({ onListenerError: (error) => errors.push(error) });
    mm.on(() => {
      throw new Error('listener bug');
    });
    const after: string[] = [];
    mm.on((e) => after.push(e.detail.type));
    start('t1', 'alice');
    mm.tick();
    expect(events).toHaveLength(1);
    expect(after).toEqual(['MatchmakingSearching']);
    expect(errors).toEqual([new Error('listener bug')]);
  });

  it('without onListenerError, the operation finishes its work and then throws what the listeners threw', () => {
    const { mm, start } = setup();
    const seen: string[] = [];
    mm.on(() => {
      throw new Error('listener bug');
    });
    mm.on((e) => seen.push(e.detail.type));
    start('t1', 'alice');
    start('t2', 'bob');
    expect(() => mm.tick()).toThrow('matchmaking event listeners threw 3 times');
    expect(seen).toEqual(['MatchmakingSearching', 'MatchmakingSearching', 'PotentialMatchCreated']);
    expect(mm.describeMatchmaking({ TicketIds: ['t1'] }).TicketList[0]!.Status).toBe('REQUIRES_ACCEPTANCE');
    let thrown: unknown;
    try {
      mm.stopMatchmaking({ TicketId: 't1' }); // Cancelled, AcceptMatchCompleted, Searching: three throws
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AggregateError);
    expect((thrown as AggregateError).errors).toEqual([new Error('listener bug'), new Error('listener bug'), new Error('listener bug')]);
    expect(mm.describeMatchmaking({ TicketIds: ['t1'] }).TicketList[0]!.Status).toBe('CANCELLED');
  });

  it('tick cannot be called from a listener of a running tick', () => {
    const { mm, start } = setup();
    let refusal: unknown;
    mm.on(() => {
      try {
        mm.tick();
      } catch (error) {
        refusal = error;
      }
    });
    start('t1', 'alice');
    mm.tick();
    expect(refusal).toMatchObject({ name: 'InvalidRequestException', message: expect.stringContaining('while a tick is running') });
  });

  it('a listener that calls back into the matchmaker sees its own events after the current one reached everyone', () => {
    const { mm, events, start } = setup();
    const order: string[] = [];
    mm.on((e) => {
      order.push(`A:${e.detail.type}`);
      if (e.detail.type === 'PotentialMatchCreated') mm.stopMatchmaking({ TicketId: 't1' });
    });
    mm.on((e) => order.push(`B:${e.detail.type}`));
    start('t1', 'alice');
    start('t2', 'bob');
    mm.tick();
    expect(order.slice(4)).toEqual([
      'A:PotentialMatchCreated',
      'B:PotentialMatchCreated',
      'A:MatchmakingCancelled',
      'B:MatchmakingCancelled',
      'A:AcceptMatchCompleted',
      'B:AcceptMatchCompleted',
      'A:MatchmakingSearching',
      'B:MatchmakingSearching',
    ]);
    expect(events.map((e) => e.detail.type).slice(2)).toEqual(['PotentialMatchCreated', 'MatchmakingCancelled', 'AcceptMatchCompleted', 'MatchmakingSearching']);
    expect(mm.describeMatchmaking({ TicketIds: ['t2'] }).TicketList[0]!.Status).toBe('SEARCHING');
  });
});
