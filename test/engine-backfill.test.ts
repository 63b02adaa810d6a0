/**
 * Backfill under rules that batch or filter by region, collection rules
 * judged on the complete match, and where the default random source comes
 * from: the cases issue 9 found wrong, tried through the public Matchmaker.
 */
import { describe, expect, it } from 'vitest';
import { findMatches } from '../src/core/engine/find-matches.ts';
import { seededRandom } from '../src/core/engine/random.ts';
import { Matchmaker, type Player } from '../src/core/matchmaker/index.ts';
import { compiled, fixedRandom, ticket } from './support/engine-fixtures.ts';

const ARN = 'arn:aws:gamelift:us-east-1::gamesession/fleet-1/gsess-7';

/** A matchmaker with one configuration over `rules`, teams red and blue of 1..2 players. */
function setup(rules: object[], attributes: object[], large = false) {
  const mm = new Matchmaker({ now: () => 0, random: seededRandom(7) });
  const size = large ? 50 : 2;
  mm.createMatchmakingRuleSet({
    Name: 'rs',
    RuleSetBody: JSON.stringify({
      ruleLanguageVersion: '1.0',
      algorithm: large ? { strategy: 'balanced', balancedAttribute: 'skill' } : { strategy: 'exhaustiveSearch' },
      playerAttributes: [{ name: 'skill', type: 'number', default: 10 }, ...attributes],
      teams: [
        { name: 'red', minPlayers: 1, maxPlayers: size },
        { name: 'blue', minPlayers: 1, maxPlayers: size },
      ],
      rules,
    }),
  });
  mm.createMatchmakingConfiguration({
    Name: 'cfg',
    RuleSetName: 'rs',
    RequestTimeoutSeconds: 60,
    AcceptanceRequired: false,
    BackfillMode: 'MANUAL',
  });
  const backfill = (seated: Player[]) =>
    mm.startMatchBackfill({ ConfigurationName: 'cfg', GameSessionArn: ARN, TicketId: 'bf', Players: seated }).MatchmakingTicket;
  const start = (id: string, player: Player) => mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: id, Players: [player] });
  const status = (id: string) => mm.describeMatchmaking({ TicketIds: [id] }).TicketList[0]!.Status;
  return { mm, backfill, start, status };
}

const LATENCY = [{ name: 'FastEnough', type: 'latency', maxLatency: 100 }];

describe('backfill under a latency rule', () => {
  for (const large of [false, true]) {
    const kind = large ? 'a large match' : 'an exhaustive search';
    it(`in ${kind}, a newcomer acceptable in the session's region joins the backfill`, () => {
      const { mm, backfill, start, status } = setup(LATENCY, [], large);
      backfill([{ PlayerId: 'seated', Team: 'red', LatencyInMs: { 'us-east-1': 30 } }]);
      start('new', { PlayerId: 'newcomer', LatencyInMs: { 'us-east-1': 60, 'eu-west-1': 20 } });
      mm.tick();
      expect(status('bf')).toBe('COMPLETED');
      expect(status('new')).toBe('COMPLETED');
    });

    it(`in ${kind}, a newcomer acceptable only outside the session's region does not join`, () => {
      const { mm, backfill, start, status } = setup(LATENCY, [], large);
      backfill([{ PlayerId: 'seated', Team: 'red', LatencyInMs: { 'us-east-1': 30 } }]);
      start('new', { PlayerId: 'newcomer', LatencyInMs: { 'us-east-1': 150, 'eu-west-1': 20 } });
      mm.tick();
      expect(status('bf')).toBe('SEARCHING');
      expect(status('new')).toBe('SEARCHING');
    });
  }

  it('the session keeps playing in its region even when its players exceed a maxLatency since tightened', () => {
    const { mm, backfill, start, status } = setup(LATENCY, []);
    backfill([{ PlayerId: 'seated', Team: 'red', LatencyInMs: { 'us-east-1': 140 } }]);
    start('new', { PlayerId: 'newcomer', LatencyInMs: { 'us-east-1': 50 } });
    mm.tick();
    expect(status('bf')).toBe('COMPLETED');
  });
});

describe('backfill under a string batchDistance', () => {
  const MODE = [{ name: 'mode', type: 'string', default: 'ctf' }];
  const SAME_MODE = [{ name: 'SameMode', type: 'batchDistance', batchAttribute: 'mode' }];
  const player = (id: string, mode: string, team?: string): Player => ({
    PlayerId: id,
    PlayerAttributes: { mode: { S: mode } },
    ...(team ? { Team: team } : {}),
  });

  for (const large of [false, true]) {
    const kind = large ? 'a large match' : 'an exhaustive search';
    it(`in ${kind}, the backfill is batched with its current players' value and takes a newcomer with it`, () => {
      const { mm, backfill, start, status } = setup(SAME_MODE, MODE, large);
      backfill([player('seated', 'koth', 'red')]);
      start('other', player('other', 'ctf'));
      start('new', player('newcomer', 'koth'));
      mm.tick();
      expect(status('bf')).toBe('COMPLETED');
      expect(status('new')).toBe('COMPLETED');
      expect(status('other')).toBe('SEARCHING');
    });
  }
});

describe('collection intersection with maxCount', () => {
  const ruleSet = compiled({
    ruleLanguageVersion: '1.0',
    playerAttributes: [{ name: 'maps', type: 'string_list', default: [] }],
    teams: [{ name: 'all', minPlayers: 3, maxPlayers: 3 }],
    rules: [{ name: 'FewShared', type: 'collection', operation: 'intersection', measurements: ['flatten(teams[*].players.attributes[maps])'], maxCount: 1 }],
  });
  const pool = (lists: string[][]) => lists.map((maps, i) => ticket(ruleSet, `t${i}`, i, [{ attributes: { maps } }]));

  it('is judged on the complete match, where the intersection has shrunk to maxCount', () => {
    const found = findMatches(ruleSet, { pool: pool([['a', 'b', 'c'], ['a', 'b'], ['a', 'c']]), nowMs: 0, random: fixedRandom() });
    expect(found.matches.map((match) => match.ticketIds)).toEqual([['t0', 't1', 't2']]);
  });

  it('still refuses a complete match whose players share more than maxCount values', () => {
    const found = findMatches(ruleSet, { pool: pool([['a', 'b', 'c'], ['a', 'b'], ['a', 'b', 'd']]), nowMs: 0, random: fixedRandom() });
    expect(found.matches).toEqual([]);
  });
});

describe('the default random source', () => {
  const firstTicketId = (mm: Matchmaker) => {
    mm.createMatchmakingRuleSet({
      Name: 'rs',
      RuleSetBody: JSON.stringify({ ruleLanguageVersion: '1.0', playerAttributes: [], teams: [{ name: 'all', minPlayers: 2, maxPlayers: 2 }], rules: [] }),
    });
    mm.createMatchmakingConfiguration({ Name: 'cfg', RuleSetName: 'rs', RequestTimeoutSeconds: 60, AcceptanceRequired: false });
    return mm.startMatchmaking({ ConfigurationName: 'cfg', Players: [{ PlayerId: 'p' }] }).MatchmakingTicket.TicketId;
  };

  it('two matchmakers created without a seed never issue the same first ticket id', () => {
    const ids = new Set(Array.from({ length: 20 }, () => firstTicketId(new Matchmaker())));
    expect(ids.size).toBe(20);
  });

  it('two matchmakers given the same seed issue the same ids', () => {
    expect(firstTicketId(new Matchmaker({ random: seededRandom(5) }))).toBe(firstTicketId(new Matchmaker({ random: seededRandom(5) })));
  });
});
