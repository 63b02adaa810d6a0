import { describe, expect, it } from 'vitest';
import { compileRuleSet } from '../src/core/ruleset/compile.ts';
import { baseRuleSet, check, expectClean, expectIssue, itemAt, withRules } from './ruleset-helpers.ts';

const SKILL = 'teams[*].players.attributes[skill]';
const CHARACTERS = 'flatten(teams[*].players.attributes[character])';

describe('what every rule has', () => {
  it('rules that is not an array is an error', () => {
    expectIssue(check({ ...baseRuleSet(), rules: { name: 'a' } }), { path: 'rules', message: 'rules must be an array', at: ['"rules": {', 0, 9] });
  });

  it('a rule without a name is an error', () => {
    const c = check(withRules({ type: 'latency', maxLatency: 100 }));
    expectIssue(c, { path: 'rules[0].name', message: 'rule has no name', at: ['"rules": [', 0, 15] });
  });

  it('two rules with the same name are an error at the second', () => {
    const c = check(withRules({ name: 'ping', type: 'latency', maxLatency: 100 }, { name: 'ping', type: 'latency', maxLatency: 200 }));
    expectIssue(c, { path: 'rules[1].name', message: 'duplicate rule name "ping": rules[0] already uses it', at: ['"ping"', 1] });
  });

  it('an unknown rule type is an error listing the eight types', () => {
    const c = check(withRules({ name: 'r', type: 'range' }));
    expectIssue(c, {
      path: 'rules[0].type',
      message: 'unknown rule type "range"; expected one of: distance, comparison, collection, latency, batchDistance, absoluteSort, distanceSort, compound',
      at: '"range"',
    });
  });

  it('a rule without a type is an error', () => {
    const c = check(withRules({ name: 'r' }));
    expectIssue(c, { path: 'rules[0].type', message: 'rule has no type', at: itemAt(c.text, 'rules', 0) });
  });

  it('a property of another rule type is a warning naming it', () => {
    const c = check(withRules({ name: 'ping', type: 'latency', maxLatency: 100, operation: '=' }));
    expect(c.result.valid).toBe(true);
    expectIssue(c, { path: 'rules[0].operation', message: 'unknown property "operation" in latency rule', at: '"operation"' }, 'warnings');
  });

  it('a description that is not a string is an error', () => {
    expectIssue(check(withRules({ name: 'ping', type: 'latency', maxLatency: 100, description: 5 })), {
      path: 'rules[0].description',
      message: 'description must be a string, got a number 5',
      at: '5',
    });
  });
});

describe('distance rules', () => {
  it('without measurements is an error', () => {
    const c = check(withRules({ name: 'd', type: 'distance', maxDistance: 10 }));
    expectIssue(c, { path: 'rules[0].measurements', message: 'distance rule needs measurements', at: itemAt(c.text, 'rules', 0) });
  });

  it('with neither minDistance nor maxDistance is an error', () => {
    const c = check(withRules({ name: 'd', type: 'distance', measurements: [`avg(${SKILL})`] }));
    expectIssue(c, { path: 'rules[0].maxDistance', message: 'distance rule "d" needs minDistance or maxDistance', at: itemAt(c.text, 'rules', 0) });
  });

  it('with a maxDistance that is not a number is an error naming the value', () => {
    const c = check(withRules({ name: 'd', type: 'distance', measurements: [`avg(${SKILL})`], maxDistance: 'far' }));
    expectIssue(c, { path: 'rules[0].maxDistance', message: 'maxDistance must be a number, got a string "far"', at: '"far"' });
  });

  it('with a negative maxDistance is an error', () => {
    const c = check(withRules({ name: 'd', type: 'distance', measurements: [`avg(${SKILL})`], maxDistance: -3 }));
    expectIssue(c, { path: 'rules[0].maxDistance', message: 'must not be negative, got -3', at: '-3' });
  });

  it('with minDistance above maxDistance is an error', () => {
    const c = check(withRules({ name: 'd', type: 'distance', measurements: [`avg(${SKILL})`], minDistance: 5, maxDistance: 2 }));
    expectIssue(c, { path: 'rules[0].minDistance', message: 'minDistance 5 is greater than maxDistance 2', at: '5' });
  });

  it('measuring strings is an error naming the expression and its type', () => {
    const c = check(withRules({ name: 'd', type: 'distance', measurements: ['flatten(teams[*].players.attributes[mode])'], maxDistance: 1 }));
    expectIssue(c, {
      path: 'rules[0].measurements[0]',
      message: 'distance rule measurements must be numbers, but "flatten(teams[*].players.attributes[mode])" is a list of strings',
      at: '"flatten(',
    });
  });

  it('a string referenceValue that is not a number is an error', () => {
    const c = check(withRules({ name: 'd', type: 'distance', measurements: [`avg(${SKILL})`], referenceValue: 'high', maxDistance: 1 }));
    expectIssue(c, { path: 'rules[0].referenceValue', message: 'must be a number or give numbers, got "high"', at: '"high"' });
  });

  it('an unknown partyAggregation is an error listing avg, min, max', () => {
    const c = check(withRules({ name: 'd', type: 'distance', measurements: [`avg(${SKILL})`], maxDistance: 1, partyAggregation: 'union' }));
    expectIssue(c, { path: 'rules[0].partyAggregation', message: 'unknown partyAggregation "union" for a distance rule; expected one of: avg, min, max', at: '"union"' });
  });

  it('measurements may be one string instead of an array, and compile to an array', () => {
    const rs = withRules({ name: 'd', type: 'distance', measurements: `avg(${SKILL})`, maxDistance: 1 });
    const result = compileRuleSet(rs);
    expectClean(result);
    expect(result.ruleSet?.rules[0]).toMatchObject({ measurements: [{ kind: 'expression', source: `avg(${SKILL})` }], partyAggregation: 'avg' });
  });

  it('an empty measurements array is an error', () => {
    const c = check(withRules({ name: 'd', type: 'distance', measurements: [], maxDistance: 1 }));
    expectIssue(c, { path: 'rules[0].measurements', message: ['non-empty array', 'got []'], at: '[]' });
  });

  it('a measurement that is a plain string, not an expression, is an error', () => {
    const c = check(withRules({ name: 'd', type: 'distance', measurements: ['skill'], maxDistance: 1 }));
    expectIssue(c, { path: 'rules[0].measurements[0]', message: 'measurement "skill" is not a property expression', at: ['"skill"', 1] });
  });
});

describe('comparison rules', () => {
  it('without an operation is an error', () => {
    const c = check(withRules({ name: 'c', type: 'comparison', measurements: [SKILL], referenceValue: 1 }));
    expectIssue(c, { path: 'rules[0].operation', message: 'comparison rule "c" needs an operation; expected one of: < <= = != > >=', at: itemAt(c.text, 'rules', 0) });
  });

  it('with an unknown operation is an error listing the six', () => {
    const c = check(withRules({ name: 'c', type: 'comparison', measurements: [SKILL], referenceValue: 1, operation: '==' }));
    expectIssue(c, { path: 'rules[0].operation', message: 'unknown operation "==" for a comparison rule; expected one of: <, <=, =, !=, >, >=', at: '"=="' });
  });

  it('without a referenceValue only = and != are allowed', () => {
    const c = check(withRules({ name: 'c', type: 'comparison', measurements: [SKILL], operation: '>=' }));
    expectIssue(c, { path: 'rules[0].operation', message: 'operation ">=" needs a referenceValue', at: '">="' });
  });

  it('a number referenceValue against string measurements is an error', () => {
    const c = check(withRules({ name: 'c', type: 'comparison', measurements: ['flatten(teams[*].players.attributes[mode])'], operation: '=', referenceValue: 3 }));
    expectIssue(c, { path: 'rules[0].referenceValue', message: 'referenceValue 3 is a number but the measurements are strings', at: ['"referenceValue": 3', 0, 18] });
  });

  it('a numeric string referenceValue against number measurements is a warning and compiles to the number', () => {
    const rs = withRules({ name: 'c', type: 'comparison', measurements: [SKILL], operation: '>=', referenceValue: '5' });
    const c = check(rs);
    expect(c.result.errors).toEqual([]);
    expectIssue(c, { path: 'rules[0].referenceValue', message: 'read as the number 5', at: '"5"' }, 'warnings');
    expect(compileRuleSet(rs).ruleSet?.rules[0]).toMatchObject({ referenceValue: { kind: 'literal', value: 5 } });
  });

  it('measuring string lists is an error', () => {
    const c = check(withRules({ name: 'c', type: 'comparison', measurements: ['teams[*].players.attributes[character]'], operation: '=' }));
    expectIssue(c, {
      path: 'rules[0].measurements[0]',
      message: 'comparison rule measurements must be numbers or strings, but "teams[*].players.attributes[character]" is a list of lists of string lists',
      at: '"teams[*].players.attributes[character]"',
    });
  });
});

describe('collection rules', () => {
  it('without an operation is an error', () => {
    const c = check(withRules({ name: 'c', type: 'collection', measurements: [CHARACTERS], maxCount: 1 }));
    expectIssue(c, { path: 'rules[0].operation', message: 'collection rule "c" needs an operation', at: itemAt(c.text, 'rules', 0) });
  });

  it('with an unknown operation is an error listing the three', () => {
    const c = check(withRules({ name: 'c', type: 'collection', measurements: [CHARACTERS], operation: 'union', maxCount: 1 }));
    expectIssue(c, {
      path: 'rules[0].operation',
      message: 'unknown operation "union" for a collection rule; expected one of: intersection, contains, reference_intersection_count',
      at: '"union"',
    });
  });

  it('without minCount or maxCount is an error', () => {
    const c = check(withRules({ name: 'c', type: 'collection', measurements: [CHARACTERS], operation: 'intersection' }));
    expectIssue(c, { path: 'rules[0].maxCount', message: 'collection rule "c" needs minCount or maxCount', at: itemAt(c.text, 'rules', 0) });
  });

  it('contains without a referenceValue is an error', () => {
    const c = check(withRules({ name: 'c', type: 'collection', measurements: [CHARACTERS], operation: 'contains', maxCount: 1 }));
    expectIssue(c, { path: 'rules[0].referenceValue', message: 'operation "contains" needs a referenceValue', at: itemAt(c.text, 'rules', 0) });
  });

  it('measuring numbers is an error', () => {
    const c = check(withRules({ name: 'c', type: 'collection', measurements: [`flatten(${SKILL})`], operation: 'intersection', minCount: 1 }));
    expectIssue(c, {
      path: 'rules[0].measurements[0]',
      message: 'collection rule measurements must be strings or string lists, but "flatten(teams[*].players.attributes[skill])" is a list of numbers',
      at: '"flatten(',
    });
  });

  it('a number referenceValue is an error', () => {
    const c = check(withRules({ name: 'c', type: 'collection', measurements: [CHARACTERS], operation: 'contains', referenceValue: 3, maxCount: 1 }));
    expectIssue(c, { path: 'rules[0].referenceValue', message: ['referenceValue of a collection rule must be a string, a list of strings', 'but 3 is a number'], at: ['"referenceValue": 3', 0, 18] });
  });

  it('partyAggregation avg is an error: collections aggregate with union or intersection', () => {
    const c = check(withRules({ name: 'c', type: 'collection', measurements: [CHARACTERS], operation: 'intersection', minCount: 1, partyAggregation: 'avg' }));
    expectIssue(c, { path: 'rules[0].partyAggregation', message: 'expected one of: union, intersection', at: '"avg"' });
  });

  it('a list referenceValue compiles as a literal list, with union party aggregation by default', () => {
    const rs = withRules({ name: 'c', type: 'collection', measurements: [CHARACTERS], operation: 'reference_intersection_count', referenceValue: ['medic', 'tank'], minCount: 1 });
    const result = compileRuleSet(rs);
    expectClean(result);
    expect(result.ruleSet?.rules[0]).toMatchObject({ referenceValue: { kind: 'literal', value: ['medic', 'tank'] }, partyAggregation: 'union' });
  });
});

describe('latency rules', () => {
  it('with neither maxLatency nor maxDistance is an error', () => {
    const c = check(withRules({ name: 'ping', type: 'latency' }));
    expectIssue(c, { path: 'rules[0].maxLatency', message: 'latency rule "ping" needs maxLatency', at: itemAt(c.text, 'rules', 0) });
  });

  it('with an unknown distanceReference is an error', () => {
    const c = check(withRules({ name: 'ping', type: 'latency', maxDistance: 50, distanceReference: 'max' }));
    expectIssue(c, { path: 'rules[0].distanceReference', message: 'unknown distanceReference "max"; expected one of: min, avg', at: '"max"' });
  });
});

describe('batchDistance rules', () => {
  it('without batchAttribute is an error', () => {
    const c = check(withRules({ name: 'b', type: 'batchDistance', maxDistance: 1 }));
    expectIssue(c, { path: 'rules[0].batchAttribute', message: 'batchDistance rule "b" needs batchAttribute', at: itemAt(c.text, 'rules', 0) });
  });

  it('on an undeclared attribute is an error listing the declared ones', () => {
    const c = check(withRules({ name: 'b', type: 'batchDistance', batchAttribute: 'league', maxDistance: 1 }));
    expectIssue(c, { path: 'rules[0].batchAttribute', message: 'unknown attribute "league"; declared attributes: skill, character, mode, maps', at: '"league"' });
  });

  it('on a string_list attribute is an error', () => {
    const c = check(withRules({ name: 'b', type: 'batchDistance', batchAttribute: 'character' }));
    expectIssue(c, { path: 'rules[0].batchAttribute', message: 'batchAttribute "character" is a string_list attribute', at: ['"character"', 1] });
  });

  it('on a number attribute without maxDistance is an error', () => {
    const c = check(withRules({ name: 'b', type: 'batchDistance', batchAttribute: 'skill' }));
    expectIssue(c, { path: 'rules[0].maxDistance', message: 'on the number attribute "skill" needs maxDistance', at: itemAt(c.text, 'rules', 0) });
  });

  it('a numeric string maxDistance (as in the guide) is a warning and compiles to the number', () => {
    const rs = withRules({ name: 'b', type: 'batchDistance', batchAttribute: 'skill', maxDistance: '500' });
    const c = check(rs);
    expect(c.result.errors).toEqual([]);
    expectIssue(c, { path: 'rules[0].maxDistance', message: 'maxDistance "500" is a string; it is read as the number 500', at: '"500"' }, 'warnings');
    expect(compileRuleSet(rs).ruleSet?.rules[0]).toEqual({ name: 'b', type: 'batchDistance', batchAttribute: 'skill', maxDistance: 500, partyAggregation: 'avg' });
  });

  it('on a string attribute needs no maxDistance', () => {
    expectClean(check(withRules({ name: 'b', type: 'batchDistance', batchAttribute: 'mode' })).result);
  });
});

describe('sort rules', () => {
  it('without sortDirection is an error', () => {
    const c = check(withRules({ name: 's', type: 'absoluteSort', sortAttribute: 'skill' }));
    expectIssue(c, { path: 'rules[0].sortDirection', message: 'absoluteSort rule "s" needs sortDirection', at: itemAt(c.text, 'rules', 0) });
  });

  it('with an unknown sortDirection is an error', () => {
    const c = check(withRules({ name: 's', type: 'distanceSort', sortDirection: 'up', sortAttribute: 'skill' }));
    expectIssue(c, { path: 'rules[0].sortDirection', message: 'unknown sortDirection "up"; expected one of: ascending, descending', at: '"up"' });
  });

  it('without an attribute is an error', () => {
    const c = check(withRules({ name: 's', type: 'distanceSort', sortDirection: 'ascending' }));
    expectIssue(c, { path: 'rules[0].sortAttribute', message: 'distanceSort rule "s" needs sortAttribute (or sortByAttribute)', at: itemAt(c.text, 'rules', 0) });
  });

  it('sortByAttribute (the schema spelling) compiles to sortAttribute', () => {
    const result = compileRuleSet(withRules({ name: 's', type: 'distanceSort', sortDirection: 'ascending', sortByAttribute: 'skill' }));
    expectClean(result);
    expect(result.ruleSet?.rules[0]).toEqual({ name: 's', type: 'distanceSort', sortDirection: 'ascending', sortAttribute: 'skill', partyAggregation: 'avg' });
  });

  it('on a string attribute is an error', () => {
    const c = check(withRules({ name: 's', type: 'absoluteSort', sortDirection: 'ascending', sortAttribute: 'mode' }));
    expectIssue(c, { path: 'rules[0].sortAttribute', message: 'sortAttribute "mode" is a string attribute', at: ['"mode"', 1] });
  });

  it('on an undeclared attribute is an error', () => {
    const c = check(withRules({ name: 's', type: 'absoluteSort', sortDirection: 'ascending', sortAttribute: 'elo' }));
    expectIssue(c, { path: 'rules[0].sortAttribute', message: 'unknown attribute "elo"', at: '"elo"' });
  });

  it('mapKey on a number attribute is an error', () => {
    const c = check(withRules({ name: 's', type: 'absoluteSort', sortDirection: 'ascending', sortAttribute: 'skill', mapKey: 'maxValue' }));
    expectIssue(c, { path: 'rules[0].mapKey', message: 'mapKey only applies to a string_number_map attribute, but "skill" is a number attribute', at: '"maxValue"' });
  });

  it('a string_number_map attribute without mapKey is an error', () => {
    const c = check(withRules({ name: 's', type: 'absoluteSort', sortDirection: 'ascending', sortAttribute: 'maps' }));
    expectIssue(c, { path: 'rules[0].mapKey', message: 'sorting on the string_number_map attribute "maps" needs mapKey: minValue or maxValue', at: itemAt(c.text, 'rules', 0) });
  });

  it('an unknown mapKey is an error', () => {
    const c = check(withRules({ name: 's', type: 'absoluteSort', sortDirection: 'ascending', sortAttribute: 'maps', mapKey: 'max' }));
    expectIssue(c, { path: 'rules[0].mapKey', message: 'unknown mapKey "max"; expected one of: minValue, maxValue', at: '"max"' });
  });

  it('an unknown partyAggregation is an error', () => {
    const c = check(withRules({ name: 's', type: 'absoluteSort', sortDirection: 'ascending', sortAttribute: 'skill', partyAggregation: 'sum' }));
    expectIssue(c, { path: 'rules[0].partyAggregation', message: 'unknown partyAggregation "sum" for a absoluteSort rule; expected one of: avg, min, max', at: '"sum"' });
  });
});
