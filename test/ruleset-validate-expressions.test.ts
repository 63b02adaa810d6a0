import { describe, expect, it } from 'vitest';
import { validateRuleSet } from '../src/core/ruleset/validate.ts';
import { baseRuleSet, check, expectClean, expectIssue, itemAt, positionOf, withRules } from './ruleset-helpers.ts';
import type { Json } from './ruleset-helpers.ts';

/** A small rule set text with one distance rule whose measurement is `measurement` (as raw JSON string content). */
function distanceText(measurement: string): string {
  return [
    '{',
    '  "ruleLanguageVersion": "1.0",',
    '  "playerAttributes": [{"name": "skill", "type": "number"}, {"name": "character", "type": "string_list"}],',
    '  "teams": [{"name": "trio", "minPlayers": 1, "maxPlayers": 3, "quantity": 3}],',
    '  "rules": [{',
    '    "name": "FairTeamSkill",',
    '    "type": "distance",',
    `    "measurements": ["${measurement}"],`,
    '    "maxDistance": 10',
    '  }]',
    '}',
  ].join('\n');
}

describe('property expressions in rules', () => {
  it('an undeclared attribute is an error at its first character, listing the declared attributes', () => {
    const text = distanceText('avg(teams[*].players.attributes[mmr])');
    expect(validateRuleSet(text).errors).toEqual([
      {
        path: 'rules[0].measurements[0]',
        message: 'unknown attribute "mmr"; declared attributes: skill, character',
        line: 8,
        column: 55,
      },
    ]);
    expect(positionOf(text, 'mmr')).toEqual({ line: 8, column: 55 });
  });

  it('an expression that does not parse is an error at the character where it fails', () => {
    const text = distanceText('avg(teams[*].player.attributes[skill])');
    const c = check(text);
    expectIssue(c, { path: 'rules[0].measurements[0]', message: ['cannot parse expression', 'expected "players"'], at: 'player.' });
  });

  it('an expression cut short is an error at its closing quote', () => {
    const c = check(distanceText('avg(teams[*].players.attributes[skill]'));
    expectIssue(c, { path: 'rules[0].measurements[0]', message: 'expected ")" to close "avg("', at: ['skill]"', 0, 6] });
  });

  it('positions inside a string account for escape sequences before the mistake', () => {
    const c = check(distanceText('\\u0061vg(teams[*].players.attributes[mmr])'));
    expectIssue(c, { path: 'rules[0].measurements[0]', message: 'unknown attribute "mmr"', at: 'mmr' });
  });

  it('an unknown team is an error at its name, listing the teams with their instances', () => {
    const c = check(distanceText('avg(teams[duo].players.attributes[skill])'));
    expectIssue(c, {
      path: 'rules[0].measurements[0]',
      message: 'unknown team "duo"; teams: trio (trio_1, trio_2, trio_3)',
      at: 'duo',
    });
  });

  it('a team may be named by its definition or by an instance name such as trio_2', () => {
    expectClean(validateRuleSet(distanceText('avg(teams[trio_2].players.attributes[skill])')));
    expectClean(validateRuleSet(distanceText('avg(teams[trio].players.attributes[skill])')));
  });

  it('an aggregation applied to the wrong type is an error at the function', () => {
    const c = check(distanceText('avg(teams[*].players.attributes[character])'));
    expectIssue(c, { path: 'rules[0].measurements[0]', message: '"avg" needs numbers', at: 'avg(' });
  });

  it('an undeclared attribute in a referenceValue expression is an error there', () => {
    const c = check(
      withRules({
        name: 'd',
        type: 'distance',
        measurements: ['avg(teams[*].players.attributes[skill])'],
        referenceValue: 'avg(flatten(teams[*].players.attributes[elo]))',
        maxDistance: 5,
      }),
    );
    expectIssue(c, { path: 'rules[0].referenceValue', message: 'unknown attribute "elo"', at: 'elo' });
  });

  it('a referenceValue that is an object is an error naming it', () => {
    const c = check(withRules({ name: 'c', type: 'comparison', measurements: ['teams[*].players.attributes[skill]'], operation: '=', referenceValue: { n: 1 } }));
    expectIssue(c, { path: 'rules[0].referenceValue', message: 'got an object {"n":1}', at: ['"referenceValue": {', 0, 18] });
  });
});

describe('compound rules', () => {
  const ping = { name: 'ping', type: 'latency', maxLatency: 100 };
  const close = { name: 'close', type: 'distance', measurements: ['avg(teams[*].players.attributes[skill])'], maxDistance: 5 };

  it('without a statement is an error', () => {
    const c = check(withRules(ping, { name: 'both', type: 'compound' }));
    expectIssue(c, { path: 'rules[1].statement', message: 'compound rule "both" needs a statement', at: itemAt(c.text, 'rules', 1) });
  });

  it('a statement that does not parse is an error at the character', () => {
    const c = check(withRules(ping, close, { name: 'both', type: 'compound', statement: 'and(ping close)' }));
    expectIssue(c, { path: 'rules[2].statement', message: ['cannot parse statement', 'expected "," or ")"'], at: 'close)' });
  });

  it('naming an unknown rule is an error at the name, listing the earlier rules', () => {
    const c = check(withRules(ping, close, { name: 'both', type: 'compound', statement: 'and(ping, clsoe)' }));
    expectIssue(c, {
      path: 'rules[2].statement',
      message: 'unknown rule "clsoe" (did you mean "close"?); rules defined before this one: ping, close',
      at: 'clsoe',
    });
  });

  it('naming a rule defined after it is an error: rules must be defined earlier', () => {
    const c = check(withRules(ping, { name: 'both', type: 'compound', statement: 'and(ping, close)' }, close));
    expectIssue(c, { path: 'rules[1].statement', message: 'rule "close" is defined after this compound rule (rules[2])', at: 'close)' });
  });

  it('naming itself is an error', () => {
    const c = check(withRules(ping, { name: 'both', type: 'compound', statement: 'or(ping, both)' }));
    expectIssue(c, { path: 'rules[1].statement', message: 'compound rule "both" cannot refer to itself', at: 'both)' });
  });

  it('naming a batchDistance rule is an error', () => {
    const batch = { name: 'batch', type: 'batchDistance', batchAttribute: 'mode' };
    const c = check(withRules(ping, batch, { name: 'both', type: 'compound', statement: 'and(ping, batch)' }));
    expectIssue(c, { path: 'rules[2].statement', message: 'rule "batch" is a batchDistance rule', at: 'batch)' });
  });

  it('naming a sort rule is an error', () => {
    const sort = { name: 'sorted', type: 'distanceSort', sortDirection: 'ascending', sortAttribute: 'skill' };
    const c = check(withRules(ping, sort, { name: 'both', type: 'compound', statement: 'and(ping, sorted)' }));
    expectIssue(c, { path: 'rules[2].statement', message: 'rule "sorted" is a distanceSort rule', at: 'sorted)' });
  });

  it('combining earlier rules is valid and compiles the statement', () => {
    const result = validateRuleSet(withRules(ping, close, { name: 'either', type: 'compound', statement: 'or(ping, not(close))' }));
    expectClean(result);
  });
});

describe('rule types in large matches', () => {
  function large(...rules: Json[]): Json {
    return {
      ...baseRuleSet(),
      algorithm: { strategy: 'balanced', balancedAttribute: 'skill' },
      teams: [{ name: 'red', minPlayers: 20, maxPlayers: 25, quantity: 2 }],
      rules,
    };
  }

  it('a distance rule in a match of more than 40 players is an error naming the rule and its type', () => {
    const c = check(large({ name: 'close', type: 'distance', measurements: ['avg(teams[*].players.attributes[skill])'], maxDistance: 5 }));
    expectIssue(c, {
      path: 'rules[0].type',
      message: ['rule "close" is a distance rule', 'allow 50 players', 'only latency, batchDistance rules'],
      at: '"distance"',
    });
  });

  it('a compound rule in a large match is an error', () => {
    const c = check(large({ name: 'ping', type: 'latency', maxLatency: 100 }, { name: 'all', type: 'compound', statement: 'not(ping)' }));
    expectIssue(c, { path: 'rules[1].type', message: 'rule "all" is a compound rule', at: '"compound"' });
  });

  it('latency and batchDistance rules are allowed in a large match', () => {
    expectClean(check(large({ name: 'ping', type: 'latency', maxLatency: 100 }, { name: 'b', type: 'batchDistance', batchAttribute: 'skill', maxDistance: 3 })).result);
  });
});
