/**
 * The incremental pool (engine-memo.ts): a tick's work follows what changed,
 * not the size of the pool. Work is counted (TickResult.work), never timed.
 */
import { describe, expect, it } from 'vitest';
import { findMatches } from '../src/core/engine/find-matches.ts';
import { EngineMemo } from '../src/core/engine/engine-memo.ts';
import { seededRandom } from '../src/core/engine/random.ts';
import { Matchmaker } from '../src/core/matchmaker/index.ts';
import { compiled, exampleText, ticket } from './support/engine-fixtures.ts';

const DUEL = {
  ruleLanguageVersion: '1.0',
  playerAttributes: [{ name: 'skill', type: 'number', default: 0 }],
  teams: [
    { name: 'red', minPlayers: 1, maxPlayers: 1 },
    { name: 'blue', minPlayers: 1, maxPlayers: 1 },
  ],
  rules: [{ name: 'Close', type: 'distance', measurements: ['flatten(teams[*].players.attributes[skill])'], maxDistance: 50 }],
};

describe('an incremental pool', () => {
  it('a pool growing to 100,000 tickets prepares and searches only the arrivals of each tick', () => {
    const clock = { t: 0 };
    const mm = new Matchmaker({ now: () => clock.t, random: seededRandom(2) });
    mm.createMatchmakingRuleSet({ Name: 'duel', RuleSetBody: JSON.stringify(DUEL) });
    mm.createMatchmakingConfiguration({ Name: 'cfg', RuleSetName: 'duel', RequestTimeoutSeconds: 3600, AcceptanceRequired: false });
    const PER_TICK = 5000;
    const TICKS = 20;
    // Skills 1,000 apart, arriving in a shuffled order: nobody can match, everybody lands among older tickets.
    const order = Array.from({ length: PER_TICK * TICKS }, (_, i) => i);
    const random = seededRandom(9);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const start = (id: string, skill: number) =>
      mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: id, Players: [{ PlayerId: id, PlayerAttributes: { skill: { N: skill } } }] });
    const works = [];
    for (let tick = 0; tick < TICKS; tick++) {
      for (let i = tick * PER_TICK; i < (tick + 1) * PER_TICK; i++) start(`t${order[i]}`, order[i]! * 1000);
      clock.t += 1000;
      works.push(mm.tick().work);
    }
    for (const work of works) {
      expect(work.prepared).toBe(PER_TICK);
      expect(work.searched).toBe(PER_TICK);
    }
    expect(works.at(-1)!.skipped).toBe(PER_TICK * (TICKS - 1));
    // One arrival within reach of an old ticket: that ticket is searched again, and matches.
    start('late', order[0]! * 1000 + 10);
    clock.t += 1000;
    const result = mm.tick();
    expect(result.work.prepared).toBe(1);
    expect(result.work.searched).toBeLessThanOrEqual(2);
    expect(result.proposedMatchIds).toHaveLength(1);
    // A tick with no change searches nothing.
    clock.t += 1000;
    expect(mm.tick().work).toEqual({ prepared: 0, searched: 0, skipped: PER_TICK * TICKS - 1, deferred: 0 });
  }, 300_000);

  it('with a memo, example 1 forms the same matches pass after pass as without one', () => {
    const ruleSet = compiled(exampleText('01'));
    const random = seededRandom(4);
    let pool = Array.from({ length: 300 }, (_, i) => ticket(ruleSet, `t${i}`, i * 50, [{ attributes: { skill: Math.floor(random() * 100) } }]));
    const memo = new EngineMemo();
    for (let pass = 0; pass < 30; pass++) {
      const nowMs = 1000 * pass;
      const visible = pool.filter((t) => t.createdAtMs <= nowMs);
      const plain = findMatches(ruleSet, { pool: visible, nowMs, random: seededRandom(pass) }).matches;
      const cached = findMatches(ruleSet, { pool: visible, nowMs, random: seededRandom(pass), memo }).matches;
      expect(cached).toEqual(plain);
      const used = new Set(plain.flatMap((match) => match.ticketIds));
      pool = pool.filter((t) => !used.has(t.ticketId));
    }
  });
});
