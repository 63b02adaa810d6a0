/**
 * Rule semantics, one rule at a time: two or three players either form a
 * match under the rule or they do not.
 */
import { describe, expect, it } from 'vitest';
import { findMatches } from '../src/core/engine/find-matches.ts';
import type { AttributeValue } from '../src/core/ruleset/types.ts';
import { compiled, fixedRandom, ticket } from './support/engine-fixtures.ts';

const ATTRIBUTES = [
  { name: 'skill', type: 'number' },
  { name: 'modes', type: 'string_list', default: [] },
  { name: 'mode', type: 'string', default: 'ctf' },
];

interface Spec {
  attributes?: Record<string, AttributeValue>;
  latency?: Record<string, number>;
  party?: Record<string, AttributeValue>[];
}

/** Do these tickets (oldest first) make one match of `size` players under `rules`? */
function matches(rules: object[], specs: Spec[], size = specs.length, nowMs = 0, expansions: object[] = []): boolean {
  const ruleSet = compiled({
    ruleLanguageVersion: '1.0',
    playerAttributes: ATTRIBUTES,
    teams: [{ name: 'all', minPlayers: size, maxPlayers: size }],
    rules,
    expansions,
  });
  const pool = specs.map((spec, i) =>
    ticket(
      ruleSet,
      `t${i}`,
      i,
      spec.party ? spec.party.map((attributes) => ({ attributes, ...(spec.latency ? { latency: spec.latency } : {}) })) : [{ attributes: spec.attributes ?? {}, ...(spec.latency ? { latency: spec.latency } : {}) }],
    ),
  );
  return findMatches(ruleSet, { pool, nowMs, random: fixedRandom() }).matches.length === 1;
}

const skills = (...values: number[]): Spec[] => values.map((skill) => ({ attributes: { skill } }));
const compare = (operation: string, referenceValue: number | string = 10) => [
  { name: 'c', type: 'comparison', measurements: ['flatten(teams[*].players.attributes[skill])'], referenceValue, operation },
];

describe('comparison rules', () => {
  it.each([
    ['<', [9, 9], true],
    ['<', [9, 10], false],
    ['<=', [10, 9], true],
    ['<=', [11, 9], false],
    ['>', [11, 12], true],
    ['>', [10, 12], false],
    ['>=', [10, 12], true],
    ['>=', [9, 12], false],
    ['=', [10, 10], true],
    ['=', [10, 11], false],
    ['!=', [9, 11], true],
    ['!=', [10, 11], false],
  ] as const)('operation %s against reference 10 with skills %j matches: %s', (operation, values, expected) => {
    expect(matches(compare(operation), skills(...values))).toBe(expected);
  });

  it('compares strings across players with "=" and no reference', () => {
    const rule = [{ name: 'same', type: 'comparison', measurements: ['flatten(teams[*].players.attributes[mode])'], operation: '=' }];
    expect(matches(rule, [{ attributes: { skill: 1, mode: 'ctf' } }, { attributes: { skill: 1, mode: 'ctf' } }])).toBe(true);
    expect(matches(rule, [{ attributes: { skill: 1, mode: 'ctf' } }, { attributes: { skill: 1, mode: 'koth' } }])).toBe(false);
  });
});

describe('distance rules', () => {
  const spread = (limits: object) => [
    { name: 'd', type: 'distance', measurements: ['max(flatten(teams[*].players.attributes[skill]))'], referenceValue: 'min(flatten(teams[*].players.attributes[skill]))', ...limits },
  ];
  it('maxDistance keeps players within the distance', () => {
    expect(matches(spread({ maxDistance: 5 }), skills(10, 15))).toBe(true);
    expect(matches(spread({ maxDistance: 5 }), skills(10, 16))).toBe(false);
  });
  it('minDistance demands at least the distance', () => {
    expect(matches(spread({ minDistance: 5 }), skills(10, 15))).toBe(true);
    expect(matches(spread({ minDistance: 5 }), skills(10, 14))).toBe(false);
  });
  it('with no referenceValue measures the spread of the measurements', () => {
    const rule = [{ name: 'd', type: 'distance', measurements: ['flatten(teams[*].players.attributes[skill])'], maxDistance: 3 }];
    expect(matches(rule, skills(1, 4))).toBe(true);
    expect(matches(rule, skills(1, 5))).toBe(false);
  });
  it('an expansion on minDistance applies at its wait time', () => {
    const rule = spread({ minDistance: 10 });
    const expansion = [{ target: 'rules[d].minDistance', steps: [{ waitTimeSeconds: 3, value: 2 }] }];
    expect(matches(rule, skills(10, 13), 2, 2_000, expansion)).toBe(false);
    expect(matches(rule, skills(10, 13), 2, 4_000, expansion)).toBe(true);
  });
});

describe('party aggregation', () => {
  const atLeast = (partyAggregation: string) => [
    { name: 'c', type: 'comparison', measurements: ['flatten(teams[*].players.attributes[skill])'], referenceValue: 10, operation: '>=', partyAggregation },
  ];
  const partyOf = (a: number, b: number): Spec => ({ party: [{ skill: a }, { skill: b }] });
  it('avg (the default) lets a party through when its average qualifies', () => {
    expect(matches(atLeast('avg'), [partyOf(4, 16), { attributes: { skill: 10 } }])).toBe(true);
    expect(matches(atLeast('avg'), [partyOf(4, 12), { attributes: { skill: 10 } }])).toBe(false);
  });
  it('min judges a party by its weakest player, max by its strongest', () => {
    expect(matches(atLeast('min'), [partyOf(9, 30), { attributes: { skill: 10 } }])).toBe(false);
    expect(matches(atLeast('max'), [partyOf(1, 10), { attributes: { skill: 10 } }])).toBe(true);
  });
  it('collection union and intersection merge or narrow a party\'s lists', () => {
    const shared = (partyAggregation: string) => [
      { name: 'm', type: 'collection', operation: 'intersection', measurements: ['flatten(teams[*].players.attributes[modes])'], minCount: 1, partyAggregation },
    ];
    const party: Spec = { party: [{ skill: 1, modes: ['ctf'] }, { skill: 1, modes: ['koth'] }] };
    const solo: Spec = { attributes: { skill: 1, modes: ['koth'] } };
    expect(matches(shared('union'), [party, solo])).toBe(true);
    expect(matches(shared('intersection'), [party, solo])).toBe(false);
  });
});

describe('collection rules', () => {
  it('contains counts the collections holding the reference value (maxCount)', () => {
    const rule = [{ name: 'c', type: 'collection', operation: 'contains', measurements: ['flatten(teams[*].players.attributes[modes])'], referenceValue: 'medic', maxCount: 1 }];
    const medic = { attributes: { skill: 1, modes: ['medic'] } };
    expect(matches(rule, [medic, { attributes: { skill: 1, modes: ['tank'] } }])).toBe(true);
    expect(matches(rule, [medic, medic])).toBe(false);
  });
  it('reference_intersection_count counts each collection\'s items in a literal reference list', () => {
    const rule = [{ name: 'c', type: 'collection', operation: 'reference_intersection_count', measurements: ['flatten(teams[*].players.attributes[modes])'], referenceValue: 'teams[*].players[playerId]', maxCount: 0 }];
    expect(matches(rule, [{ attributes: { skill: 1, modes: ['nobody'] } }, { attributes: { skill: 1, modes: [] } }])).toBe(true);
    expect(matches(rule, [{ attributes: { skill: 1, modes: ['t1-p'] } }, { attributes: { skill: 1, modes: [] } }])).toBe(false);
  });
});

describe('latency rules', () => {
  it('maxDistance with distanceReference "min" keeps every player close to the best latency in the region', () => {
    const rule = [{ name: 'l', type: 'latency', maxLatency: 200, maxDistance: 20, distanceReference: 'min' }];
    expect(matches(rule, [{ attributes: { skill: 1 }, latency: { eu: 30 } }, { attributes: { skill: 1 }, latency: { eu: 50 } }])).toBe(true);
    expect(matches(rule, [{ attributes: { skill: 1 }, latency: { eu: 30 } }, { attributes: { skill: 1 }, latency: { eu: 51 } }])).toBe(false);
  });
  it('forms a match only in a region where every player qualifies', () => {
    const rule = [{ name: 'l', type: 'latency', maxLatency: 100 }];
    expect(matches(rule, [{ attributes: { skill: 1 }, latency: { eu: 30, us: 300 } }, { attributes: { skill: 1 }, latency: { eu: 300, us: 30 } }])).toBe(false);
  });
});

describe('compound rules', () => {
  const base = [
    { name: 'Low', type: 'comparison', measurements: ['flatten(teams[*].players.attributes[skill])'], referenceValue: 10, operation: '<' },
    { name: 'High', type: 'comparison', measurements: ['flatten(teams[*].players.attributes[skill])'], referenceValue: 5, operation: '>' },
  ];
  const withStatement = (statement: string) => [...base, { name: 'C', type: 'compound', statement }];
  it('not reverses a rule', () => {
    expect(matches(withStatement('not(Low)'), skills(20, 30))).toBe(true);
    expect(matches(withStatement('not(Low)'), skills(1, 2))).toBe(false);
  });
  it('xor holds when exactly one rule holds', () => {
    expect(matches(withStatement('xor(Low, High)'), skills(1, 2))).toBe(true);
    expect(matches(withStatement('xor(Low, High)'), skills(7, 8))).toBe(false);
  });
  it('nests and/or', () => {
    expect(matches(withStatement('or(and(Low, High), not(High))'), skills(7, 8))).toBe(true);
    expect(matches(withStatement('or(and(Low, High), not(High))'), skills(20, 30))).toBe(false);
  });
});
