/**
 * `GameConnection`: the DataConnection a game gets from the hand-off
 * (`match-ready`, `player-connected`, `peermatch-ready`). It wraps the PeerJS
 * DataConnection from the moment the hand-off has it, so that game data that
 * arrives before the game attached its `data` listener is held, not dropped
 * (PeerJS emits `data` to whoever listens at that moment), and delivered in
 * arrival order once the game listens. The hand-off's own messages
 * (`{ type: 'peermatch-...' }`) never reach the game.
 */
import { parseHandoffMessage } from './admission.ts';
import type { DataConnectionLike } from './peer-like.ts';

/** Messages held for a game that has not listened yet; beyond this the connection reports an error and holds no more. */
export const MAX_HELD_MESSAGES = 10_000;

type Listener = ((data: unknown) => void) | (() => void) | ((error: Error) => void);

/** See the file comment. Behaves as the `DataConnectionLike` it wraps, plus `off` and `raw`. */
export class GameConnection implements DataConnectionLike {
  private readonly held: unknown[] = [];
  private readonly dataListeners: ((data: unknown) => void)[] = [];
  private readonly errorListeners: ((error: Error) => void)[] = [];
  private flushing = false;
  private overflowed = false;

  /** `raw`: the PeerJS DataConnection itself (for what `DataConnectionLike` does not cover). */
  constructor(readonly raw: DataConnectionLike) {
    raw.on('data', (data) => this.receive(data));
  }

  get peer(): string {
    return this.raw.peer;
  }

  get metadata(): unknown {
    return this.raw.metadata;
  }

  get open(): boolean {
    return this.raw.open;
  }

  send(data: unknown): void {
    this.raw.send(data);
  }

  close(): void {
    this.raw.close();
  }

  /** Adds a listener. The first `data` listener receives the held messages, in order, before any newer one. */
  on(event: 'open' | 'close', listener: () => void): this;
  on(event: 'data', listener: (data: unknown) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  on(event: 'open' | 'close' | 'data' | 'error', listener: Listener): this {
    if (event === 'data') {
      this.dataListeners.push(listener as (data: unknown) => void);
      // A microtask: every listener the game adds in the same turn gets the held messages.
      if (this.held.length > 0 && !this.flushing) {
        this.flushing = true;
        queueMicrotask(() => this.flush());
      }
    } else if (event === 'error') {
      this.errorListeners.push(listener as (error: Error) => void);
      this.raw.on('error', listener as (error: Error) => void);
    } else this.raw.on(event, listener as () => void);
    return this;
  }

  /** Removes a `data` listener added with `on` (other events: PeerJS's own `off` on `raw`). */
  off(event: 'data', listener: (data: unknown) => void): this {
    const index = this.dataListeners.indexOf(listener);
    if (event === 'data' && index >= 0) this.dataListeners.splice(index, 1);
    return this;
  }

  private receive(data: unknown): void {
    if (parseHandoffMessage(data) !== undefined) return;
    if (this.dataListeners.length > 0 && !this.flushing) {
      this.dispatch(data);
      return;
    }
    if (this.held.length >= MAX_HELD_MESSAGES) {
      if (!this.overflowed) {
        this.overflowed = true;
        const error = new Error(`connection from ${this.raw.peer}: more than ${MAX_HELD_MESSAGES} messages arrived before the game listened for "data"; later ones are dropped`);
        for (const listener of [...this.errorListeners]) listener(error);
      }
      return;
    }
    this.held.push(data);
  }

  private flush(): void {
    while (this.held.length > 0 && this.dataListeners.length > 0) this.dispatch(this.held.shift());
    this.flushing = false;
  }

  private dispatch(data: unknown): void {
    for (const listener of [...this.dataListeners]) listener(data);
  }
}
