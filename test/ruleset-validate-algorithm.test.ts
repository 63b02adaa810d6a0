import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../src/core/ruleset/compile.ts';
import { baseRuleSet, check, expectIssue } from './ruleset-helpers.ts';
import type { Json } from './ruleset-helpers.ts';

function withAlgorithm(algorithm: Json, teams?: Json[]): Json {
  const rs: Json = { ...baseRuleSet(), algorithm };
  if (teams !== undefined) rs.teams = teams;
  return rs;
}

/** Two teams of 25: a large match (50 players). */
const LARGE_TEAMS = [
  { name: 'red', minPlayers: 20, maxPlayers: 25 },
  { name: 'blue', minPlayers: 20, maxPlayers: 25 },
];

describe('algorithm values', () => {
  it.each([
    ['strategy', 'greedy', 'exhaustiveSearch, balanced'],
    ['batchingPreference', 'fastest', 'random, sorted, largestPopulation, fastestRegion'],
    ['expansionAgeSelection', 'youngest', 'newest, oldest'],
    ['backfillPriority', 'urgent', 'normal, low, high'],
  ])('an unknown %s %j is an error listing the allowed values', (key, value, allowed) => {
    const c = check(withAlgorithm({ [key]: value }));
    expectIssue(c, { path: `algorithm.${key}`, message: [`unknown ${key} "${value}"`, `expected one of: ${allowed}`], at: `"${value}"` });
  });

  it('a misspelt strategy gets a suggestion', () => {
    expectIssue(check(withAlgorithm({ strategy: 'Balanced' })), { path: 'algorithm.strategy', message: 'did you mean "balanced"?', at: '"Balanced"' });
  });

  it('algorithm that is not an object is an error', () => {
    expectIssue(check(withAlgorithm('balanced' as unknown as Json)), { path: 'algorithm', message: 'must be an object, got a string "balanced"', at: '"balanced"' });
  });

  it('an unknown algorithm property is a warning', () => {
    const c = check(withAlgorithm({ strategy: 'exhaustiveSearch', sortBy: ['skill'] }));
    expectIssue(c, { path: 'algorithm.sortBy', message: 'unknown property "sortBy"', at: '"sortBy"' }, 'warnings');
  });
});

describe('algorithm combinations', () => {
  it('balanced without balancedAttribute is an error', () => {
    const c = check(withAlgorithm({ strategy: 'balanced' }, LARGE_TEAMS));
    expectIssue(c, { path: 'algorithm.balancedAttribute', message: 'strategy "balanced" needs balancedAttribute', at: ['"algorithm": {', 0, 13] });
  });

  it('a balancedAttribute that is not declared is an error listing the declared attributes', () => {
    const c = check(withAlgorithm({ strategy: 'balanced', balancedAttribute: 'mmr' }, LARGE_TEAMS));
    expectIssue(c, {
      path: 'algorithm.balancedAttribute',
      message: 'unknown attribute "mmr"; declared attributes: skill, character, mode, maps',
      at: '"mmr"',
    });
  });

  it('a balancedAttribute that is not a number attribute is an error naming its type', () => {
    const c = check(withAlgorithm({ strategy: 'balanced', balancedAttribute: 'mode' }, LARGE_TEAMS));
    expectIssue(c, { path: 'algorithm.balancedAttribute', message: 'balancedAttribute "mode" is a string attribute', at: ['"mode"', 1] });
  });

  it.each(['random', 'sorted'])('batchingPreference %s with balanced is an error', (batching) => {
    const c = check(withAlgorithm({ strategy: 'balanced', balancedAttribute: 'skill', batchingPreference: batching, sortByAttributes: ['skill'] }, LARGE_TEAMS));
    expectIssue(c, { path: 'algorithm.batchingPreference', message: `"${batching}" is valid only with strategy "exhaustiveSearch"`, at: `"${batching}"` });
  });

  it.each(['largestPopulation', 'fastestRegion'])('batchingPreference %s with exhaustive search is an error', (batching) => {
    const c = check(withAlgorithm({ batchingPreference: batching }));
    expectIssue(c, { path: 'algorithm.batchingPreference', message: `"${batching}" is valid only with strategy "balanced"`, at: `"${batching}"` });
  });

  it('sorted batching without sortByAttributes is an error', () => {
    const c = check(withAlgorithm({ batchingPreference: 'sorted' }));
    expectIssue(c, { path: 'algorithm.sortByAttributes', message: 'batchingPreference "sorted" needs sortByAttributes', at: ['"algorithm": {', 0, 13] });
  });

  it('sortByAttributes naming an undeclared attribute is an error at that entry', () => {
    const c = check(withAlgorithm({ batchingPreference: 'sorted', sortByAttributes: ['skill', 'map'] }));
    expectIssue(c, { path: 'algorithm.sortByAttributes[1]', message: 'unknown attribute "map"', at: '"map"' });
  });

  it('sorted batching by declared attributes compiles with them', () => {
    const result = compileRuleSet(withAlgorithm({ batchingPreference: 'sorted', sortByAttributes: ['mode', 'skill'] }));
    expect(result.errors).toEqual([]);
    expect(result.ruleSet?.algorithm.sortByAttributes).toEqual(['mode', 'skill']);
  });

  it.each(['high', 'low'])('backfillPriority %s with balanced is an error: it requires exhaustive search', (priority) => {
    const c = check(withAlgorithm({ strategy: 'balanced', balancedAttribute: 'skill', backfillPriority: priority }, LARGE_TEAMS));
    expectIssue(c, { path: 'algorithm.backfillPriority', message: `backfillPriority "${priority}" needs strategy "exhaustiveSearch"`, at: `"${priority}"` });
  });

  it('more than 40 players with exhaustive search is an error telling to use balanced', () => {
    const c = check(withAlgorithm({ strategy: 'exhaustiveSearch' }, LARGE_TEAMS));
    expectIssue(c, { path: 'algorithm.strategy', message: ['allow 50 players', 'set algorithm.strategy to "balanced"'], at: '"exhaustiveSearch"' });
  });

  it('more than 40 players with no algorithm at all is the same error, at the root', () => {
    const c = check({ ...baseRuleSet(), teams: LARGE_TEAMS });
    expectIssue(c, { path: 'algorithm.strategy', message: 'set algorithm.strategy to "balanced"', at: { line: 1, column: 1 } });
  });

  it('balanced with 40 or fewer players is only a warning: exhaustive search, then balancing', () => {
    const c = check(withAlgorithm({ strategy: 'balanced', balancedAttribute: 'skill' }));
    expect(c.result.valid).toBe(true);
    expectIssue(
      c,
      { path: 'algorithm.strategy', message: 'peermatch builds it with exhaustive search and then balances teams on "skill"', at: '"balanced"' },
      'warnings',
    );
  });

  it('balancedAttribute without balanced is a warning that it is ignored', () => {
    const c = check(withAlgorithm({ balancedAttribute: 'skill' }));
    expect(c.result.valid).toBe(true);
    expectIssue(c, { path: 'algorithm.balancedAttribute', message: 'only used with strategy "balanced"', at: ['"skill"', 1] }, 'warnings');
  });
});

describe('algorithm defaults', () => {
  it('no algorithm compiles to exhaustive search, random batching, newest, normal', () => {
    expect(compileRuleSet(baseRuleSet()).ruleSet?.algorithm).toEqual({
      strategy: 'exhaustiveSearch',
      batchingPreference: 'random',
      sortByAttributes: [],
      expansionAgeSelection: 'newest',
      backfillPriority: 'normal',
    });
  });

  it('balanced defaults to largestPopulation batching', () => {
    const result = compileRuleSet(withAlgorithm({ strategy: 'balanced', balancedAttribute: 'skill' }, LARGE_TEAMS));
    expect(result.ruleSet?.algorithm).toEqual({
      strategy: 'balanced',
      batchingPreference: 'largestPopulation',
      balancedAttribute: 'skill',
      sortByAttributes: [],
      expansionAgeSelection: 'newest',
      backfillPriority: 'normal',
    });
    expect(result.ruleSet?.isLargeMatch).toBe(true);
  });
});
