/**
 * Reconnect timing: exponential backoff with jitter, and the timer interface
 * the relay link (client and host), the peer session and the hand-off
 * schedule through, so tests can drive time.
 */

/** The timers a relay link or a client schedules with; defaults to the platform's. */
export interface Timers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The platform's `setTimeout` / `clearTimeout`. */
export const systemTimers: Timers = {
  setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** Backoff settings, in milliseconds. */
export interface BackoffOptions {
  /** The ceiling of the first retry's delay (default 250). */
  initialDelayMs?: number;
  /** The largest delay (default 5000). */
  maxDelayMs?: number;
  /** Growth per failed attempt (default 2). */
  factor?: number;
}

/**
 * The delay before reconnect attempt `attempt` (0 for the first retry):
 * "equal jitter", half the exponential ceiling plus a random share of the
 * other half, so a server restart is not met by every client at once while no
 * retry comes sooner than half its ceiling. `random` returns [0, 1).
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialDelayMs ?? 250;
  const max = options.maxDelayMs ?? 5000;
  const factor = options.factor ?? 2;
  const ceiling = Math.min(max, initial * factor ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
