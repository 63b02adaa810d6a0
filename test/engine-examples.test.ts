/**
 * Every one of the guide's eleven example rule sets runs: players who fit
 * are matched, players who do not are not. (Examples 1, 2, 7, 8 and 9 have
 * deeper suites in engine-exhaustive and engine-balanced.)
 */
import { describe, expect, it } from 'vitest';
import { findMatches } from '../src/core/engine/find-matches.ts';
import type { PoolTicket } from '../src/core/engine/types.ts';
import type { AttributeValue, CompiledRuleSet } from '../src/core/ruleset/types.ts';
import { compiled, exampleText, fixedRandom, teamSizes, ticket } from './support/engine-fixtures.ts';

function run(ruleSet: CompiledRuleSet, pool: PoolTicket[], nowMs = 1_000) {
  return findMatches(ruleSet, { pool, nowMs, random: fixedRandom() }).matches;
}

function players(
  ruleSet: CompiledRuleSet,
  prefix: string,
  count: number,
  attributes: (i: number) => Record<string, AttributeValue>,
  latency?: Record<string, number>,
): PoolTicket[] {
  return Array.from({ length: count }, (_, i) =>
    ticket(ruleSet, `${prefix}${String(i).padStart(2, '0')}`, i, [{ attributes: attributes(i), ...(latency ? { latency } : {}) }]),
  );
}

describe('example 1: two evenly matched teams', () => {
  const ruleSet = compiled(exampleText('01'));
  it('matches eight similar players into a 4v4', () => {
    expect(run(ruleSet, players(ruleSet, 'p', 8, () => ({ skill: 20 }))).map(teamSizes)).toEqual([{ cowboys: 4, aliens: 4 }]);
  });
  it('does not match players whose skills are far apart before the expansions', () => {
    const pool = players(ruleSet, 'p', 8, (i) => ({ skill: i < 4 ? 0 : 100 }));
    expect(run(ruleSet, pool, 1_000)).toEqual([]);
  });
});

describe('example 3: three teams with team-level requirements and latency limits', () => {
  const ruleSet = compiled(exampleText('03'));
  it('makes three teams of five from fifteen fast players and reports their region', () => {
    const [match] = run(ruleSet, players(ruleSet, 'p', 15, () => ({ skill: 10 }), { 'us-east-1': 30, 'eu-west-1': 90 }));
    expect(teamSizes(match!)).toEqual({ trio_1: 5, trio_2: 5, trio_3: 5 });
    expect(match!.region).toBe('us-east-1');
  });
  it('allows at most five medics in the match', () => {
    const pool = players(ruleSet, 'p', 15, (i) => ({ skill: 10, character: i < 6 ? ['medic'] : ['peasant'] }), { 'us-east-1': 30 });
    const [match] = run(ruleSet, pool);
    const medics = match!.ticketIds.filter((id) => Number(id.slice(1)) < 6);
    expect(medics).toHaveLength(5);
    expect(teamSizes(match!)).toEqual({ trio_1: 5, trio_2: 5, trio_3: 4 });
  });
  it('waits for slow players until maxLatency relaxes to 100 ms at 10 seconds', () => {
    const pool = players(ruleSet, 'p', 9, () => ({ skill: 10 }), { 'us-east-1': 80 }).map((t) => ({ ...t, createdAtMs: 0 }));
    expect(run(ruleSet, pool, 9_999)).toEqual([]);
    expect(run(ruleSet, pool, 10_000)).toHaveLength(1);
  });
});

describe('example 4: explicit sorting', () => {
  const ruleSet = compiled(exampleText('04'));
  it('prefers the candidates who like the anchor\'s favourite map most', () => {
    const anchor = ticket(ruleSet, 'anchor', 0, [{ attributes: { mapPreference: { dunes: 100, ice: 5 }, acceptableMaps: ['dunes', 'ice'] } }]);
    const fans = players(ruleSet, 'fan', 5, (i) => ({ mapPreference: { dunes: 90 - i, ice: 1 }, acceptableMaps: ['dunes'] }));
    const others = players(ruleSet, 'meh', 5, () => ({ mapPreference: { dunes: 10, ice: 80 }, acceptableMaps: ['dunes', 'ice'] }));
    const [match] = run(ruleSet, [...others, anchor, ...fans].map((t, i) => ({ ...t, createdAtMs: t.ticketId === 'anchor' ? -1 : i })));
    expect(match!.ticketIds.slice().sort()).toEqual(['anchor', 'fan00', 'fan01', 'fan02', 'fan03', 'fan04']);
  });
  it('breaks ties by closeness of experience to the anchor', () => {
    const anchor = ticket(ruleSet, 'anchor', -1, [{ attributes: { experience: 50 } }]);
    const pool = players(ruleSet, 'p', 10, (i) => ({ experience: i < 5 ? 500 + i : 51 + i }));
    const [match] = run(ruleSet, [anchor, ...pool]);
    expect(match!.ticketIds.slice().sort()).toEqual(['anchor', 'p05', 'p06', 'p07', 'p08', 'p09']);
  });
  it('does not match players with no game mode in common', () => {
    const pool = players(ruleSet, 'p', 6, (i) => ({ gameMode: i % 2 === 0 ? ['coop'] : ['deathmatch'] }));
    expect(run(ruleSet, pool)).toEqual([]);
  });
});

describe('example 5: intersections across several attributes', () => {
  const ruleSet = compiled(exampleText('05'));
  it('matches five players whose characters every player wants to face', () => {
    const pool = players(ruleSet, 'p', 5, () => ({ myCharacter: ['knight'], preferredOpponents: ['knight', 'mage'] }));
    expect(run(ruleSet, pool)).toHaveLength(1);
  });
  it('refuses a player nobody wants to face until minCount relaxes to 0 at 15 seconds', () => {
    const pool = [
      ...players(ruleSet, 'p', 4, () => ({ myCharacter: ['knight'], preferredOpponents: ['knight'] })),
      ticket(ruleSet, 'odd', 0, [{ attributes: { myCharacter: ['troll'], preferredOpponents: ['knight', 'troll'] } }]),
    ].map((t) => ({ ...t, createdAtMs: 0 }));
    expect(run(ruleSet, pool, 14_000)).toEqual([]);
    expect(run(ruleSet, pool, 15_000)).toHaveLength(1);
  });
});

describe('example 6: comparing attributes across all players', () => {
  const ruleSet = compiled(exampleText('06'));
  it('matches two players on the same mode and map with different characters', () => {
    const [match] = run(ruleSet, players(ruleSet, 'p', 2, (i) => ({ character: i })));
    expect(teamSizes(match!)).toEqual({ player_1: 1, player_2: 1 });
  });
  it('does not match two players who chose the same character', () => {
    expect(run(ruleSet, players(ruleSet, 'p', 2, () => ({ character: 7 })))).toEqual([]);
  });
  it('does not match players on different maps', () => {
    expect(run(ruleSet, players(ruleSet, 'p', 2, (i) => ({ character: i, gameMap: i })))).toEqual([]);
  });
});

describe('example 10: a compound rule', () => {
  const ruleSet = compiled(exampleText('10'));
  const latency = { 'us-east-1': 40 };
  it('matches players on the same map and mode whatever their skill', () => {
    const pool = players(ruleSet, 'p', 20, (i) => ({ league: i, skill: i * 100, map: 'dunes', mode: 'ctf' }), latency);
    expect(run(ruleSet, pool).map(teamSizes)).toEqual([{ red: 10, blue: 10 }]);
  });
  it('matches players of close skill and league whatever their map', () => {
    const pool = players(ruleSet, 'p', 20, (i) => ({ league: 3, skill: 50 + (i % 5), map: `map${i}`, mode: 'ctf' }), latency);
    expect(run(ruleSet, pool)).toHaveLength(1);
  });
  it('does not match players who differ in map and in skill', () => {
    const pool = players(ruleSet, 'p', 20, (i) => ({ league: i, skill: i * 100, map: `map${i}`, mode: 'ctf' }), latency);
    expect(run(ruleSet, pool)).toEqual([]);
  });
  it('balances team skill after the search (balanced strategy with 40 players or fewer)', () => {
    const pool = players(ruleSet, 'p', 20, (i) => ({ league: 1, skill: i * 10, map: 'dunes', mode: 'ctf' }), latency);
    const [match] = run(ruleSet, pool);
    const skill = (id: string) => Number(id.slice(1, 3)) * 10;
    const averages = match!.teams.map((t) => t.players.reduce((s, p) => s + skill(p.playerId), 0) / t.players.length);
    expect(Math.abs(averages[0]! - averages[1]!)).toBeLessThanOrEqual(2);
  });
});

describe('example 11: a player block list', () => {
  const ruleSet = compiled(exampleText('11'));
  it('matches ten players who block nobody into a 5v5', () => {
    expect(run(ruleSet, players(ruleSet, 'p', 10, () => ({}))).map(teamSizes)).toEqual([{ red: 5, blue: 5 }]);
  });
  it('never puts a blocked player in the same match as the player who blocked them', () => {
    const pool = players(ruleSet, 'p', 11, (i): Record<string, AttributeValue> => (i === 0 ? { BlockList: ['p01-p'] } : {}));
    const [match] = run(ruleSet, pool);
    expect(match!.ticketIds).toContain('p00');
    expect(match!.ticketIds).not.toContain('p01');
  });
  it('does not match ten players when one of them blocks another', () => {
    expect(run(ruleSet, players(ruleSet, 'p', 10, (i): Record<string, AttributeValue> => (i === 3 ? { BlockList: ['p07-p'] } : {})))).toEqual([]);
  });
});
