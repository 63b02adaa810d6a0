/**
 * The wait estimate: the median time-to-match of the configuration's recently
 * completed tickets. FlexMatch often answers NOT_AVAILABLE; peermatch answers
 * whenever it has history.
 *
 * A sample is one completed new-match ticket (backfill tickets are left out:
 * they wait for players to arrive, not for a match). The window keeps the
 * last `MAX_SAMPLES` samples no older than `WINDOW_MS`, so the estimate
 * follows the population as it changes.
 */

/** At most this many samples per configuration. */
export const MAX_SAMPLES = 50;
/** Samples older than this (ms before now) no longer count. */
export const WINDOW_MS = 15 * 60 * 1000;

export interface WaitSample {
  /** When the ticket completed (ms). */
  completedAtMs: number;
  /** StartTime to completion (ms). */
  waitMs: number;
}

/** Recent time-to-match per configuration name. Plain data in, plain data out (`toJSON`). */
export class WaitHistory {
  private readonly samples = new Map<string, WaitSample[]>();
  /** The last estimate per configuration and the time it was taken at; dropped when samples change. */
  private readonly cached = new Map<string, { nowMs: number; ms: number | undefined }>();

  constructor(initial: Record<string, WaitSample[]> = {}) {
    for (const [name, list] of Object.entries(initial)) this.samples.set(name, list.map((s) => ({ ...s })));
  }

  record(configurationName: string, sample: WaitSample): void {
    this.recordWait(configurationName, sample.completedAtMs, sample.waitMs);
  }

  /** `record` from the two numbers (placement calls it for every completed ticket: no sample to copy). */
  recordWait(configurationName: string, completedAtMs: number, waitMs: number): void {
    let list = this.samples.get(configurationName);
    if (!list) this.samples.set(configurationName, (list = []));
    list.push({ completedAtMs, waitMs });
    // Trimmed in bulk (a match completes many tickets at once); only the last MAX_SAMPLES are ever read.
    if (list.length > 2 * MAX_SAMPLES) list.splice(0, list.length - MAX_SAMPLES);
    this.cached.delete(configurationName);
  }

  /** Median wait in ms over the window at `nowMs`, or undefined without samples. */
  estimateMs(configurationName: string, nowMs: number): number | undefined {
    const hit = this.cached.get(configurationName);
    if (hit !== undefined && hit.nowMs === nowMs) return hit.ms;
    const ms = this.medianMs(configurationName, nowMs);
    this.cached.set(configurationName, { nowMs, ms });
    return ms;
  }

  private medianMs(configurationName: string, nowMs: number): number | undefined {
    const recent = (this.samples.get(configurationName) ?? [])
      .slice(-MAX_SAMPLES)
      .filter((sample) => nowMs - sample.completedAtMs <= WINDOW_MS)
      .map((sample) => sample.waitMs)
      .sort((a, b) => a - b);
    if (recent.length === 0) return undefined;
    const middle = Math.floor(recent.length / 2);
    return recent.length % 2 === 1 ? recent[middle]! : Math.round((recent[middle - 1]! + recent[middle]!) / 2);
  }

  /** `EstimatedWaitTime` in whole seconds (rounded up), or undefined. */
  estimateSeconds(configurationName: string, nowMs: number): number | undefined {
    const ms = this.estimateMs(configurationName, nowMs);
    return ms === undefined ? undefined : Math.ceil(ms / 1000);
  }

  /** Replaces the samples of every configuration (restore). */
  load(samples: Record<string, WaitSample[]>): void {
    this.samples.clear();
    this.cached.clear();
    for (const [name, list] of Object.entries(samples)) this.samples.set(name, list.map((s) => ({ ...s })));
  }

  forget(configurationName: string): void {
    this.samples.delete(configurationName);
    this.cached.delete(configurationName);
  }

  toJSON(): Record<string, WaitSample[]> {
    const out: Record<string, WaitSample[]> = {};
    for (const [name, list] of this.samples) out[name] = list.slice(-MAX_SAMPLES).map((s) => ({ ...s }));
    return out;
  }
}
