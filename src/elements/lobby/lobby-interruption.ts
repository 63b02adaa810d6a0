/**
 * The lobby's reading of the relay status while a ticket is live: the
 * lobby's host leaving (`waiting-for-host`), the server dropping out
 * (`reconnecting`), and giving up on a host that does not come back. Pure,
 * like `reduceLobby`, which calls these.
 *
 * Neither interruption is a failure: the host keeps the ticket in its saved
 * state and the relay socket retries on its own. The lobby leaves an
 * interruption on news about the ticket: the `ticket-status` the client
 * reports after it re-attached (host back, or relay rejoined), or any
 * FlexMatch event of the ticket (the host is evidently there).
 */
import { assertNever } from '../../core/assert-never.ts';
import type { PeermatchClientEvent } from '../../client/peermatch-client.ts';
import type { LobbyContext, LobbyInterrupted, LobbyResumable, LobbyState } from './lobby-state-types.ts';

/** The client's relay status report. */
export type RelayStatusEvent = Extract<PeermatchClientEvent, { type: 'status' }>;

/** Whether the lobby shows a live ticket a dropped host or server interrupts (searching, proposed, accepted). */
export function isResumable(state: LobbyState): state is LobbyResumable {
  return state.status === 'searching' || state.status === 'proposed' || state.status === 'accepted';
}

/** Whether the lobby waits for the host or the server to come back. */
export function isInterrupted(state: LobbyState): state is LobbyInterrupted & LobbyState {
  return state.status === 'waiting-for-host' || state.status === 'reconnecting';
}

/**
 * The state after a relay status report:
 * - `closed` under a live search: a connection failure (while connecting,
 *   `connect()`'s rejection says why, more precisely than the socket); but
 *   `closed` because another tab took over (`replaced: ...`) is left to the
 *   client's `replaced` event;
 * - `reconnecting` under a live (or interrupted) ticket: `reconnecting`, with the next attempt's time;
 * - `open` without the host under a live ticket or while reconnecting: `waiting-for-host`;
 * - `open` with the host: no change; the client's re-attach (`ticket-status`) ends an interruption.
 */
export function fromRelayStatus(state: LobbyState, event: RelayStatusEvent, context: LobbyContext): LobbyState {
  switch (event.status) {
    case 'closed': {
      // Another tab took the relay identity over: the client's `replaced` event that follows says so.
      if (event.reason?.startsWith('replaced')) return state;
      const active = state.status !== 'idle' && state.status !== 'failed' && state.status !== 'ready' && state.status !== 'connecting';
      if (!active) return state;
      const ticketId = 'ticketId' in state ? state.ticketId : undefined;
      return {
        status: 'failed',
        reason: 'connection-failed',
        message: event.reason ?? 'the connection to the server was closed',
        code: 'RelayClosed',
        ...(ticketId !== undefined ? { ticketId } : {}),
      };
    }
    case 'reconnecting':
      if (!isResumable(state) && !isInterrupted(state)) return state;
      return interrupted(state, 'reconnecting', event.retryInMs !== undefined ? context.nowMs + event.retryInMs : undefined, context);
    case 'open':
      if (event.hostAvailable || state.status === 'waiting-for-host') return state;
      if (!isResumable(state) && state.status !== 'reconnecting') return state;
      return interrupted(state, 'waiting-for-host', undefined, context);
    case 'connecting':
      return state;
    default:
      return assertNever(event.status, 'peermatch-lobby relay status');
  }
}

function interrupted(
  state: LobbyResumable | (LobbyInterrupted & LobbyState),
  status: LobbyInterrupted['status'],
  retryAtMs: number | undefined,
  context: LobbyContext,
): LobbyState {
  const resume = isResumable(state) ? state : state.resume;
  const sinceMs = isResumable(state) ? context.nowMs : state.sinceMs;
  return { status, ticketId: resume.ticketId, sinceMs, retryAtMs, resume };
}

/**
 * The controller's bound on `waiting-for-host` ran out (`waitedMs`): the
 * lobby fails `host-unavailable` with code `HostAway` and offers Retry. The
 * ticket id stays, and the host's ticket too: if the host comes back, the
 * client's re-attach shows the ticket again.
 */
export function hostWaitOver(state: LobbyState, waitedMs: number): LobbyState {
  if (state.status !== 'waiting-for-host') return state;
  return {
    status: 'failed',
    reason: 'host-unavailable',
    message: `the lobby host did not come back within ${Math.round(waitedMs / 1000)} s; it keeps ticket ${state.ticketId}`,
    code: 'HostAway',
    ticketId: state.ticketId,
  };
}

