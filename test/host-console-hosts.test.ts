import { describe, expect, it } from 'vitest';
import type { HostId } from '../src/net/protocol.ts';
import { hostsViewOf, isNotPrimary, NO_HOSTS, roleLabel, sameHostsView, servesLive, standbyRows, type HostsSource } from '../src/elements/host-console/console-hosts.ts';
import { emptyState, type ConsoleState } from '../src/elements/host-console/console-state.ts';
import { statusText } from '../src/elements/host-console/console-status.ts';
import { CONSOLE_STRINGS } from '../src/elements/host-console/console-strings.ts';

const id = (value: string) => value as HostId;

function source(patch: Partial<HostsSource> & { standbyList?: ReturnType<HostsSource['standbys']> } = {}): HostsSource {
  const { standbyList = [], ...rest } = patch;
  return { role: 'primary', term: 2, hostId: id('h-1'), standbyToken: 'sb-token', replicaSeq: 0, standbys: () => standbyList, ...rest };
}

function hosting(patch: Partial<ConsoleState>): ConsoleState {
  return { ...emptyState(), phase: 'hosting', ...patch };
}

describe("the console's view of the lobby's hosts", () => {
  it("reads the running host's role, term, standbys and standby credential", () => {
    const view = hostsViewOf(source({ standbyList: [{ hostId: id('h-2'), ackedSeq: 7, lag: 1, synced: true }] }));
    expect(view).toEqual({
      role: 'primary',
      term: 2,
      hostId: 'h-1',
      standbyToken: 'sb-token',
      standbys: [{ hostId: 'h-2', ackedSeq: 7, lag: 1, synced: true }],
      replicaSeq: 0,
    });
  });

  it('shows the credential a standby was started with when the relay named none, and the relay\'s one over it', () => {
    expect(hostsViewOf(source({ role: 'standby', standbyToken: undefined }), 'started-with').standbyToken).toBe('started-with');
    expect(hostsViewOf(source({ standbyToken: 'from-relay' }), 'started-with').standbyToken).toBe('from-relay');
    expect(hostsViewOf(source({ standbyToken: undefined })).standbyToken).toBeUndefined();
  });

  it('tells a poll that changed nothing from one where a standby fell behind', () => {
    const before = hostsViewOf(source({ standbyList: [{ hostId: id('h-2'), ackedSeq: 7, lag: 0, synced: true }] }));
    const same = hostsViewOf(source({ standbyList: [{ hostId: id('h-2'), ackedSeq: 7, lag: 0, synced: true }] }));
    const behind = hostsViewOf(source({ standbyList: [{ hostId: id('h-2'), ackedSeq: 7, lag: 3, synced: true }] }));
    expect(sameHostsView(before, same)).toBe(true);
    expect(sameHostsView(before, behind)).toBe(false);
  });

  it('shows the live view for a primary and for a host still connecting, not for a standby or a stopped host', () => {
    expect(servesLive(hostsViewOf(source({ role: 'primary' })))).toBe(true);
    expect(servesLive(hostsViewOf(source({ role: 'connecting' })))).toBe(true);
    expect(servesLive(NO_HOSTS)).toBe(true);
    expect(servesLive(hostsViewOf(source({ role: 'standby' })))).toBe(false);
    expect(servesLive(hostsViewOf(source({ role: 'closed' })))).toBe(false);
  });

  it("recognises the standby Matchmaker's NotPrimary refusal and nothing else", () => {
    const notPrimary = Object.assign(new Error('listTickets: this lobby host is a standby'), { name: 'NotPrimary' });
    expect(isNotPrimary(notPrimary)).toBe(true);
    expect(isNotPrimary(new Error('NotPrimary'))).toBe(false);
    expect(isNotPrimary({ name: 'NotPrimary' })).toBe(false);
  });

  it('lists standbys in sync first, then by lag, saying how far behind each is', () => {
    const rows = standbyRows(
      [
        { hostId: id('far'), ackedSeq: 1, lag: 12, synced: true },
        { hostId: id('new'), ackedSeq: 0, lag: 40, synced: false },
        { hostId: id('near'), ackedSeq: 13, lag: 0, synced: true },
      ],
      CONSOLE_STRINGS,
    );
    expect(rows.map((row) => [row.hostId, row.lagText])).toEqual([
      ['near', 'in sync'],
      ['far', '12 changes behind'],
      ['new', 'receiving the snapshot'],
    ]);
  });

  it('names every role in words', () => {
    expect(['primary', 'standby', 'closed', 'connecting', undefined].map((role) => roleLabel(role as never, CONSOLE_STRINGS))).toEqual([
      'Primary',
      'Standby',
      'Stopped',
      'Connecting…',
      'Connecting…',
    ]);
  });
});

describe("the console's status line with host roles", () => {
  const hosts = (role: 'primary' | 'standby', term: number) => ({ ...NO_HOSTS, role, term });

  it('says a primary hosts the lobby under its term, keeping the restored note', () => {
    expect(statusText(hosting({ hosts: hosts('primary', 3) }), CONSOLE_STRINGS, 'arena')).toBe('Hosting lobby "arena" as the primary host, term 3.');
    expect(statusText(hosting({ hosts: hosts('primary', 1), restored: true }), CONSOLE_STRINGS, 'arena')).toBe(
      'Hosting lobby "arena" (restored from the saved state) as the primary host, term 1.',
    );
  });

  it('says a standby holds the state and is ready to take over, and announces the promotion as hosting', () => {
    const standby = statusText(hosting({ hosts: hosts('standby', 4) }), CONSOLE_STRINGS, 'arena');
    expect(standby).toBe('Standby host of lobby "arena" (term 4): holding the primary\'s state, ready to take over.');
    const promoted = statusText(hosting({ hosts: hosts('primary', 5) }), CONSOLE_STRINGS, 'arena');
    expect(promoted).not.toBe(standby);
    expect(promoted).toContain('primary host, term 5');
  });

  it('keeps the pause and the last message after the role', () => {
    expect(statusText(hosting({ hosts: hosts('primary', 2), paused: true, message: 'Exported x.json.' }), CONSOLE_STRINGS, 'arena')).toBe(
      'Hosting lobby "arena" as the primary host, term 2. Paused: no matchmaking ticks, requests still answered. Exported x.json.',
    );
  });

  it('still explains a refusal with what to do', () => {
    const refused = { ...emptyState(), phase: 'refused' as const, refusal: { code: 'BAD_TOKEN', message: 'no' } };
    expect(statusText(refused, CONSOLE_STRINGS, 'arena')).toContain('that is not its token (BAD_TOKEN)');
  });
});
