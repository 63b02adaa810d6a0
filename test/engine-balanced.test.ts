import { describe, expect, it } from 'vitest';
import { averageSpread, balanceAssignment } from '../src/core/engine/balance.ts';
import { findMatches } from '../src/core/engine/find-matches.ts';
import { fillTeams } from '../src/core/engine/large-match.ts';
import type { PoolTicket } from '../src/core/engine/types.ts';
import type { TeamInstance } from '../src/core/ruleset/types.ts';
import { compiled, exampleText, fixedRandom, teamSizes, ticket } from './support/engine-fixtures.ts';

const team = (name: string, minPlayers: number, maxPlayers: number): TeamInstance => ({ name, definition: name, minPlayers, maxPlayers });

/** Team sizes after `players` solo tickets go through the guide's fill order. */
function sizesAfter(teams: TeamInstance[], players: number): number[] {
  return fillTeams(teams, teams.map(() => 0), new Array(players).fill(1))!.filled;
}

describe('the large-match team fill order', () => {
  const redBlueGreen = [team('Red', 5, 10), team('Blue', 5, 10), team('Green', 2, 3)];

  it('follows the guide\'s Red/Blue/Green walk-through step by step', () => {
    expect(sizesAfter(redBlueGreen, 10)).toEqual([5, 5, 0]);
    expect(sizesAfter(redBlueGreen, 12)).toEqual([5, 5, 2]);
    expect(sizesAfter(redBlueGreen, 20)).toEqual([9, 9, 2]);
    expect(sizesAfter(redBlueGreen, 23)).toEqual([10, 10, 3]);
  });

  it('follows the guide\'s ten-hunters-and-monsters walk-through (example 8)', () => {
    const ruleSet = compiled(exampleText('08'));
    const monsters = ruleSet.teams.findIndex((t) => t.name === 'Monsters');
    const hunters = ruleSet.teams.map((_, i) => i).filter((i) => i !== monsters);
    const at = (players: number) => sizesAfter(ruleSet.teams, players);
    expect(hunters.map((i) => at(100)[i])).toEqual(new Array(10).fill(10));
    expect(at(100)[monsters]).toBe(0);
    expect(hunters.map((i) => at(122)[i])).toEqual(new Array(10).fill(12));
    expect(at(122)[monsters]).toBe(2);
    expect(at(125)[monsters]).toBe(5);
    expect(hunters.map((i) => at(155)[i])).toEqual(new Array(10).fill(15));
  });

  it('refuses a party that fits in no team', () => {
    expect(fillTeams([team('A', 1, 2), team('B', 1, 2)], [0, 0], [3])).toBeNull();
  });
});

describe('team balancing', () => {
  it('evens out team averages by swapping players of the same party size', () => {
    const skills = [100, 90, 80, 70, 60, 50, 40, 30, 20, 10];
    const items = skills.map((sum) => ({ size: 1, sum, fixed: false }));
    const assignment = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
    expect(averageSpread(items, assignment, 2)).toBe(50);
    balanceAssignment(items, assignment, 2);
    expect(averageSpread(items, assignment, 2)).toBeLessThanOrEqual(2);
    expect(assignment.filter((t) => t === 0)).toHaveLength(5);
  });

  it('never moves fixed (seated) players', () => {
    const items = [
      { size: 1, sum: 100, fixed: true },
      { size: 1, sum: 0, fixed: false },
      { size: 1, sum: 100, fixed: false },
      { size: 1, sum: 0, fixed: true },
    ];
    const assignment = [0, 0, 1, 1];
    balanceAssignment(items, assignment, 2);
    expect(assignment[0]).toBe(0);
    expect(assignment[3]).toBe(1);
  });
});

describe('balanced strategy on the guide\'s large examples', () => {
  const freeForAll = compiled(exampleText('07'));

  function crowd(count: number, latency: Record<string, number>, createdAtMs = 0): PoolTicket[] {
    return Array.from({ length: count }, (_, i) =>
      ticket(freeForAll, `p${String(i).padStart(3, '0')}`, createdAtMs, [{ attributes: { skill: i % 50 }, latency }]),
    );
  }

  it('forms a free-for-all at once when the pool holds between the minimum and the maximum', () => {
    const { matches } = findMatches(freeForAll, { pool: crowd(180, { 'us-east-1': 40 }), nowMs: 0, random: fixedRandom() });
    expect(matches).toHaveLength(1);
    expect(teamSizes(matches[0]!)).toEqual({ Marauders: 180 });
    expect(matches[0]!.region).toBe('us-east-1');
  });

  it('waits below the 175 minimum until the expansion at 10 seconds accepts 150', () => {
    const pool = crowd(170, { 'us-east-1': 40 });
    expect(findMatches(freeForAll, { pool, nowMs: 9_000, random: fixedRandom() }).matches).toEqual([]);
    expect(findMatches(freeForAll, { pool, nowMs: 10_000, random: fixedRandom() }).matches).toHaveLength(1);
  });

  it('takes no more than the 200 maximum, oldest first', () => {
    const pool = crowd(230, { 'us-east-1': 40 }).map((t, i) => ({ ...t, createdAtMs: i }));
    const { matches } = findMatches(freeForAll, { pool, nowMs: 1_000, random: fixedRandom() });
    expect(teamSizes(matches[0]!)).toEqual({ Marauders: 200 });
    expect(matches[0]!.ticketIds).toContain('p000');
    expect(matches[0]!.ticketIds).not.toContain('p229');
  });

  it('leaves out players whose latency is over 150 ms everywhere until it relaxes to 200 ms at 12 seconds', () => {
    const pool = [...crowd(175, { 'us-east-1': 40 }), ...crowd(10, { 'us-east-1': 180 }).map((t) => ({ ...t, ticketId: `slow-${t.ticketId}` }))];
    const early = findMatches(freeForAll, { pool, nowMs: 0, random: fixedRandom() }).matches;
    expect(teamSizes(early[0]!)).toEqual({ Marauders: 175 });
    const late = findMatches(freeForAll, { pool, nowMs: 12_000, random: fixedRandom() }).matches;
    expect(teamSizes(late[0]!)).toEqual({ Marauders: 185 });
  });

  it('groups players by their fastest region with batchingPreference "fastestRegion" (example 8)', () => {
    const hunters = compiled(exampleText('08'));
    const east = Array.from({ length: 155 }, (_, i) =>
      ticket(hunters, `e${i}`, i, [{ attributes: { 'monster-kills': i % 20 }, latency: { 'us-east-1': 30, 'eu-west-1': 120 } }]),
    );
    const west = Array.from({ length: 60 }, (_, i) =>
      ticket(hunters, `w${i}`, 0, [{ attributes: { 'monster-kills': 3 }, latency: { 'us-east-1': 140, 'eu-west-1': 20 } }]),
    );
    const { matches } = findMatches(hunters, { pool: [...west, ...east], nowMs: 1_000, random: fixedRandom() });
    expect(matches).toHaveLength(1);
    expect(matches[0]!.region).toBe('us-east-1');
    expect(matches[0]!.ticketIds.every((id) => id.startsWith('e'))).toBe(true);
    expect(Object.values(teamSizes(matches[0]!)).reduce((a, b) => a + b, 0)).toBe(155);
  });

  it('balances the two 100-player teams of example 9 to nearly equal average skill', () => {
    const large = compiled(exampleText('09'));
    const pool = Array.from({ length: 200 }, (_, i) =>
      ticket(large, `t${i}`, i, [{ attributes: { league: 3, skill: 50 + ((i * 7) % 11), map: 'dunes', mode: 'ctf' }, latency: { 'us-east-1': 50 } }]),
    );
    const { matches } = findMatches(large, { pool, nowMs: 1_000, random: fixedRandom() });
    expect(matches).toHaveLength(1);
    const skillOf = new Map(pool.map((t) => [t.players[0]!.playerId, t.players[0]!.attributes.skill as number]));
    const averages = matches[0]!.teams.map((t) => t.players.reduce((s, p) => s + skillOf.get(p.playerId)!, 0) / t.players.length);
    expect(Math.abs(averages[0]! - averages[1]!)).toBeLessThan(0.1);
  });

  it('keeps batchDistance groups apart: different maps and far leagues never share a match (example 9)', () => {
    const large = compiled(exampleText('09'));
    const player = (id: string, league: number, map: string) =>
      ticket(large, id, 0, [{ attributes: { league, skill: 50, map, mode: 'ctf' }, latency: { 'us-east-1': 50 } }]);
    const pool = [
      ...Array.from({ length: 200 }, (_, i) => player(`a${i}`, 1 + (i % 3), 'dunes')),
      ...Array.from({ length: 50 }, (_, i) => player(`far${i}`, 9, 'dunes')),
      ...Array.from({ length: 50 }, (_, i) => player(`ice${i}`, 2, 'ice')),
    ];
    const { matches } = findMatches(large, { pool, nowMs: 0, random: fixedRandom() });
    expect(matches).toHaveLength(1);
    expect(matches[0]!.ticketIds.every((id) => id.startsWith('a'))).toBe(true);
  });
});
