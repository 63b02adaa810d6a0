import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/core/engine/random.ts';
import { Matchmaker, type Player } from '../src/core/matchmaker/index.ts';

const STRICT = {
  name: 'strict',
  ruleLanguageVersion: '1.0',
  playerAttributes: [
    { name: 'skill', type: 'number' },
    { name: 'mode', type: 'string', default: 'ranked' },
    { name: 'maps', type: 'string_list', default: ['any'] },
    { name: 'roles', type: 'string_number_map', default: { dps: 1 } },
  ],
  teams: [
    { name: 'red', minPlayers: 1, maxPlayers: 2 },
    { name: 'blue', minPlayers: 1, maxPlayers: 2 },
  ],
  rules: [{ name: 'FastConnection', type: 'latency', maxLatency: 150 }],
};

function setup() {
  const mm = new Matchmaker({ now: () => 0, random: seededRandom(11) });
  mm.createMatchmakingRuleSet({ Name: 'strict', RuleSetBody: JSON.stringify(STRICT) });
  mm.createMatchmakingConfiguration({ Name: 'cfg', RuleSetName: 'strict', RequestTimeoutSeconds: 60, AcceptanceRequired: false });
  return mm;
}

const ok = (id: string, extra: Partial<Player> = {}): Player => ({
  PlayerId: id,
  PlayerAttributes: { skill: { N: 20 } },
  LatencyInMs: { 'us-east-1': 40 },
  ...extra,
});

function refusal(name: string, ...fragments: string[]) {
  return expect.objectContaining({
    name,
    message: expect.stringMatching(new RegExp(fragments.map((f) => f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*'))),
  });
}

describe('startMatchmaking refusals', () => {
  it('accepts a well-formed request (the baseline every refusal below departs from)', () => {
    const mm = setup();
    const ticket = mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: 'ok-1', Players: [ok('a'), ok('b')] }).MatchmakingTicket;
    expect(ticket.Status).toBe('QUEUED');
  });

  it('refuses more than 10 players', () => {
    const players = Array.from({ length: 11 }, (_, i) => ok(`p${i}`));
    expect(() => setup().startMatchmaking({ ConfigurationName: 'cfg', Players: players })).toThrow(
      refusal('InvalidRequestException', 'Players: at most 10 players per request, got 11'),
    );
  });

  it('refuses an empty player list', () => {
    expect(() => setup().startMatchmaking({ ConfigurationName: 'cfg', Players: [] })).toThrow(
      refusal('InvalidRequestException', 'Players: at least 1 player'),
    );
  });

  it('refuses duplicate player ids, naming both positions', () => {
    expect(() => setup().startMatchmaking({ ConfigurationName: 'cfg', Players: [ok('a'), ok('a')] })).toThrow(
      refusal('InvalidRequestException', 'Players[1].PlayerId: duplicate player id "a" (also Players[0])'),
    );
  });

  it('refuses a player without a PlayerId', () => {
    expect(() => setup().startMatchmaking({ ConfigurationName: 'cfg', Players: [{ PlayerId: '' }] })).toThrow(
      refusal('InvalidRequestException', 'Players[0].PlayerId'),
    );
  });

  it('refuses a TicketId that exists, whether active or finished', () => {
    const mm = setup();
    mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: 'dup', Players: [ok('a')] });
    expect(() => mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: 'dup', Players: [ok('b')] })).toThrow(
      refusal('InvalidRequestException', 'TicketId: ticket "dup" already exists (status QUEUED)'),
    );
    mm.stopMatchmaking({ TicketId: 'dup' });
    expect(() => mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: 'dup', Players: [ok('b')] })).toThrow(
      refusal('InvalidRequestException', 'already exists (status CANCELLED)'),
    );
  });

  it('refuses a TicketId outside the pattern [a-zA-Z0-9-\\.]*', () => {
    expect(() => setup().startMatchmaking({ ConfigurationName: 'cfg', TicketId: 'bad id!', Players: [ok('a')] })).toThrow(
      refusal('InvalidRequestException', 'TicketId: "bad id!" does not match the pattern'),
    );
  });

  it('refuses a TicketId longer than 128 characters but takes one of exactly 128', () => {
    const mm = setup();
    expect(() => mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: 'x'.repeat(129), Players: [ok('a')] })).toThrow(
      refusal('InvalidRequestException', 'longer than 128 characters'),
    );
    expect(mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: 'x'.repeat(128), Players: [ok('a')] }).MatchmakingTicket.TicketId).toHaveLength(128);
  });

  it('refuses an attribute of the wrong type, naming the player, attribute and value', () => {
    const players = [ok('a'), ok('b', { PlayerAttributes: { skill: { S: 'high' } } })];
    expect(() => setup().startMatchmaking({ ConfigurationName: 'cfg', Players: players })).toThrow(
      refusal(
        'InvalidRequestException',
        'Players[1].PlayerAttributes.skill: expected a number ({"N": ...}) for attribute "skill", got {"S":"high"}',
      ),
    );
  });

  it('refuses a string list given where a string is declared', () => {
    const players = [ok('a', { PlayerAttributes: { skill: { N: 1 }, mode: { SL: ['x'] } } })];
    expect(() => setup().startMatchmaking({ ConfigurationName: 'cfg', Players: players })).toThrow(
      refusal('InvalidRequestException', 'Players[0].PlayerAttributes.mode: expected a string ({"S": ...})'),
    );
  });

  it('refuses an attribute value with two type keys', () => {
    const players = [ok('a', { PlayerAttributes: { skill: { N: 1, S: 'one' } } })];
    expect(() => setup().startMatchmaking({ ConfigurationName: 'cfg', Players: players })).toThrow(
      refusal('InvalidRequestException', 'Players[0].PlayerAttributes.skill: exactly one of "S", "N", "SL", "SDM"'),
    );
  });

  it('refuses a malformed map value', () => {
    const players = [ok('a', { PlayerAttributes: { skill: { N: 1 }, roles: { SDM: { tank: 'yes' as unknown as number } } } })];
    expect(() => setup().startMatchmaking({ ConfigurationName: 'cfg', Players: players })).toThrow(
      refusal('InvalidRequestException', 'Players[0].PlayerAttributes.roles: a string-to-number map'),
    );
  });

  it('refuses a required attribute (no default) that is missing', () => {
    const players = [ok('a', { PlayerAttributes: { mode: { S: 'casual' } } })];
    expect(() => setup().startMatchmaking({ ConfigurationName: 'cfg', Players: players })).toThrow(
      refusal('InvalidRequestException', 'Players[0].PlayerAttributes.skill: attribute "skill" is required', 'player "a"'),
    );
  });

  it('accepts undeclared attributes and attributes left to their defaults', () => {
    const players = [ok('a', { PlayerAttributes: { skill: { N: 3 }, extra: { S: 'kept' } } })];
    const ticket = setup().startMatchmaking({ ConfigurationName: 'cfg', Players: players }).MatchmakingTicket;
    expect(ticket.Players[0]!.PlayerAttributes).toEqual({ skill: { N: 3 }, extra: { S: 'kept' } });
  });

  it('refuses a player with no latency when the rule set has a latency rule', () => {
    const players = [ok('a'), { PlayerId: 'b', PlayerAttributes: { skill: { N: 20 } } }];
    expect(() => setup().startMatchmaking({ ConfigurationName: 'cfg', Players: players })).toThrow(
      refusal('InvalidRequestException', 'Players[1].LatencyInMs: the rule set has a latency rule ("FastConnection")', '"b"'),
    );
    expect(() => setup().startMatchmaking({ ConfigurationName: 'cfg', Players: [ok('c', { LatencyInMs: {} })] })).toThrow(
      refusal('InvalidRequestException', 'Players[0].LatencyInMs'),
    );
  });

  it('refuses latency that is not a positive integer of milliseconds', () => {
    expect(() => setup().startMatchmaking({ ConfigurationName: 'cfg', Players: [ok('a', { LatencyInMs: { 'us-east-1': -3 } })] })).toThrow(
      refusal('InvalidRequestException', 'Players[0].LatencyInMs.us-east-1: expected an integer', 'got -3'),
    );
  });

  it('refuses a party larger than every team', () => {
    expect(() => setup().startMatchmaking({ ConfigurationName: 'cfg', Players: [ok('a'), ok('b'), ok('c')] })).toThrow(
      refusal('InvalidRequestException', 'Players: a party of 3 players must share one team', 'at most 2'),
    );
  });

  it('counts a team expansion on maxPlayers when judging a party too big', () => {
    const mm = new Matchmaker({ now: () => 0, random: seededRandom(1) });
    const body = { ...STRICT, expansions: [{ target: 'teams[red].maxPlayers', steps: [{ waitTimeSeconds: 5, value: 3 }] }] };
    mm.createMatchmakingRuleSet({ Name: 'grow', RuleSetBody: JSON.stringify(body) });
    mm.createMatchmakingConfiguration({ Name: 'grow', RuleSetName: 'grow', RequestTimeoutSeconds: 60, AcceptanceRequired: false });
    expect(mm.startMatchmaking({ ConfigurationName: 'grow', Players: [ok('a'), ok('b'), ok('c')] }).MatchmakingTicket.Status).toBe('QUEUED');
  });

  it('answers NotFoundException for an unknown configuration', () => {
    expect(() => setup().startMatchmaking({ ConfigurationName: 'nope', Players: [ok('a')] })).toThrow(
      refusal('NotFoundException', 'ConfigurationName: no matchmaking configuration named "nope"'),
    );
  });

  it('takes a configuration ARN, and answers UnsupportedRegionException for an ARN of another region', () => {
    const mm = setup();
    const arn = 'arn:aws:gamelift:us-east-1::matchmakingconfiguration/cfg';
    expect(mm.startMatchmaking({ ConfigurationName: arn, Players: [ok('a')] }).MatchmakingTicket.ConfigurationName).toBe('cfg');
    expect(() => mm.startMatchmaking({ ConfigurationName: arn.replace('us-east-1', 'eu-west-1'), Players: [ok('b')] })).toThrow(
      refusal('UnsupportedRegionException', 'region "eu-west-1"', '"us-east-1"'),
    );
  });
});

describe('acceptMatch and stop refusals', () => {
  it('refuses acceptMatch for an unknown ticket and for a ticket that is not awaiting acceptance', () => {
    const mm = setup();
    mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: 't1', Players: [ok('a')] });
    expect(() => mm.acceptMatch({ TicketId: 'zz', PlayerIds: ['a'], AcceptanceType: 'ACCEPT' })).toThrow(refusal('NotFoundException', '"zz"'));
    expect(() => mm.acceptMatch({ TicketId: 't1', PlayerIds: ['a'], AcceptanceType: 'ACCEPT' })).toThrow(
      refusal('InvalidRequestException', 'ticket "t1" is QUEUED; only a REQUIRES_ACCEPTANCE ticket takes acceptances'),
    );
  });

  it('refuses stopMatchBackfill for a ticket that is not a backfill', () => {
    const mm = setup();
    mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: 't1', Players: [ok('a')] });
    expect(() => mm.stopMatchBackfill({ TicketId: 't1' })).toThrow(refusal('InvalidRequestException', 'not a backfill ticket'));
    expect(mm.describeMatchmaking({ TicketIds: ['t1'] }).TicketList[0]!.Status).toBe('QUEUED');
  });
});
