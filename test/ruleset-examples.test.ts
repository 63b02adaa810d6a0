import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateRuleSet } from '../src/core/ruleset/validate.ts';
import { compileRuleSet } from '../src/core/ruleset/compile.ts';

const DIR = join(import.meta.dirname, '..', 'examples', 'rulesets');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.jsonc')).sort();
const read = (file: string): string => readFileSync(join(DIR, file), 'utf8');

/** The only warnings the guide's examples should give, by file. */
const EXPECTED_WARNINGS: Record<string, { path: string; message: string }[]> = {
  '10-compound-rule.jsonc': [
    {
      path: 'algorithm.strategy',
      message:
        'strategy "balanced" is meant for matches of more than 40 players and these teams allow 40; ' +
        'peermatch builds it with exhaustive search and then balances teams on "skill"',
    },
  ],
};

describe('the guide\'s eleven example rule sets and peermatch\'s duel', () => {
  it('are all present', () => {
    expect(FILES).toHaveLength(12);
    expect(FILES.at(-1)).toBe('12-duel.jsonc');
  });

  it.each(FILES)('%s is valid with no errors and only the expected warnings', (file) => {
    const result = validateRuleSet(read(file));
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.warnings.map(({ path, message }) => ({ path, message }))).toEqual(EXPECTED_WARNINGS[file] ?? []);
  });

  it.each(FILES)('%s compiles', (file) => {
    expect(compileRuleSet(read(file)).ruleSet).toBeDefined();
  });
});

describe('compiled examples', () => {
  it('example 3 expands the trio definition into trio_1, trio_2 and trio_3 and fills defaults', () => {
    const { ruleSet } = compileRuleSet(read('03-three-team-game.jsonc'));
    expect(ruleSet?.teamDefs).toEqual([{ name: 'trio', minPlayers: 3, maxPlayers: 5, quantity: 3 }]);
    expect(ruleSet?.teams).toEqual([
      { name: 'trio_1', definition: 'trio', minPlayers: 3, maxPlayers: 5 },
      { name: 'trio_2', definition: 'trio', minPlayers: 3, maxPlayers: 5 },
      { name: 'trio_3', definition: 'trio', minPlayers: 3, maxPlayers: 5 },
    ]);
    expect(ruleSet?.maxPlayersTotal).toBe(15);
    expect(ruleSet?.isLargeMatch).toBe(false);
    expect(ruleSet?.algorithm.strategy).toBe('exhaustiveSearch');
    expect(ruleSet?.rules.map((r) => r.name)).toEqual(['FairTeamSkill', 'CloseTeamSizes', 'OverallMedicLimit', 'FastConnection']);
    expect(ruleSet?.rules[2]).toMatchObject({
      type: 'collection',
      operation: 'contains',
      referenceValue: { kind: 'literal', value: 'medic' },
      maxCount: 5,
      partyAggregation: 'union',
    });
    expect(ruleSet?.rules[3]).toEqual({
      name: 'FastConnection',
      description: 'Prefer matches with fast player connections first',
      type: 'latency',
      maxLatency: 50,
      partyAggregation: 'avg',
    });
    expect(ruleSet?.expansions).toEqual([
      {
        source: 'rules[FastConnection].maxLatency',
        target: { kind: 'rule', rule: 'FastConnection', property: 'maxLatency' },
        steps: [
          { waitTimeSeconds: 10, value: 100 },
          { waitTimeSeconds: 20, value: 150 },
        ],
      },
    ]);
  });

  it('example 3 parses its measurements into expressions', () => {
    const rule = compileRuleSet(read('03-three-team-game.jsonc')).ruleSet?.rules[0];
    expect(rule).toMatchObject({
      type: 'distance',
      measurements: [{ kind: 'expression', source: 'avg(teams[*].players.attributes[skill])', expr: { kind: 'call', fn: 'avg' } }],
      referenceValue: { kind: 'expression', expr: { kind: 'call', fn: 'avg' } },
      maxDistance: 10,
    });
  });

  it('example 8 has Monsters and Hunters_1 ... Hunters_10, and its expansion lowers all ten hunter teams', () => {
    const { ruleSet } = compileRuleSet(read('08-monster-hunters-large.jsonc'));
    const hunters = Array.from({ length: 10 }, (_, i) => `Hunters_${i + 1}`);
    expect(ruleSet?.teams.map((t) => t.name)).toEqual(['Monsters', ...hunters]);
    expect(ruleSet?.teams.slice(1).every((t) => t.definition === 'Hunters' && t.minPlayers === 12 && t.maxPlayers === 15)).toBe(true);
    expect(ruleSet?.maxPlayersTotal).toBe(155);
    expect(ruleSet?.isLargeMatch).toBe(true);
    expect(ruleSet?.algorithm).toEqual({
      strategy: 'balanced',
      balancedAttribute: 'monster-kills',
      batchingPreference: 'fastestRegion',
      sortByAttributes: [],
      expansionAgeSelection: 'newest',
      backfillPriority: 'normal',
    });
    expect(ruleSet?.expansions).toEqual([
      {
        source: 'teams[Hunters].minPlayers',
        target: { kind: 'team', teams: hunters, property: 'minPlayers' },
        steps: [
          { waitTimeSeconds: 15, value: 10 },
          { waitTimeSeconds: 20, value: 8 },
        ],
      },
    ]);
  });

  it('example 9 keeps maxDistance only for its number batch attributes', () => {
    const rules = compileRuleSet(read('09-large-batch-distance.jsonc')).ruleSet?.rules;
    expect(rules?.map((r) => (r.type === 'batchDistance' ? [r.batchAttribute, r.maxDistance] : r.type))).toEqual([
      ['league', 2],
      ['skill', 10],
      ['map', undefined],
      ['mode', undefined],
    ]);
  });

  it('example 10 keeps its compound statement as a tree', () => {
    const rule = compileRuleSet(read('10-compound-rule.jsonc')).ruleSet?.rules[4];
    expect(rule).toMatchObject({
      type: 'compound',
      statement: {
        op: 'or',
        args: [
          { op: 'and', args: [{ op: 'rule', name: 'SameMapComparison' }, { op: 'rule', name: 'SameModeComparison' }] },
          { op: 'and', args: [{ op: 'rule', name: 'SimilarSkillDistance' }, { op: 'rule', name: 'SimilarLeagueDistance' }] },
        ],
      },
    });
  });

  it('example 11 writes measurements as one string; it compiles to an array of one', () => {
    const rule = compileRuleSet(read('11-player-block-list.jsonc')).ruleSet?.rules[0];
    expect(rule).toMatchObject({
      measurements: [{ kind: 'expression', source: 'flatten(teams[*].players.attributes[BlockList])' }],
      maxCount: 0,
    });
  });

  it('the duel (12) is a 1v1 whose skill limit widens to anyone after 20 seconds', () => {
    const { ruleSet } = compileRuleSet(read('12-duel.jsonc'));
    expect(ruleSet?.teams.map((t) => [t.name, t.minPlayers, t.maxPlayers])).toEqual([
      ['red', 1, 1],
      ['blue', 1, 1],
    ]);
    expect(ruleSet?.expansions[0]?.steps.map((s) => s.waitTimeSeconds)).toEqual([10, 20]);
  });

  it('an invalid rule set compiles to no rule set', () => {
    const result = compileRuleSet(read('01-aliens-vs-cowboys.jsonc').replace('"maxDistance": 10', '"maxDistance": -10'));
    expect(result.valid).toBe(false);
    expect(result.ruleSet).toBeUndefined();
  });
});
