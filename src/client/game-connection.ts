/**
 * The connections a game gets from the hand-off (`match-ready`,
 * `player-connected`, `peermatch-ready`): the PeerJS DataConnection itself,
 * seen through `holdEarlyData`, made as soon as the hand-off has the
 * connection. PeerJS emits `data` to whoever listens at that moment, so game
 * data that arrives before the game attached its listener would be lost;
 * here it is held and delivered, in arrival order, to the listeners the game
 * adds. peermatch's own messages (`{ type: 'peermatch-...' }`: the hand-off's,
 * heartbeats) never reach the game. Everything else (`send`, `close`, `dataChannel`, `instanceof`,
 * other events) is the DataConnection's own.
 */
import { isControlMessage } from './admission.ts';
import type { DataConnectionLike } from './peer-like.ts';

/** Messages held for a game that has not listened yet; later ones are dropped and reported as an `error` event. */
export const MAX_HELD_MESSAGES = 10_000;

type DataListener = (data: unknown) => void;

/** A hand-off connection: the DataConnection, with early data held; `raw` is the unwrapped DataConnection. */
export type GameConnection = DataConnectionLike & {
  readonly raw: DataConnectionLike;
  off(event: string, listener: (...args: never[]) => void): unknown;
};

/** The `data` listeners of one connection and what arrived while there were none. */
class HeldData {
  private readonly held: unknown[] = [];
  private readonly listeners: DataListener[] = [];
  private flushing = false;
  private overflowed = false;

  constructor(private readonly raw: DataConnectionLike) {
    raw.on('data', (data) => this.receive(data));
  }

  /** The first listeners (all those added in the same turn) get the held messages before any newer one. */
  add(listener: DataListener): void {
    this.listeners.push(listener);
    if (this.held.length > 0 && !this.flushing) {
      this.flushing = true;
      queueMicrotask(() => this.flush());
    }
  }

  remove(listener: DataListener): void {
    const index = this.listeners.indexOf(listener);
    if (index >= 0) this.listeners.splice(index, 1);
  }

  private receive(data: unknown): void {
    if (isControlMessage(data)) return;
    if (this.listeners.length > 0 && !this.flushing) return this.dispatch(data);
    if (this.held.length < MAX_HELD_MESSAGES) {
      this.held.push(data);
      return;
    }
    if (this.overflowed) return;
    this.overflowed = true;
    const error = new Error(`connection with ${this.raw.peer}: more than ${MAX_HELD_MESSAGES} messages arrived before the game listened for "data"; later ones are dropped`);
    (this.raw as { emit?: (event: string, error: Error) => unknown }).emit?.('error', error);
  }

  private flush(): void {
    while (this.held.length > 0 && this.listeners.length > 0) this.dispatch(this.held.shift());
    this.flushing = false;
  }

  private dispatch(data: unknown): void {
    for (const listener of [...this.listeners]) listener(data);
  }
}

/** See the file comment. Call once per connection, before it can receive anything. */
export function holdEarlyData(raw: DataConnectionLike): GameConnection {
  const data = new HeldData(raw);
  const onces = new Map<DataListener, DataListener>();
  const proxy: GameConnection = new Proxy(raw as GameConnection, {
    get(target, property) {
      switch (property) {
        case 'raw':
          return target;
        case 'on':
        case 'addListener':
          return (event: string, listener: DataListener) => {
            if (event === 'data') data.add(listener);
            else (target.on as (event: string, listener: DataListener) => unknown)(event, listener);
            return proxy;
          };
        case 'once':
          return (event: string, listener: DataListener) => {
            if (event !== 'data') {
              (Reflect.get(target, 'once', target) as ((e: string, l: DataListener) => unknown) | undefined)?.call(target, event, listener);
              return proxy;
            }
            const once: DataListener = (message) => {
              data.remove(once);
              onces.delete(listener);
              listener(message);
            };
            onces.set(listener, once);
            data.add(once);
            return proxy;
          };
        case 'off':
        case 'removeListener':
          return (event: string, listener: DataListener) => {
            if (event === 'data') data.remove(onces.get(listener) ?? listener);
            else (Reflect.get(target, property, target) as ((e: string, l: DataListener) => unknown) | undefined)?.call(target, event, listener);
            return proxy;
          };
        default: {
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        }
      }
    },
  });
  return proxy;
}
