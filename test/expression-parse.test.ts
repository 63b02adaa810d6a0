import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseJsonc } from 'jsonc-parser';
import { describe, expect, it } from 'vitest';
import type { Expr } from '../src/core/expression/ast.ts';
import {
  describeStaticType,
  expressionReferences,
  MAX_NESTING,
  parseExpression,
  parseOperand,
  staticType,
} from '../src/core/expression/parse.ts';
import type { AttributeType } from '../src/core/ruleset/types.ts';

function parsed(text: string): Expr {
  const result = parseExpression(text);
  if (!result.ok) throw new Error(`${text}: ${result.message}`);
  return result.expr;
}

function failure(text: string): { message: string; offset: number } {
  const result = parseExpression(text);
  if (result.ok) throw new Error(`${text} parsed`);
  return { message: result.message, offset: result.offset };
}

/** The tree without offsets, as a compact string: `avg(flatten(teams[*].players.attributes[skill]))`. */
function show(expr: Expr): string {
  switch (expr.kind) {
    case 'teams':
      return `teams[${expr.names === null ? '*' : expr.names.join('|')}]`;
    case 'players':
      return `${show(expr.target)}.players${expr.playerId ? '[playerId]' : ''}`;
    case 'attribute':
      return `${show(expr.target)}.attributes[${expr.name}]`;
    case 'call':
      return `${expr.fn}(${show(expr.arg)})`;
    case 'number':
      return `#${expr.value}`;
    case 'string':
      return `'${expr.value}'`;
  }
}

describe('parseExpression: the guide tables', () => {
  it.each([
    ['teams[red]', 'teams[red]'],
    ['teams[red,blue]', 'teams[red|blue]'],
    ['teams[*]', 'teams[*]'],
    ['team[red].players', 'teams[red].players'],
    ['team[red,blue].players', 'teams[red|blue].players'],
    ['team[*].players', 'teams[*].players'],
    ['teams[red].players[playerId]', 'teams[red].players[playerId]'],
    ['teams[red].players.attributes[skill]', 'teams[red].players.attributes[skill]'],
    ['teams[red,blue].players.attributes[skill]', 'teams[red|blue].players.attributes[skill]'],
    ['teams[*].players.attributes[skill]', 'teams[*].players.attributes[skill]'],
    ['flatten(teams[*].players.attributes[skill])', 'flatten(teams[*].players.attributes[skill])'],
    ['avg(teams[red].players.attributes[skill])', 'avg(teams[red].players.attributes[skill])'],
    ['avg(teams[*].players.attributes[skill])', 'avg(teams[*].players.attributes[skill])'],
    ['avg(flatten(teams[*].players.attributes[skill]))', 'avg(flatten(teams[*].players.attributes[skill]))'],
    ['count(teams[red].players)', 'count(teams[red].players)'],
    ['count (teams[*].players)', 'count(teams[*].players)'],
    ['max(avg(teams[*].players.attributes[skill]))', 'max(avg(teams[*].players.attributes[skill]))'],
  ])('%s parses to %s', (text, tree) => {
    expect(show(parsed(text))).toBe(tree);
  });

  it.each(['min', 'max', 'avg', 'median', 'sum', 'count', 'stddev', 'flatten', 'set_intersection'])(
    'the aggregation %s is a known function',
    (fn) => {
      expect(show(parsed(`${fn}(teams[*].players)`))).toBe(`${fn}(teams[*].players)`);
    },
  );
});

describe('parseExpression: lexical details', () => {
  it('allows whitespace between tokens, inside brackets and around the text', () => {
    expect(show(parsed('  max ( avg ( teams [ Red , Yellow ] . players . attributes[ skill ] ) )  '))).toBe(
      'max(avg(teams[Red|Yellow].players.attributes[skill]))',
    );
  });

  it('accepts hyphens, digits, underscores and dots in team and attribute names', () => {
    expect(show(parsed('teams[team-1,a_b.c].players.attributes[monster-kills]'))).toBe(
      'teams[team-1|a_b.c].players.attributes[monster-kills]',
    );
  });

  it('records the offsets of every node and of the names', () => {
    const expr = parsed('avg(teams[red, blue].players.attributes[skill])');
    expect(expr).toMatchObject({ kind: 'call', start: 0, end: 47 });
    if (expr.kind !== 'call' || expr.arg.kind !== 'attribute') throw new Error('shape');
    expect(expr.arg).toMatchObject({ start: 4, end: 46, nameSpan: { start: 40, end: 45 } });
    expect(expr.arg.target).toMatchObject({ start: 4, end: 28 });
    expect(expr.arg.target.target).toMatchObject({ start: 4, end: 20, nameSpans: [{ start: 10, end: 13 }, { start: 15, end: 19 }] });
  });

  it('reads number literals, negative and with exponents', () => {
    expect(parsed('42')).toMatchObject({ kind: 'number', value: 42, start: 0, end: 2 });
    expect(parsed(' -1.5e2 ')).toMatchObject({ kind: 'number', value: -150, start: 1, end: 7 });
  });

  it('reads quoted string literals with either quote and backslash escapes', () => {
    expect(parsed('"medic"')).toMatchObject({ kind: 'string', value: 'medic', start: 0, end: 7 });
    expect(parsed("'it\\'s'")).toMatchObject({ kind: 'string', value: "it's" });
  });
});

describe('parseExpression: errors point at the offending character', () => {
  it.each([
    ['', 0, 'expected a property expression', 'found end of input at character 0'],
    ['   ', 3, 'expected a property expression', 'found end of input'],
    ['teams[red', 9, 'expected "]" to close "teams["', 'found end of input at character 9'],
    ['avg(teams[*.players)', 11, 'expected "]" to close "teams["', 'found "." at character 11'],
    ['avg(teams[*].players', 20, 'expected ")" to close "avg("', 'found end of input'],
    ['average(teams[*].players)', 0, 'unknown function "average" (expected one of min, max, avg, median, sum, count, stddev, flatten, set_intersection)', ''],
    ['AVG(teams[*])', 0, 'function names are lowercase: "avg"', ''],
    ['avg(teams[*]) extra', 14, 'expected end of expression', 'found "extra" at character 14'],
    ['teams[]', 6, 'expected a team name or "*" inside "teams["', 'found "]"'],
    ['teams[red,]', 10, 'expected a team name after ","', 'found "]"'],
    ['teams[red blue]', 10, 'expected "]" to close "teams["', 'found "blue"'],
    ['teams.players', 5, 'expected "[" after "teams"', 'found "."'],
    ['teams[red].player', 11, 'expected "players" after "."', 'found "player"'],
    ['teams[red].players[id]', 19, 'expected "playerId" inside ".players["', 'found "id"'],
    ['teams[red].players.attrs[x]', 19, 'expected "attributes" after ".players."', 'found "attrs"'],
    ['teams[red].players.attributes[]', 30, 'expected an attribute name inside ".attributes["', 'found "]"'],
    ['teams[red].players.attributes[skill', 35, 'expected "]" to close ".attributes["', 'found end of input'],
    ['teams[red].players[playerId].attributes[skill]', 28, 'expected end of expression', 'found "."'],
    ['avg(1, 2)', 5, 'aggregation functions take exactly one argument', 'found ","'],
    ['skill', 0, 'expected a property expression', 'found "skill"'],
    ['avg', 3, 'expected "(" after "avg"', 'found end of input'],
    ['"medic', 6, 'expected a closing quote (") for the string that starts at character 0', ''],
    ['12abc', 0, 'expected a number', 'found "12abc"'],
    ['-', 1, 'expected a number after "-"', ''],
    ['avg()', 4, 'expected a property expression', 'found ")"'],
  ])('%j fails at character %i', (text, offset, expected, found) => {
    const error = failure(text);
    expect(error.offset).toBe(offset);
    expect(error.message).toContain(expected);
    expect(error.message).toContain(found);
  });

  it('refuses nesting deeper than the limit instead of overflowing the stack', () => {
    const deep = 'max('.repeat(10_000) + 'teams[*]' + ')'.repeat(10_000);
    const error = failure(deep);
    expect(error.message).toContain(`nested more than ${MAX_NESTING} levels`);
    const fine = 'max('.repeat(MAX_NESTING) + '1' + ')'.repeat(MAX_NESTING);
    expect(parseExpression(fine).ok).toBe(true);
  });

  it('never throws on arbitrary text', () => {
    const alphabet = ['teams', '[', ']', '*', ',', '.', 'players', 'attributes', 'avg', '(', ')', ' ', '"', 'x', '1', '-'];
    let seed = 7;
    for (let i = 0; i < 2000; i++) {
      let text = '';
      for (let j = 0; j < 12; j++) {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        text += alphabet[seed % alphabet.length];
      }
      const result = parseExpression(text);
      if (!result.ok) expect(result.offset).toBeGreaterThanOrEqual(0);
    }
  });
});

describe('parseOperand: literal or expression', () => {
  it('keeps a plain reference value as a string literal', () => {
    expect(parseOperand('medic')).toEqual({ kind: 'literal', value: 'medic' });
    expect(parseOperand('teams')).toEqual({ kind: 'literal', value: 'teams' });
    expect(parseOperand('medic (support)')).toEqual({ kind: 'literal', value: 'medic (support)' });
    expect(parseOperand('')).toEqual({ kind: 'literal', value: '' });
  });

  it('parses text starting with teams[, team[ or a function call as an expression', () => {
    const result = parseOperand('count(teams[aliens].players)');
    expect(result.kind).toBe('expression');
    if (result.kind === 'expression') {
      expect(result.source).toBe('count(teams[aliens].players)');
      expect(show(result.expr)).toBe('count(teams[aliens].players)');
    }
    expect(parseOperand(' team[red].players').kind).toBe('expression');
    expect(parseOperand('count (teams[*].players)').kind).toBe('expression');
  });

  it('reports errors of text that looks like an expression, with offsets into the text as given', () => {
    expect(parseOperand('average(teams[*])')).toMatchObject({ kind: 'error', offset: 0 });
    expect(parseOperand('  teams[red')).toMatchObject({ kind: 'error', offset: 11 });
  });
});

describe('expressionReferences', () => {
  it('count of players depends on team sizes', () => {
    expect(expressionReferences(parsed('count(teams[cowboys].players)'))).toEqual({
      attributes: [],
      teams: [{ name: 'cowboys', start: 12, end: 19 }],
      usesPlayerCount: true,
      usesAttributes: false,
      usesPlayerIds: false,
    });
    expect(expressionReferences(parsed('max(count(teams[*].players))')).usesPlayerCount).toBe(true);
    expect(expressionReferences(parsed('count(flatten(teams[*].players[playerId]))')).usesPlayerCount).toBe(true);
  });

  it('an average of attributes reads attributes but not team sizes', () => {
    expect(expressionReferences(parsed('avg(teams[*].players.attributes[skill])'))).toEqual({
      attributes: [{ name: 'skill', start: 32, end: 37 }],
      teams: [],
      usesPlayerCount: false,
      usesAttributes: true,
      usesPlayerIds: false,
    });
    expect(expressionReferences(parsed('count(teams[red].players.attributes[skill])')).usesPlayerCount).toBe(false);
  });

  it('player ids and multiple teams are reported', () => {
    const refs = expressionReferences(parsed('flatten(teams[red, blue].players[playerId])'));
    expect(refs.usesPlayerIds).toBe(true);
    expect(refs.teams).toEqual([
      { name: 'red', start: 14, end: 17 },
      { name: 'blue', start: 19, end: 23 },
    ]);
  });
});

const ATTRIBUTES = new Map<string, AttributeType>([
  ['skill', 'number'],
  ['character', 'string'],
  ['gameMode', 'string_list'],
  ['mapPreference', 'string_number_map'],
]);
const teamIsList = (name: string) => name === 'trio' || !['red', 'blue', 'trio_1'].includes(name);

function typeOf(text: string): string {
  const result = staticType(parsed(text), ATTRIBUTES, teamIsList);
  return result.ok ? describeStaticType(result.type) : `error@${result.offset}: ${result.message}`;
}

describe('staticType', () => {
  it.each([
    ['teams[red]', 'a team'],
    ['teams[trio]', 'a list of teams'],
    ['teams[red,blue]', 'a list of teams'],
    ['teams[*]', 'a list of teams'],
    ['teams[red].players', 'a list of players'],
    ['teams[*].players', 'a list of lists of players'],
    ['teams[red].players[playerId]', 'a list of strings'],
    ['teams[red].players.attributes[skill]', 'a list of numbers'],
    ['teams[red,blue].players.attributes[skill]', 'a list of lists of numbers'],
    ['flatten(teams[*].players.attributes[skill])', 'a list of numbers'],
    ['avg(teams[red].players.attributes[skill])', 'a number'],
    ['avg(teams[*].players.attributes[skill])', 'a list of numbers'],
    ['avg(flatten(teams[*].players.attributes[skill]))', 'a number'],
    ['count(teams[red].players)', 'a number'],
    ['count(teams[*].players)', 'a list of numbers'],
    ['max(avg(teams[*].players.attributes[skill]))', 'a number'],
    ['flatten(teams[*].players.attributes[gameMode])', 'a list of string lists'],
    ['flatten(flatten(teams[*].players.attributes[gameMode]))', 'a list of strings'],
    ['set_intersection(flatten(teams[*].players.attributes[gameMode]))', 'a list of strings'],
    ['set_intersection(teams[*].players.attributes[gameMode])', 'a list of lists of strings'],
    ['flatten(teams[*].players[playerId])', 'a list of strings'],
    ['teams[*].players.attributes[mapPreference]', 'a list of lists of string-number maps'],
    ['teams[red].players.attributes[undeclared]', 'a list of values of unknown type'],
    ['42', 'a number'],
  ])('%s is %s', (text, description) => {
    expect(typeOf(text)).toBe(description);
  });

  it('rejects numeric aggregations of strings, lists and players, at the call', () => {
    expect(typeOf('avg(teams[*].players.attributes[character])')).toBe(
      'error@0: "avg" needs numbers, but its argument is a list of lists of strings',
    );
    expect(typeOf('count(max(flatten(teams[*].players.attributes[gameMode])))')).toBe(
      'error@6: "max" needs numbers, but its argument is a list of string lists',
    );
    expect(typeOf('sum(teams[*].players)')).toMatch(/^error@0: "sum" needs numbers/);
  });

  it('rejects set_intersection of numbers', () => {
    expect(typeOf('set_intersection(teams[*].players.attributes[skill])')).toBe(
      'error@0: "set_intersection" needs lists of strings, but its argument is a list of lists of numbers',
    );
  });
});

describe('the example rule sets', () => {
  const dir = join(import.meta.dirname, '..', 'examples', 'rulesets');
  const files = readdirSync(dir).filter((f) => f.endsWith('.jsonc')).sort();

  it('are all twelve present (the guide\'s eleven and the duel)', () => {
    expect(files).toHaveLength(12);
  });

  it.each(files)('%s: every expression parses, type-checks and names declared attributes and teams', (file) => {
    const ruleSet = parseJsonc(readFileSync(join(dir, file), 'utf8')) as {
      playerAttributes?: { name: string; type: AttributeType }[];
      teams: { name: string; quantity?: number }[];
      rules: { measurements?: string | (string | number)[]; referenceValue?: string | number }[];
    };
    const types = new Map((ruleSet.playerAttributes ?? []).map((a) => [a.name, a.type] as const));
    const isList = (name: string) => (ruleSet.teams.find((t) => t.name === name)?.quantity ?? 1) > 1;
    const operands = ruleSet.rules.flatMap((rule) => [rule.measurements ?? [], rule.referenceValue ?? []].flat());
    for (const operand of operands.filter((o): o is string => typeof o === 'string')) {
      const result = parseOperand(operand);
      if (operand === 'medic') {
        expect(result).toEqual({ kind: 'literal', value: 'medic' });
        continue;
      }
      if (result.kind !== 'expression') throw new Error(`${file}: ${operand}: ${JSON.stringify(result)}`);
      expect(staticType(result.expr, types, isList).ok).toBe(true);
      const refs = expressionReferences(result.expr);
      for (const attribute of refs.attributes) expect(types.has(attribute.name)).toBe(true);
      for (const team of refs.teams) expect(ruleSet.teams.map((t) => t.name)).toContain(team.name);
    }
  });
});
