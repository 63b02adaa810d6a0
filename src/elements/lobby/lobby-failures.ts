/**
 * What a rejected client call means to the lobby: the failure reason (its
 * words and Retry) and the code the `failed` state keeps. Pure: reads only
 * the error's `name` and `message`.
 */
import { assertNever } from '../../core/assert-never.ts';
import type { LobbyFailureReason } from './lobby-state.ts';

/** A failure as the `failure` input carries it. */
export interface LobbyFailure {
  reason: LobbyFailureReason;
  message: string;
  /** The error's `name`, or a lobby code (`AcceptanceWindowClosed`). */
  code?: string;
}

/** Which call was rejected. */
export type LobbyCall = 'connect' | 'request' | 'accept';

/**
 * The failure an error of `call` means (for every call, `Replaced`, another
 * tab of this browser took over, is `replaced`):
 * - `connect`: `UnknownLobby` / `HostUnavailable` is `host-unavailable`, a
 *   bad setting (`InvalidRequestException`) an `error`, anything else `connection-failed`;
 * - `request`: `HostUnavailable` / `UnknownLobby` is `host-unavailable`, a
 *   timed-out or closed connection `connection-failed`, the rest `error`;
 * - `accept`: as `request`, except that the Matchmaker refusing an answer
 *   after the deadline (`InvalidRequestException` "the acceptance window of
 *   match ... closed at ...", see `src/core/matchmaker/acceptance.ts`) is
 *   `timed-out` with code `AcceptanceWindowClosed`: the time to accept ran out.
 */
export function failureOf(call: LobbyCall, error: unknown): LobbyFailure {
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  const named = (reason: LobbyFailureReason): LobbyFailure => ({ reason, message, ...(name ? { code: name } : {}) });
  // Any call: another tab or window of this browser took the relay identity over (one player, one seat).
  if (name === 'Replaced') return named('replaced');
  switch (call) {
    case 'connect':
      if (name === 'UnknownLobby' || name === 'HostUnavailable') return named('host-unavailable');
      return named(name === 'InvalidRequestException' ? 'error' : 'connection-failed');
    case 'accept':
      if (name === 'InvalidRequestException' && /acceptance window of match .* closed/.test(message)) {
        return { reason: 'timed-out', message, code: 'AcceptanceWindowClosed' };
      }
      return failureOf('request', error);
    case 'request':
      if (name === 'HostUnavailable' || name === 'UnknownLobby') return named('host-unavailable');
      if (name === 'RequestTimeout' || name === 'ConnectionFailed' || name === 'ClientClosed') return named('connection-failed');
      return named('error');
    default:
      return assertNever(call, 'peermatch-lobby call');
  }
}

