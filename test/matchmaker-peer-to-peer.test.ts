/** The core's peer-to-peer placement: PeerId on players, the game host, its successors, the connection info. */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/core/engine/random.ts';
import {
  MAX_PEER_ID_LENGTH,
  Matchmaker,
  type MatchmakingEvent,
  type MatchmakingSucceededDetail,
  type Player,
} from '../src/core/matchmaker/index.ts';
import { regionOfArn } from '../src/core/matchmaker/game-sessions.ts';
import { rankPeers } from '../src/core/matchmaker/peer-to-peer.ts';

/** Two teams of two; `minPlayers` 1 lets `AdditionalPlayerCount` reserve a slot for automatic backfill. */
const ruleSet = (minPlayers: number) =>
  JSON.stringify({
    name: 'squads',
    ruleLanguageVersion: '1.0',
    playerAttributes: [{ name: 'skill', type: 'number', default: 10 }],
    teams: [
      { name: 'red', minPlayers, maxPlayers: 2 },
      { name: 'blue', minPlayers, maxPlayers: 2 },
    ],
    rules: [],
  });

function setup(options: { BackfillMode?: 'MANUAL' | 'AUTOMATIC'; AdditionalPlayerCount?: number } = {}) {
  const clock = { t: 0 };
  const mm = new Matchmaker({ now: () => clock.t, random: seededRandom(7), region: 'eu-west-1' });
  const events: MatchmakingEvent[] = [];
  mm.on((event) => events.push(event));
  mm.createMatchmakingRuleSet({ Name: 'squads', RuleSetBody: ruleSet(options.AdditionalPlayerCount ? 1 : 2) });
  mm.createMatchmakingConfiguration({
    Name: 'cfg',
    RuleSetName: 'squads',
    RequestTimeoutSeconds: 60,
    AcceptanceRequired: false,
    BackfillMode: options.BackfillMode ?? 'MANUAL',
    AdditionalPlayerCount: options.AdditionalPlayerCount ?? 0,
  });
  const start = (id: string, extra: Partial<Player> = { PeerId: `peer-${id}` }) => {
    clock.t += 1000;
    return mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: `t-${id}`, Players: [{ PlayerId: id, ...extra }] });
  };
  const succeeded = () =>
    events.filter((e) => e.detail.type === 'MatchmakingSucceeded').map((e) => e.detail as MatchmakingSucceededDetail);
  return { mm, clock, events, start, succeeded };
}

describe('PeerId on a ticket\'s players', () => {
  it('refuses a PeerId longer than the limit, naming the player and the limit', () => {
    const { start } = setup();
    expect(() => start('ana', { PeerId: 'x'.repeat(MAX_PEER_ID_LENGTH + 1) })).toThrow(
      new RegExp(`Players\\[0\\]\\.PeerId: player "ana" needs a PeerJS id of 1 to ${MAX_PEER_ID_LENGTH} characters.*\\(129 characters\\)`),
    );
  });

  it('refuses an empty or non-string PeerId as an InvalidRequestException', () => {
    const { start } = setup();
    expect(() => start('ana', { PeerId: '' })).toThrow(expect.objectContaining({ name: 'InvalidRequestException' }));
    expect(() => start('bo', { PeerId: 42 as unknown as string })).toThrow(/Players\[0\]\.PeerId: player "bo".*got 42/);
  });

  it('keeps the PeerId on the described ticket\'s players', () => {
    const { mm, start } = setup();
    start('ana');
    expect(mm.describeMatchmaking({ TicketIds: ['t-ana'] }).TicketList[0]!.Players[0]!.PeerId).toBe('peer-ana');
  });
});

describe('the game host and its successors', () => {
  it('ranks by latency to the region where known, then by ticket age, then by order', () => {
    const ranked = rankPeers(
      [
        { playerId: 'old-no-latency', ticketStartMs: 0 },
        { playerId: 'far', ticketStartMs: 10, latencyInMs: { 'eu-west-1': 120, 'us-east-1': 1 } },
        { playerId: 'near', ticketStartMs: 20, latencyInMs: { 'eu-west-1': 30 } },
        { playerId: 'near-older', ticketStartMs: 5, latencyInMs: { 'eu-west-1': 30 } },
        { playerId: 'young-no-latency', ticketStartMs: 50 },
      ],
      'eu-west-1',
    );
    expect(ranked.map((c) => c.playerId)).toEqual(['near-older', 'near', 'far', 'old-no-latency', 'young-no-latency']);
  });

  it('reads the region out of a game session ARN, and none out of anything else', () => {
    expect(regionOfArn('arn:aws:gamelift:eu-west-1::gamesession/peermatch/gsess-1')).toBe('eu-west-1');
    expect(regionOfArn('not-an-arn')).toBeUndefined();
  });

  it('without latencies, makes the oldest ticket\'s player the game host and ranks the rest by age', () => {
    const { mm, start, succeeded } = setup();
    for (const id of ['a', 'b', 'c', 'd']) start(id);
    mm.tick();
    const info = succeeded()[0]!.gameSessionInfo;
    expect(info.gameHostPlayerId).toBe('a');
    expect(info.gameHostPeerId).toBe('peer-a');
    expect(info.successorPlayerIds).toEqual(['b', 'c', 'd']);
  });

  it('makes the lowest latency to the match\'s region the game host and ranks successors by latency', () => {
    const { mm, start, succeeded } = setup();
    start('a', { PeerId: 'peer-a' });
    start('b', { PeerId: 'peer-b', LatencyInMs: { 'eu-west-1': 80 } });
    start('c', { PeerId: 'peer-c', LatencyInMs: { 'eu-west-1': 20 } });
    start('d', { PeerId: 'peer-d', LatencyInMs: { 'eu-west-1': 50 } });
    mm.tick();
    const info = succeeded()[0]!.gameSessionInfo;
    expect(info.gameHostPlayerId).toBe('c');
    expect(info.successorPlayerIds).toEqual(['d', 'b', 'a']);
  });

  it('chooses the game host among players with a PeerId only, and gives matches without any none of the fields', () => {
    const withSome = setup();
    withSome.start('a', {});
    for (const id of ['b', 'c', 'd']) withSome.start(id);
    withSome.mm.tick();
    expect(withSome.succeeded()[0]!.gameSessionInfo.gameHostPlayerId).toBe('b');

    const without = setup();
    for (const id of ['a', 'b', 'c', 'd']) without.start(id, {});
    without.mm.tick();
    const info = without.succeeded()[0]!.gameSessionInfo;
    expect(Object.keys(info).filter((key) => /gameHost|successor|matchId/.test(key))).toEqual([]);
    const ticket = without.mm.describeMatchmaking({ TicketIds: ['t-a'] }).TicketList[0]!;
    expect(ticket.GameSessionConnectionInfo?.GameHostPeerId).toBeUndefined();
  });

  it('writes the same connection info into the event and into the described COMPLETED ticket', () => {
    const { mm, start, succeeded } = setup({ BackfillMode: 'AUTOMATIC', AdditionalPlayerCount: 1 });
    for (const id of ['a', 'b', 'c']) start(id);
    mm.tick();
    const detail = succeeded()[0]!;
    const info = detail.gameSessionInfo;
    const ticket = mm.describeMatchmaking({ TicketIds: ['t-b'] }).TicketList[0]!;
    const connection = ticket.GameSessionConnectionInfo!;
    expect(connection.AutoBackfillTicketId).toEqual(expect.any(String));
    expect({
      gameSessionArn: connection.GameSessionArn,
      gameHostPeerId: connection.GameHostPeerId,
      gameHostPlayerId: connection.GameHostPlayerId,
      matchId: connection.MatchId,
      successorPlayerIds: connection.SuccessorPlayerIds,
      autoBackfillTicketId: connection.AutoBackfillTicketId,
    }).toEqual({
      gameSessionArn: info.gameSessionArn,
      gameHostPeerId: info.gameHostPeerId,
      gameHostPlayerId: info.gameHostPlayerId,
      matchId: detail.matchId,
      successorPlayerIds: info.successorPlayerIds,
      autoBackfillTicketId: info.autoBackfillTicketId,
    });
    expect(info.players.map((p) => p.peerId)).toEqual(info.players.map((p) => `peer-${p.playerId}`));
  });

  it('keeps the game host through a backfill and ranks the new player among the successors', () => {
    const { mm, start, succeeded } = setup({ BackfillMode: 'AUTOMATIC', AdditionalPlayerCount: 1 });
    for (const id of ['a', 'b', 'c']) start(id);
    mm.tick();
    start('d');
    mm.tick();
    const [first, backfilled] = succeeded();
    expect(backfilled).toBeDefined();
    expect(backfilled!.gameSessionInfo.gameSessionArn).toBe(first!.gameSessionInfo.gameSessionArn);
    expect(backfilled!.gameSessionInfo.gameHostPlayerId).toBe('a');
    expect(backfilled!.gameSessionInfo.successorPlayerIds).toEqual(['b', 'c', 'd']);
    expect(backfilled!.gameSessionInfo.players.find((p) => p.playerId === 'a')?.peerId).toBe('peer-a');
  });

  it('survives a snapshot: a restored matchmaker keeps the session\'s game host', () => {
    const { mm, start } = setup({ BackfillMode: 'AUTOMATIC', AdditionalPlayerCount: 1 });
    for (const id of ['a', 'b', 'c']) start(id);
    mm.tick();
    const restored = Matchmaker.restore(JSON.parse(JSON.stringify(mm.snapshot())));
    const events: MatchmakingEvent[] = [];
    restored.on((event) => events.push(event));
    restored.startMatchmaking({ ConfigurationName: 'cfg', TicketId: 't-d', Players: [{ PlayerId: 'd', PeerId: 'peer-d' }] });
    restored.tick();
    const detail = events.find((e) => e.detail.type === 'MatchmakingSucceeded')!.detail as MatchmakingSucceededDetail;
    expect(detail.gameSessionInfo.gameHostPlayerId).toBe('a');
  });
});
