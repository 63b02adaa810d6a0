/**
 * The pass budget (engine-memo.ts): a pass that runs out of budget leaves
 * the anchors it did not reach for the next tick, which takes them first;
 * failed searches, including those cut by their own per-anchor budget, are
 * not repeated while their inputs are unchanged. Work is counted, not timed.
 */
import { describe, expect, it } from 'vitest';
import { EngineMemo, type PassWork } from '../src/core/engine/engine-memo.ts';
import { findMatches } from '../src/core/engine/find-matches.ts';
import { seededRandom } from '../src/core/engine/random.ts';
import type { PoolTicket } from '../src/core/engine/types.ts';
import { compiled, exampleText, ticket } from './support/engine-fixtures.ts';

// Example 1 (4v4 to 8v8, equal sizes, team averages within 10 of the match's): five groups of eight, 1,000
// apart; in each, seven equal players and one 100 above them. No 4v4 holds (the odd one's team average is 25
// above the match's), and every anchor spends its whole search budget finding that out.
const ruleSet = compiled(exampleText('01'));
const nowMs = 2_000;
const hopeless: PoolTicket[] = Array.from({ length: 40 }, (_, i) =>
  ticket(ruleSet, `t${String(i).padStart(2, '0')}`, i, [{ attributes: { skill: Math.floor(i / 8) * 1000 + (i % 8 === 7 ? 100 : 0) } }]),
);

function passes(memo: EngineMemo, pool: readonly PoolTicket[], count: number): PassWork[] {
  const works: PassWork[] = [];
  for (let pass = 0; pass < count; pass++) {
    findMatches(ruleSet, { pool, nowMs, random: seededRandom(pass), memo });
    works.push({ ...memo.work });
  }
  return works;
}

describe('the pass budget', () => {
  it('a failed search is not repeated while nothing changes, even one its own node budget cut', () => {
    const works = passes(new EngineMemo({ passNodeBudget: 1_000_000 }), hopeless, 3);
    expect(works[0]).toMatchObject({ searched: 40, deferred: 0 });
    expect(works[1]).toMatchObject({ searched: 0, skipped: 40, deferred: 0 });
    expect(works[2]).toMatchObject({ searched: 0, skipped: 40, deferred: 0 });
  }, 60_000);

  it('a spent budget leaves the anchors not reached to the next ticks, which take them first: every anchor is searched once', () => {
    const works = passes(new EngineMemo({ passNodeBudget: 10_000 }), hopeless, 30);
    expect(works[0]!.searched).toBeGreaterThan(0);
    expect(works[0]!.searched).toBeLessThan(40);
    expect(works[0]!.deferred).toBe(40 - works[0]!.searched);
    const settled = works.findIndex((work) => work.deferred === 0);
    expect(settled).toBeGreaterThan(1);
    // Each pass goes on where the last stopped: no anchor is searched twice, none waits forever.
    expect(works.reduce((sum, work) => sum + work.searched, 0)).toBe(40);
    for (const work of works.slice(0, settled + 1)) expect(work.searched).toBeGreaterThan(0);
    expect(works.at(-1)).toMatchObject({ searched: 0, skipped: 40, deferred: 0 });
  }, 60_000);

  it('anchors that can match are matched over successive ticks even when one tick\'s budget covers few searches', () => {
    const matchable = hopeless.map((t, i) => ticket(ruleSet, t.ticketId, i, [{ attributes: { skill: Math.floor(i / 8) * 1000 } }]));
    const memo = new EngineMemo({ passNodeBudget: 1 });
    let pool = matchable;
    let matches = 0;
    for (let pass = 0; pass < 10 && pool.length > 0; pass++) {
      const found = findMatches(ruleSet, { pool, nowMs, random: seededRandom(pass), memo }).matches;
      matches += found.length;
      const used = new Set(found.flatMap((match) => match.ticketIds));
      pool = pool.filter((t) => !used.has(t.ticketId));
    }
    expect(matches).toBe(5);
  }, 60_000);
});
