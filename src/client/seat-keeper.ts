/**
 * The game host's side of a departure. A player whose match connection ended
 * (closed, or silent: see heartbeat.ts) keeps its seat for `graceMs`: it may
 * be reloading its tab, and a player who comes back in time is admitted again
 * on its old seat. When the grace runs out the lobby host is told
 * (`reportPlayerLeft`): the core frees the seat in its game session and, with
 * `BackfillMode: AUTOMATIC`, starts a backfill that refills it; the newcomer
 * then connects to this game host like the first players did.
 */
import type { Timers } from '../net/backoff.ts';

/** The default grace before a departed player's seat is released, ms. */
export const DEFAULT_SEAT_GRACE_MS = 10_000;

export interface SeatKeeperOptions {
  timers: Timers;
  /** How long a departed player keeps its seat, ms; 0 releases at once. */
  graceMs: number;
  /** Tells the lobby host the seat is free. */
  release(gameSessionArn: string, playerId: string): Promise<void>;
}

/** See the file comment. */
export class SeatKeeper {
  /** The grace timer of each departed player, by session and player. */
  private readonly waiting = new Map<string, unknown>();

  constructor(private readonly options: SeatKeeperOptions) {
    if (!Number.isFinite(options.graceMs) || options.graceMs < 0) {
      throw new RangeError(`seatGraceMs: expected 0 or more milliseconds, got ${String(options.graceMs)}`);
    }
  }

  /** `playerId`'s connection to this game host ended: its seat is released after the grace, unless it returns. */
  departed(gameSessionArn: string, playerId: string): void {
    const key = keyOf(gameSessionArn, playerId);
    if (this.waiting.has(key)) return;
    const timer = this.options.timers.setTimeout(() => {
      this.waiting.delete(key);
      this.options.release(gameSessionArn, playerId).catch(() => undefined);
    }, this.options.graceMs);
    this.waiting.set(key, timer);
  }

  /** `playerId` is admitted again: it keeps its seat. */
  returned(gameSessionArn: string, playerId: string): void {
    const key = keyOf(gameSessionArn, playerId);
    this.options.timers.clearTimeout(this.waiting.get(key));
    this.waiting.delete(key);
  }

  /** Whether `playerId` is within its grace. */
  holds(gameSessionArn: string, playerId: string): boolean {
    return this.waiting.has(keyOf(gameSessionArn, playerId));
  }

  /** Stops every grace timer without releasing anything (this client is leaving). */
  close(): void {
    for (const timer of this.waiting.values()) this.options.timers.clearTimeout(timer);
    this.waiting.clear();
  }
}

function keyOf(gameSessionArn: string, playerId: string): string {
  return `${gameSessionArn}\u0000${playerId}`;
}
