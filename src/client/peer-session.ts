/**
 * The player's PeerJS peer, kept registered under one id: the id is chosen by
 * the client (so it is known before `startMatchmaking` and survives a page
 * reload through the client's storage), a `disconnected` peer (signaling
 * socket lost, server restart) is re-registered with backoff, and an id the
 * server still holds for a closing old page (`unavailable-id`) is claimed
 * again after a delay.
 */
import { backoffDelayMs, systemTimers, type Timers } from '../net/backoff.ts';
import type { DataConnectionLike, PeerErrorLike, PeerFactory, PeerLike, PeerServerOptions } from './peer-like.ts';

/** What a `PeerSession` reports. */
export type PeerSessionNotice =
  | { kind: 'open'; peerId: string }
  | { kind: 'down'; reason: string }
  | { kind: 'connection'; connection: DataConnectionLike }
  /** A `connect` target is not registered with the signaling server (PeerJS `peer-unavailable`). */
  | { kind: 'peer-unavailable'; peerId: string; message: string };

/** Options of `PeerSession`. */
export interface PeerSessionOptions {
  peerId: string;
  server: PeerServerOptions;
  factory: PeerFactory;
  timers?: Timers;
  random?: () => number;
}

/** PeerJS error types after which the peer object is unusable and a new one is made. */
const FATAL_TYPES = new Set(['unavailable-id', 'invalid-id', 'browser-incompatible', 'ssl-unavailable']);

/** A new peer id: PeerJS ids start and end with an alphanumeric character. */
export function newPeerId(random: () => number = Math.random): string {
  let id = 'pm';
  for (let i = 0; i < 20; i++) id += Math.floor(random() * 36).toString(36);
  return id;
}

/** See the file comment. */
export class PeerSession {
  private peer: PeerLike | undefined;
  private attempt = 0;
  private retryTimer: unknown;
  private closed = false;
  private readonly listeners = new Set<(notice: PeerSessionNotice) => void>();
  private readonly timers: Timers;
  private readonly random: () => number;
  private waiters: { resolve(): void; reject(error: Error): void }[] = [];

  constructor(private readonly options: PeerSessionOptions) {
    this.timers = options.timers ?? systemTimers;
    this.random = options.random ?? Math.random;
  }

  /** The id this session registers (fixed for its lifetime). */
  get peerId(): string {
    return this.options.peerId;
  }

  /** True while the peer is registered with the signaling server. */
  get open(): boolean {
    return this.peer?.open === true && !this.peer.disconnected;
  }

  /** Subscribes; returns the unsubscribe function. */
  on(listener: (notice: PeerSessionNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Creates the peer (once) and resolves when it is registered; rejects with `PeerUnavailable` after `timeoutMs`. */
  start(timeoutMs: number): Promise<void> {
    if (!this.peer && !this.closed && this.retryTimer === undefined) this.create();
    if (this.open) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        resolve: () => {
          this.timers.clearTimeout(timer);
          resolve();
        },
        reject: (error: Error) => {
          this.timers.clearTimeout(timer);
          reject(error);
        },
      };
      const timer = this.timers.setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        const error = new Error(`peer ${this.peerId}: not registered with the PeerJS server within ${timeoutMs} ms`);
        error.name = 'PeerUnavailable';
        reject(error);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Opens a DataConnection to `peerId` (JSON serialization, reliable). */
  connect(peerId: string, metadata: unknown): DataConnectionLike {
    if (!this.peer || this.closed) {
      const error = new Error(`peer ${this.peerId}: not started or closed`);
      error.name = 'PeerUnavailable';
      throw error;
    }
    return this.peer.connect(peerId, { metadata, reliable: true, serialization: 'json' });
  }

  /** Destroys the peer and every connection; no more retries. */
  close(): void {
    this.closed = true;
    if (this.retryTimer !== undefined) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.peer?.destroy();
    this.peer = undefined;
    for (const waiter of this.waiters.splice(0)) {
      const error = new Error(`peer ${this.peerId}: closed`);
      error.name = 'ClientClosed';
      waiter.reject(error);
    }
  }

  private create(): void {
    this.retryTimer = undefined;
    if (this.closed) return;
    const peer = this.options.factory(this.peerId, this.options.server);
    this.peer = peer;
    const current = () => this.peer === peer && !this.closed;
    peer.on('open', () => {
      if (!current()) return;
      this.attempt = 0;
      this.emit({ kind: 'open', peerId: this.peerId });
      for (const waiter of this.waiters.splice(0)) waiter.resolve();
    });
    peer.on('connection', (connection) => {
      if (current()) this.emit({ kind: 'connection', connection });
    });
    peer.on('disconnected', () => {
      if (!current()) return;
      this.emit({ kind: 'down', reason: 'disconnected from the PeerJS server' });
      // A peer destroyed meanwhile cannot reconnect: a new one takes its place.
      this.retry(() => (peer.destroyed ? this.create() : peer.reconnect()));
    });
    peer.on('error', (error: PeerErrorLike) => {
      if (!current()) return;
      if (error.type === 'peer-unavailable') {
        // PeerJS: "Could not connect to peer <id>".
        const target = /peer\s+(\S+)$/.exec(error.message)?.[1] ?? '';
        this.emit({ kind: 'peer-unavailable', peerId: target, message: error.message });
        return;
      }
      if (FATAL_TYPES.has(error.type ?? '') || peer.destroyed) {
        this.emit({ kind: 'down', reason: `${error.type ?? 'error'}: ${error.message}` });
        // Forgotten first: PeerJS's destroy fires `disconnected`, which must not schedule a reconnect of this dead peer.
        this.peer = undefined;
        peer.destroy();
        this.retry(() => this.create());
        return;
      }
      if (peer.disconnected && this.retryTimer === undefined) this.retry(() => peer.reconnect());
    });
  }

  private retry(action: () => void): void {
    if (this.closed || this.retryTimer !== undefined) return;
    const delayMs = backoffDelayMs(this.attempt++, { initialDelayMs: 500, maxDelayMs: 5000 }, this.random);
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = undefined;
      if (this.closed) return;
      try {
        action();
      } catch {
        this.retry(action);
      }
    }, delayMs);
  }

  private emit(notice: PeerSessionNotice): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(notice);
      } catch {
        // A listener's failure is its own.
      }
    }
  }
}
