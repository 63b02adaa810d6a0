/**
 * Game host migration at one client (src/client/migration.ts): which
 * successor each player takes, how gone successors are skipped, and when
 * nobody is left. The hand-offs are stubs the test settles; timers are manual.
 */
import { describe, expect, it } from 'vitest';
import type { ConnectionInfo } from '../src/net/connection-info.ts';
import type { GameConnection } from '../src/client/game-connection.ts';
import type { HandoffNotice } from '../src/client/handoff.ts';
import { GameHostMigration, type MigrationNotice } from '../src/client/migration.ts';
import { manualTimers } from './support/manual-timers.ts';

/** Four players; "host" hosted, then "s1", "s2", "s3" in that order of succession. */
const MATCH: ConnectionInfo = {
  matchId: 'm1',
  gameSessionArn: 'arn:aws:gamelift:us-east-1::gamesession/g1',
  gameHostPeerId: 'peer-host',
  gameHostPlayerId: 'host',
  players: ['host', 's1', 's2', 's3'].map((id, i) => ({ playerId: id, team: `t${i}`, playerSessionId: `psess-${id}`, peerId: `peer-${id}` })),
  successorPlayerIds: ['s1', 's2', 's3'],
};

const ANSWER_MS = 3000;

/** A migration at `self` whose hand-offs the test settles. */
function migrationAt(self: string, match: ConnectionInfo = MATCH) {
  const timers = manualTimers();
  const joins: { match: ConnectionInfo; report: (n: HandoffNotice) => void; closed: boolean; welcomed: boolean; timeoutMs: number }[] = [];
  const hosts: { match: ConnectionInfo; report: (n: HandoffNotice) => void; closed: boolean; came: string[]; updates: ConnectionInfo[] }[] = [];
  const outcomes: MigrationNotice[] = [];
  const connection = (peer: string) => ({ peer, open: true }) as unknown as GameConnection;
  const migration = new GameHostMigration(match, `peer-${self}`, {
    timers,
    answerMs: ANSWER_MS,
    join(next, timeoutMs, report) {
      const entry = { match: next, report, closed: false, welcomed: false, timeoutMs };
      joins.push(entry);
      return {
        close: () => void (entry.closed = true),
        get welcomed() {
          return entry.welcomed;
        },
      };
    },
    host(next, _timeoutMs, report) {
      const entry = { match: next, report, closed: false, came: [] as string[], updates: [] as ConnectionInfo[] };
      hosts.push(entry);
      return {
        close: () => void (entry.closed = true),
        update: (updated) => {
          entry.updates.push(updated);
          report({ type: 'match-ready', match: updated, role: 'game-host', team: 't', connections: entry.came.map(connection) });
        },
        connections: () => entry.came.map(connection),
      };
    },
    forward: () => undefined,
    report: (notice) => outcomes.push(notice),
  });
  /** The join in progress starts the match: this client is connected to its game host. */
  const started = (index = joins.length - 1) => {
    const join = joins[index]!;
    join.report({ type: 'match-ready', match: join.match, role: 'player', team: 't', connections: [connection(join.match.gameHostPeerId)] });
  };
  return { timers, migration, joins, hosts, outcomes, started };
}

describe('game host migration', () => {
  it('connects every other player to the first successor, with the match data minus the game host that left', () => {
    const { joins, outcomes, started } = migrationAt('s2');

    expect(joins).toHaveLength(1);
    expect(joins[0]!.match).toMatchObject({ matchId: 'm1', gameHostPlayerId: 's1', gameHostPeerId: 'peer-s1', successorPlayerIds: ['s2', 's3'] });
    expect(joins[0]!.match.players.map((p) => p.playerId)).toEqual(['s1', 's2', 's3']);
    started();
    expect(outcomes).toMatchObject([{ type: 'game-host-changed', gameHostPlayerId: 's1', self: false, gone: ['host'] }]);
    expect(outcomes[0]!.type === 'game-host-changed' && outcomes[0]!.connections.map((c) => c.peer)).toEqual(['peer-s1']);
  });

  it('makes the first successor host the same match and reports it once every other player came', () => {
    const { hosts, joins, outcomes } = migrationAt('s1');

    expect(joins).toHaveLength(0);
    expect(hosts[0]!.match).toMatchObject({ matchId: 'm1', gameHostPlayerId: 's1', gameHostPeerId: 'peer-s1', successorPlayerIds: ['s2', 's3'] });
    hosts[0]!.report({ type: 'match-ready', match: hosts[0]!.match, role: 'game-host', team: 't', connections: [] });
    expect(outcomes).toMatchObject([{ type: 'game-host-changed', gameHostPlayerId: 's1', self: true, gone: ['host'] }]);
  });

  it('skips a successor whose PeerJS peer is unavailable and takes the next one', () => {
    const { migration, joins, outcomes, started } = migrationAt('s3');
    migration.peerUnavailable('peer-s1');

    expect(joins[0]!.closed).toBe(true);
    expect(joins[1]!.match).toMatchObject({ gameHostPlayerId: 's2', successorPlayerIds: ['s3'] });
    expect(joins[1]!.match.players.map((p) => p.playerId)).toEqual(['s2', 's3']);
    started();
    expect(outcomes).toMatchObject([{ type: 'game-host-changed', gameHostPlayerId: 's2', gone: ['host', 's1'] }]);
  });

  it('skips a successor that does not start the match within the bound, as every player does, so they converge', () => {
    const atS3 = migrationAt('s3');
    const atS2 = migrationAt('s2');
    for (const side of [atS3, atS2]) side.joins[0]!.report({ type: 'match-failed', match: side.joins[0]!.match, reason: 'no answer' });
    return Promise.resolve().then(() => {
      expect(atS3.joins[1]!.match.gameHostPlayerId).toBe('s2');
      expect(atS2.hosts[0]!.match.gameHostPlayerId).toBe('s2');
      expect(atS2.hosts[0]!.match.players.map((p) => p.playerId)).toEqual(['s2', 's3']);
    });
  });

  it('skips a successor that does not welcome the player within the bound, and waits for one that did to start the match', () => {
    const silent = migrationAt('s3');
    silent.timers.advance(ANSWER_MS);
    expect(silent.joins[0]!.closed).toBe(true);
    expect(silent.joins[1]!.match.gameHostPlayerId).toBe('s2');

    const welcomed = migrationAt('s3');
    welcomed.joins[0]!.welcomed = true;
    welcomed.timers.advance(ANSWER_MS * 3);
    expect(welcomed.joins).toHaveLength(1);
    expect(welcomed.joins[0]!.closed).toBe(false);
    // The hand-off itself gives up only after every successor's bound and one more: longer than any new game host waits.
    expect(welcomed.joins[0]!.timeoutMs).toBe(ANSWER_MS * 5);
  });

  it('ignores a peer-unavailable notice about a successor it is not trying', () => {
    const { migration, joins } = migrationAt('s3');
    migration.peerUnavailable('peer-s2');
    expect(joins).toHaveLength(1);
    expect(joins[0]!.closed).toBe(false);
  });

  it('at a new game host, goes on with the players who came once the bound is over, counting the others gone', () => {
    const { timers, hosts, outcomes } = migrationAt('s1');
    hosts[0]!.came.push('peer-s2');
    timers.advance(ANSWER_MS * 2 - 1);
    expect(outcomes).toHaveLength(0);
    timers.advance(1);

    expect(hosts[0]!.updates[0]!.players.map((p) => p.playerId)).toEqual(['s1', 's2']);
    expect(outcomes).toMatchObject([{ type: 'game-host-changed', self: true, gone: ['host', 's3'] }]);
  });

  it('tells a new game host nobody is left when no player came within the bound', () => {
    const { timers, hosts, outcomes } = migrationAt('s1');
    timers.advance(ANSWER_MS * 2);
    expect(outcomes).toMatchObject([{ type: 'nobody-left', reason: `no player connected to this new game host within ${ANSWER_MS * 2} ms` }]);
    expect(hosts[0]!.closed).toBe(true);
  });

  it('tells the last successor still there that nobody is left when no other player remains', () => {
    const duel: ConnectionInfo = { ...MATCH, players: MATCH.players.slice(0, 2), successorPlayerIds: ['s1'] };
    const { hosts, outcomes } = migrationAt('s1', duel);
    expect(hosts).toHaveLength(0);
    expect(outcomes).toMatchObject([{ type: 'nobody-left', reason: 'no other player of the match is left' }]);
  });

  it('never takes the game host that left, even when the successor list names it', () => {
    const { joins } = migrationAt('s2', { ...MATCH, successorPlayerIds: ['host', 's1', 's2', 's3'] });
    expect(joins[0]!.match.gameHostPlayerId).toBe('s1');
  });

  it('leaves the hand-off that succeeded open when the finished migration is closed', () => {
    const { migration, joins, started } = migrationAt('s2');
    started();
    migration.close();
    expect(joins[0]!.closed).toBe(false);
  });
});

describe('successorAnswerMs', () => {
  it('defaults to 3 s and refuses a bound that is not a positive number of milliseconds, naming it', async () => {
    const { successorAnswerMsOf } = await import('../src/client/migration.ts');
    expect(successorAnswerMsOf(undefined)).toBe(3000);
    expect(successorAnswerMsOf(1500)).toBe(1500);
    expect(() => successorAnswerMsOf(0)).toThrow('successorAnswerMs: expected a positive number of milliseconds, got 0');
    expect(() => successorAnswerMsOf(Number.NaN)).toThrow(/got NaN/);
  });
});
