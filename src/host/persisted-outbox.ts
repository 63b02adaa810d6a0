/**
 * Batched saves with the messages they cover held back: the lobby host's
 * write-ahead rule. Every state change marks the state dirty; saves run at
 * most every `intervalMs` (coalescing every change since the last one); and a
 * message queued after a change is delivered only once a save that includes
 * that change has finished. So a player never hears "ticket accepted" or
 * "match found" from a host that could still forget it on a reload or crash.
 * Messages queued while nothing is unsaved go out at once; order is kept.
 */

/** What the outbox needs from its host. */
export interface PersistedOutboxOptions<M> {
  /**
   * Writes the current state; called with no other save running.
   * `releasing`: the messages held for changes this save covers, which go
   * out once it resolves (a replicating host sends them along, replication.ts).
   */
  save(releasing: M[]): Promise<void>;
  /** Hands one message to the network. */
  deliver(message: M): void;
  /** Shortest time between the starts of two saves (ms); default 200. */
  intervalMs?: number;
  /** A save that failed; its messages are delivered anyway (the host keeps serving). */
  onError?(error: unknown): void;
  /** Current time in ms; default `Date.now`. */
  now?(): number;
}

/** See the file comment. */
export class PersistedOutbox<M> {
  private readonly queue: { message: M; epoch: number }[] = [];
  private changeEpoch = 0;
  private savedEpoch = 0;
  private saving: Promise<void> | undefined;
  /** Cancels the save scheduled, if any. */
  private timer: (() => void) | undefined;
  private lastSaveStartMs = -Infinity;
  private closed = false;
  private readonly intervalMs: number;
  private readonly now: () => number;

  constructor(private readonly options: PersistedOutboxOptions<M>) {
    this.intervalMs = options.intervalMs ?? 200;
    this.now = options.now ?? Date.now;
  }

  /** Whether some change is not saved yet. */
  get dirty(): boolean {
    return this.changeEpoch > this.savedEpoch;
  }

  /** Marks the state changed; a save follows within `intervalMs`. */
  changed(): void {
    if (this.closed) return;
    this.changeEpoch += 1;
    this.schedule();
  }

  /** Delivers `message` now when nothing is unsaved, else after the save covering every change so far. */
  send(message: M): void {
    if (this.queue.length === 0 && !this.dirty) {
      this.options.deliver(message);
      return;
    }
    this.queue.push({ message, epoch: this.changeEpoch });
  }

  /** Saves now if anything is unsaved, and resolves once every queued message has gone out. */
  async flush(): Promise<void> {
    this.timer?.();
    this.timer = undefined;
    while (this.saving !== undefined || this.dirty) {
      if (this.saving === undefined) this.runSave();
      await this.saving;
    }
    this.release();
  }

  /** Stops scheduling saves; call `flush()` first to keep the last changes. */
  close(): void {
    this.closed = true;
    this.timer?.();
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.timer !== undefined || this.saving !== undefined || this.closed) return;
    const delayMs = Math.max(0, this.lastSaveStartMs + this.intervalMs - this.now());
    this.timer = later(delayMs, () => {
      this.timer = undefined;
      if (this.dirty && this.saving === undefined) this.runSave();
    });
  }

  private runSave(): void {
    // Changes up to here are in the state `save` reads; later ones wait for the next save.
    const epoch = this.changeEpoch;
    this.lastSaveStartMs = this.now();
    const releasing = this.queue.filter((entry) => entry.epoch <= epoch).map((entry) => entry.message);
    this.saving = this.options
      .save(releasing)
      .catch((error: unknown) => this.options.onError?.(error))
      .then(() => {
        this.savedEpoch = Math.max(this.savedEpoch, epoch);
        this.saving = undefined;
        this.release();
        if (this.dirty) this.schedule();
      });
  }

  private release(): void {
    while (this.queue.length > 0 && this.queue[0]!.epoch <= this.savedEpoch) {
      this.options.deliver(this.queue.shift()!.message);
    }
  }
}

/**
 * Runs `run` after `delayMs`; returns its cancellation. A save due now runs
 * once the current I/O is handled (`setImmediate`, so changes that arrived
 * together share it), not after the 1 ms least delay of `setTimeout`, which
 * every answer of an idle host would wait; a browser, without
 * `setImmediate`, waits a `setTimeout` of 0.
 */
function later(delayMs: number, run: () => void): () => void {
  if (delayMs === 0 && typeof setImmediate === 'function') {
    const handle = setImmediate(run);
    return () => clearImmediate(handle);
  }
  const handle = setTimeout(run, delayMs);
  return () => clearTimeout(handle);
}
