/**
 * The role a registration gets (`roleFor`) and the standby a failover
 * promotes (`LobbyHosts.candidate`), rule by rule, on plain bookkeeping.
 */
import { describe, expect, it } from 'vitest';
import type { HostId, LobbyName, RegisterFrame } from '../src/net/protocol.ts';
import type { JsonObject } from '../src/net/protocol.ts';
import { LobbyHosts, type LobbyHost } from '../src/server/lobby-hosts.ts';
import type { RelayConnection } from '../src/server/relay-connection.ts';
import { roleFor } from '../src/server/relay-hosts.ts';

const connection = () => ({}) as RelayConnection;
const entry = (hostId: string, ackedSeq: number | null = null): LobbyHost => ({ connection: connection(), hostId: hostId as HostId, credential: 'owner', ackedSeq, sentSeq: null });
/** The last (only) part of `seq`, as the primary's replication sends it (src/host/replication.ts `toParts`). */
const lastPart = (seq: number): JsonObject => ({ kind: 'part', seq, index: 0, count: 1, data: ['{}'] });
const register = (extra: Partial<RegisterFrame> = {}): RegisterFrame => ({ type: 'register', lobby: 'arena' as LobbyName, token: 'T'.repeat(43), ...extra });

/** A lobby under `term`, with a primary connected or not, and standbys acked as given (null: not synced). */
function lobby(term: number, primary: boolean, standbys: (number | null)[] = []): LobbyHosts {
  const hosts = new LobbyHosts(term);
  standbys.forEach((_, i) => hosts.addStandby(entry(`s${i}`)));
  if (primary) hosts.setPrimary(entry('p'), term);
  standbys.forEach((seq, i) => {
    if (seq === null) return;
    const standby = hosts.standbys.get(`s${i}` as HostId)!;
    hosts.forwarded(standby, lastPart(seq));
    hosts.ack(standby, term, seq);
  });
  return hosts;
}

describe('roleFor', () => {
  it('makes the owner primary when no primary is connected, and a standby of a connected one unless it brings the current term', () => {
    expect(roleFor(register(), 'owner', lobby(0, false), false)).toBe('primary');
    expect(roleFor(register({ term: 1 }), 'owner', lobby(3, false), false)).toBe('primary');
    expect(roleFor(register(), 'owner', lobby(3, true), false)).toBe('standby');
    expect(roleFor(register({ term: 2 }), 'owner', lobby(3, true), false)).toBe('standby');
    expect(roleFor(register({ term: 3 }), 'owner', lobby(3, true), false)).toBe('primary');
  });

  it('makes a standby of a standby credential or a standby flag, except for the proven last primary coming back to a lobby without one', () => {
    expect(roleFor(register(), 'standby', lobby(3, false), false)).toBe('standby');
    expect(roleFor(register({ term: 3 }), 'standby', lobby(3, true), false)).toBe('standby');
    expect(roleFor(register({ standby: true }), 'owner', lobby(3, false), false)).toBe('standby');
    // The term alone (every standby is told it) proves nothing; its term proof does.
    expect(roleFor(register({ term: 3 }), 'standby', lobby(3, false), false)).toBe('standby');
    expect(roleFor(register({ term: 3, standby: true }), 'standby', lobby(3, false), false)).toBe('standby');
    expect(roleFor(register({ term: 3, standby: true }), 'standby', lobby(3, false), true)).toBe('primary');
    expect(roleFor(register({ term: 3, standby: true }), 'owner', lobby(3, false), false)).toBe('primary');
    expect(roleFor(register({ term: 0, standby: true }), 'owner', lobby(0, false), false)).toBe('standby');
  });

  it('keeps an owner with an older term a standby while synced standbys wait for a primary', () => {
    const waiting = lobby(3, false, [null, 4]);
    expect(roleFor(register({ term: 2 }), 'owner', waiting, false)).toBe('standby');
    expect(roleFor(register(), 'owner', waiting, false)).toBe('standby');
    expect(roleFor(register({ term: 2 }), 'owner', lobby(3, false, [null]), false)).toBe('primary');
  });
});

describe('LobbyHosts.candidate', () => {
  it('picks the highest ack under the current term, the first joined on a tie, and no standby that never acked', () => {
    expect(lobby(1, true, [3, 7, 7, null]).candidate()?.hostId).toBe('s1');
    expect(lobby(1, true, [0, 0]).candidate()?.hostId).toBe('s0');
    expect(lobby(1, true, [null, null]).candidate()).toBeUndefined();
  });

  it('drops acks of another term and forgets every ack when a new primary starts a term', () => {
    const hosts = lobby(1, true, [5]);
    const standby = hosts.standbys.get('s0' as HostId)!;
    expect(hosts.ack(standby, 0, 9)).toBeUndefined();
    expect(standby.ackedSeq).toBe(5);
    hosts.setPrimary(entry('q'), 2);
    expect(hosts.candidate()).toBeUndefined();
    expect(hosts.ack(standby, 2, 5)).toBeUndefined();
  });

  it('counts an ack for no more than the last part forwarded to the standby, and for nothing when none was', () => {
    const hosts = lobby(1, true, [null, null]);
    const [honest, boaster] = [...hosts.standbys.values()];
    expect(hosts.ack(boaster!, 1, 1_000)).toBeUndefined();
    expect(hosts.candidate()).toBeUndefined();
    for (const standby of [honest!, boaster!]) hosts.forwarded(standby, lastPart(2));
    hosts.forwarded(honest!, lastPart(6));
    expect(hosts.ack(honest!, 1, 6)).toBe(6);
    expect(hosts.ack(boaster!, 1, 1_000)).toBe(2);
    expect(hosts.candidate()?.hostId).toBe(honest!.hostId);
  });

  it('counts only the last part of a well-formed replication part as forwarded', () => {
    const hosts = lobby(1, true, [null]);
    const standby = hosts.standbys.get('s0' as HostId)!;
    const notLast = [
      { kind: 'part', seq: 9, index: 0, count: 2, data: [] },
      { kind: 'change', seq: 9 },
      { kind: 'part', seq: '9', index: 0, count: 1 },
      { kind: 'part', seq: 9, index: 0.5, count: 1.5 },
      { kind: 'part', seq: -1, index: 0, count: 1 },
      { kind: 'part', seq: 9, index: -1, count: 0 },
      { seq: 9, index: 0, count: 1 },
    ];
    for (const message of notLast) hosts.forwarded(standby, message as JsonObject);
    expect(standby.sentSeq).toBeNull();
    hosts.forwarded(standby, { kind: 'part', seq: 4, index: 2, count: 3, data: [] });
    hosts.forwarded(standby, lastPart(3));
    expect(standby.sentSeq).toBe(4);
  });
});
