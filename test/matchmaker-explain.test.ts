/**
 * `explainMatchmaking`: why a ticket is not matched yet. Every explanation of
 * a blocked ticket is checked against what the Matchmaker then does: the
 * expansion step it names as lifting the block really lets the next tick match.
 */
import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { explainTicket } from '../src/core/engine/explain-ticket.ts';
import { seededRandom } from '../src/core/engine/random.ts';
import { Matchmaker, type Player } from '../src/core/matchmaker/index.ts';
import { nodePortEndpoint } from '../src/node/port-endpoint.ts';
import { connectMatchmaker } from '../src/worker/rpc-client.ts';
import { serveMatchmaker } from '../src/worker/rpc-server.ts';
import { DUEL_CONFIGURATION, setUpDuel, startDuelTicket } from './e2e/pages/duel-scenario.ts';
import { backfillTicket, compiled, exampleText, ticket } from './support/engine-fixtures.ts';
import { duelRuleSet } from './support/duel-rule-set.ts';

/** A 1v1 where both players need a region under 100 ms, widened to 300 ms after 20 s. */
const NEAR_DUEL = JSON.stringify({
  name: 'near-duel',
  ruleLanguageVersion: '1.0',
  playerAttributes: [{ name: 'skill', type: 'number', default: 10 }],
  teams: [
    { name: 'red', minPlayers: 1, maxPlayers: 1 },
    { name: 'blue', minPlayers: 1, maxPlayers: 1 },
  ],
  rules: [{ name: 'FastConnection', type: 'latency', maxLatency: 100 }],
  expansions: [{ target: 'rules[FastConnection].maxLatency', steps: [{ waitTimeSeconds: 20, value: 300 }] }],
});

function setUp(ruleSetBody: string, configuration: { AcceptanceRequired?: boolean } = {}) {
  const clock = { ms: 0 };
  const mm = new Matchmaker({ now: () => clock.ms, random: seededRandom(11) });
  mm.createMatchmakingRuleSet({ Name: 'rules', RuleSetBody: ruleSetBody });
  mm.createMatchmakingConfiguration({
    Name: 'config',
    RuleSetName: 'rules',
    RequestTimeoutSeconds: 300,
    AcceptanceRequired: configuration.AcceptanceRequired ?? false,
    ...(configuration.AcceptanceRequired ? { AcceptanceTimeoutSeconds: 30 } : {}),
  });
  const start = (ticketId: string, players: Player[]) => mm.startMatchmaking({ ConfigurationName: 'config', TicketId: ticketId, Players: players });
  const explain = (ticketId: string) => mm.explainMatchmaking({ TicketId: ticketId }).Explanation;
  const status = (ticketId: string) => mm.describeMatchmaking({ TicketIds: [ticketId] }).TicketList[0]?.Status;
  return { clock, mm, start, explain, status };
}

function skilled(playerId: string, skill: number): Player {
  return { PlayerId: playerId, PlayerAttributes: { skill: { N: skill } } };
}

describe('explainMatchmaking on a searching ticket', () => {
  it('reports a lone ticket on example 1 as 7 players short of the smallest 4v4', () => {
    const { mm, start, explain } = setUp(exampleText('01'));
    start('t-1', [skilled('p-1', 10)]);
    mm.tick();

    const explanation = explain('t-1');

    expect(explanation).toMatchObject({
      TicketId: 't-1',
      Status: 'SEARCHING',
      ConfigurationName: 'config',
      MissingPlayers: 7,
      ClosestCandidate: { TicketIds: ['t-1'], PlayerCount: 1, MinPlayers: 8 },
    });
    expect(explanation.BlockingRule).toBeUndefined();
    expect(explanation.NextExpansion).toBeUndefined();
    expect(explanation.Summary).toBe(
      'Closest match has 1 of 8 players; the pool of "config" is 7 players short of the smallest match. No expansion step is left that changes this.',
    );
  });

  it('names the distance rule, its gap and the expansion that lifts it, and the next tick after that step matches', () => {
    const { clock, mm, start, explain, status } = setUp(exampleText('01'));
    for (let i = 1; i <= 7; i++) start(`t-${i}`, [skilled(`p-${i}`, 10)]);
    start('t-outlier', [skilled('p-outlier', 200)]);
    clock.ms = 1000;
    expect(mm.tick().proposedMatchIds).toEqual([]);

    const explanation = explain('t-1');

    expect(explanation.ClosestCandidate).toMatchObject({ PlayerCount: 7, MinPlayers: 8 });
    expect(explanation.ClosestCandidate!.TicketIds).not.toContain('t-outlier');
    expect(explanation.BlockingRule).toEqual({
      Name: 'FairTeamSkill',
      Type: 'distance',
      Reason: 'distance 23.75 exceeds maxDistance 10',
      Gap: 13.75,
      RefusedTicketId: 't-outlier',
    });
    expect(explanation.NextExpansion).toEqual({
      Target: 'rules[FairTeamSkill].maxDistance',
      Value: 50,
      AtWaitSeconds: 5,
      InSeconds: 4,
      Lifts: true,
    });
    expect(explanation.Summary).toBe(
      'Closest match has 7 of 8 players; rule "FairTeamSkill" (distance) refuses adding ticket t-outlier: ' +
        'distance 23.75 exceeds maxDistance 10 (off by 13.75). ' +
        'Expansion of rules[FairTeamSkill].maxDistance to 50 at 5 s wait (in 4 s) lifts it.',
    );

    clock.ms = 4900;
    expect(mm.tick().proposedMatchIds).toEqual([]);
    clock.ms = 5000;
    expect(mm.tick().proposedMatchIds).toHaveLength(1);
    expect(status('t-outlier')).toBe('COMPLETED');
    expect(status('t-1')).toBe('COMPLETED');
  });

  it('names the latency rule with the nearest region and the widening that lifts it', () => {
    const { clock, mm, start, explain, status } = setUp(NEAR_DUEL);
    start('t-alice', [{ PlayerId: 'alice', LatencyInMs: { 'us-east-1': 50, 'eu-west-1': 200 } }]);
    start('t-bob', [{ PlayerId: 'bob', LatencyInMs: { 'us-east-1': 250, 'eu-west-1': 80 } }]);
    mm.tick();

    const explanation = explain('t-alice');

    expect(explanation.BlockingRule).toMatchObject({ Name: 'FastConnection', Type: 'latency', Gap: 100, RefusedTicketId: 't-bob' });
    expect(explanation.BlockingRule!.Reason).toContain('eu-west-1, 200 ms');
    expect(explanation.NextExpansion).toMatchObject({ Value: 300, AtWaitSeconds: 20, InSeconds: 20, Lifts: true });
    clock.ms = 20_000;
    mm.tick();
    expect([status('t-alice'), status('t-bob')]).toEqual(['COMPLETED', 'COMPLETED']);
  });

  it('says when the next expansion step is not enough and which later one is', () => {
    const { mm, start, explain } = setUp(duelRuleSet({ maxDistance: 0, widenTo: 5, widenAfterSeconds: 2 }));
    start('t-low', [skilled('low', 10)]);
    start('t-high', [skilled('high', 30)]);
    mm.tick();

    const explanation = explain('t-low');

    expect(explanation.BlockingRule).toMatchObject({ Name: 'FairSkill', Gap: 20 });
    expect(explanation.NextExpansion).toMatchObject({ Value: 5, Lifts: false });
    expect(explanation.LiftingExpansion).toBeUndefined();
    expect(explanation.Summary).toContain('is not enough, nor is any later step');
  });

  it('reports a lone ticket of a large match (example 7) as short, with the minPlayers expansions', () => {
    const { mm, start, explain } = setUp(exampleText('07'));
    start('t-1', [{ PlayerId: 'p-1', PlayerAttributes: { skill: { N: 10 } }, LatencyInMs: { 'us-east-1': 40 } }]);
    mm.tick();

    const explanation = explain('t-1');

    expect(explanation.MissingPlayers).toBe(174);
    expect(explanation.NextExpansion).toMatchObject({ Target: 'teams[Marauders].minPlayers', Value: 150, Lifts: false });
  });
});

describe('the engine explanation', () => {
  it('says a pool that holds a valid match is ready', () => {
    const ruleSet = compiled(exampleText('01'));
    const pool = Array.from({ length: 8 }, (_, i) => ticket(ruleSet, `t-${i}`, 0, [{ attributes: { skill: 10 } }]));

    const explained = explainTicket(ruleSet, { pool, ticketId: 't-0', nowMs: 0 });

    expect(explained).toMatchObject({ kind: 'ready', candidate: { playerCount: 8, minPlayers: 8 } });
  });

  it('says a backfill ticket with no newcomer in the pool needs one more player, and is ready once one arrives', () => {
    const ruleSet = compiled(exampleText('01'));
    const seated = ['c1', 'c2', 'c3', 'c4'].map((id) => ({ id, team: 'cowboys' }));
    seated.push(...['a1', 'a2', 'a3', 'a4'].map((id) => ({ id, team: 'aliens' })));
    const backfill = backfillTicket(ruleSet, 'b-1', 0, seated);

    const alone = explainTicket(ruleSet, { pool: [backfill], ticketId: 'b-1', nowMs: 0 });
    const joined = explainTicket(ruleSet, {
      pool: [backfill, ticket(ruleSet, 't-new', 0), ticket(ruleSet, 't-new2', 0)],
      ticketId: 'b-1',
      nowMs: 0,
    });

    expect(alone).toMatchObject({ kind: 'short', missingPlayers: 1, candidate: { ticketIds: ['b-1'], playerCount: 8 } });
    expect(joined).toMatchObject({ kind: 'ready', candidate: { playerCount: 10 } });
  });

  it('answers undefined for a ticket that is not in the pool', () => {
    const ruleSet = compiled(exampleText('01'));
    expect(explainTicket(ruleSet, { pool: [], ticketId: 'nope', nowMs: 0 })).toBeUndefined();
  });
});

describe('explainMatchmaking on other statuses', () => {
  it('says a QUEUED ticket enters the search at the next tick', () => {
    const { start, explain } = setUp(duelRuleSet());
    start('t-1', [skilled('p-1', 10)]);

    expect(explain('t-1')).toMatchObject({ Status: 'QUEUED', Summary: 'The ticket is QUEUED: it enters the search at the next tick.' });
  });

  it('names the players a REQUIRES_ACCEPTANCE ticket is waiting for', () => {
    const { clock, mm, start, explain } = setUp(duelRuleSet(), { AcceptanceRequired: true });
    start('t-alice', [skilled('alice', 10)]);
    start('t-bob', [skilled('bob', 12)]);
    mm.tick();
    mm.acceptMatch({ TicketId: 't-alice', PlayerIds: ['alice'], AcceptanceType: 'ACCEPT' });
    clock.ms = 10_000;

    const explanation = explain('t-alice');

    expect(explanation.Status).toBe('REQUIRES_ACCEPTANCE');
    expect(explanation.Summary).toMatch(/^Proposed match \S+ is waiting for 1 player bob to accept \(20 s left\)\.$/);
    expect(explanation.ClosestCandidate).toMatchObject({ TicketIds: ['t-alice', 't-bob'], PlayerCount: 2, MinPlayers: 2 });
  });

  it('gives the status and reason of a finished ticket', () => {
    const { mm, start, explain } = setUp(duelRuleSet());
    start('t-1', [skilled('p-1', 10)]);
    mm.stopMatchmaking({ TicketId: 't-1' });

    expect(explain('t-1').Summary).toBe(
      'The ticket ended CANCELLED (CANCELLED_BY_REQUEST: Cancelled by request.); it is no longer matched.',
    );
  });

  it('refuses an unknown ticket with NotFoundException and a missing id with InvalidRequestException', () => {
    const { mm } = setUp(duelRuleSet());

    expect(() => mm.explainMatchmaking({ TicketId: 'no-such-ticket' })).toThrow(
      expect.objectContaining({ name: 'NotFoundException', message: expect.stringContaining('no-such-ticket') }),
    );
    expect(() => mm.explainMatchmaking({} as never)).toThrow(expect.objectContaining({ name: 'InvalidRequestException' }));
  });
});

describe('explainMatchmaking through the worker RPC', () => {
  it('explains a lone duel ticket as one player short, and rejects an unknown one with NotFoundException', async () => {
    const channel = new MessageChannel();
    serveMatchmaker(nodePortEndpoint(channel.port1), { tickIntervalMs: null });
    const remote = connectMatchmaker(nodePortEndpoint(channel.port2));
    await setUpDuel(remote);
    await startDuelTicket(remote, 't-alice', 'alice', 10);
    await remote.tick();

    const { Explanation } = await remote.explainMatchmaking({ TicketId: 't-alice' });

    expect(Explanation).toMatchObject({ Status: 'SEARCHING', ConfigurationName: DUEL_CONFIGURATION, MissingPlayers: 1 });
    await expect(remote.explainMatchmaking({ TicketId: 'nobody' })).rejects.toMatchObject({ name: 'NotFoundException' });
    await remote.close();
    channel.port1.close();
  });
});
