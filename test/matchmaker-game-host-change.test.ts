/** The core's changeGameHost: a successor takes over a peer-to-peer game session whose game host left. */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/core/engine/random.ts';
import { Matchmaker, type MatchmakingEvent, type MatchmakingSucceededDetail } from '../src/core/matchmaker/index.ts';

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

/** A placed AUTOMATIC-backfill session of `ids` (oldest ticket first: `ids[0]` hosts). */
function placed(ids: string[]) {
  const clock = { t: 0 };
  const mm = new Matchmaker({ now: () => clock.t, random: seededRandom(5) });
  const events: MatchmakingEvent[] = [];
  mm.on((event) => events.push(event));
  mm.createMatchmakingRuleSet({ Name: 'squads', RuleSetBody: ruleSet });
  mm.createMatchmakingConfiguration({ Name: 'cfg', RuleSetName: 'squads', RequestTimeoutSeconds: 60, AcceptanceRequired: false, BackfillMode: 'AUTOMATIC' });
  for (const id of ids) {
    clock.t += 1000;
    mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: `t-${id}`, Players: [{ PlayerId: id, PeerId: `peer-${id}` }] });
  }
  mm.tick();
  const succeeded = () => events.filter((e) => e.detail.type === 'MatchmakingSucceeded').map((e) => e.detail as MatchmakingSucceededDetail);
  const arn = succeeded()[0]!.gameSessionInfo.gameSessionArn!;
  return { mm, clock, arn, succeeded };
}

describe('changeGameHost', () => {
  it('names the successor as game host and ranks the other seated players as its successors', () => {
    const { mm, arn, succeeded } = placed(['a', 'b', 'c', 'd']);
    expect(succeeded()[0]!.gameSessionInfo.gameHostPlayerId).toBe('a');

    const output = mm.changeGameHost({ GameSessionArn: arn, PlayerId: 'b' });

    expect(output).toEqual({ GameHostPlayerId: 'b', GameHostPeerId: 'peer-b', SuccessorPlayerIds: ['a', 'c', 'd'] });
  });

  it('lets the new game host report the old one gone, and the backfill that refills its seat names the new game host', () => {
    const { mm, clock, arn, succeeded } = placed(['a', 'b', 'c', 'd']);
    mm.changeGameHost({ GameSessionArn: arn, PlayerId: 'b' });

    const { BackfillTicketId } = mm.reportPlayerLeft({ GameSessionArn: arn, PlayerId: 'a' });
    expect(BackfillTicketId).toEqual(expect.any(String));
    clock.t += 1000;
    mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: 't-e', Players: [{ PlayerId: 'e', PeerId: 'peer-e' }] });
    mm.tick();

    const backfilled = succeeded().at(-1)!.gameSessionInfo;
    expect(backfilled.gameHostPlayerId).toBe('b');
    expect(backfilled.gameHostPeerId).toBe('peer-b');
    expect(backfilled.successorPlayerIds).toEqual(['c', 'd', 'e']);
    const ticket = mm.describeMatchmaking({ TicketIds: ['t-e'] }).TicketList[0]!;
    expect(ticket.GameSessionConnectionInfo?.GameHostPlayerId).toBe('b');
  });

  it('refuses the old game host being reported gone before anyone took over', () => {
    const { mm, arn } = placed(['a', 'b']);
    expect(() => mm.reportPlayerLeft({ GameSessionArn: arn, PlayerId: 'a' })).toThrow(/is the game host/);
  });

  it('refuses a player who is not seated, naming it, and an unknown session', () => {
    const { mm, arn } = placed(['a', 'b']);
    expect(() => mm.changeGameHost({ GameSessionArn: arn, PlayerId: 'zed' })).toThrow(/PlayerId: player "zed" is not seated in game session/);
    expect(() => mm.changeGameHost({ GameSessionArn: 'arn:aws:gamelift:us-east-1::gamesession/none', PlayerId: 'b' })).toThrowError(
      expect.objectContaining({ name: 'NotFoundException' }),
    );
    expect(() => mm.changeGameHost({ GameSessionArn: arn, PlayerId: 7 as unknown as string })).toThrow(/PlayerId: expected a player id, got 7/);
  });

  it('survives a snapshot: the restored session still names the new game host', () => {
    const { mm, arn } = placed(['a', 'b', 'c']);
    mm.changeGameHost({ GameSessionArn: arn, PlayerId: 'c' });
    const restored = Matchmaker.restore(mm.snapshot(), { now: () => 10_000 });
    expect(restored.changeGameHost({ GameSessionArn: arn, PlayerId: 'c' }).SuccessorPlayerIds).toEqual(['a', 'b']);
    expect(() => restored.reportPlayerLeft({ GameSessionArn: arn, PlayerId: 'c' })).toThrow(/is the game host/);
  });
});

describe('changeGameHost with the players still there', () => {
  it('refuses a lower-ranked successor while a higher one is still there, and accepts it once that one is gone too', () => {
    const { mm, arn } = placed(['a', 'b', 'c', 'd']);
    expect(() => mm.changeGameHost({ GameSessionArn: arn, PlayerId: 'c', PresentPlayerIds: ['b', 'c', 'd'] })).toThrow(
      /successor "b" ranks above "c" in game session .* and is still there/,
    );
    expect(mm.changeGameHost({ GameSessionArn: arn, PlayerId: 'c', PresentPlayerIds: ['c', 'd'] }).GameHostPlayerId).toBe('c');
  });

  it('refuses any successor while the game host is still there', () => {
    const { mm, arn } = placed(['a', 'b']);
    expect(() => mm.changeGameHost({ GameSessionArn: arn, PlayerId: 'b', PresentPlayerIds: ['a', 'b'] })).toThrow(/the game host "a" of .* is still there/);
  });
});
