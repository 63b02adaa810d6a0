/**
 * The console's view of the lobby's hosts, as pure data: this host's role
 * (primary or standby) and term, a primary's standbys with how far behind
 * each is, and the standby credential the operator gives standby hosts.
 * The controller reads it from the running host at every poll
 * (`hostsViewOf`); console-hosts-view.ts renders it.
 */
import type { HostRole, RunningLobbyHost } from '../../host/host-runtime.ts';
import type { StandbyStatus } from '../../host/replication.ts';
import type { ConsoleStrings } from './console-strings.ts';
import { sameJson } from '../../core/same-json.ts';

/** What the console shows of the lobby's hosts. */
export interface HostsView {
  /** `undefined` while no host runs in this console. */
  role: HostRole | undefined;
  /** The term this host serves under (primary) or follows (standby). */
  term: number | undefined;
  hostId: string | undefined;
  /** The lobby's standby credential (known to a primary that registered with the lobby token). */
  standbyToken: string | undefined;
  /** A primary's standbys (empty for a standby). */
  standbys: StandbyStatus[];
  /** A standby: the `seq` of the primary's stream it holds. */
  replicaSeq: number;
}

/** No host running. */
export const NO_HOSTS: HostsView = Object.freeze({
  role: undefined,
  term: undefined,
  hostId: undefined,
  standbyToken: undefined,
  standbys: [],
  replicaSeq: 0,
});

/** The parts of a running host the view reads. */
export type HostsSource = Pick<RunningLobbyHost, 'role' | 'term' | 'hostId' | 'standbyToken' | 'standbys' | 'replicaSeq'>;

/**
 * The view of a running host now. `startedWith`: the credential a standby
 * was started with, shown when the relay named no standby credential (it
 * names it only to a host that registered with the lobby token, so a
 * standby started with the lobby token shows the credential the relay gave).
 */
export function hostsViewOf(host: HostsSource, startedWith?: string): HostsView {
  return {
    role: host.role,
    term: host.term,
    hostId: host.hostId,
    standbyToken: host.standbyToken ?? startedWith,
    standbys: host.standbys().map((standby) => ({ ...standby })),
    replicaSeq: host.replicaSeq,
  };
}

/** True when both views show the same (so a poll that changed nothing does not re-render). */
export function sameHostsView(a: HostsView, b: HostsView): boolean {
  return sameJson(a, b);
}

/** Whether the console shows the full live view: a primary's, or a host from before roles (no role yet). */
export function servesLive(view: HostsView): boolean {
  return view.role === undefined || view.role === 'primary' || view.role === 'connecting';
}

/** The error the host's Matchmaker answers while the host is a standby. */
export function isNotPrimary(error: unknown): boolean {
  return error instanceof Error && error.name === 'NotPrimary';
}

/** The role in the console's words. */
export function roleLabel(role: HostRole | undefined, s: ConsoleStrings): string {
  switch (role) {
    case 'primary':
      return s.rolePrimary;
    case 'standby':
      return s.roleStandby;
    case 'closed':
      return s.roleClosed;
    case 'connecting':
    case undefined:
      return s.roleConnecting;
  }
}

/** One standby's line: its id, and whether it holds every change or how many it lags. */
export interface StandbyRow {
  hostId: StandbyStatus['hostId'];
  /** "in sync", "3 changes behind", "receiving the snapshot". */
  lagText: string;
  synced: boolean;
  lag: number;
}

/** The standbys' rows, least up to date last. */
export function standbyRows(standbys: readonly StandbyStatus[], s: ConsoleStrings): StandbyRow[] {
  return [...standbys]
    .sort((a, b) => a.lag - b.lag || a.hostId.localeCompare(b.hostId))
    .map((standby) => ({
      hostId: standby.hostId,
      synced: standby.synced,
      lag: standby.lag,
      lagText: !standby.synced ? s.standbySyncing : standby.lag === 0 ? s.standbyInSync : s.standbyBehind.replace('{count}', String(standby.lag)),
    }));
}
