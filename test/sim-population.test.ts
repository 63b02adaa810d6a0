import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/core/engine/random.ts';
import { compileRuleSet } from '../src/core/ruleset/compile.ts';
import type { CompiledRuleSet } from '../src/core/ruleset/types.ts';
import { defaultPopulation, sharedDefaultPopulation } from '../src/sim/default-population.ts';
import { drawValue } from '../src/sim/distributions.ts';
import { generateArrivals } from '../src/sim/population.ts';
import type { AttributeDistribution, PopulationSpec } from '../src/sim/types.ts';
import { validatePopulation } from '../src/sim/validate-population.ts';

const EXAMPLES = join(import.meta.dirname, '..', 'examples', 'rulesets');
const example = (prefix: string): string => {
  const file = readdirSync(EXAMPLES).find((name) => name.startsWith(prefix))!;
  return readFileSync(join(EXAMPLES, file), 'utf8');
};
const compiled = (body: string): CompiledRuleSet => compileRuleSet(body).ruleSet!;

const draws = (distribution: AttributeDistribution, count = 2000, seed = 5) => {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => drawValue(distribution, random));
};

describe('attribute distributions', () => {
  it('a clamped integer normal stays inside its bounds and gives whole numbers', () => {
    const values = draws({ kind: 'normal', mean: 50, sd: 40, min: 0, max: 100, integer: true }) as number[];
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThanOrEqual(100);
    expect(values.every(Number.isInteger)).toBe(true);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean).toBeGreaterThan(45);
    expect(mean).toBeLessThan(55);
  });

  it('a uniform draw covers [min, max] and nothing outside it', () => {
    const values = draws({ kind: 'uniform', min: 3, max: 6, integer: true }) as number[];
    expect(new Set(values)).toEqual(new Set([3, 4, 5, 6]));
  });

  it('a weighted choice picks values in proportion to their weights', () => {
    const values = draws({ kind: 'choice', values: [{ value: 'a', weight: 3 }, { value: 'b', weight: 1 }] }, 4000);
    const share = values.filter((v) => v === 'a').length / values.length;
    expect(share).toBeGreaterThan(0.7);
    expect(share).toBeLessThan(0.8);
  });

  it('a list draw gives distinct values, between minCount and maxCount of them', () => {
    const values = draws({
      kind: 'list',
      values: ['x', 'y', 'z'].map((value) => ({ value, weight: 1 })),
      minCount: 1,
      maxCount: 2,
    }) as string[][];
    expect(values.every((list) => list.length >= 1 && list.length <= 2 && new Set(list).size === list.length)).toBe(true);
    expect(new Set(values.map((list) => list.length))).toEqual(new Set([1, 2]));
  });

  it('a map draw has every key, each with a number from the value distribution', () => {
    const [map] = draws({ kind: 'map', keys: ['a', 'b'], value: { kind: 'uniform', min: 0, max: 1 } }, 1) as Record<string, number>[];
    expect(Object.keys(map!)).toEqual(['a', 'b']);
    expect(Object.values(map!).every((v) => v >= 0 && v <= 1)).toBe(true);
  });
});

describe('the population generator', () => {
  const spec: PopulationSpec = {
    arrivalsPerMinute: 30,
    durationMinutes: 20,
    partySizes: [{ size: 1, weight: 3 }, { size: 3, weight: 1 }],
    attributes: { skill: { kind: 'normal', mean: 50, sd: 10 } },
    regions: [
      { name: 'us', weight: 1, latencyMs: { us: 20, eu: 100 } },
      { name: 'eu', weight: 1, latencyMs: { us: 100, eu: 20 } },
    ],
    latencyJitter: 0.25,
  };

  it('draws the same arrivals from the same seed and different ones from another', () => {
    expect(generateArrivals(spec, 42)).toEqual(generateArrivals(spec, 42));
    expect(generateArrivals(spec, 43)).not.toEqual(generateArrivals(spec, 42));
  });

  it('arrives at about the given rate, in time order, within the arrival window', () => {
    const arrivals = generateArrivals(spec, 1);
    expect(arrivals.length).toBeGreaterThan(600 * 0.85);
    expect(arrivals.length).toBeLessThan(600 * 1.15);
    expect(arrivals.every((a, i) => i === 0 || a.atMs >= arrivals[i - 1]!.atMs)).toBe(true);
    expect(arrivals.at(-1)!.atMs).toBeLessThan(20 * 60_000);
  });

  it('forms parties by weight, with unique player ids, each party in one region', () => {
    const arrivals = generateArrivals(spec, 1);
    const sizes = arrivals.map((a) => a.players.length);
    expect(new Set(sizes)).toEqual(new Set([1, 3]));
    expect(sizes.filter((s) => s === 3).length / sizes.length).toBeGreaterThan(0.15);
    const ids = arrivals.flatMap((a) => a.players.map((p) => p.playerId));
    expect(new Set(ids).size).toBe(ids.length);
    expect(arrivals.every((a) => new Set(a.players.map((p) => p.region)).size === 1)).toBe(true);
  });

  it('draws latencies around the region typical values within the jitter', () => {
    const players = generateArrivals(spec, 1).flatMap((a) => a.players);
    for (const player of players) {
      const local = player.latencyMs![player.region!]!;
      expect(local).toBeGreaterThanOrEqual(15);
      expect(local).toBeLessThanOrEqual(25);
    }
  });
});

describe('population checks', () => {
  const ruleSet = compiled(example('01'));
  const valid: PopulationSpec = { arrivalsPerMinute: 10, durationMinutes: 5, attributes: { skill: { kind: 'normal', mean: 10, sd: 2 } } };

  it('accepts a well-formed population', () => {
    expect(validatePopulation(valid, ruleSet)).toEqual({ errors: [], warnings: [] });
  });

  it('names the path and value of a negative rate, an unknown kind and a zero weight', () => {
    const { errors } = validatePopulation(
      {
        ...valid,
        arrivalsPerMinute: -1,
        partySizes: [{ size: 1, weight: 0 }],
        attributes: { skill: { kind: 'poisson', mean: 1 } },
      },
      ruleSet,
    );
    expect(errors).toContain('population.arrivalsPerMinute: expected a number > 0, got -1');
    expect(errors).toContain('population.partySizes[0].weight: expected a weight > 0, got 0');
    expect(errors).toContain(
      'population.attributes["skill"].kind: unknown distribution kind "poisson" (expected one of normal, uniform, choice, list, map, constant)',
    );
  });

  it('refuses a distribution that cannot give the declared type', () => {
    const { errors } = validatePopulation({ ...valid, attributes: { skill: { kind: 'choice', values: [{ value: 'high', weight: 1 }] } } }, ruleSet);
    expect(errors).toEqual(['population.attributes["skill"].values[0].value: expected a number value, got "high"']);
  });

  it('requires attributes without a default, and regions under a latency rule', () => {
    const { errors } = validatePopulation({ arrivalsPerMinute: 10, durationMinutes: 5, attributes: {} }, compiled(example('07')));
    expect(errors).toEqual([
      'population.attributes: the rule set\'s attribute "skill" (number) has no default, so the population must draw it',
      'population.regions: the rule set has a latency rule ("low-latency"), so players need latencies; give at least one region',
    ]);
  });

  it('warns about, but allows, attributes the rule set does not declare', () => {
    const { errors, warnings } = validatePopulation({ ...valid, attributes: { ...valid.attributes, mmr: { kind: 'constant', value: 1 } } }, ruleSet);
    expect(errors).toEqual([]);
    expect(warnings).toEqual(['population.attributes["mmr"]: the rule set declares no player attribute "mmr" (declared: "skill"); drawn but not sent']);
  });
});

describe('default populations', () => {
  it.each(readdirSync(EXAMPLES).sort())('the default population of %s is valid for it', (file) => {
    const body = readFileSync(join(EXAMPLES, file), 'utf8');
    expect(validatePopulation(defaultPopulation(body), compiled(body))).toEqual({ errors: [], warnings: [] });
  });

  it('picks among the values rules compare against, and regions only with a latency rule', () => {
    const monster = defaultPopulation(example('02'));
    expect(monster.attributes.wantsToBeMonster).toEqual({
      kind: 'choice',
      values: [{ value: 0, weight: 3 }, { value: 1, weight: 1 }],
    });
    expect(monster.regions).toBeUndefined();
    const threeTeams = defaultPopulation(example('03'));
    expect(threeTeams.attributes.character).toMatchObject({ kind: 'list', values: [{ value: 'peasant' }, { value: 'medic' }] });
    expect(threeTeams.regions?.map((r) => r.name)).toEqual(['us-east-1', 'eu-west-1', 'ap-northeast-1']);
  });

  it('a shared default population carries the attributes of both rule sets', () => {
    const shared = sharedDefaultPopulation([example('01'), example('06')]);
    expect(Object.keys(shared.attributes).sort()).toEqual(['character', 'gameMap', 'gameMode', 'skill']);
  });

  it('refuses an invalid rule set with its errors and their lines', () => {
    expect(() => defaultPopulation('{ "ruleLanguageVersion": "1.0",\n "teams": [] }')).toThrowError(
      expect.objectContaining({ name: 'InvalidRequestException', message: expect.stringMatching(/^ruleSetBody: .*line 2/) }),
    );
  });
});
