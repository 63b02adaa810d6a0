import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/core/engine/random.ts';
import { Matchmaker } from '../src/core/matchmaker/index.ts';

const body = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    name: 'duel',
    ruleLanguageVersion: '1.0',
    playerAttributes: [{ name: 'skill', type: 'number', default: 10 }],
    teams: [
      { name: 'red', minPlayers: 1, maxPlayers: 1 },
      { name: 'blue', minPlayers: 1, maxPlayers: 1 },
    ],
    ...overrides,
  });

function setup() {
  const clock = { t: 1_700_000_000_000 };
  const mm = new Matchmaker({ now: () => clock.t, random: seededRandom(5), region: 'eu-west-1', accountId: '123456789012' });
  mm.createMatchmakingRuleSet({ Name: 'duel', RuleSetBody: body() });
  return { mm, clock };
}

const base = { Name: 'cfg', RuleSetName: 'duel', RequestTimeoutSeconds: 60, AcceptanceRequired: false };

const refusal = (name: string, fragment: string) =>
  expect.objectContaining({ name, message: expect.stringContaining(fragment) });

describe('rule sets', () => {
  it('createMatchmakingRuleSet answers the rule set with its ARN and creation time', () => {
    const { mm, clock } = setup();
    const { RuleSet } = mm.createMatchmakingRuleSet({ Name: 'other.v2', RuleSetBody: body() });
    expect(RuleSet).toEqual({
      RuleSetName: 'other.v2',
      RuleSetArn: 'arn:aws:gamelift:eu-west-1:123456789012:matchmakingruleset/other.v2',
      RuleSetBody: body(),
      CreationTime: new Date(clock.t),
    });
  });

  it('refuses an invalid body with the path of each error', () => {
    const { mm } = setup();
    expect(() => mm.createMatchmakingRuleSet({ Name: 'bad', RuleSetBody: body({ ruleLanguageVersion: '2.0' }) })).toThrow(
      refusal('InvalidRequestException', 'RuleSetBody: invalid rule set: ruleLanguageVersion'),
    );
    expect(() => mm.createMatchmakingRuleSet({ Name: 'bad', RuleSetBody: '{ not json' })).toThrow(
      refusal('InvalidRequestException', 'RuleSetBody: invalid rule set'),
    );
    expect(mm.describeMatchmakingRuleSets().RuleSets.map((r) => r.RuleSetName)).toEqual(['duel']);
  });

  it('refuses a rule set name that exists or breaks the pattern', () => {
    const { mm } = setup();
    expect(() => mm.createMatchmakingRuleSet({ Name: 'duel', RuleSetBody: body() })).toThrow(refusal('InvalidRequestException', 'already exists'));
    expect(() => mm.createMatchmakingRuleSet({ Name: 'no spaces', RuleSetBody: body() })).toThrow(refusal('InvalidRequestException', 'Name: "no spaces"'));
  });

  it('validateMatchmakingRuleSet answers Valid true or false without storing anything', () => {
    const { mm } = setup();
    expect(mm.validateMatchmakingRuleSet({ RuleSetBody: body() })).toEqual({ Valid: true });
    expect(mm.validateMatchmakingRuleSet({ RuleSetBody: body({ teams: [] }) })).toEqual({ Valid: false });
    expect(mm.describeMatchmakingRuleSets().RuleSets).toHaveLength(1);
  });

  it('describeMatchmakingRuleSets finds by name or ARN, pages with Limit and NextToken, and 404s unknown names', () => {
    const { mm } = setup();
    mm.createMatchmakingRuleSet({ Name: 'b', RuleSetBody: body() });
    mm.createMatchmakingRuleSet({ Name: 'c', RuleSetBody: body() });
    const first = mm.describeMatchmakingRuleSets({ Limit: 2 });
    expect(first.RuleSets.map((r) => r.RuleSetName)).toEqual(['duel', 'b']);
    const second = mm.describeMatchmakingRuleSets({ Limit: 2, NextToken: first.NextToken! });
    expect(second.RuleSets.map((r) => r.RuleSetName)).toEqual(['c']);
    expect(second.NextToken).toBeUndefined();
    expect(
      mm.describeMatchmakingRuleSets({ Names: ['arn:aws:gamelift:eu-west-1:123456789012:matchmakingruleset/c'] }).RuleSets[0]!.RuleSetName,
    ).toBe('c');
    expect(() => mm.describeMatchmakingRuleSets({ Names: ['zzz'] })).toThrow(refusal('NotFoundException', 'Names[0]: no rule set named "zzz"'));
    expect(() => mm.describeMatchmakingRuleSets({ Limit: 11 })).toThrow(refusal('InvalidRequestException', 'Limit'));
  });

  it('deleteMatchmakingRuleSet is refused while a configuration uses it, and works after', () => {
    const { mm } = setup();
    mm.createMatchmakingConfiguration(base);
    expect(() => mm.deleteMatchmakingRuleSet({ Name: 'duel' })).toThrow(
      refusal('InvalidRequestException', 'rule set "duel" is used by matchmaking configuration "cfg"'),
    );
    mm.deleteMatchmakingConfiguration({ Name: 'cfg' });
    expect(mm.deleteMatchmakingRuleSet({ Name: 'duel' })).toEqual({});
    expect(() => mm.deleteMatchmakingRuleSet({ Name: 'duel' })).toThrow(refusal('NotFoundException', 'duel'));
  });
});

describe('matchmaking configurations', () => {
  it('createMatchmakingConfiguration answers the standalone configuration with defaults filled in', () => {
    const { mm, clock } = setup();
    const { Configuration } = mm.createMatchmakingConfiguration({
      ...base,
      AcceptanceRequired: true,
      AcceptanceTimeoutSeconds: 30,
      CustomEventData: 'tournament',
      GameSessionData: 'map=winter',
      GameProperties: [{ Key: 'mode', Value: 'duel' }],
    });
    expect(Configuration).toEqual({
      Name: 'cfg',
      ConfigurationArn: 'arn:aws:gamelift:eu-west-1:123456789012:matchmakingconfiguration/cfg',
      GameSessionQueueArns: [],
      RequestTimeoutSeconds: 60,
      AcceptanceRequired: true,
      AcceptanceTimeoutSeconds: 30,
      RuleSetName: 'duel',
      RuleSetArn: 'arn:aws:gamelift:eu-west-1:123456789012:matchmakingruleset/duel',
      AdditionalPlayerCount: 0,
      CustomEventData: 'tournament',
      GameSessionData: 'map=winter',
      GameProperties: [{ Key: 'mode', Value: 'duel' }],
      BackfillMode: 'MANUAL',
      FlexMatchMode: 'STANDALONE',
      CreationTime: new Date(clock.t),
    });
  });

  it.each([
    [{ RequestTimeoutSeconds: 0 }, 'RequestTimeoutSeconds: expected an integer from 1 to 43200, got 0'],
    [{ RequestTimeoutSeconds: 43201 }, 'RequestTimeoutSeconds: expected an integer from 1 to 43200, got 43201'],
    [{ AcceptanceRequired: true, AcceptanceTimeoutSeconds: 601 }, 'AcceptanceTimeoutSeconds: expected an integer from 1 to 600, got 601'],
    [{ AcceptanceRequired: true }, 'AcceptanceTimeoutSeconds: required (1 to 600) when AcceptanceRequired is true'],
    [{ BackfillMode: 'SOMETIMES' }, 'BackfillMode: expected "MANUAL" or "AUTOMATIC", got "SOMETIMES"'],
    [{ AdditionalPlayerCount: -1 }, 'AdditionalPlayerCount: expected an integer'],
    [{ FlexMatchMode: 'WITH_QUEUE' }, 'FlexMatchMode: "WITH_QUEUE" needs GameLift managed hosting'],
    [{ CustomEventData: 'x'.repeat(257) }, 'CustomEventData: expected a string of at most 256 characters'],
    [{ GameProperties: [{ Key: 'k'.repeat(33), Value: 'v' }] }, 'GameProperties[0].Key'],
  ])('refuses %j', (fields, message) => {
    const { mm } = setup();
    expect(() => mm.createMatchmakingConfiguration({ ...base, ...(fields as object) })).toThrow(refusal('InvalidRequestException', message));
    expect(mm.describeMatchmakingConfigurations().Configurations).toEqual([]);
  });

  it('refuses a configuration whose rule set does not exist, and a duplicate name', () => {
    const { mm } = setup();
    expect(() => mm.createMatchmakingConfiguration({ ...base, RuleSetName: 'ghost' })).toThrow(refusal('NotFoundException', 'RuleSetName: no rule set named "ghost"'));
    mm.createMatchmakingConfiguration(base);
    expect(() => mm.createMatchmakingConfiguration(base)).toThrow(refusal('InvalidRequestException', 'already exists'));
  });

  it('describeMatchmakingConfigurations filters by names (leaving unknown ones out) and by rule set', () => {
    const { mm } = setup();
    mm.createMatchmakingRuleSet({ Name: 'other', RuleSetBody: body() });
    mm.createMatchmakingConfiguration(base);
    mm.createMatchmakingConfiguration({ ...base, Name: 'cfg2', RuleSetName: 'other' });
    expect(mm.describeMatchmakingConfigurations({ Names: ['cfg2', 'ghost'] }).Configurations.map((c) => c.Name)).toEqual(['cfg2']);
    expect(mm.describeMatchmakingConfigurations({ RuleSetName: 'duel' }).Configurations.map((c) => c.Name)).toEqual(['cfg']);
  });

  it('updateMatchmakingConfiguration changes the fields given and keeps the others', () => {
    const { mm } = setup();
    mm.createMatchmakingConfiguration({ ...base, CustomEventData: 'a' });
    const { Configuration } = mm.updateMatchmakingConfiguration({ Name: 'cfg', RequestTimeoutSeconds: 120, BackfillMode: 'AUTOMATIC' });
    expect(Configuration).toMatchObject({ RequestTimeoutSeconds: 120, BackfillMode: 'AUTOMATIC', CustomEventData: 'a', AcceptanceRequired: false });
    expect(() => mm.updateMatchmakingConfiguration({ Name: 'cfg', AcceptanceRequired: true })).toThrow(
      refusal('InvalidRequestException', 'AcceptanceTimeoutSeconds: required'),
    );
    expect(() => mm.updateMatchmakingConfiguration({ Name: 'ghost' })).toThrow(refusal('NotFoundException', 'ghost'));
  });

  it.each([
    ['different team names', body({ teams: [{ name: 'red', minPlayers: 1, maxPlayers: 1 }, { name: 'green', minPlayers: 1, maxPlayers: 1 }] }), 'its teams are [red, green]'],
    ['a new player attribute', body({ playerAttributes: [{ name: 'skill', type: 'number', default: 10 }, { name: 'map', type: 'string', default: 'x' }] }), 'new player attribute "map"'],
    ['a changed attribute type', body({ playerAttributes: [{ name: 'skill', type: 'string', default: 'x' }] }), 'changes the type of player attribute "skill" from number to string'],
  ])('refuses a rule set with %s while tickets are active, and allows it when none are', (_what, next, message) => {
    const { mm } = setup();
    mm.createMatchmakingConfiguration(base);
    mm.createMatchmakingRuleSet({ Name: 'next', RuleSetBody: next });
    mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: 't1', Players: [{ PlayerId: 'a' }] });
    expect(() => mm.updateMatchmakingConfiguration({ Name: 'cfg', RuleSetName: 'next' })).toThrow(refusal('InvalidRequestException', message));
    expect(mm.describeMatchmakingConfigurations().Configurations[0]!.RuleSetName).toBe('duel');
    mm.stopMatchmaking({ TicketId: 't1' });
    expect(mm.updateMatchmakingConfiguration({ Name: 'cfg', RuleSetName: 'next' }).Configuration.RuleSetName).toBe('next');
  });

  it('allows a compatible rule set change while tickets are active', () => {
    const { mm } = setup();
    mm.createMatchmakingConfiguration(base);
    mm.createMatchmakingRuleSet({ Name: 'looser', RuleSetBody: body({ name: 'looser' }) });
    mm.startMatchmaking({ ConfigurationName: 'cfg', Players: [{ PlayerId: 'a' }] });
    expect(mm.updateMatchmakingConfiguration({ Name: 'cfg', RuleSetName: 'looser' }).Configuration.RuleSetArn).toBe(
      'arn:aws:gamelift:eu-west-1:123456789012:matchmakingruleset/looser',
    );
  });

  it('deleteMatchmakingConfiguration is refused while it has active tickets', () => {
    const { mm } = setup();
    mm.createMatchmakingConfiguration(base);
    mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: 't1', Players: [{ PlayerId: 'a' }] });
    expect(() => mm.deleteMatchmakingConfiguration({ Name: 'cfg' })).toThrow(refusal('InvalidRequestException', 'used by 1 active ticket(s)'));
    mm.stopMatchmaking({ TicketId: 't1' });
    expect(mm.deleteMatchmakingConfiguration({ Name: 'cfg' })).toEqual({});
    expect(mm.describeMatchmakingConfigurations().Configurations).toEqual([]);
  });
});
