/**
 * The lobby's own settings: chosen by the host that serves it, saved with
 * its state and replicated to its standbys, so a promoted standby (often a
 * player's tab, started with no options) serves the lobby as its primary
 * did. An option given to the host that serves now wins over the lobby's
 * setting and becomes the lobby's setting.
 *
 * - `playerStandbys`: whether players' tabs are offered the standby credential (player-standbys.ts);
 * - `tickIntervalMs`: milliseconds between matchmaking cycles.
 */
import { awsError, show } from '../core/matchmaker/errors.ts';

/** The lobby's player-standbys setting as it is saved and replicated (player-standbys.ts): present when on. */
export interface PlayerStandbyPolicy {
  /** Offer only while the lobby has fewer standby hosts than this. */
  max?: number;
}

/** The lobby-wide settings a primary replicates with its state (an absent `playerStandbys`: off). */
export interface LobbyHostSettings {
  playerStandbys?: PlayerStandbyPolicy;
  /** Milliseconds between matchmaking cycles; absent in states saved before it was kept (1000 then). */
  tickIntervalMs?: number;
}

/** The tick interval of a lobby whose host and state name none. */
export const DEFAULT_TICK_INTERVAL_MS = 1000;
/** The longest tick interval: a lobby that ticks less often than once an hour is a mistake. */
export const MAX_TICK_INTERVAL_MS = 3_600_000;

function isTickInterval(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_TICK_INTERVAL_MS;
}

/** Refuses a `tickIntervalMs` option that is not a whole number of milliseconds from 1 to an hour (`InvalidRequestException`). */
export function checkTickIntervalOption(option: unknown): void {
  if (option !== undefined && !isTickInterval(option)) {
    throw awsError('InvalidRequestException', `tickIntervalMs: expected a whole number of milliseconds from 1 to ${MAX_TICK_INTERVAL_MS}, got ${show(option)}`);
  }
}

/**
 * The tick interval a primary serves with: the option's when given, else the
 * lobby's as saved or replicated (a damaged value reads as absent), else the default.
 */
export function tickIntervalOf(option: number | undefined, from: LobbyHostSettings | undefined): number {
  if (option !== undefined) return option;
  const kept = from?.tickIntervalMs;
  return isTickInterval(kept) ? kept : DEFAULT_TICK_INTERVAL_MS;
}
