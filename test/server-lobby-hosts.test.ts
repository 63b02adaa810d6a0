/**
 * The role a registration gets (`roleFor`) and the standby a failover
 * promotes (`LobbyHosts.candidate`), rule by rule, on plain bookkeeping.
 */
import { describe, expect, it } from 'vitest';
import type { HostId, LobbyName, RegisterFrame } from '../src/net/protocol.ts';
import { LobbyHosts, type LobbyHost } from '../src/server/lobby-hosts.ts';
import type { RelayConnection } from '../src/server/relay-connection.ts';
import { roleFor } from '../src/server/relay-hosts.ts';

const connection = () => ({}) as RelayConnection;
const entry = (hostId: string, ackedSeq: number | null = null): LobbyHost => ({ connection: connection(), hostId: hostId as HostId, credential: 'owner', ackedSeq });
const register = (extra: Partial<RegisterFrame> = {}): RegisterFrame => ({ type: 'register', lobby: 'arena' as LobbyName, token: 'T'.repeat(43), ...extra });

/** A lobby under `term`, with a primary connected or not, and standbys acked as given (null: not synced). */
function lobby(term: number, primary: boolean, standbys: (number | null)[] = []): LobbyHosts {
  const hosts = new LobbyHosts(term);
  standbys.forEach((_, i) => hosts.addStandby(entry(`s${i}`)));
  if (primary) hosts.setPrimary(entry('p'), term);
  standbys.forEach((seq, i) => {
    if (seq !== null) hosts.ack(hosts.standbys.get(`s${i}` as HostId)!, term, seq);
  });
  return hosts;
}

describe('roleFor', () => {
  it('makes the owner primary when no primary is connected, and a standby of a connected one unless it brings the current term', () => {
    expect(roleFor(register(), 'owner', lobby(0, false))).toBe('primary');
    expect(roleFor(register({ term: 1 }), 'owner', lobby(3, false))).toBe('primary');
    expect(roleFor(register(), 'owner', lobby(3, true))).toBe('standby');
    expect(roleFor(register({ term: 2 }), 'owner', lobby(3, true))).toBe('standby');
    expect(roleFor(register({ term: 3 }), 'owner', lobby(3, true))).toBe('primary');
  });

  it('makes a standby of a standby credential or a standby flag, except for the last primary coming back to a lobby without one', () => {
    expect(roleFor(register(), 'standby', lobby(3, false))).toBe('standby');
    expect(roleFor(register({ term: 3 }), 'standby', lobby(3, true))).toBe('standby');
    expect(roleFor(register({ standby: true }), 'owner', lobby(3, false))).toBe('standby');
    expect(roleFor(register({ term: 3 }), 'standby', lobby(3, false))).toBe('primary');
    expect(roleFor(register({ term: 3, standby: true }), 'owner', lobby(3, false))).toBe('primary');
    expect(roleFor(register({ term: 0, standby: true }), 'owner', lobby(0, false))).toBe('standby');
  });

  it('keeps an owner with an older term a standby while synced standbys wait for a primary', () => {
    const waiting = lobby(3, false, [null, 4]);
    expect(roleFor(register({ term: 2 }), 'owner', waiting)).toBe('standby');
    expect(roleFor(register(), 'owner', waiting)).toBe('standby');
    expect(roleFor(register({ term: 2 }), 'owner', lobby(3, false, [null]))).toBe('primary');
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
    expect(hosts.ack(standby, 0, 9)).toBe(false);
    expect(standby.ackedSeq).toBe(5);
    hosts.setPrimary(entry('q'), 2);
    expect(hosts.candidate()).toBeUndefined();
  });
});
