import { describe, expect, it } from 'vitest';
import { parseCompoundStatement } from '../src/core/expression/compound.ts';
import { MAX_NESTING } from '../src/core/expression/parse.ts';

function failure(text: string): { message: string; offset: number } {
  const result = parseCompoundStatement(text);
  if (result.ok) throw new Error(`${text} parsed`);
  return { message: result.message, offset: result.offset };
}

describe('parseCompoundStatement', () => {
  it('parses the guide example into nested and/or', () => {
    const result = parseCompoundStatement('or(and(SeriousPlayers, VeryCloseSkill), and(CasualPlayers, SomewhatCloseSkill))');
    expect(result).toEqual({
      ok: true,
      statement: {
        op: 'or',
        args: [
          { op: 'and', args: [{ op: 'rule', name: 'SeriousPlayers' }, { op: 'rule', name: 'VeryCloseSkill' }] },
          { op: 'and', args: [{ op: 'rule', name: 'CasualPlayers' }, { op: 'rule', name: 'SomewhatCloseSkill' }] },
        ],
      },
      ruleNames: [
        { name: 'SeriousPlayers', start: 7, end: 21 },
        { name: 'VeryCloseSkill', start: 23, end: 37 },
        { name: 'CasualPlayers', start: 44, end: 57 },
        { name: 'SomewhatCloseSkill', start: 59, end: 77 },
      ],
    });
  });

  it('parses example 10 of the guide', () => {
    const result = parseCompoundStatement(
      'or(and(SameMapComparison, SameModeComparison), and(SimilarSkillDistance, SimilarLeagueDistance))',
    );
    expect(result.ok && result.ruleNames.map((r) => r.name)).toEqual([
      'SameMapComparison',
      'SameModeComparison',
      'SimilarSkillDistance',
      'SimilarLeagueDistance',
    ]);
  });

  it('takes and/or/xor with more than two arguments, not with one, and nests them', () => {
    expect(parseCompoundStatement(' xor( a ,b, c-1 ,not( and(d_2, e) ) ) ')).toMatchObject({
      ok: true,
      statement: {
        op: 'xor',
        args: [
          { op: 'rule', name: 'a' },
          { op: 'rule', name: 'b' },
          { op: 'rule', name: 'c-1' },
          { op: 'not', arg: { op: 'and', args: [{ op: 'rule', name: 'd_2' }, { op: 'rule', name: 'e' }] } },
        ],
      },
    });
  });

  it('keeps repeated rule names, each with its offset', () => {
    const result = parseCompoundStatement('or(A, not(A))');
    expect(result.ok && result.ruleNames).toEqual([
      { name: 'A', start: 3, end: 4 },
      { name: 'A', start: 10, end: 11 },
    ]);
  });

  it('accepts a bare rule name as a statement', () => {
    expect(parseCompoundStatement('OnlyRule')).toEqual({
      ok: true,
      statement: { op: 'rule', name: 'OnlyRule' },
      ruleNames: [{ name: 'OnlyRule', start: 0, end: 8 }],
    });
  });
});

describe('parseCompoundStatement errors', () => {
  it.each([
    ['', 0, 'expected a rule name or and(...), or(...), xor(...), not(...), found end of input at character 0'],
    ['and(A)', 5, '"and" needs at least two arguments: expected "," and another statement, found ")" at character 5'],
    ['or(A)', 4, '"or" needs at least two arguments'],
    ['not(A, B)', 7, '"not" takes exactly one argument, found "B" at character 7'],
    ['not()', 4, 'expected a rule name or and(...), or(...), xor(...), not(...), found ")" at character 4'],
    ['nand(A, B)', 0, 'unknown operator "nand" (expected one of and, or, xor, not) at character 0'],
    ['AND(A, B)', 0, 'operators are lowercase: "and"'],
    ['or(and(A, B), C', 15, 'expected "," or ")" to close "or(", found end of input at character 15'],
    ['or(A B)', 5, 'expected "," or ")" to close "or(", found "B" at character 5'],
    ['or(A, B) C', 9, 'expected end of statement, found "C" at character 9'],
    ['and', 3, 'expected "(" after "and", found end of input at character 3'],
    ['or(A, )', 6, 'expected a rule name or and(...), or(...), xor(...), not(...), found ")" at character 6'],
    ['or(A, B.C)', 7, 'expected "," or ")" to close "or(", found "." at character 7'],
  ])('%j fails at character %i', (text, offset, message) => {
    const error = failure(text);
    expect(error.offset).toBe(offset);
    expect(error.message).toContain(message);
  });

  it('refuses nesting deeper than the limit', () => {
    const deep = 'not('.repeat(5000) + 'A' + ')'.repeat(5000);
    expect(failure(deep).message).toContain(`nested more than ${MAX_NESTING} levels`);
  });
});
