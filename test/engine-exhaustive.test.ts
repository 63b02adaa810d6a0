import { describe, expect, it } from 'vitest';
import { findMatches } from '../src/core/engine/find-matches.ts';
import type { PoolTicket } from '../src/core/engine/types.ts';
import { backfillTicket, compiled, exampleText, fixedRandom, teamOf, teamSizes, ticket } from './support/engine-fixtures.ts';

const aliensVsCowboys = compiled(exampleText('01'));
const monster = compiled(exampleText('02'));

function run(ruleSet: ReturnType<typeof compiled>, pool: PoolTicket[], nowMs = 0) {
  return findMatches(ruleSet, { pool, nowMs, random: fixedRandom() }).matches;
}

function equalPlayers(count: number, skill = 10): PoolTicket[] {
  return Array.from({ length: count }, (_, i) => ticket(aliensVsCowboys, `t${String(i).padStart(2, '0')}`, i, [{ attributes: { skill } }]));
}

describe('exhaustive search on example 1 (aliens vs cowboys)', () => {
  it('nine equal players make a 4v4, not a stuck 5v4', () => {
    const matches = run(aliensVsCowboys, equalPlayers(9), 100);
    expect(matches).toHaveLength(1);
    expect(teamSizes(matches[0]!)).toEqual({ cowboys: 4, aliens: 4 });
    expect(matches[0]!.ticketIds[0]).toBe('t00');
  });

  it('sixteen equal players make an 8v8', () => {
    const matches = run(aliensVsCowboys, equalPlayers(16), 100);
    expect(matches).toHaveLength(1);
    expect(teamSizes(matches[0]!)).toEqual({ cowboys: 8, aliens: 8 });
  });

  it('seven players are too few for the 4v4 minimum', () => {
    expect(run(aliensVsCowboys, equalPlayers(7), 100)).toEqual([]);
  });

  it('twenty-five players make one 8v8 and one 4v4 from the rest', () => {
    const matches = run(aliensVsCowboys, equalPlayers(25), 100);
    expect(matches.map(teamSizes)).toEqual([
      { cowboys: 8, aliens: 8 },
      { cowboys: 4, aliens: 4 },
    ]);
    const used = matches.flatMap((match) => match.ticketIds);
    expect(new Set(used).size).toBe(used.length);
  });

  it('keeps a far stronger player out until the FairTeamSkill expansion at 5 seconds widens maxDistance', () => {
    const pool = [
      ticket(aliensVsCowboys, 'strong', 0, [{ attributes: { skill: 100 } }]),
      ...Array.from({ length: 7 }, (_, i) => ticket(aliensVsCowboys, `weak${i}`, 0, [{ attributes: { skill: 10 } }])),
    ];
    expect(run(aliensVsCowboys, pool, 4_999)).toEqual([]);
    const later = run(aliensVsCowboys, pool, 5_000);
    expect(later).toHaveLength(1);
    expect(teamSizes(later[0]!)).toEqual({ cowboys: 4, aliens: 4 });
  });

  it('measures expansion wait time from the newest ticket, so one new ticket restarts the clock', () => {
    const pool = [
      ticket(aliensVsCowboys, 'strong', 0, [{ attributes: { skill: 100 } }]),
      ...Array.from({ length: 6 }, (_, i) => ticket(aliensVsCowboys, `weak${i}`, 0, [{ attributes: { skill: 10 } }])),
      ticket(aliensVsCowboys, 'newcomer', 4_000, [{ attributes: { skill: 10 } }]),
    ];
    expect(run(aliensVsCowboys, pool, 6_000)).toEqual([]);
    expect(run(aliensVsCowboys, pool, 9_000)).toHaveLength(1);
  });

  it('measures from the oldest ticket with expansionAgeSelection "oldest"', () => {
    const source = JSON.parse(exampleText('01').replace(/\/\/.*$/gm, ''));
    source.algorithm = { strategy: 'exhaustiveSearch', expansionAgeSelection: 'oldest' };
    const oldest = compiled(source);
    const pool = [
      ticket(oldest, 'strong', 0, [{ attributes: { skill: 100 } }]),
      ...Array.from({ length: 6 }, (_, i) => ticket(oldest, `weak${i}`, 0, [{ attributes: { skill: 10 } }])),
      ticket(oldest, 'newcomer', 4_000, [{ attributes: { skill: 10 } }]),
    ];
    expect(run(oldest, pool, 6_000)).toHaveLength(1);
  });

  it('keeps a party of three on one team', () => {
    const pool = [
      ticket(aliensVsCowboys, 'party', 0, [{ id: 'a' }, { id: 'b' }, { id: 'c' }]),
      ...equalPlayers(5).map((t) => ({ ...t, createdAtMs: t.createdAtMs + 1 })),
    ];
    const matches = run(aliensVsCowboys, pool, 100);
    expect(matches).toHaveLength(1);
    const team = teamOf(matches[0]!, 'a');
    expect(teamOf(matches[0]!, 'b')).toBe(team);
    expect(teamOf(matches[0]!, 'c')).toBe(team);
    expect(teamSizes(matches[0]!)).toEqual({ cowboys: 4, aliens: 4 });
  });

  it('reports passed and failed rule evaluations per rule', () => {
    const [match] = run(aliensVsCowboys, equalPlayers(8), 100);
    const metrics = Object.fromEntries(match!.ruleEvaluationMetrics.map((m) => [m.ruleName, m]));
    expect(metrics.FairTeamSkill!.passedCount).toBeGreaterThanOrEqual(8);
    expect(metrics.EqualTeamSizes!.passedCount).toBe(1);
    expect(metrics.FairTeamSkill!.failedCount).toBe(0);
  });

  it('is deterministic for the same pool, time and random seed', () => {
    const pool = Array.from({ length: 60 }, (_, i) =>
      ticket(aliensVsCowboys, `t${i}`, i * 10, [{ attributes: { skill: (i * 37) % 100 } }]),
    );
    expect(run(aliensVsCowboys, pool, 20_000)).toEqual(run(aliensVsCowboys, pool, 20_000));
  });
});

describe('exhaustive search on example 2 (players vs monster)', () => {
  const hunter = (id: string, at: number, desired: number) =>
    ticket(monster, id, at, [{ attributes: { wantsToBeMonster: 0, desiredSkillOfMonster: desired, skill: 10 } }]);
  const beast = (id: string, at: number, skill: number) =>
    ticket(monster, id, at, [{ attributes: { wantsToBeMonster: 1, skill } }]);

  it('puts only players who asked for it on the monster team', () => {
    const pool = [beast('m', 0, 50), hunter('h1', 1, 10), hunter('h2', 2, 10), hunter('h3', 3, 10), hunter('h4', 4, 10), hunter('h5', 5, 10)];
    const [match] = run(monster, pool, 100);
    expect(teamOf(match!, 'm-p')).toBe('monster');
    expect(teamSizes(match!)).toEqual({ players: 5, monster: 1 });
  });

  it('takes a second look at the monster when later hunters want a stronger one', () => {
    // Greedy would seat the weak monster next to the first hunter (who asks for skill 1),
    // then reject every other hunter (they ask for 10): the search must swap in the strong monster.
    const pool = [
      hunter('h1', 0, 1),
      beast('weak', 1, 5),
      hunter('h2', 2, 10),
      hunter('h3', 3, 10),
      hunter('h4', 4, 10),
      hunter('h5', 5, 10),
      beast('strong', 6, 20),
    ];
    const matches = run(monster, pool, 100);
    expect(matches).toHaveLength(1);
    expect(matches[0]!.teams.find((team) => team.name === 'monster')!.players.map((p) => p.playerId)).toEqual(['strong-p']);
    expect(matches[0]!.ticketIds).not.toContain('weak');
    expect(matches[0]!.ticketIds[0]).toBe('h1');
  });

  it('waits for a fifth hunter until the expansion at 30 seconds accepts four', () => {
    const pool = [beast('m', 0, 50), hunter('h1', 0, 10), hunter('h2', 0, 10), hunter('h3', 0, 10), hunter('h4', 0, 10)];
    expect(run(monster, pool, 29_000)).toEqual([]);
    const [match] = run(monster, pool, 30_000);
    expect(teamSizes(match!)).toEqual({ players: 4, monster: 1 });
  });
});

describe('backfill', () => {
  it('fills a 3v4 game session to 5v5 with three newcomers, keeping seated players on their teams', () => {
    const seated = [
      ...['c1', 'c2', 'c3'].map((id) => ({ id, team: 'cowboys' })),
      ...['a1', 'a2', 'a3', 'a4'].map((id) => ({ id, team: 'aliens' })),
    ];
    const pool = [backfillTicket(aliensVsCowboys, 'bf', 50, seated), ...equalPlayers(3)];
    const matches = run(aliensVsCowboys, pool, 100);
    expect(matches).toHaveLength(1);
    expect(matches[0]!.backfillTicketId).toBe('bf');
    expect(teamSizes(matches[0]!)).toEqual({ cowboys: 5, aliens: 5 });
    expect(teamOf(matches[0]!, 'c1')).toBe('cowboys');
    expect(teamOf(matches[0]!, 'a4')).toBe('aliens');
  });

  it('never matches two backfill tickets together', () => {
    const seated = (prefix: string) => [
      ...[1, 2, 3, 4].map((n) => ({ id: `${prefix}c${n}`, team: 'cowboys' })),
      ...[1, 2, 3].map((n) => ({ id: `${prefix}a${n}`, team: 'aliens' })),
    ];
    const pool = [backfillTicket(aliensVsCowboys, 'bf1', 0, seated('x')), backfillTicket(aliensVsCowboys, 'bf2', 1, seated('y'))];
    expect(run(aliensVsCowboys, pool, 100)).toEqual([]);
  });

  it('matches backfill tickets first with backfillPriority "high"', () => {
    const source = JSON.parse(exampleText('01').replace(/\/\/.*$/gm, ''));
    source.algorithm = { strategy: 'exhaustiveSearch', backfillPriority: 'high' };
    const high = compiled(source);
    const seated = [
      ...['c1', 'c2', 'c3', 'c4'].map((id) => ({ id, team: 'cowboys' })),
      ...['a1', 'a2', 'a3'].map((id) => ({ id, team: 'aliens' })),
    ];
    const fresh = Array.from({ length: 8 }, (_, i) => ticket(high, `n${i}`, i, [{ attributes: { skill: 10 } }]));
    const pool = [...fresh, backfillTicket(high, 'bf', 500, seated)];
    const matches = run(high, pool, 1000);
    expect(matches[0]!.backfillTicketId).toBe('bf');
    expect(run(aliensVsCowboys, [...fresh.map((t) => ({ ...t })), backfillTicket(aliensVsCowboys, 'bf', 500, seated)], 1000)[0]!.backfillTicketId).toBeUndefined();
  });
});
