/**
 * Repeated searches (repeated-searches.ts): an anchor whose search would be
 * the same as one that already failed in the pass (look-alike anchor,
 * look-alike candidates in the same order, same expansion stage) fails
 * without being searched, and its record is charged to the pass budget as
 * if it had run. The matches, their metrics and the pass work must come out
 * exactly as when every ticket is told apart.
 */
import { describe, expect, it } from 'vitest';
import { EngineMemo } from '../src/core/engine/engine-memo.ts';
import { findMatches } from '../src/core/engine/find-matches.ts';
import { MatchChecker } from '../src/core/engine/match-checks.ts';
import { PreparedTicket } from '../src/core/engine/prepared-ticket.ts';
import { seededRandom } from '../src/core/engine/random.ts';
import { RepeatedSearches } from '../src/core/engine/repeated-searches.ts';
import type { PoolTicket } from '../src/core/engine/types.ts';
import type { CompiledRuleSet } from '../src/core/ruleset/types.ts';
import { compiled, exampleText, ticket } from './support/engine-fixtures.ts';

const example1 = compiled(exampleText('01'));
const nowMs = 100_000;

function prepared(ruleSet: CompiledRuleSet, id: string, skill: number, createdAtMs = nowMs - 1_000): PreparedTicket {
  return new PreparedTicket(ticket(ruleSet, id, createdAtMs, [{ attributes: { skill } }]), ruleSet);
}

const record = { nodes: 4000, cut: true, blocker: undefined };

describe('repeated searches', () => {
  it('a look-alike anchor with look-alike candidates in the same order finds the failed search', () => {
    const repeats = new RepeatedSearches(new MatchChecker(example1, nowMs));
    const candidates = [prepared(example1, 'c1', 10), prepared(example1, 'c2', 90)];
    repeats.record(prepared(example1, 'a1', 50), candidates, undefined, record);
    const alike = [prepared(example1, 'd1', 10), prepared(example1, 'd2', 90)];
    const key = repeats.keyIfLikely(prepared(example1, 'a2', 50), alike);
    expect(key).toBeDefined();
    expect(repeats.find(key!)).toEqual(record);
  });

  it('another anchor value, another expansion stage, or candidates in another order is another search', () => {
    const repeats = new RepeatedSearches(new MatchChecker(example1, nowMs));
    const candidates = [prepared(example1, 'c1', 10), prepared(example1, 'c2', 90)];
    repeats.record(prepared(example1, 'a1', 50), candidates, undefined, record);
    expect(repeats.keyIfLikely(prepared(example1, 'a2', 51), candidates)).toBeUndefined();
    // Example 1 widens FairTeamSkill after 5 seconds: an anchor waiting 6 seconds is judged otherwise.
    expect(repeats.keyIfLikely(prepared(example1, 'a3', 50, nowMs - 6_000), candidates)).toBeUndefined();
    const reversed = repeats.keyIfLikely(prepared(example1, 'a4', 50), candidates.slice().reverse());
    expect(reversed).toBeDefined();
    expect(repeats.find(reversed!)).toBeUndefined();
    const older = [prepared(example1, 'c3', 10, nowMs - 6_000), prepared(example1, 'c4', 90)];
    expect(repeats.find(repeats.keyIfLikely(prepared(example1, 'a5', 50), older)!)).toBeUndefined();
  });

  it('a rule set that reads player ids tells every ticket apart', () => {
    const byIds = compiled({
      name: 'ids',
      ruleLanguageVersion: '1.0',
      playerAttributes: [{ name: 'skill', type: 'number', default: 0 }],
      teams: [{ name: 'red', minPlayers: 2, maxPlayers: 2 }, { name: 'blue', minPlayers: 2, maxPlayers: 2 }],
      rules: [{ name: 'Distinct', type: 'comparison', measurements: ['flatten(teams[*].players[playerId])'], operation: '!=' }],
    });
    const repeats = new RepeatedSearches(new MatchChecker(byIds, nowMs));
    const candidates = [prepared(byIds, 'c1', 10)];
    repeats.record(prepared(byIds, 'a1', 50), candidates, undefined, record);
    expect(repeats.keyIfLikely(prepared(byIds, 'a2', 50), candidates)).toBeUndefined();
  });

  it('look-alike tickets form the same matches, metrics and pass work as tickets an unread attribute tells apart', () => {
    // Groups of seven equal players and one far above (no 4v4 holds: every anchor spends its budget), beside
    // groups that match, arriving over a minute; the pass budget runs out, so charged records decide who waits.
    for (const seed of [1, 2, 3]) {
      const random = seededRandom(seed);
      const pool: PoolTicket[] = Array.from({ length: 96 }, (_, i) => {
        const group = Math.floor(i / 8);
        const skill = group % 2 === 0 ? group * 1000 + (i % 8 === 7 ? 100 : 0) : group * 1000 + Math.floor(random() * 3) * 5;
        return ticket(example1, `t${String(i).padStart(3, '0')}`, Math.floor(random() * 8) * 1000, [{ attributes: { skill } }]);
      });
      const apart = pool.map((t, i) => ({ ...t, players: t.players.map((p) => ({ ...p, attributes: { ...p.attributes, unread: i } })) }));
      expect(run(example1, apart, seed)).toEqual(run(example1, pool, seed));
    }
  }, 120_000);

  it('parties and latencies: example 3 forms the same matches with look-alikes as with tickets told apart', () => {
    const ruleSet = compiled(exampleText('03'));
    const random = seededRandom(7);
    const pool: PoolTicket[] = Array.from({ length: 60 }, (_, i) => {
      const size = i % 5 === 0 ? 2 : 1;
      const players = Array.from({ length: size }, () => ({
        attributes: { skill: 10 + 10 * Math.floor(random() * 3), character: [random() < 0.3 ? 'medic' : 'soldier'] },
        latency: { 'us-east-1': 20 + 40 * Math.floor(random() * 2), 'eu-west-1': 60 },
      }));
      return ticket(ruleSet, `t${String(i).padStart(3, '0')}`, Math.floor(random() * 4) * 2000, players);
    });
    const apart = pool.map((t, i) => ({ ...t, players: t.players.map((p) => ({ ...p, attributes: { ...p.attributes, unread: i } })) }));
    expect(run(ruleSet, apart, 7)).toEqual(run(ruleSet, pool, 7));
  }, 120_000);
});

/** Passes at one-second steps with a memo and a pass budget that binds: each pass's matches and work. */
function run(ruleSet: CompiledRuleSet, pool: readonly PoolTicket[], seed: number): unknown[] {
  const memo = new EngineMemo({ passNodeBudget: 15_000 });
  const random = seededRandom(seed);
  const out: unknown[] = [];
  let left = pool.slice();
  for (let pass = 0; pass < 12; pass++) {
    const now = 8_000 + pass * 1_000;
    const { matches } = findMatches(ruleSet, { pool: left.filter((t) => t.createdAtMs <= now), nowMs: now, random, memo });
    out.push({ matches, work: { ...memo.work } });
    const used = new Set(matches.flatMap((match) => match.ticketIds));
    left = left.filter((t) => !used.has(t.ticketId));
  }
  return out;
}
