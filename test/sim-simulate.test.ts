import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPopulation } from '../src/sim/default-population.ts';
import { formatSimulationTable } from '../src/sim/format-table.ts';
import { simulate } from '../src/sim/simulate.ts';
import type { PopulationSpec, SimulationInput, SimulationResult } from '../src/sim/types.ts';

const EXAMPLES = join(import.meta.dirname, '..', 'examples', 'rulesets');
const EXAMPLE_1 = readFileSync(join(EXAMPLES, '01-aliens-vs-cowboys.jsonc'), 'utf8');
/** Example 1 with FairTeamSkill at 3 and no expansions. */
const STRICT = EXAMPLE_1.replace('"name": "aliens_vs_cowboys"', '"name": "strict"')
  .replace('"maxDistance": 10', '"maxDistance": 3')
  .replace(/"expansions": \[[\s\S]*\]\s*\}\s*$/, '"expansions": []\n}\n');

const population: PopulationSpec = {
  arrivalsPerMinute: 20,
  durationMinutes: 3,
  attributes: { skill: { kind: 'normal', mean: 50, sd: 30, min: 0, max: 100 } },
};

function example1(overrides: Partial<SimulationInput> = {}): SimulationInput {
  return { ruleSetBody: EXAMPLE_1, configuration: { RequestTimeoutSeconds: 120 }, population, seed: 7, ...overrides };
}

const ended = (r: SimulationResult) => r.matchedTickets + r.timedOutTickets + r.failedAcceptanceTickets;

describe('simulating example 1', () => {
  const result = simulate(example1());

  it('runs every ticket to an end, all matched into 4v4 to 8v8 matches', () => {
    expect(result.label).toBe('aliens_vs_cowboys');
    expect(result.tickets).toBeGreaterThan(40);
    expect(ended(result)).toBe(result.tickets);
    expect(result.matchedTickets).toBeGreaterThan(result.tickets * 0.8);
    expect(result.meanMatchSize).toBeGreaterThanOrEqual(8);
    expect(result.meanMatchSize).toBeLessThanOrEqual(16);
    expect(result.simulatedMinutes).toBeGreaterThanOrEqual(3);
  });

  it('reports time-to-match percentiles in order, overall and per bucket', () => {
    const { p50, p90, p99 } = result.timeToMatchSeconds!;
    expect(p50).toBeGreaterThan(0);
    expect(p50).toBeLessThanOrEqual(p90);
    expect(p90).toBeLessThanOrEqual(p99);
    for (const bucket of result.series) {
      if (bucket.timeToMatchSeconds) {
        expect(bucket.timeToMatchSeconds.p50).toBeLessThanOrEqual(bucket.timeToMatchSeconds.p90);
        expect(bucket.timeToMatchSeconds.p90).toBeLessThanOrEqual(bucket.timeToMatchSeconds.p99);
      }
    }
  });

  it('has a time series whose buckets add up to the totals', () => {
    const sum = (key: 'arrivals' | 'matches' | 'timeouts') => result.series.reduce((n, b) => n + b[key], 0);
    expect(sum('arrivals')).toBe(result.tickets);
    expect(sum('matches')).toBe(result.matches);
    expect(sum('timeouts')).toBe(result.timedOutTickets);
    expect(result.series.map((b) => b.startMinute)).toEqual(result.series.map((_, i) => i * result.series[1]!.startMinute));
  });

  it('measures each rule of every match, within the limit of the expansion step in effect', () => {
    const fair = result.quality.find((q) => q.rule === 'FairTeamSkill')!;
    expect(fair).toMatchObject({ type: 'distance', limit: 10, measuredMatches: result.matches });
    expect(fair.metric).toBe('max |avg(teams[*].skill) − avg(flatten(teams[*].skill))|');
    const loosest = Math.max(...result.expansions.filter((e) => e.matches > 0).map((e) => (e.value === null ? 10 : (e.value as number))));
    expect(fair.max).toBeLessThanOrEqual(loosest);
    expect(fair.mean).toBeLessThanOrEqual(fair.p90);
    expect(fair.p90).toBeLessThanOrEqual(fair.max);
    expect(result.quality.find((q) => q.rule === 'EqualTeamSizes')).toMatchObject({ max: 0, limit: 0 });
  });

  it('counts every match once per expansion target', () => {
    expect(result.expansions.map((e) => e.value)).toEqual([null, 50, 100]);
    expect(result.expansions.map((e) => e.waitTimeSeconds)).toEqual([undefined, 5, 15]);
    expect(result.expansions.reduce((n, e) => n + e.matches, 0)).toBe(result.matches);
  });

  it('is reproducible: the same input and seed give the same result', () => {
    expect({ ...simulate(example1()), wallClockMs: 0 }).toEqual({ ...result, wallClockMs: 0 });
  });

  it('measures wall-clock time only with the caller\'s clock, and reports progress up to the total', () => {
    let clock = 0;
    const progress: number[] = [];
    const timed = simulate(example1({ population: { ...population, durationMinutes: 1 } }), {
      now: () => (clock += 250),
      onProgress: (minutes, total) => {
        expect(minutes).toBeLessThanOrEqual(total);
        progress.push(minutes);
      },
    });
    expect(timed.wallClockMs).toBe(250);
    expect(progress.length).toBeGreaterThan(10);
    expect(progress).toEqual(progress.slice().sort((a, b) => a - b));
    expect(simulate(example1({ population: { ...population, durationMinutes: 1 } })).wallClockMs).toBe(0);
  });
});

describe('comparing and stressing rule sets', () => {
  it('a looser rule set matches faster, and a stricter one makes closer matches, on the same population', () => {
    const loose = simulate(example1());
    const strict = simulate(example1({ ruleSetBody: STRICT }));
    expect(strict.tickets).toBe(loose.tickets);
    expect(strict.players).toBe(loose.players);
    expect(loose.timeToMatchSeconds!.p90).toBeLessThan(strict.timeToMatchSeconds!.p90);
    expect(loose.matchedTickets).toBeGreaterThanOrEqual(strict.matchedTickets);
    const spread = (r: SimulationResult) => r.quality.find((q) => q.rule === 'FairTeamSkill')!;
    expect(spread(strict).max).toBeLessThanOrEqual(3);
    expect(spread(strict).mean).toBeLessThan(spread(loose).mean);
  });

  it('counts timeouts when the request timeout is too short for the arrival rate', () => {
    const result = simulate(example1({ configuration: { RequestTimeoutSeconds: 5 }, population: { ...population, arrivalsPerMinute: 6 } }));
    expect(result.timedOutTickets).toBeGreaterThan(0);
    expect(result.series.reduce((n, b) => n + b.timeouts, 0)).toBe(result.timedOutTickets);
    expect(ended(result)).toBe(result.tickets);
  });

  it('counts failed acceptances when players decline, and none when all accept', () => {
    const configuration = { RequestTimeoutSeconds: 120, AcceptanceRequired: true, AcceptanceTimeoutSeconds: 20 };
    const declining = simulate(example1({ configuration, population: { ...population, acceptRate: 0.9, acceptDelaySeconds: 3 } }));
    expect(declining.failedAcceptanceTickets).toBeGreaterThan(0);
    expect(ended(declining)).toBe(declining.tickets);
    const accepting = simulate(example1({ configuration, population: { ...population, acceptDelaySeconds: 3 } }));
    expect(accepting.failedAcceptanceTickets).toBe(0);
    expect(accepting.matchedTickets).toBeGreaterThan(0);
  });

  it('counts players who never answer as failed acceptances', () => {
    const configuration = { RequestTimeoutSeconds: 120, AcceptanceRequired: true, AcceptanceTimeoutSeconds: 2 };
    const slow = simulate(example1({ configuration, population: { ...population, durationMinutes: 1, acceptDelaySeconds: 10 } }));
    expect(slow.matchedTickets).toBe(0);
    expect(slow.failedAcceptanceTickets).toBeGreaterThan(0);
  });

  it('prints two results side by side in one table', () => {
    const table = formatSimulationTable([simulate(example1()), simulate(example1({ ruleSetBody: STRICT }))]);
    const lines = table.split('\n');
    expect(lines[0]).toMatch(/aliens_vs_cowboys\s+strict$/);
    expect(lines.find((l) => l.startsWith('tickets'))).toMatch(/^tickets\s+\d+\s+\d+$/);
    expect(table).toContain('time to match p99 (s)');
    expect(table).toMatch(/FairTeamSkill: max \|avg/);
    expect(table).toMatch(/original value\s+\d+ \(\d+%\)\s+–/);
  });
});

describe('refusals', () => {
  it('refuses an invalid rule set with the path, message, line and column', () => {
    const body = EXAMPLE_1.replace('"maxDistance": 10', '"maxDistance": "far"');
    expect(() => simulate(example1({ ruleSetBody: body }))).toThrowError(
      expect.objectContaining({ name: 'InvalidRequestException', message: expect.stringMatching(/^ruleSetBody: 1 error: rules\[0\]\.maxDistance: .*\(line \d+, column \d+\)$/) }),
    );
  });

  it('refuses an invalid population with every problem named', () => {
    const bad = { ...population, arrivalsPerMinute: -2, attributes: { skill: { kind: 'normal', mean: 1, sd: -1 } } } as PopulationSpec;
    expect(() => simulate(example1({ population: bad }))).toThrowError(
      expect.objectContaining({
        name: 'InvalidRequestException',
        message:
          'population.arrivalsPerMinute: expected a number > 0, got -2; population.attributes["skill"].sd: expected a number ≥ 0, got -1',
      }),
    );
  });

  it('refuses an invalid configuration under its path', () => {
    expect(() => simulate(example1({ configuration: { RequestTimeoutSeconds: 0 } }))).toThrowError(
      expect.objectContaining({ name: 'InvalidRequestException', message: expect.stringMatching(/^configuration\.RequestTimeoutSeconds/) }),
    );
  });

  it('refuses a party larger than any team', () => {
    const parties = { ...population, partySizes: [{ size: 9, weight: 1 }] };
    expect(() => simulate(example1({ population: parties }))).toThrowError(
      expect.objectContaining({ name: 'InvalidRequestException', message: expect.stringMatching(/^population: ticket t1 \(9 players\) was refused: /) }),
    );
  });
});

describe('every example rule set', () => {
  it.each(readdirSync(EXAMPLES).sort())('%s forms matches with its default population', (file) => {
    const body = readFileSync(join(EXAMPLES, file), 'utf8');
    const result = simulate({
      ruleSetBody: body,
      configuration: { RequestTimeoutSeconds: 120 },
      population: { ...defaultPopulation(body), durationMinutes: 2 },
      // Five-second ticks keep the slow-to-search examples (3, 9) to a few seconds here.
      tickSeconds: 5,
    });
    expect(result.matches).toBeGreaterThan(0);
    expect(ended(result)).toBe(result.tickets);
    expect(result.quality.every((q) => (q.measuredMatches ?? 0) > 0 || q.type === 'compound')).toBe(true);
  }, 30_000);
});
