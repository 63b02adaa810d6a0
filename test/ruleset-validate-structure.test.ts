import { describe, expect, it } from 'vitest';
import { validateRuleSet } from '../src/core/ruleset/validate.ts';
import { compileRuleSet } from '../src/core/ruleset/compile.ts';
import { baseRuleSet, check, expectClean, expectIssue, itemAt, positionOf } from './ruleset-helpers.ts';

describe('the rule set as a whole', () => {
  it('the base rule set used by these tests is valid with no warnings', () => {
    expectClean(check(baseRuleSet()).result);
  });

  it('a missing ruleLanguageVersion is an error pointing at the root object', () => {
    const rs = baseRuleSet();
    delete rs.ruleLanguageVersion;
    expectIssue(check(rs), { path: 'ruleLanguageVersion', message: 'must be "1.0"', at: { line: 1, column: 1 } });
  });

  it('ruleLanguageVersion written as the number 1.0 is an error suggesting the string', () => {
    const c = check({ ...baseRuleSet(), ruleLanguageVersion: 1.0 });
    expectIssue(c, { path: 'ruleLanguageVersion', message: ['got 1', 'write it as the string "1.0"'], at: ['1,', 0] });
  });

  it('ruleLanguageVersion "2.0" is an error naming the value', () => {
    expectIssue(check({ ...baseRuleSet(), ruleLanguageVersion: '2.0' }), {
      path: 'ruleLanguageVersion',
      message: 'got "2.0"',
      at: '"2.0"',
    });
  });

  it('a name that is not a string is an error naming the value', () => {
    expectIssue(check({ ...baseRuleSet(), name: 42 }), { path: 'name', message: 'got a number 42', at: '42' });
  });

  it.each([
    ['[]', 'got an array []'],
    ['null', 'got null'],
    ['"1.0"', 'got a string "1.0"'],
    ['7', 'got a number 7'],
  ])('a body of %s is an error at $ saying a rule set is an object', (text, fragment) => {
    expectIssue(check(text), { path: '$', message: ['must be a JSON object', fragment], at: { line: 1, column: 1 } });
  });

  it('malformed JSON is reported with line, column, what is wrong and the text found there', () => {
    const text = '{\n  "ruleLanguageVersion": "1.0",\n  "teams": [\n    {"name": "a" "minPlayers": 1}\n  ]\n}\n';
    const { result } = check(text);
    expect(result.valid).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ line: 4, column: 18 });
    expect(result.errors[0]!.message).toBe(`malformed JSON: expected ',', found '"minPlayers"'`);
  });

  it('an empty body is malformed JSON found at the end of the text', () => {
    expect(validateRuleSet('').errors).toEqual([
      { path: '$', message: 'malformed JSON: expected a value, found the end of the text', line: 1, column: 1 },
    ]);
  });

  it('comments and trailing commas are accepted', () => {
    const text = '// a rule set\n{ "ruleLanguageVersion": "1.0", /* teams */ "teams": [{"name": "a", "minPlayers": 1, "maxPlayers": 2,},], }';
    expectClean(validateRuleSet(text));
  });

  it('an unknown top-level property is a warning at its key with a suggestion', () => {
    const c = check({ ...baseRuleSet(), expansion: [] });
    expectIssue(c, { path: 'expansion', message: ['unknown property "expansion"', 'did you mean "expansions"?'], at: '"expansion"' }, 'warnings');
    expect(c.result.valid).toBe(true);
  });

  it('a key written twice in one object is a warning at the second key', () => {
    const text = '{"ruleLanguageVersion": "1.0",\n "teams": [{"name": "a", "minPlayers": 1, "maxPlayers": 2, "maxPlayers": 3}]}';
    const c = check(text);
    expectIssue(c, { path: 'teams[0].maxPlayers', message: 'written more than once', at: ['"maxPlayers"', 1] }, 'warnings');
    expect(compileRuleSet(text).ruleSet?.teams[0]?.maxPlayers).toBe(3);
  });

  it('a body given as an object is validated the same way, without positions', () => {
    const result = validateRuleSet({ ...baseRuleSet(), ruleLanguageVersion: '2.0' });
    expect(result.errors).toEqual([{ path: 'ruleLanguageVersion', message: 'ruleLanguageVersion must be "1.0", got "2.0"' }]);
  });
});

describe('teams', () => {
  it('a rule set without teams is an error', () => {
    const rs = baseRuleSet();
    delete rs.teams;
    expectIssue(check(rs), { path: 'teams', message: 'teams is required', at: { line: 1, column: 1 } });
  });

  it('an empty teams array is an error', () => {
    expectIssue(check({ ...baseRuleSet(), teams: [] }), { path: 'teams', message: 'teams is empty', at: '[]' });
  });

  it('teams that is not an array is an error naming the value', () => {
    expectIssue(check({ ...baseRuleSet(), teams: { name: 'red' } }), {
      path: 'teams',
      message: ['must be an array', 'got an object {"name":"red"}'],
      at: ['"teams": {', 0, 9],
    });
  });

  it('a team without a name is an error at the team', () => {
    const c = check({ ...baseRuleSet(), teams: [{ minPlayers: 1, maxPlayers: 2 }] });
    expectIssue(c, { path: 'teams[0].name', message: 'team has no name', at: ['{', 5] });
  });

  it('two teams with the same name are an error at the second name', () => {
    const c = check({ ...baseRuleSet(), teams: [{ name: 'red', minPlayers: 1, maxPlayers: 2 }, { name: 'red', minPlayers: 1, maxPlayers: 2 }] });
    expectIssue(c, { path: 'teams[1].name', message: 'duplicate team name "red": teams[0] already uses it', at: ['"red"', 1] });
  });

  it('a team named like an instance that another team generates with quantity is an error', () => {
    const c = check({
      ...baseRuleSet(),
      teams: [
        { name: 'red', minPlayers: 1, maxPlayers: 2, quantity: 2 },
        { name: 'red_2', minPlayers: 1, maxPlayers: 2 },
      ],
    });
    expectIssue(c, { path: 'teams[1].name', message: ['team name "red_2" clashes', 'teams[0] ("red" with quantity 2)'], at: '"red_2"' });
  });

  it('a team without minPlayers is an error at the team, and a typo of it a warning', () => {
    const c = check({ ...baseRuleSet(), teams: [{ name: 'red', minPlayer: 1, maxPlayers: 2 }] });
    expectIssue(c, { path: 'teams[0].minPlayers', message: 'team is missing minPlayers', at: ['{', 5] });
    expectIssue(c, { path: 'teams[0].minPlayer', message: ['unknown property "minPlayer"', 'did you mean "minPlayers"?'], at: '"minPlayer"' }, 'warnings');
  });

  it('a team without maxPlayers is an error', () => {
    const c = check({ ...baseRuleSet(), teams: [{ name: 'red', minPlayers: 1 }] });
    expectIssue(c, { path: 'teams[0].maxPlayers', message: 'team is missing maxPlayers', at: itemAt(c.text, 'teams', 0) });
  });

  it.each([
    [2.5, 'got a number 2.5'],
    ['4', 'got a string "4"'],
  ])('maxPlayers of %j is an error: it must be a whole number', (value, fragment) => {
    const c = check({ ...baseRuleSet(), teams: [{ name: 'red', minPlayers: 1, maxPlayers: value }] });
    expectIssue(c, { path: 'teams[0].maxPlayers', message: ['must be a whole number', fragment], at: JSON.stringify(value) });
  });

  it('a negative minPlayers is an error', () => {
    const c = check({ ...baseRuleSet(), teams: [{ name: 'red', minPlayers: -1, maxPlayers: 2 }] });
    expectIssue(c, { path: 'teams[0].minPlayers', message: 'minPlayers -1 must not be negative', at: '-1' });
  });

  it('maxPlayers 0 is an error: a team needs room for a player', () => {
    const c = check({ ...baseRuleSet(), teams: [{ name: 'red', minPlayers: 0, maxPlayers: 0 }] });
    expectIssue(c, { path: 'teams[0].maxPlayers', message: 'maxPlayers 0 must be at least 1', at: ['"maxPlayers": 0', 0, 14] });
  });

  it('minPlayers greater than maxPlayers is an error naming both', () => {
    const c = check({ ...baseRuleSet(), teams: [{ name: 'red', minPlayers: 5, maxPlayers: 3 }] });
    expectIssue(c, { path: 'teams[0].minPlayers', message: 'minPlayers 5 is greater than maxPlayers 3', at: '5' });
  });

  it.each([0, 1.5, '2'])('quantity %j is an error: it must be a whole number of at least 1', (quantity) => {
    const c = check({ ...baseRuleSet(), teams: [{ name: 'red', minPlayers: 1, maxPlayers: 2, quantity }] });
    expectIssue(c, {
      path: 'teams[0].quantity',
      message: `quantity must be a whole number of at least 1, got ${JSON.stringify(quantity)}`,
      at: ['"quantity": ', 0, 12],
    });
  });

  it('teams allowing more than 200 players in all (maxPlayers × quantity) are an error', () => {
    const c = check({
      ...baseRuleSet(),
      algorithm: { strategy: 'balanced', balancedAttribute: 'skill' },
      teams: [{ name: 'squad', minPlayers: 1, maxPlayers: 50, quantity: 4 }, { name: 'boss', minPlayers: 1, maxPlayers: 1 }],
    });
    expectIssue(c, { path: 'teams', message: ['allow 201 players', 'at most 200'], at: ['[', 2] });
  });

  it('exactly 200 players is allowed', () => {
    const result = validateRuleSet({
      ...baseRuleSet(),
      algorithm: { strategy: 'balanced', balancedAttribute: 'skill' },
      teams: [{ name: 'squad', minPlayers: 1, maxPlayers: 50, quantity: 4 }],
    });
    expect(result.errors).toEqual([]);
  });
});

describe('playerAttributes', () => {
  it('playerAttributes that is not an array is an error', () => {
    expectIssue(check({ ...baseRuleSet(), playerAttributes: { skill: 'number' } }), {
      path: 'playerAttributes',
      message: ['must be an array', 'got an object {"skill":"number"}'],
      at: ['"playerAttributes": {', 0, 20],
    });
  });

  it('an attribute without a name is an error', () => {
    const c = check({ ...baseRuleSet(), playerAttributes: [{ type: 'number' }] });
    expectIssue(c, { path: 'playerAttributes[0].name', message: 'player attribute has no name', at: ['{', 1] });
  });

  it('two attributes with the same name are an error at the second', () => {
    const c = check({ ...baseRuleSet(), playerAttributes: [{ name: 'skill', type: 'number' }, { name: 'skill', type: 'string' }] });
    expectIssue(c, { path: 'playerAttributes[1].name', message: 'duplicate player attribute "skill"', at: ['"skill"', 1] });
  });

  it('an unknown attribute type is an error listing the four types', () => {
    const c = check({ ...baseRuleSet(), playerAttributes: [{ name: 'skill', type: 'integer' }] });
    expectIssue(c, {
      path: 'playerAttributes[0].type',
      message: 'unknown attribute type "integer"; expected one of: string, number, string_list, string_number_map',
      at: '"integer"',
    });
  });

  it.each([
    ['string', 5, 'must be a string, got a number 5'],
    ['number', 'high', 'must be a number, got a string "high"'],
    ['string_list', ['a', 1], 'must be an array of strings, got an array ["a",1]'],
    ['string_list', 'a', 'must be an array of strings, got a string "a"'],
    ['string_number_map', { a: 'x' }, 'must be an object whose values are numbers'],
    ['string_number_map', [1], 'must be an object whose values are numbers, got an array'],
  ])('a %s attribute with default %j is an error', (type, value, fragment) => {
    const c = check({ ...baseRuleSet(), playerAttributes: [{ name: 'attr', type, default: value }] });
    expectIssue(c, { path: 'playerAttributes[0].default', message: fragment, at: ['"default": ', 0, 11] });
  });

  it('a numeric string default for a number attribute is a warning and compiles to the number', () => {
    const rs = { ...baseRuleSet(), playerAttributes: [{ name: 'skill', type: 'number', default: '12' }] };
    const c = check(rs);
    expect(c.result.errors).toEqual([]);
    expectIssue(c, { path: 'playerAttributes[0].default', message: 'read as the number 12', at: '"12"' }, 'warnings');
    expect(compileRuleSet(rs).ruleSet?.playerAttributes[0]).toEqual({ name: 'skill', type: 'number', default: 12 });
  });

  it('positions come from the text, so the same mistake on another line reports that line', () => {
    const text = '{\n"ruleLanguageVersion": "1.0",\n\n\n   "teams": [{"name": "a", "minPlayers": 3, "maxPlayers": 1}]}';
    expect(validateRuleSet(text).errors).toEqual([
      { path: 'teams[0].minPlayers', message: 'minPlayers 3 is greater than maxPlayers 1', line: 5, column: 42 },
    ]);
    expect(positionOf(text, '3')).toEqual({ line: 5, column: 42 });
  });
});
