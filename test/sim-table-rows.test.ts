import { describe, expect, it } from 'vitest';
import { formatSimulationTable } from '../src/sim/format-table.ts';
import { MISSING_CELL, simulationTableRows } from '../src/sim/table-rows.ts';
import type { SimulationResult } from '../src/sim/types.ts';

const LONG_METRIC = 'max |avg(teams[*].players.attributes[skill]) − avg(flatten(teams[*].players.attributes[skill]))|';

function result(label: string, overrides: Partial<SimulationResult> = {}): SimulationResult {
  return {
    label,
    simulatedMinutes: 12.4,
    tickets: 200,
    players: 260,
    matchedTickets: 150,
    timedOutTickets: 40,
    failedAcceptanceTickets: 10,
    matches: 20,
    meanMatchSize: 12.5,
    timeToMatchSeconds: { p50: 6.64, p90: 14.5, p99: 31 },
    series: [],
    quality: [
      { rule: 'FairSkill', type: 'distance', metric: LONG_METRIC, mean: 2.024, p90: 4, max: 4.02, limit: 10, measuredMatches: 20 },
      { rule: 'Sizes', type: 'comparison', metric: 'team size spread', mean: 0, p90: 0, max: 0, measuredMatches: 0 },
    ],
    expansions: [
      { target: 'rules[FairSkill].maxDistance', value: null, matches: 15 },
      { target: 'rules[FairSkill].maxDistance', value: 50, waitTimeSeconds: 5, matches: 5 },
      { target: 'teams[red].minPlayers', value: 2, waitTimeSeconds: 30, matches: 0 },
    ],
    wallClockMs: 1534,
    ...overrides,
  };
}

const A = result('A: duel');
const B = result('B: strict', {
  matches: 0,
  matchedTickets: 0,
  timeToMatchSeconds: null,
  quality: [],
  expansions: [{ target: 'teams[red].minPlayers', value: null, matches: 0 }],
});

describe('the simulation table rows', () => {
  const rows = simulationTableRows([A, B]);
  const find = (label: string, group?: string) => rows.find((row) => row.label === label && row.group === group);

  it('gives one cell per result, a share of the tickets in brackets, and "–" where a result has no value', () => {
    expect(find('matched tickets')?.cells).toEqual(['150 (75%)', '0 (0%)']);
    expect(find('time to match p50 (s)')?.cells).toEqual(['6.6', MISSING_CELL]);
    expect(find('mean match size')?.cells).toEqual(['12.5', MISSING_CELL]);
    expect(find('wall clock (s)')?.cells).toEqual(['1.53', '1.53']);
  });

  it('puts quality rows under their heading, a rule that measured nothing showing "–"', () => {
    const heading = find('quality per rule: mean / p90 / max');
    expect(heading).toMatchObject({ heading: true, depth: 0, cells: [] });
    expect(find(`FairSkill: ${LONG_METRIC}`, heading!.label)?.cells).toEqual(['2.02 / 4 / 4.02 (limit 10)', MISSING_CELL]);
    expect(find('Sizes: team size spread', heading!.label)?.cells).toEqual([MISSING_CELL, MISSING_CELL]);
  });

  it('groups expansion steps under their target, in order of first appearance, with the share of the matches', () => {
    const expansions = rows.slice(rows.findIndex((row) => row.label === 'matches per expansion step'));
    expect(expansions.slice(0, 7).map((row) => [row.depth, row.group, row.label, row.cells])).toEqual([
      [0, undefined, 'matches per expansion step', []],
      [1, 'matches per expansion step', 'rules[FairSkill].maxDistance', []],
      [2, 'rules[FairSkill].maxDistance', 'original value', ['15 (75%)', MISSING_CELL]],
      [2, 'rules[FairSkill].maxDistance', '50 after 5 s', ['5 (25%)', MISSING_CELL]],
      [1, 'matches per expansion step', 'teams[red].minPlayers', []],
      [2, 'teams[red].minPlayers', '2 after 30 s', ['0 (0%)', MISSING_CELL]],
      [2, 'teams[red].minPlayers', 'original value', [MISSING_CELL, '0']],
    ]);
  });

  it('has no quality or expansion rows when no result has any', () => {
    const labels = simulationTableRows([{ ...A, quality: [], expansions: [] }]).map((row) => row.label);
    expect(labels).toEqual([
      'tickets',
      'players',
      'matched tickets',
      'timed out',
      'failed acceptance',
      'matches',
      'mean match size',
      'time to match p50 (s)',
      'time to match p90 (s)',
      'time to match p99 (s)',
      'simulated minutes',
      'wall clock (s)',
    ]);
  });
});

describe('the text table', () => {
  it('prints the rows indented by depth, long labels cut, cells right-aligned in one column per result', () => {
    expect(formatSimulationTable([A, B]).split('\n')).toEqual([
      '                                                                                      A: duel   B: strict',
      'tickets                                                                                   200         200',
      'players                                                                                   260         260',
      'matched tickets                                                                     150 (75%)      0 (0%)',
      'timed out                                                                            40 (20%)    40 (20%)',
      'failed acceptance                                                                     10 (5%)     10 (5%)',
      'matches                                                                                    20           0',
      'mean match size                                                                          12.5           –',
      'time to match p50 (s)                                                                     6.6           –',
      'time to match p90 (s)                                                                    14.5           –',
      'time to match p99 (s)                                                                      31           –',
      'quality per rule: mean / p90 / max',
      '  FairSkill: max |avg(teams[*].players.attributes[skill]) − avg…   2.02 / 4 / 4.02 (limit 10)           –',
      '  Sizes: team size spread                                                                   –           –',
      'matches per expansion step',
      '  rules[FairSkill].maxDistance',
      '    original value                                                                   15 (75%)           –',
      '    50 after 5 s                                                                      5 (25%)           –',
      '  teams[red].minPlayers',
      '    2 after 30 s                                                                       0 (0%)           –',
      '    original value                                                                          –           0',
      'simulated minutes                                                                          12          12',
      'wall clock (s)                                                                           1.53        1.53',
    ]);
  });

  it('prints a header-only table for no results', () => {
    expect(formatSimulationTable([]).split('\n')[0]).toBe('');
    expect(formatSimulationTable([]).split('\n')).toHaveLength(13);
  });
});
