/**
 * The heartbeat on match connections (src/client/heartbeat.ts), on a stub
 * connection and a manual clock, and through the hand-off: a side that goes
 * silent (a closed tab) is taken as gone within `goneAfterMs`, not after
 * WebRTC's own 100 s.
 */
import { describe, expect, it } from 'vitest';
import { GameHostHandoff, type HandoffNotice } from '../src/client/handoff.ts';
import { heartbeatSettings, keepAlive, type LivenessChange } from '../src/client/heartbeat.ts';
import type { DataConnectionLike } from '../src/client/peer-like.ts';
import type { ConnectionInfo } from '../src/net/connection-info.ts';
import { manualTimers } from './support/manual-timers.ts';

/** An open stub connection that records what is sent and lets the test deliver data. */
function openConnection(peer = 'peer-other', metadata: unknown = undefined) {
  const listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  const connection = {
    peer,
    metadata,
    open: true,
    sent: [] as unknown[],
    send(data: unknown) {
      connection.sent.push(data);
    },
    close() {
      if (!connection.open) return;
      connection.open = false;
      for (const listener of listeners.get('close') ?? []) listener();
    },
    on(event: string, listener: (...args: unknown[]) => void) {
      listeners.set(event, [...(listeners.get(event) ?? []), listener]);
      return connection;
    },
    receive(data: unknown) {
      for (const listener of listeners.get('data') ?? []) listener(data);
    },
  };
  return connection;
}

const beatsIn = (sent: unknown[]) => sent.filter((data) => (data as { type?: string }).type === 'peermatch-beat').length;

describe('the heartbeat on a match connection', () => {
  it('beats every intervalMs while the connection is open, and stops when it closes', () => {
    const timers = manualTimers();
    const connection = openConnection();
    keepAlive(connection as unknown as DataConnectionLike, heartbeatSettings(), { timers, now: timers.now }, () => {});
    for (let second = 0; second < 3; second++) {
      timers.advance(1000);
      connection.receive({ type: 'peermatch-beat' });
    }
    const beforeClose = beatsIn(connection.sent);
    connection.close();
    timers.advance(10_000);

    expect(beforeClose).toBe(4);
    expect(beatsIn(connection.sent)).toBe(4);
  });

  it('a silent other side whose client left the server is reported interrupted after interruptedAfterMs, then gone after goneAfterMs, and the connection is closed', () => {
    const timers = manualTimers();
    const connection = openConnection();
    const changes: [LivenessChange, number][] = [];
    keepAlive(connection as unknown as DataConnectionLike, heartbeatSettings(), { timers, now: timers.now }, (change) => changes.push([change, timers.now()]), () => true);
    timers.advance(10_000);

    expect(changes.map(([change]) => change)).toEqual(['interrupted', 'gone']);
    expect(changes[0]![1]).toBeGreaterThanOrEqual(2500);
    expect(changes[0]![1]).toBeLessThan(2500 + 250 + 1);
    expect(changes[1]![1]).toBeGreaterThanOrEqual(4000);
    expect(changes[1]![1]).toBeLessThan(4000 + 250 + 1);
    expect(connection.open).toBe(false);
  });

  it('a silent other side still on the server keeps its connection for lostAfterMs, time for an ICE restart, and a late hint that it left ends it at once', () => {
    const timers = manualTimers();
    const connection = openConnection();
    const changes: [LivenessChange, number][] = [];
    let away = false;
    keepAlive(connection as unknown as DataConnectionLike, heartbeatSettings(), { timers, now: timers.now }, (change) => changes.push([change, timers.now()]), () => away);
    timers.advance(10_000);
    const openAfterTenSeconds = connection.open;
    away = true;
    timers.advance(250);

    expect(openAfterTenSeconds).toBe(true);
    expect(changes.map(([change]) => change)).toEqual(['interrupted', 'gone']);
    expect(changes[1]![1]).toBeLessThanOrEqual(10_250);
    expect(connection.open).toBe(false);
  });

  it('with no hint at all, a silent connection is given up after lostAfterMs', () => {
    const timers = manualTimers();
    const connection = openConnection();
    const changes: [LivenessChange, number][] = [];
    keepAlive(connection as unknown as DataConnectionLike, heartbeatSettings(), { timers, now: timers.now }, (change) => changes.push([change, timers.now()]));
    timers.advance(19_000);
    const openAt19s = connection.open;
    timers.advance(2000);

    expect(openAt19s).toBe(true);
    expect(changes.map(([change]) => change)).toEqual(['interrupted', 'gone']);
    expect(changes[1]![1]).toBeGreaterThanOrEqual(20_000);
  });

  it('game data counts as a sign of life like a beat, and ends an interruption with resumed', () => {
    const timers = manualTimers();
    const connection = openConnection();
    const changes: LivenessChange[] = [];
    keepAlive(connection as unknown as DataConnectionLike, heartbeatSettings(), { timers, now: timers.now }, (change) => changes.push(change));
    timers.advance(3000);
    connection.receive({ move: 'left' });
    timers.advance(2000);
    connection.receive({ move: 'right' });
    timers.advance(2000);
    connection.receive({ move: 'up' });

    expect(changes).toEqual(['interrupted', 'resumed']);
    expect(connection.open).toBe(true);
  });

  it('refuses settings that cannot work, naming the field and the value', () => {
    expect(() => heartbeatSettings({ intervalMs: 0 })).toThrow('heartbeat.intervalMs: expected a positive number of milliseconds, got 0');
    expect(() => heartbeatSettings({ interruptedAfterMs: 800 })).toThrow(/heartbeat\.interruptedAfterMs: 800 must be longer than heartbeat\.intervalMs \(1000\)/);
    expect(() => heartbeatSettings({ goneAfterMs: 2000 })).toThrow('heartbeat.goneAfterMs: 2000 must be longer than heartbeat.interruptedAfterMs (2500)');
    expect(() => heartbeatSettings({ lostAfterMs: 3000 })).toThrow('heartbeat.lostAfterMs: 3000 must be at least heartbeat.goneAfterMs (4000)');
    expect(heartbeatSettings({ intervalMs: 200, interruptedAfterMs: 500, goneAfterMs: 900 })).toEqual({ intervalMs: 200, interruptedAfterMs: 500, goneAfterMs: 900, lostAfterMs: 20_000 });
  });
});

const DUEL: ConnectionInfo = {
  matchId: 'match-1',
  gameSessionArn: 'arn:aws:gamelift:us-east-1::gamesession/peermatch/s1',
  gameHostPeerId: 'peer-host',
  gameHostPlayerId: 'hana',
  successorPlayerIds: ['ivan'],
  players: [
    { playerId: 'hana', team: 'red', playerSessionId: 'psess-hana', peerId: 'peer-host' },
    { playerId: 'ivan', team: 'blue', playerSessionId: 'psess-ivan', peerId: 'peer-ivan' },
  ],
};

describe('departures at the game host', () => {
  it('a player whose tab closed without a word (its client left the server) is reported player-disconnected, reason silent, within goneAfterMs', () => {
    const timers = manualTimers();
    const notices: [HandoffNotice, number][] = [];
    const host = new GameHostHandoff(DUEL, 'peer-host', {
      timers,
      now: timers.now,
      timeoutMs: 60_000,
      report: (notice) => notices.push([notice, timers.now()]),
    });
    const ivan = openConnection('peer-ivan', { playerSessionId: 'psess-ivan', playerId: 'ivan', matchId: 'match-1' });
    host.offer(ivan as unknown as DataConnectionLike);
    ivan.receive({ type: 'peermatch-joined', matchId: 'match-1', playerId: 'ivan' });
    timers.advance(2000);
    ivan.receive({ type: 'peermatch-beat' });
    // The tab closes at 2 s: nothing more arrives, WebRTC keeps the connection open, and the server says its client left.
    host.presence(['ivan'], true);
    timers.advance(10_000);
    host.close();

    const types = notices.map(([notice]) => notice.type);
    expect(types).toEqual(['player-connected', 'match-ready', 'connection-interrupted', 'player-disconnected']);
    const [departure, at] = notices[3]!;
    expect(departure).toMatchObject({ type: 'player-disconnected', playerId: 'ivan', reason: 'silent' });
    expect(at - 2000).toBeLessThanOrEqual(4000 + 250);
  });

  it('a player who closes its connection is reported player-disconnected, reason closed, at once', () => {
    const timers = manualTimers();
    const notices: HandoffNotice[] = [];
    const host = new GameHostHandoff(DUEL, 'peer-host', { timers, now: timers.now, timeoutMs: 60_000, report: (notice) => notices.push(notice) });
    const ivan = openConnection('peer-ivan', { playerSessionId: 'psess-ivan', playerId: 'ivan', matchId: 'match-1' });
    host.offer(ivan as unknown as DataConnectionLike);
    ivan.receive({ type: 'peermatch-joined', matchId: 'match-1', playerId: 'ivan' });
    ivan.close();
    host.close();

    expect(notices.at(-1)).toMatchObject({ type: 'player-disconnected', playerId: 'ivan', reason: 'closed' });
  });
});
