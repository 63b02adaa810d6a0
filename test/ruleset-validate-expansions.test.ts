import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../src/core/ruleset/compile.ts';
import { baseRuleSet, check, expectClean, expectIssue, itemAt } from './ruleset-helpers.ts';
import type { Json } from './ruleset-helpers.ts';

const RULES: Json[] = [
  { name: 'close', type: 'distance', measurements: ['avg(teams[*].players.attributes[skill])'], referenceValue: 10, maxDistance: 5 },
  { name: 'fair', type: 'distance', measurements: ['avg(teams[*].players.attributes[skill])'], referenceValue: 'avg(flatten(teams[*].players.attributes[skill]))', maxDistance: 5 },
  { name: 'medics', type: 'collection', measurements: ['flatten(teams[*].players.attributes[character])'], operation: 'contains', referenceValue: 'medic', maxCount: 2 },
  { name: 'ping', type: 'latency', maxLatency: 100 },
  { name: 'either', type: 'compound', statement: 'or(close, ping)' },
];

function withExpansions(...expansions: unknown[]): Json {
  return {
    ...baseRuleSet(),
    teams: [
      { name: 'red', minPlayers: 2, maxPlayers: 4 },
      { name: 'squad', minPlayers: 3, maxPlayers: 5, quantity: 2 },
    ],
    rules: RULES,
    expansions,
  };
}

const steps = [{ waitTimeSeconds: 10, value: 20 }];

describe('expansion targets', () => {
  it('the fixture rule set used here is valid', () => {
    expectClean(check(withExpansions()).result);
  });

  it('expansions that is not an array is an error', () => {
    const c = check({ ...withExpansions(), expansions: { target: 'x' } });
    expectIssue(c, { path: 'expansions', message: ['expansions must be an array', 'got an object {"target":"x"}'], at: ['"expansions": {', 0, 14] });
  });

  it('an expansion without a target is an error', () => {
    const c = check(withExpansions({ steps }));
    expectIssue(c, { path: 'expansions[0].target', message: 'expansion has no target', at: itemAt(c.text, 'expansions', 0) });
  });

  it.each(['rules.close.maxDistance', 'rules[close]', 'players[red].minPlayers', 'rules[close].max Distance'])(
    'a target %j not of the form rules[name].property or teams[names].property is an error',
    (target) => {
      const c = check(withExpansions({ target, steps }));
      expectIssue(c, { path: 'expansions[0].target', message: `target ${JSON.stringify(target)} is not of the form`, at: JSON.stringify(target) });
    },
  );

  it('an unknown rule is an error listing the rules', () => {
    const c = check(withExpansions({ target: 'rules[clsoe].maxDistance', steps }));
    expectIssue(c, {
      path: 'expansions[0].target',
      message: 'unknown rule "clsoe" (did you mean "close"?); rules: close, fair, medics, ping, either',
      at: '"rules[clsoe].maxDistance"',
    });
  });

  it('an unknown team is an error listing the teams', () => {
    const c = check(withExpansions({ target: 'teams[red, blue].minPlayers', steps: [{ waitTimeSeconds: 10, value: 1 }] }));
    expectIssue(c, { path: 'expansions[0].target', message: 'unknown team "blue"; teams: red, squad (squad_1, squad_2)', at: '"teams[red, blue].minPlayers"' });
  });

  it('a property the rule type does not have is an error listing the expandable ones', () => {
    const c = check(withExpansions({ target: 'rules[medics].maxDistance', steps }));
    expectIssue(c, {
      path: 'expansions[0].target',
      message: 'cannot expand "maxDistance" of collection rule "medics"; expandable properties: minCount, maxCount',
      at: '"rules[medics].maxDistance"',
    });
  });

  it('a referenceValue that is an expression cannot be expanded', () => {
    const c = check(withExpansions({ target: 'rules[fair].referenceValue', steps }));
    expectIssue(c, {
      path: 'expansions[0].target',
      message: 'cannot expand "referenceValue" of distance rule "fair" (its referenceValue is not a number)',
      at: '"rules[fair].referenceValue"',
    });
  });

  it('a numeric referenceValue can be expanded', () => {
    expectClean(check(withExpansions({ target: 'rules[close].referenceValue', steps })).result);
  });

  it('expanding a compound rule is an error', () => {
    const c = check(withExpansions({ target: 'rules[either].maxDistance', steps }));
    expectIssue(c, { path: 'expansions[0].target', message: 'rule "either" is a compound rule, and compound rules cannot be expanded', at: '"rules[either].maxDistance"' });
  });

  it('a team property other than minPlayers and maxPlayers is an error', () => {
    const c = check(withExpansions({ target: 'teams[red].quantity', steps }));
    expectIssue(c, { path: 'expansions[0].target', message: 'cannot expand team property "quantity"; expandable: minPlayers, maxPlayers', at: '"teams[red].quantity"' });
  });

  it('a team target compiles to every instance of a definition, and an instance name to itself', () => {
    const result = compileRuleSet(
      withExpansions(
        { target: 'teams[squad].minPlayers', steps: [{ waitTimeSeconds: 10, value: 2 }] },
        { target: 'teams[red, squad_2].maxPlayers', steps: [{ waitTimeSeconds: 10, value: 5 }] },
      ),
    );
    expect(result.errors).toEqual([]);
    expect(result.ruleSet?.expansions.map((e) => e.target)).toEqual([
      { kind: 'team', teams: ['squad_1', 'squad_2'], property: 'minPlayers' },
      { kind: 'team', teams: ['red', 'squad_2'], property: 'maxPlayers' },
    ]);
  });

  it('two expansions of the same target are a warning', () => {
    const c = check(withExpansions({ target: 'rules[ping].maxLatency', steps }, { target: 'rules[ping].maxLatency', steps: [{ waitTimeSeconds: 30, value: 300 }] }));
    expect(c.result.valid).toBe(true);
    expectIssue(c, { path: 'expansions[1].target', message: 'expansions[0] already changes rules[ping].maxLatency', at: ['"rules[ping].maxLatency"', 1] }, 'warnings');
  });
});

describe('expansion steps', () => {
  it('missing steps are an error', () => {
    const c = check(withExpansions({ target: 'rules[ping].maxLatency' }));
    expectIssue(c, { path: 'expansions[0].steps', message: 'expansion needs steps', at: itemAt(c.text, 'expansions', 0) });
  });

  it('an empty steps array is an error', () => {
    const c = check(withExpansions({ target: 'rules[ping].maxLatency', steps: [] }));
    expectIssue(c, { path: 'expansions[0].steps', message: ['expansion needs steps', 'got []'], at: '[]' });
  });

  it.each([
    [-1, 'got a number -1'],
    ['5', 'got a string "5"'],
  ])('waitTimeSeconds %j is an error: it must be a number ≥ 0', (wait, fragment) => {
    const c = check(withExpansions({ target: 'rules[ping].maxLatency', steps: [{ waitTimeSeconds: wait, value: 200 }] }));
    expectIssue(c, { path: 'expansions[0].steps[0].waitTimeSeconds', message: ['must be a number of seconds ≥ 0', fragment], at: JSON.stringify(wait) });
  });

  it('a value that is not a number is an error', () => {
    const c = check(withExpansions({ target: 'rules[ping].maxLatency', steps: [{ waitTimeSeconds: 5, value: 'more' }] }));
    expectIssue(c, { path: 'expansions[0].steps[0].value', message: 'value must be a number, got a string "more"', at: '"more"' });
  });

  it('a step without a value is an error', () => {
    const c = check(withExpansions({ target: 'rules[ping].maxLatency', steps: [{ waitTimeSeconds: 5 }] }));
    expectIssue(c, {
      path: 'expansions[0].steps[0].value',
      message: 'step is missing value',
      at: itemAt(c.text, 'steps', 0, 8),
    });
  });

  it('steps whose wait times do not strictly increase are an error naming both steps', () => {
    const c = check(
      withExpansions({
        target: 'rules[ping].maxLatency',
        steps: [
          { waitTimeSeconds: 15, value: 150 },
          { waitTimeSeconds: 10, value: 200 },
        ],
      }),
    );
    expectIssue(c, {
      path: 'expansions[0].steps[1].waitTimeSeconds',
      message: 'steps[1].waitTimeSeconds 10 is not after steps[0].waitTimeSeconds 15',
      at: ['"waitTimeSeconds": 10', 0, 19],
    });
  });

  it('two steps with the same wait time are an error', () => {
    const c = check(withExpansions({ target: 'rules[ping].maxLatency', steps: [{ waitTimeSeconds: 5, value: 150 }, { waitTimeSeconds: 5, value: 200 }] }));
    expectIssue(c, { path: 'expansions[0].steps[1].waitTimeSeconds', message: 'is not after steps[0].waitTimeSeconds 5', at: ['"waitTimeSeconds": 5', 1, 19] });
  });

  it('a team expansion that makes minPlayers exceed maxPlayers is a warning', () => {
    const c = check(withExpansions({ target: 'teams[red].minPlayers', steps: [{ waitTimeSeconds: 5, value: 6 }] }));
    expect(c.result.valid).toBe(true);
    expectIssue(c, { path: 'expansions[0].steps[0].value', message: 'team "red" would have minPlayers 6 greater than maxPlayers 4', at: '6' }, 'warnings');
  });

  it('a team size value that is not a whole number is an error', () => {
    const c = check(withExpansions({ target: 'teams[red].minPlayers', steps: [{ waitTimeSeconds: 5, value: 1.5 }] }));
    expectIssue(c, { path: 'expansions[0].steps[0].value', message: 'value 1.5 for minPlayers must be a whole number', at: '1.5' });
  });

  it('a negative value for a maximum is an error', () => {
    const c = check(withExpansions({ target: 'rules[ping].maxLatency', steps: [{ waitTimeSeconds: 5, value: -10 }] }));
    expectIssue(c, { path: 'expansions[0].steps[0].value', message: 'value -10 for maxLatency must not be negative', at: '-10' });
  });

  it('an unknown step property is a warning', () => {
    const c = check(withExpansions({ target: 'rules[ping].maxLatency', steps: [{ waitTime: 5, waitTimeSeconds: 5, value: 150 }] }));
    expectIssue(c, { path: 'expansions[0].steps[0].waitTime', message: 'unknown property "waitTime"', at: '"waitTime"' }, 'warnings');
  });
});
