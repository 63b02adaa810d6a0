import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/core/engine/random.ts';
import {
  Matchmaker,
  type MatchmakerData,
  type MatchmakerOptions,
  type MatchmakerSnapshot,
  type MatchmakingEvent,
} from '../src/core/matchmaker/index.ts';

const DUEL = JSON.stringify({
  name: 'duel',
  ruleLanguageVersion: '1.0',
  playerAttributes: [{ name: 'skill', type: 'number', default: 10 }],
  teams: [
    { name: 'red', minPlayers: 1, maxPlayers: 2 },
    { name: 'blue', minPlayers: 1, maxPlayers: 2 },
  ],
  rules: [
    { name: 'FairSkill', type: 'distance', measurements: ['max(flatten(teams[*].players.attributes[skill]))'], referenceValue: 'min(flatten(teams[*].players.attributes[skill]))', maxDistance: 10 },
    { name: 'EqualTeamSizes', type: 'comparison', measurements: ['count(teams[red].players)'], referenceValue: 'count(teams[blue].players)', operation: '=' },
  ],
  expansions: [{ target: 'rules[FairSkill].maxDistance', steps: [{ waitTimeSeconds: 20, value: 100 }] }],
});

const clock = { t: 0 };

function fresh(config: { AcceptanceRequired?: boolean; BackfillMode?: 'AUTOMATIC' | 'MANUAL' } = {}) {
  clock.t = 0;
  const mm = new Matchmaker({ now: () => clock.t, random: seededRandom(17) });
  mm.createMatchmakingRuleSet({ Name: 'duel', RuleSetBody: DUEL });
  mm.createMatchmakingConfiguration({
    Name: 'cfg',
    RuleSetName: 'duel',
    RequestTimeoutSeconds: 30,
    AcceptanceRequired: config.AcceptanceRequired ?? false,
    ...(config.AcceptanceRequired ? { AcceptanceTimeoutSeconds: 15 } : {}),
    BackfillMode: config.BackfillMode ?? 'MANUAL',
    CustomEventData: 'kept',
  });
  return mm;
}

/** Through JSON, as a host persisting to storage would. */
function persisted(mm: Matchmaker, options: Partial<MatchmakerOptions> = {}) {
  const text = JSON.stringify(mm.snapshot());
  const restored = Matchmaker.restore(JSON.parse(text) as MatchmakerSnapshot, { now: () => clock.t, random: seededRandom(18), ...options });
  const events: MatchmakingEvent[] = [];
  restored.on((event) => events.push(event));
  return { restored, events };
}

const start = (mm: Matchmaker, ticketId: string, playerId: string, skill: number) =>
  mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: ticketId, Players: [{ PlayerId: playerId, PlayerAttributes: { skill: { N: skill } } }] });

const status = (mm: Matchmaker, id: string) => mm.describeMatchmaking({ TicketIds: [id] }).TicketList[0]!;

describe('snapshot and restore', () => {
  it('the snapshot is plain JSON and survives structuredClone unchanged', () => {
    const mm = fresh({ AcceptanceRequired: true });
    start(mm, 't1', 'alice', 10);
    start(mm, 't2', 'bob', 10);
    mm.tick();
    const snapshot = mm.snapshot();
    expect(JSON.parse(JSON.stringify(snapshot))).toEqual(snapshot);
    expect(structuredClone(snapshot)).toEqual(snapshot);
    expect(snapshot).toMatchObject({ format: 'peermatch.matchmaker', version: 1, region: 'us-east-1' });
    expect(snapshot.matches).toHaveLength(1);
    expect(snapshot.tickets.map((t) => [t.ticketId, t.status, t.startTimeMs])).toEqual([
      ['t1', 'REQUIRES_ACCEPTANCE', 0],
      ['t2', 'REQUIRES_ACCEPTANCE', 0],
    ]);
  });

  it('a snapshot reusing the previous one equals a fresh snapshot at every step, and shares only the records that did not change', () => {
    const mm = fresh({ AcceptanceRequired: true });
    let last = mm.snapshot();
    const steps: (() => void)[] = [
      () => start(mm, 't1', 'alice', 10),
      () => start(mm, 't2', 'bob', 10),
      () => start(mm, 't3', 'carol', 500),
      () => mm.tick(),
      () => mm.acceptMatch({ TicketId: 't1', PlayerIds: ['alice'], AcceptanceType: 'ACCEPT' }),
      () => mm.acceptMatch({ TicketId: 't2', PlayerIds: ['bob'], AcceptanceType: 'ACCEPT' }),
      () => ((clock.t += 10_000), mm.tick()),
      () => mm.stopMatchmaking({ TicketId: 't3' }),
    ];
    for (const step of steps) {
      const before = JSON.parse(JSON.stringify(last)) as MatchmakerSnapshot;
      step();
      const next = mm.snapshot({ reuse: last });
      const expected = mm.snapshot();
      expect({ ...next, takenAtMs: 0 }).toEqual({ ...expected, takenAtMs: 0 });
      for (const ticket of next.tickets) {
        const previous = last.tickets.find((t) => t.ticketId === ticket.ticketId);
        const same = previous !== undefined && JSON.stringify(previous) === JSON.stringify(ticket);
        expect(ticket === previous).toBe(same);
      }
      // The previous snapshot is left as it was.
      expect(last).toEqual(before);
      last = next;
    }
    // The shared records are plain copies: changing the matchmaker later does not reach into them.
    const held = JSON.stringify(last);
    start(mm, 't4', 'dave', 10);
    mm.tick();
    expect(JSON.stringify(last)).toBe(held);
  });

  it('a restored searching ticket keeps its StartTime and times out at its original deadline', () => {
    const mm = fresh();
    start(mm, 't1', 'alice', 10);
    mm.tick();
    clock.t = 10_000;
    const { restored, events } = persisted(mm);
    expect(status(restored, 't1')).toMatchObject({ Status: 'SEARCHING', StartTime: new Date(0) });
    clock.t = 29_999;
    restored.tick();
    expect(status(restored, 't1').Status).toBe('SEARCHING');
    clock.t = 30_000;
    restored.tick();
    expect(status(restored, 't1').Status).toBe('TIMED_OUT');
    expect(events.map((e) => e.detail.type)).toEqual(['MatchmakingTimedOut']);
    expect(events[0]!.detail.customEventData).toBe('kept');
  });

  it('a restored ticket keeps its age for expansions', () => {
    const mm = fresh();
    start(mm, 't1', 'alice', 10);
    start(mm, 't2', 'bob', 60);
    mm.tick();
    clock.t = 15_000;
    const { restored } = persisted(mm);
    restored.tick();
    expect(status(restored, 't1').Status).toBe('SEARCHING');
    clock.t = 20_000;
    restored.tick();
    expect(status(restored, 't1').Status).toBe('COMPLETED');
  });

  it('a restored QUEUED ticket enters SEARCHING at the next tick', () => {
    const mm = fresh();
    start(mm, 't1', 'alice', 10);
    const { restored, events } = persisted(mm);
    restored.tick();
    expect(status(restored, 't1').Status).toBe('SEARCHING');
    expect(events.map((e) => e.detail.type)).toEqual(['MatchmakingSearching']);
  });

  it('mid-acceptance: answers given before the snapshot count, and the match completes after restore', () => {
    const mm = fresh({ AcceptanceRequired: true });
    start(mm, 't1', 'alice', 10);
    start(mm, 't2', 'bob', 10);
    mm.tick();
    mm.acceptMatch({ TicketId: 't1', PlayerIds: ['alice'], AcceptanceType: 'ACCEPT' });
    clock.t = 5_000;
    const { restored, events } = persisted(mm);
    expect(status(restored, 't2').Status).toBe('REQUIRES_ACCEPTANCE');
    restored.acceptMatch({ TicketId: 't2', PlayerIds: ['bob'], AcceptanceType: 'ACCEPT' });
    expect(events.map((e) => e.detail.type)).toEqual(['AcceptMatch', 'AcceptMatchCompleted', 'MatchmakingSucceeded']);
    expect(events[0]!.detail.gameSessionInfo.players.map((p) => p.accepted)).toEqual([true, true]);
    expect(status(restored, 't1').Status).toBe('COMPLETED');
    expect(restored.describeGameSessions().GameSessions).toHaveLength(1);
  });

  it('mid-acceptance: the acceptance deadline is the original one', () => {
    const mm = fresh({ AcceptanceRequired: true });
    start(mm, 't1', 'alice', 10);
    start(mm, 't2', 'bob', 10);
    clock.t = 1_000;
    mm.tick();
    mm.acceptMatch({ TicketId: 't1', PlayerIds: ['alice'], AcceptanceType: 'ACCEPT' });
    clock.t = 8_000;
    const { restored, events } = persisted(mm);
    clock.t = 15_999;
    restored.tick();
    expect(events).toEqual([]);
    clock.t = 16_000;
    restored.tick();
    expect(events.map((e) => e.detail.type)).toEqual(['AcceptMatchCompleted', 'MatchmakingSearching', 'MatchmakingFailed']);
    expect(events[0]!.detail).toMatchObject({ acceptance: 'TimedOut' });
    expect(status(restored, 't1')).toMatchObject({ Status: 'SEARCHING', StatusReason: 'PROPOSED_MATCH_TIMED_OUT' });
  });

  it('rule sets, configurations, used ticket ids and game sessions with automatic backfill survive a restore', () => {
    const mm = fresh({ BackfillMode: 'AUTOMATIC' });
    start(mm, 't1', 'alice', 10);
    start(mm, 't2', 'bob', 10);
    mm.tick();
    const { restored } = persisted(mm);
    expect(restored.describeMatchmakingRuleSets().RuleSets.map((r) => r.RuleSetName)).toEqual(['duel']);
    expect(restored.describeMatchmakingConfigurations().Configurations).toEqual(mm.describeMatchmakingConfigurations().Configurations);
    expect(() => start(restored, 't1', 'zed', 10)).toThrow(expect.objectContaining({ name: 'InvalidRequestException', message: expect.stringContaining('already exists') }));
    const [session] = restored.describeGameSessions().GameSessions;
    expect(session).toEqual(mm.describeGameSessions().GameSessions[0]);
    const autoId = (JSON.parse(session!.MatchmakerData!) as MatchmakerData).autoBackfillTicketId!;
    start(restored, 't3', 'carol', 10);
    start(restored, 't4', 'dave', 10);
    clock.t = 1_000;
    restored.tick();
    expect(status(restored, autoId).Status).toBe('COMPLETED');
  });

  it('the wait history survives, so the estimate does too', () => {
    const mm = fresh();
    start(mm, 't1', 'alice', 10);
    start(mm, 't2', 'bob', 10);
    clock.t = 6_000;
    mm.tick();
    const { restored } = persisted(mm);
    expect(start(restored, 't3', 'carol', 10).MatchmakingTicket.EstimatedWaitTime).toBe(6);
  });

  it('restore refuses something that is not a snapshot of this version', () => {
    const snapshot = fresh().snapshot();
    expect(() => Matchmaker.restore({ ...snapshot, format: 'other' } as unknown as MatchmakerSnapshot)).toThrow(
      expect.objectContaining({ name: 'InvalidRequestException', message: expect.stringContaining('not a peermatch matchmaker snapshot') }),
    );
    expect(() => Matchmaker.restore({ ...snapshot, version: 2 } as unknown as MatchmakerSnapshot)).toThrow(
      expect.objectContaining({ name: 'InvalidRequestException', message: expect.stringContaining('snapshot.version: 2') }),
    );
  });

  it('changing the restored matchmaker leaves the snapshot it came from untouched', () => {
    const mm = fresh();
    start(mm, 't1', 'alice', 10);
    const snapshot = mm.snapshot();
    const copy = JSON.parse(JSON.stringify(snapshot));
    const restored = Matchmaker.restore(snapshot, { now: () => clock.t });
    restored.stopMatchmaking({ TicketId: 't1' });
    expect(snapshot).toEqual(copy);
  });
});
