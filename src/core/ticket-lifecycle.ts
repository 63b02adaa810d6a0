/**
 * The ticket lifecycle as every room reads it: which statuses are still
 * active and which FlexMatch events end a ticket. Declared once here, read
 * by the player client, the lobby host, the host console and the host-state
 * file checker alike. Pure data.
 */
import type { MatchmakingEventType } from './matchmaker/events.ts';
import type { MatchmakingConfigurationStatus } from './matchmaker/types.ts';

/** Every ticket status, in lifecycle order. */
export const TICKET_STATUSES: readonly MatchmakingConfigurationStatus[] = [
  'QUEUED',
  'SEARCHING',
  'REQUIRES_ACCEPTANCE',
  'PLACING',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'TIMED_OUT',
];

const ACTIVE: ReadonlySet<string> = new Set<MatchmakingConfigurationStatus>(['QUEUED', 'SEARCHING', 'REQUIRES_ACCEPTANCE', 'PLACING']);

/** Whether a ticket in `status` is still in the pool or in a match being formed (it can still change). */
export function isActiveStatus(status: MatchmakingConfigurationStatus | string): boolean {
  return ACTIVE.has(status);
}

/** The events after which a ticket changes no more: it succeeded, timed out, was cancelled or failed. */
export const TICKET_ENDING_EVENTS: ReadonlySet<MatchmakingEventType | string> = new Set<MatchmakingEventType>([
  'MatchmakingSucceeded',
  'MatchmakingTimedOut',
  'MatchmakingCancelled',
  'MatchmakingFailed',
]);

/** Whether an event of `type` ends its tickets without a match (timed out, cancelled, failed). */
export function endsTicketUnmatched(type: MatchmakingEventType | string): boolean {
  return type !== 'MatchmakingSucceeded' && TICKET_ENDING_EVENTS.has(type);
}

/** The `StatusReason` of a ticket cancelled because one of its players started a newer ticket. */
export const NEWER_TICKET_REASON = 'PLAYER_IN_NEWER_TICKET';

/**
 * The words that mark the message of that cancellation. Its
 * `MatchmakingCancelled` event carries only FlexMatch's `reason: "Cancelled"`,
 * so a player client tells it from a `stopMatchmaking` by the message.
 */
export const NEWER_TICKET_MARK = 'started a newer matchmaking request';

/**
 * The words that mark a lobby host's refusal of a ticket naming a player who
 * is in another client's active ticket (another device or browser holds the
 * player's seat; src/host/lobby-host.ts).
 */
export const SEAT_HELD_MARK = 'of another client';

/** Whether an error is that refusal (an `InvalidRequestException` with the mark). */
export function isSeatHeldRefusal(error: unknown): boolean {
  return error instanceof Error && error.name === 'InvalidRequestException' && error.message.includes(SEAT_HELD_MARK);
}

/** Whether a `MatchmakingCancelled` message says a player of the ticket started a newer ticket. */
export function isNewerTicketCancellation(message: string | undefined): boolean {
  return message !== undefined && message.includes(NEWER_TICKET_MARK);
}

/**
 * Whether an error refuses a game-host claim only for now: the old game host
 * (or a successor ranked above the claimant) is still there as far as the
 * lobby host knows (src/host/game-host-claim.ts: "is still connected"; the
 * core's changeGameHost: "is still there"). The relay may not have reported
 * the departure yet, so the new game host asks again (src/client/claim-game-host.ts).
 */
export function isEarlyClaimRefusal(error: unknown): boolean {
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && /is still (connected|there)/.test(message);
}
