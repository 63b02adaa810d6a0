/**
 * The options of a Matchmaker thread, apart from node-worker.ts (which starts
 * the thread) so that the thread's entry, matchmaker-thread.ts, can read them
 * without importing the module that points at it.
 */
import type { MatchmakerSnapshot } from '../core/matchmaker/index.ts';

/** How the thread starts. Everything here crosses to the thread by structured clone. */
export interface NodeMatchmakerOptions {
  /** Milliseconds between ticks; default 1000. `null` starts without a timer. */
  tickIntervalMs?: number | null;
  /** The Matchmaker's AWS region (in ARNs and events). */
  region?: string;
  /** Start from this snapshot. A bad one ends the thread: calls reject with `WorkerGoneError` naming the cause. */
  snapshot?: MatchmakerSnapshot;
  /**
   * A module specifier or file URL (absolute: it is imported from the thread)
   * whose default export is the placement hook. Functions cannot cross to a
   * thread, so the hook is loaded there.
   */
  placementModule?: string;
}
