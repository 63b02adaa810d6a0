import { describe, expect, it } from 'vitest';
import { DraftMatch } from '../src/core/engine/draft-match.ts';
import { NODE_BUDGET_PER_ANCHOR, searchMatch } from '../src/core/engine/exhaustive-search.ts';
import { findMatches } from '../src/core/engine/find-matches.ts';
import { MatchChecker, PASS_NODE_BUDGET } from '../src/core/engine/match-checks.ts';
import { PreparedTicket } from '../src/core/engine/prepared-ticket.ts';
import { seededRandom } from '../src/core/engine/random.ts';
import type { PoolTicket } from '../src/core/engine/types.ts';
import { defaultPopulation } from '../src/sim/default-population.ts';
import { generateArrivals } from '../src/sim/population.ts';
import type { PopulationSpec } from '../src/sim/types.ts';
import { compiled, exampleText, ticket } from './support/engine-fixtures.ts';

/** The first `count` arrivals of a population as a pool, one second after the last arrived. */
function poolOf(population: PopulationSpec, count: number, seed: number): { pool: PoolTicket[]; nowMs: number } {
  const arrivals = generateArrivals({ ...population, durationMinutes: 1000 }, seed).slice(0, count);
  const pool = arrivals.map((arrival) => ({
    ticketId: arrival.ticketId,
    createdAtMs: arrival.atMs,
    players: arrival.players.map((player) => ({ playerId: player.playerId, attributes: player.attributes })),
  }));
  return { pool, nowMs: arrivals[arrivals.length - 1]!.atMs + 1000 };
}

function example10Split(): PopulationSpec {
  const population = defaultPopulation(exampleText('10'));
  const split = (a: string, b: string) => ({ kind: 'choice' as const, values: [{ value: a, weight: 3 }, { value: b, weight: 1 }] });
  return { ...population, attributes: { ...population.attributes, map: split('forest', 'desert'), mode: split('ctf', 'dm') } };
}

describe('small pools with compatible players among incompatible ones', () => {
  it('example 10 matches twenty players who share a map and mode in a pool where a quarter differ', () => {
    const ruleSet = compiled(exampleText('10'));
    const { pool, nowMs } = poolOf(example10Split(), 61, 10);
    const attributesOf = new Map(pool.flatMap((t) => t.players.map((p) => [p.playerId, p.attributes])));
    const { matches } = findMatches(ruleSet, { pool, nowMs, random: seededRandom(7) });
    const shared = matches.filter((match) => {
      const players = match.teams.flatMap((team) => team.players.map((p) => attributesOf.get(p.playerId)!));
      return players.length >= 20 && players.every((a) => a.map === players[0]!.map && a.mode === players[0]!.mode);
    });
    expect(shared.length).toBeGreaterThanOrEqual(1);
    for (const match of matches) {
      for (const team of match.teams) expect(team.players.length).toBeGreaterThanOrEqual(10);
    }
  });

  it('thirty-one older tickets that can match nobody leave the pass enough work to match twenty who share a map', () => {
    const ruleSet = compiled(exampleText('10'));
    const attributes = (i: number, map: string) => ({ map, mode: 'ctf', league: 10 * i, skill: 50 });
    const pool = [
      ...Array.from({ length: 31 }, (_, i) => ticket(ruleSet, `rare${i}`, i, [{ attributes: attributes(i, `map${i}`) }])),
      ...Array.from({ length: 20 }, (_, i) => ticket(ruleSet, `common${i}`, 100 + i, [{ attributes: attributes(i, 'forest') }])),
    ];
    const { matches } = findMatches(ruleSet, { pool, nowMs: 5000, random: seededRandom(1) });
    expect(matches).toHaveLength(1);
    expect(matches[0]!.ticketIds.every((id) => id.startsWith('common'))).toBe(true);
    expect(matches[0]!.ticketIds).toHaveLength(20);
  });
});

describe('anchors that cannot fill a match', () => {
  // Example 3 around t1 (us-east-1): eight players qualify there at 50 ms; the three who need 100 ms
  // qualify only in a draft whose newest ticket waited 10 s, which leaves too few players for 3v3v3.
  const ruleSet = compiled(exampleText('03'));
  const rows: [string, number, number, string, Record<string, number>][] = [
    ['t1', 34493, 17, 'peasant', { 'us-east-1': 28, 'eu-west-1': 69, 'ap-northeast-1': 131 }],
    ['t2', 33925, 10, 'peasant', { 'us-east-1': 26, 'eu-west-1': 93, 'ap-northeast-1': 151 }],
    ['t3', 29029, 12, 'peasant', { 'us-east-1': 28, 'eu-west-1': 78, 'ap-northeast-1': 145 }],
    ['t4', 28988, 11, 'peasant', { 'us-east-1': 88, 'eu-west-1': 32, 'ap-northeast-1': 244 }],
    ['t5', 25597, 15, 'peasant', { 'us-east-1': 179, 'eu-west-1': 219, 'ap-northeast-1': 26 }],
    ['t6', 23914, 16, 'peasant', { 'us-east-1': 32, 'eu-west-1': 96, 'ap-northeast-1': 175 }],
    ['t7', 22692, 14, 'peasant', { 'us-east-1': 29, 'eu-west-1': 77, 'ap-northeast-1': 181 }],
    ['t8', 16650, 14, 'peasant', { 'us-east-1': 80, 'eu-west-1': 33, 'ap-northeast-1': 248 }],
    ['t9', 13414, 5, 'medic', { 'us-east-1': 65, 'eu-west-1': 25, 'ap-northeast-1': 227 }],
    ['t10', 9175, 0, 'peasant', { 'us-east-1': 27, 'eu-west-1': 73, 'ap-northeast-1': 136 }],
    ['t11', 8434, 14, 'medic', { 'us-east-1': 35, 'eu-west-1': 76, 'ap-northeast-1': 182 }],
    ['t12', 6004, 5, 'peasant', { 'us-east-1': 32, 'eu-west-1': 82, 'ap-northeast-1': 169 }],
  ];
  const nowMs = 36_000;
  const pool = rows.map(([id, age, skill, character, latency]) =>
    ticket(ruleSet, id, nowMs - age, [{ attributes: { skill, character: [character] }, latency }]),
  );

  it('an example 3 anchor whose region cannot fill a match is given up after a small part of its budget', () => {
    const checker = new MatchChecker(ruleSet, nowMs);
    const [anchor, ...candidates] = pool.map((t) => new PreparedTicket(t, ruleSet));
    const result = searchMatch(checker, new DraftMatch(ruleSet), anchor, candidates);
    expect(result).toBeNull();
    expect(PASS_NODE_BUDGET - checker.nodesLeft).toBeLessThan(NODE_BUDGET_PER_ANCHOR / 4);
  });

  it('example 3 forms the match once the far players have waited long enough for 100 ms', () => {
    const later = nowMs + 10_000;
    const { matches } = findMatches(ruleSet, { pool, nowMs: later, random: seededRandom(3) });
    expect(matches.length).toBeGreaterThanOrEqual(1);
    expect(matches[0]!.region).toBe('us-east-1');
  });
});
