import { describe, expect, it } from 'vitest';
import type { MatchmakingEvent, MatchmakingEventDetail } from '../src/core/matchmaker/events.ts';
import type { MatchmakingTicket } from '../src/core/matchmaker/types.ts';
import {
  matchesPerMinuteData,
  simulationMatchesData,
  simulationPercentileData,
  simulationPercentileLabels,
  simulationPercentileStyles,
  waitChartData,
} from '../src/elements/host-console/chart-data.ts';
import {
  applyMatchEvent,
  boundMatches,
  completedMatches,
  countByStatus,
  describeEvent,
  proposedMatches,
  ticketRows,
  waitSamplesOf,
  type MatchSummary,
} from '../src/elements/host-console/live-state.ts';
import { simulationTableRows } from '../src/sim/table-rows.ts';
import type { SimulationResult } from '../src/sim/types.ts';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

function ticket(id: string, status: MatchmakingTicket['Status'], startMs: number, endMs?: number): MatchmakingTicket {
  return {
    TicketId: id,
    ConfigurationName: 'c',
    ConfigurationArn: 'arn',
    Status: status,
    StartTime: new Date(startMs),
    ...(endMs !== undefined ? { EndTime: new Date(endMs) } : {}),
    Players: [{ PlayerId: `p-${id}` }],
  };
}

function event(detail: Partial<MatchmakingEventDetail> & { type: MatchmakingEventDetail['type'] }, atMs: number): MatchmakingEvent {
  return {
    version: '0',
    id: 'e',
    'detail-type': 'GameLift Matchmaking Event',
    source: 'aws.gamelift',
    account: 'a',
    time: new Date(atMs).toISOString(),
    region: 'r',
    resources: [],
    detail: {
      tickets: [
        { ticketId: 'a', startTime: new Date(T0).toISOString(), players: [{ playerId: 'pa', team: 'red' }] },
        { ticketId: 'b', startTime: new Date(T0 + 10_000).toISOString(), players: [{ playerId: 'pb', team: 'blue' }] },
      ],
      gameSessionInfo: { players: [{ playerId: 'pa', team: 'red' }, { playerId: 'pb', team: 'blue' }] },
      ...detail,
    } as MatchmakingEventDetail,
  };
}

describe('the live view of the tickets', () => {
  it('counts tickets by status, every status present', () => {
    const counts = countByStatus([ticket('a', 'SEARCHING', T0), ticket('b', 'SEARCHING', T0), ticket('c', 'COMPLETED', T0, T0 + 1000)]);
    expect(counts).toMatchObject({ SEARCHING: 2, COMPLETED: 1, QUEUED: 0, TIMED_OUT: 0 });
    expect(Object.keys(counts)).toHaveLength(8);
  });

  it('lists active tickets first, longest wait first, then finished ones, latest end first', () => {
    const rows = ticketRows(
      [
        ticket('done-early', 'COMPLETED', T0, T0 + 5_000),
        ticket('new', 'SEARCHING', T0 + 50_000),
        ticket('done-late', 'TIMED_OUT', T0, T0 + 30_000),
        ticket('old', 'QUEUED', T0),
      ],
      T0 + 60_000,
    );
    expect(rows.map((row) => [row.ticketId, row.waitSeconds])).toEqual([
      ['old', 60],
      ['new', 10],
      ['done-late', 30],
      ['done-early', 5],
    ]);
  });
});

describe('matches from the events', () => {
  it('follows a match from proposal through acceptance to success', () => {
    let matches: Map<string, MatchSummary> = new Map();
    matches = applyMatchEvent(matches, event({ type: 'PotentialMatchCreated', matchId: 'm1', acceptanceRequired: true, ruleEvaluationMetrics: [] }, T0 + 20_000));
    expect(proposedMatches(matches)).toMatchObject([{ matchId: 'm1', state: 'awaiting-acceptance', teams: [{ name: 'red', playerIds: ['pa'] }, { name: 'blue', playerIds: ['pb'] }] }]);
    matches = applyMatchEvent(matches, event({ type: 'AcceptMatchCompleted', matchId: 'm1', acceptance: 'Accepted' }, T0 + 25_000));
    expect(proposedMatches(matches)[0]!.state).toBe('placing');
    matches = applyMatchEvent(matches, event({ type: 'MatchmakingSucceeded', matchId: 'm1' }, T0 + 26_000));
    expect(proposedMatches(matches)).toEqual([]);
    expect(completedMatches(matches)).toMatchObject([{ matchId: 'm1', state: 'completed', atMs: T0 + 26_000 }]);
  });

  it('keeps a rejected match among the proposed ones, with the reason', () => {
    const matches = applyMatchEvent(new Map(), event({ type: 'AcceptMatchCompleted', matchId: 'm2', acceptance: 'Rejected' }, T0));
    expect(proposedMatches(matches)).toMatchObject([{ matchId: 'm2', state: 'failed', reason: 'Rejected' }]);
  });

  it('keeps only the most recent matches when bounded', () => {
    let matches: Map<string, MatchSummary> = new Map();
    for (let i = 0; i < 5; i++) matches = applyMatchEvent(matches, event({ type: 'MatchmakingSucceeded', matchId: `m${i}` }, T0 + i * 1000));
    expect([...boundMatches(matches, 2).keys()].sort()).toEqual(['m3', 'm4']);
  });

  it('describes an event in one log line', () => {
    expect(describeEvent(event({ type: 'AcceptMatchCompleted', matchId: 'm1', acceptance: 'TimedOut' }, T0))).toEqual({
      atMs: T0,
      type: 'AcceptMatchCompleted',
      text: 'a, b match m1: TimedOut',
    });
  });

  it('takes each ticket of a succeeded match as a time-to-match sample', () => {
    const samples = waitSamplesOf(event({ type: 'MatchmakingSucceeded', matchId: 'm1' }, T0 + 40_000));
    expect(samples).toEqual([
      { atMs: T0 + 40_000, ticketId: 'a', waitSeconds: 40 },
      { atMs: T0 + 40_000, ticketId: 'b', waitSeconds: 30 },
    ]);
    expect(waitSamplesOf(event({ type: 'MatchmakingSearching', estimatedWaitMillis: 'NOT_AVAILABLE' }, T0))).toEqual([]);
  });
});

describe('chart data', () => {
  it('plots wait samples in time order with x in Unix seconds', () => {
    expect(
      waitChartData([
        { atMs: T0 + 2000, ticketId: 'b', waitSeconds: 3.14159 },
        { atMs: T0, ticketId: 'a', waitSeconds: 10 },
      ]),
    ).toEqual([
      [T0 / 1000, T0 / 1000 + 2],
      [10, 3.1],
    ]);
  });

  it('counts matches per minute over the window ending now, dropping older ones', () => {
    const now = T0 + 2 * 60_000 + 30_000;
    const [xs, counts] = matchesPerMinuteData([T0 - 10 * 60_000, T0 + 1000, T0 + 2000, now - 1000], now, 3);
    expect(xs).toEqual([T0 / 1000, T0 / 1000 + 60, T0 / 1000 + 120]);
    expect(counts).toEqual([2, 0, 1]);
  });

  const result = (label: string, starts: number[]): SimulationResult => ({
    label,
    simulatedMinutes: 10,
    tickets: 100,
    players: 100,
    matchedTickets: 80,
    timedOutTickets: 20,
    failedAcceptanceTickets: 0,
    matches: 40,
    meanMatchSize: 2,
    timeToMatchSeconds: { p50: 5, p90: 12, p99: 30 },
    series: starts.map((startMinute) => ({ startMinute, arrivals: 10, matches: startMinute + 1, timeouts: 0, timeToMatchSeconds: { p50: 1, p90: 2, p99: 3 } })),
    quality: [{ rule: 'FairSkill', type: 'distance', metric: 'team avg(skill) spread', mean: 3.5, p90: 7, max: 10, limit: 10 }],
    expansions: [
      { target: 'rules[FairSkill].maxDistance', value: null, matches: 30 },
      { target: 'rules[FairSkill].maxDistance', value: 50, waitTimeSeconds: 60, matches: 10 },
    ],
    wallClockMs: 1234,
  });

  it('aligns two simulations on the union of their buckets, with gaps where one has none', () => {
    const results = [result('A', [0, 5]), result('B', [0, 10])];
    expect(simulationPercentileLabels(results)).toEqual(['A p50', 'A p90', 'A p99', 'B p50', 'B p90', 'B p99']);
    expect(simulationPercentileStyles(results).map((style) => style.colour)).toEqual([0, 0, 0, 1, 1, 1]);
    const data = simulationPercentileData(results);
    expect(data[0]).toEqual([0, 5, 10]);
    expect(data[1]).toEqual([1, 1, null]);
    expect(data[6]).toEqual([3, null, 3]);
    expect(simulationMatchesData(results)).toEqual([
      [0, 5, 10],
      [1, 6, null],
      [1, null, 11],
    ]);
  });

  it('tabulates a simulation: tickets, matched share, percentiles, quality per rule and expansions used', () => {
    const rows = simulationTableRows([result('A', [0])]);
    const cell = (label: string, group?: string) => rows.find((row) => row.label === label && row.group === group)?.cells[0];
    expect(cell('matched tickets')).toBe('80 (80%)');
    expect(cell('timed out')).toBe('20 (20%)');
    expect(cell('time to match p90 (s)')).toBe('12');
    expect(rows.find((row) => row.label === 'quality per rule: mean / p90 / max')?.heading).toBe(true);
    expect(cell('FairSkill: team avg(skill) spread', 'quality per rule: mean / p90 / max')).toBe('3.5 / 7 / 10 (limit 10)');
    expect(cell('original value', 'rules[FairSkill].maxDistance')).toBe('30 (75%)');
    expect(cell('50 after 60 s', 'rules[FairSkill].maxDistance')).toBe('10 (25%)');
  });

  it('shows "–" in the column of a result that lacks a row', () => {
    const other = { ...result('B', [0]), quality: [], expansions: [] };
    const rows = simulationTableRows([result('A', [0]), other]);
    expect(rows.find((row) => row.label === 'FairSkill: team avg(skill) spread')?.cells).toEqual(['3.5 / 7 / 10 (limit 10)', '–']);
  });
});
