/** The core's reportPlayerLeft: a player unseated, and automatic backfill refilling the slot. */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/core/engine/random.ts';
import {
  Matchmaker,
  type GameSessionUpdate,
  type MatchmakerData,
  type MatchmakingEvent,
  type MatchmakingSucceededDetail,
} from '../src/core/matchmaker/index.ts';

const ruleSet = JSON.stringify({
  name: 'squads',
  ruleLanguageVersion: '1.0',
  playerAttributes: [{ name: 'skill', type: 'number', default: 10 }],
  teams: [
    { name: 'red', minPlayers: 1, maxPlayers: 2 },
    { name: 'blue', minPlayers: 1, maxPlayers: 2 },
  ],
  rules: [],
});

/** A placed game session of `ids` (the first is the game host: the oldest ticket). */
function placed(mode: 'MANUAL' | 'AUTOMATIC', ids: string[], additional = 0) {
  const clock = { t: 0 };
  const mm = new Matchmaker({ now: () => clock.t, random: seededRandom(3) });
  const events: MatchmakingEvent[] = [];
  const updates: GameSessionUpdate[] = [];
  mm.on((event) => events.push(event));
  mm.onUpdateGameSession((update) => updates.push(update));
  mm.createMatchmakingRuleSet({ Name: 'squads', RuleSetBody: ruleSet });
  mm.createMatchmakingConfiguration({
    Name: 'cfg',
    RuleSetName: 'squads',
    RequestTimeoutSeconds: 60,
    AcceptanceRequired: false,
    BackfillMode: mode,
    AdditionalPlayerCount: additional,
  });
  for (const id of ids) {
    clock.t += 1000;
    mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: `t-${id}`, Players: [{ PlayerId: id, PeerId: `peer-${id}` }] });
  }
  mm.tick();
  const detail = events.find((e) => e.detail.type === 'MatchmakingSucceeded')!.detail as MatchmakingSucceededDetail;
  const arn = detail.gameSessionInfo.gameSessionArn!;
  const data = () => JSON.parse(mm.describeGameSessions({ GameSessionId: arn }).GameSessions[0]!.MatchmakerData!) as MatchmakerData;
  const seated = () => data().teams.flatMap((team) => team.players.map((p) => p.playerId)).sort();
  return { mm, clock, events, updates, arn, detail, data, seated };
}

describe('reportPlayerLeft', () => {
  it('unseats the player and, with AUTOMATIC backfill, starts a backfill ticket without it', () => {
    const { mm, arn, seated, data } = placed('AUTOMATIC', ['a', 'b', 'c', 'd']);
    expect(data().autoBackfillTicketId).toBeUndefined();

    const { BackfillTicketId } = mm.reportPlayerLeft({ GameSessionArn: arn, PlayerId: 'c' });

    expect(seated()).toEqual(['a', 'b', 'd']);
    expect(BackfillTicketId).toEqual(expect.any(String));
    expect(data().autoBackfillTicketId).toBe(BackfillTicketId);
    const ticket = mm.describeMatchmaking({ TicketIds: [BackfillTicketId!] }).TicketList[0]!;
    expect(ticket.Players.map((p) => p.PlayerId).sort()).toEqual(['a', 'b', 'd']);
  });

  it('with AUTOMATIC backfill, refills the slot with a new player while the game host stays', () => {
    const { mm, clock, events, arn, seated } = placed('AUTOMATIC', ['a', 'b', 'c', 'd']);
    mm.reportPlayerLeft({ GameSessionArn: arn, PlayerId: 'c' });
    clock.t += 1000;
    mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: 't-e', Players: [{ PlayerId: 'e', PeerId: 'peer-e' }] });
    mm.tick();
    expect(seated()).toEqual(['a', 'b', 'd', 'e']);
    const backfilled = events.filter((e) => e.detail.type === 'MatchmakingSucceeded').at(-1)!.detail as MatchmakingSucceededDetail;
    expect(backfilled.gameSessionInfo.gameHostPlayerId).toBe('a');
    expect(backfilled.gameSessionInfo.successorPlayerIds).toEqual(['b', 'd', 'e']);
  });

  it('replaces a running automatic backfill ticket that still lists the player, without telling the session it was cancelled', () => {
    const { mm, events, updates, arn, data } = placed('AUTOMATIC', ['a', 'b', 'c'], 1);
    const running = data().autoBackfillTicketId!;
    expect(running).toEqual(expect.any(String));

    const { BackfillTicketId } = mm.reportPlayerLeft({ GameSessionArn: arn, PlayerId: 'b' });

    expect(BackfillTicketId).not.toBe(running);
    expect(mm.describeMatchmaking({ TicketIds: [running] }).TicketList[0]!.Status).toBe('CANCELLED');
    const cancelled = events.find((e) => e.detail.type === 'MatchmakingCancelled' && e.detail.tickets[0]!.ticketId === running);
    expect(cancelled).toBeDefined();
    expect(updates.filter((u) => u.updateReason === 'BACKFILL_CANCELLED')).toEqual([]);
    const next = mm.describeMatchmaking({ TicketIds: [BackfillTicketId!] }).TicketList[0]!;
    expect(next.Players.map((p) => p.PlayerId).sort()).toEqual(['a', 'c']);
    expect(data().autoBackfillTicketId).toBe(BackfillTicketId);
  });

  it('with MANUAL backfill, unseats the player and starts no backfill', () => {
    const { mm, arn, seated, data } = placed('MANUAL', ['a', 'b', 'c', 'd']);
    expect(mm.reportPlayerLeft({ GameSessionArn: arn, PlayerId: 'd' })).toEqual({});
    expect(seated()).toEqual(['a', 'b', 'c']);
    expect(data().autoBackfillTicketId).toBeUndefined();
    expect(mm.listTickets({ Statuses: ['QUEUED', 'SEARCHING'] }).TicketList).toEqual([]);
  });

  it('drops the departed player from the successors of the next connection info', () => {
    const { mm, clock, events, arn, data } = placed('MANUAL', ['a', 'b', 'c', 'd']);
    const teamOf = (id: string) => data().teams.find((team) => team.players.some((p) => p.playerId === id))!.name;
    mm.reportPlayerLeft({ GameSessionArn: arn, PlayerId: 'b' });
    mm.startMatchBackfill({
      ConfigurationName: 'cfg',
      GameSessionArn: arn,
      TicketId: 'bf-1',
      Players: (['a', 'c', 'd'] as const).map((id) => ({ PlayerId: id, Team: teamOf(id) })),
    });
    clock.t += 1000;
    mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: 't-e', Players: [{ PlayerId: 'e', PeerId: 'peer-e' }] });
    mm.tick();
    const last = events.filter((e) => e.detail.type === 'MatchmakingSucceeded').at(-1)!.detail as MatchmakingSucceededDetail;
    expect(last.gameSessionInfo.successorPlayerIds).toEqual(['c', 'd', 'e']);
    // The manual ticket named no PeerIds; the core kept the seated players' own.
    expect(last.gameSessionInfo.gameHostPeerId).toBe('peer-a');
  });

  it('refuses an unknown game session as NotFoundException naming the ARN', () => {
    const { mm } = placed('AUTOMATIC', ['a', 'b']);
    const arn = 'arn:aws:gamelift:us-east-1::gamesession/nowhere';
    expect(() => mm.reportPlayerLeft({ GameSessionArn: arn, PlayerId: 'a' })).toThrow(
      expect.objectContaining({ name: 'NotFoundException', message: `GameSessionArn: no game session "${arn}"` }),
    );
  });

  it('refuses a player who is not seated, naming player and session, and changes nothing', () => {
    const { mm, arn, seated } = placed('AUTOMATIC', ['a', 'b', 'c', 'd']);
    expect(() => mm.reportPlayerLeft({ GameSessionArn: arn, PlayerId: 'zed' })).toThrow(
      expect.objectContaining({ name: 'InvalidRequestException', message: `PlayerId: player "zed" is not seated in game session "${arn}"` }),
    );
    mm.reportPlayerLeft({ GameSessionArn: arn, PlayerId: 'b' });
    expect(() => mm.reportPlayerLeft({ GameSessionArn: arn, PlayerId: 'b' })).toThrow(/player "b" is not seated/);
    expect(seated()).toEqual(['a', 'c', 'd']);
  });

  it('refuses the game host itself', () => {
    const { mm, arn } = placed('AUTOMATIC', ['a', 'b', 'c', 'd']);
    expect(() => mm.reportPlayerLeft({ GameSessionArn: arn, PlayerId: 'a' })).toThrow(/player "a" is the game host/);
  });
});
