/**
 * Candidate order (the reference decision "Candidate order"): the anchor is
 * the oldest ticket; its candidates come nearest first on the value the
 * distance rules measure, then oldest.
 */
import { describe, expect, it } from 'vitest';
import { findMatches } from '../src/core/engine/find-matches.ts';
import { leastGapPairing } from '../src/core/engine/candidate-index.ts';
import { seededRandom } from '../src/core/engine/random.ts';
import { compiled, exampleText, fixedRandom, ticket } from './support/engine-fixtures.ts';

const duel = compiled({
  ruleLanguageVersion: '1.0',
  playerAttributes: [{ name: 'skill', type: 'number' }],
  teams: [
    { name: 'red', minPlayers: 1, maxPlayers: 1 },
    { name: 'blue', minPlayers: 1, maxPlayers: 1 },
  ],
  rules: [{ name: 'Close', type: 'distance', measurements: ['flatten(teams[*].players.attributes[skill])'], maxDistance: 50 }],
});

const skilled = (id: string, createdAtMs: number, skill: number) => ticket(duel, id, createdAtMs, [{ attributes: { skill } }]);

describe('nearest candidates first', () => {
  it('a 1v1 anchor pairs with the nearest skill, not with the older candidate', () => {
    const pool = [skilled('anchor', 0, 500), skilled('older', 1, 540), skilled('nearer', 2, 505)];
    const { matches } = findMatches(duel, { pool, nowMs: 10, random: fixedRandom() });
    expect(matches.map((match) => match.ticketIds)).toEqual([['anchor', 'nearer']]);
  });

  it('1v1 pairs formed from 2,000 tickets have a mean gap within 1.15 times the optimal pairing', () => {
    const random = seededRandom(17);
    const pool = Array.from({ length: 2000 }, (_, i) => skilled(`t${i}`, 0, random() * 1000));
    const skill = new Map(pool.map((t) => [t.ticketId, t.players[0]!.attributes['skill'] as number]));
    const { matches } = findMatches(duel, { pool, nowMs: 0, random: fixedRandom() });
    expect(matches.length).toBe(1000);
    const gaps = matches.map((m) => Math.abs(skill.get(m.ticketIds[0]!)! - skill.get(m.ticketIds[1]!)!));
    const optimal = [...skill.values()].sort((a, b) => a - b).reduce((sum, value, i, all) => (i % 2 === 1 ? sum + value - all[i - 1]! : sum), 0);
    expect(gaps.reduce((a, b) => a + b, 0) / optimal).toBeLessThanOrEqual(1.15);
  }, 60_000);

  it('the least-gap pairing pairs neighbours and leaves out the value farthest from the rest', () => {
    expect([...leastGapPairing(Float64Array.from([1, 2, 10, 11, 40]))]).toEqual([1, 0, 3, 2, -1]);
    expect([...leastGapPairing(Float64Array.from([0, 5, 6, 20]))]).toEqual([1, 0, 3, 2]);
  });

  it('in example 1 the oldest ticket anchors a match of the skills nearest its own, not of the older tickets', () => {
    const ruleSet = compiled(exampleText('01'));
    const far = Array.from({ length: 16 }, (_, i) => ticket(ruleSet, `far${i}`, 1 + i, [{ attributes: { skill: i % 2 === 0 ? 30 : 70 } }]));
    const near = Array.from({ length: 16 }, (_, i) => ticket(ruleSet, `near${i}`, 100 + i, [{ attributes: { skill: 49 + (i % 3) } }]));
    const anchor = ticket(ruleSet, 'anchor', 0, [{ attributes: { skill: 50 } }]);
    const { matches } = findMatches(ruleSet, { pool: [...far, anchor, ...near], nowMs: 1000, random: fixedRandom() });
    const first = matches[0]!;
    expect(first.ticketIds[0]).toBe('anchor');
    expect(first.ticketIds.length).toBe(16);
    expect(first.ticketIds.slice(1).every((id) => id.startsWith('near'))).toBe(true);
  });
});
