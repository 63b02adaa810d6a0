/**
 * What a long-running host holds: game sessions are forgotten after the same
 * retention as finished tickets, unless a backfill ticket still searches for
 * them.
 */
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../src/core/engine/random.ts';
import { Matchmaker } from '../src/core/matchmaker/index.ts';

const DUEL = JSON.stringify({
  ruleLanguageVersion: '1.0',
  playerAttributes: [],
  teams: [
    { name: 'red', minPlayers: 1, maxPlayers: 1 },
    { name: 'blue', minPlayers: 1, maxPlayers: 1 },
  ],
  rules: [],
});

function setup(retentionSeconds: number) {
  const clock = { t: 0 };
  const mm = new Matchmaker({ now: () => clock.t, random: seededRandom(1), ticketRetentionSeconds: retentionSeconds });
  mm.createMatchmakingRuleSet({ Name: 'duel', RuleSetBody: DUEL });
  mm.createMatchmakingConfiguration({ Name: 'cfg', RuleSetName: 'duel', RequestTimeoutSeconds: 600, AcceptanceRequired: false });
  const duel = (a: string, b: string) => {
    mm.startMatchmaking({ ConfigurationName: 'cfg', Players: [{ PlayerId: a }] });
    mm.startMatchmaking({ ConfigurationName: 'cfg', Players: [{ PlayerId: b }] });
    mm.tick();
  };
  const sessions = () => mm.describeGameSessions().GameSessions.map((session) => session.GameSessionId);
  return { mm, clock, duel, sessions };
}

describe('game session retention', () => {
  it('a host running for a simulated day holds only the sessions of the last retention period', () => {
    const { clock, duel, sessions } = setup(3600);
    for (let minute = 0; minute < 24 * 60; minute++) {
      duel(`a${minute}`, `b${minute}`);
      clock.t += 60_000;
    }
    // One session a minute, kept for an hour after its last change.
    expect(sessions().length).toBeLessThanOrEqual(61);
    expect(sessions().length).toBeGreaterThanOrEqual(59);
  }, 60_000);

  it('a session whose backfill ticket is still searching is kept past the retention', () => {
    const { mm, clock, duel, sessions } = setup(60);
    duel('a', 'b');
    const arn = sessions()[0]!;
    mm.startMatchBackfill({ ConfigurationName: 'cfg', GameSessionArn: arn, Players: [{ PlayerId: 'a', Team: 'red' }] });
    clock.t += 120_000;
    mm.tick();
    expect(sessions()).toEqual([arn]);
  });

  it('a session no match changed for longer than the retention is forgotten', () => {
    const { mm, clock, duel, sessions } = setup(60);
    duel('a', 'b');
    clock.t += 61_000;
    mm.tick();
    expect(sessions()).toEqual([]);
  });
});
