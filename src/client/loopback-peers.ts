/**
 * An in-memory stand-in for PeerJS and WebRTC: a `PeerFactory` whose peers
 * reach each other through one shared `LoopbackNetwork`, asynchronously, with
 * DataConnections that open after `openDelayMs`. For tests of the hand-off in
 * Node (no browser, no WebRTC) and for games that want to test their lobby
 * logic without a network. Not a security boundary: ids are taken as given.
 */
import type { DataConnectionLike, PeerErrorLike, PeerFactory, PeerLike } from './peer-like.ts';

type Listener = (...args: never[]) => void;

/** A tiny event emitter with PeerJS's `on(event, listener)` shape. */
class Emitter {
  private readonly listeners = new Map<string, Listener[]>();

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  protected fire(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }
}

/** Options of `createLoopbackNetwork`. */
export interface LoopbackOptions {
  /** Delay before a DataConnection opens on both ends, ms (default 5). */
  openDelayMs?: number;
}

/** One end of a loopback DataConnection. */
class LoopbackConnection extends Emitter implements DataConnectionLike {
  open = false;
  other: LoopbackConnection | undefined;
  private closed = false;

  constructor(
    readonly peer: string,
    readonly metadata: unknown,
  ) {
    super();
  }

  send(data: unknown): void {
    if (!this.open || !this.other) throw new Error(`loopback: connection to ${this.peer} is not open`);
    const copy = JSON.parse(JSON.stringify(data)) as unknown;
    const other = this.other;
    queueMicrotask(() => {
      if (other.open) other.fire('data', copy);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const wasOpen = this.open;
    this.open = false;
    this.fire('close');
    if (wasOpen || this.other) queueMicrotask(() => this.other?.close());
  }

  markOpen(): void {
    if (this.closed) return;
    this.open = true;
    this.fire('open');
  }
}

/** A loopback peer. */
class LoopbackPeer extends Emitter implements PeerLike {
  open = false;
  disconnected = false;
  destroyed = false;

  constructor(
    readonly id: string,
    private readonly network: LoopbackNetwork,
  ) {
    super();
  }

  connect(peerId: string, options: { metadata: unknown }): DataConnectionLike {
    const mine = new LoopbackConnection(peerId, options.metadata);
    setTimeout(() => this.network.dial(this, mine, peerId, options.metadata), 0);
    return mine;
  }

  reconnect(): void {
    if (this.destroyed) throw new Error('loopback: peer destroyed');
    this.network.register(this);
  }

  destroy(): void {
    this.destroyed = true;
    this.open = false;
    this.network.unregister(this);
    this.fire('close');
  }

  /** Internal: registered with the network. */
  registered(): void {
    this.open = true;
    this.disconnected = false;
    this.fire('open', this.id);
  }

  /** Internal: refused by the network. */
  failed(error: PeerErrorLike): void {
    this.fire('error', error);
  }

  /** Internal: an incoming connection. */
  incoming(connection: DataConnectionLike): void {
    this.fire('connection', connection);
  }
}

/** The shared medium of loopback peers. */
export class LoopbackNetwork {
  private readonly peers = new Map<string, LoopbackPeer>();
  private readonly unreachable = new Set<string>();
  private readonly openDelayMs: number;

  constructor(options: LoopbackOptions = {}) {
    this.openDelayMs = options.openDelayMs ?? 5;
  }

  /** The `PeerFactory` of this network (the server options are ignored). */
  readonly factory: PeerFactory = (id) => {
    const peer = new LoopbackPeer(id, this);
    setTimeout(() => this.register(peer), 0);
    return peer;
  };

  /** Makes `peerId` silently drop every incoming connection (a host behind a firewall), or reachable again. */
  setReachable(peerId: string, reachable: boolean): void {
    if (reachable) this.unreachable.delete(peerId);
    else this.unreachable.add(peerId);
  }

  /** Registered peer ids. */
  peerIds(): string[] {
    return [...this.peers.keys()];
  }

  /** Internal. */
  register(peer: LoopbackPeer): void {
    const holder = this.peers.get(peer.id);
    if (holder && holder !== peer && !holder.destroyed) {
      peer.failed(Object.assign(new Error(`ID "${peer.id}" is taken`), { type: 'unavailable-id' }));
      return;
    }
    this.peers.set(peer.id, peer);
    peer.registered();
  }

  /** Internal. */
  unregister(peer: LoopbackPeer): void {
    if (this.peers.get(peer.id) === peer) this.peers.delete(peer.id);
  }

  /** Internal: `from` opens `mine` to `peerId`. */
  dial(from: LoopbackPeer, mine: LoopbackConnection, peerId: string, metadata: unknown): void {
    const target = this.peers.get(peerId);
    if (!target || target.destroyed) {
      from.failed(Object.assign(new Error(`Could not connect to peer ${peerId}`), { type: 'peer-unavailable' }));
      return;
    }
    if (this.unreachable.has(peerId)) return;
    const theirs = new LoopbackConnection(from.id, metadata);
    mine.other = theirs;
    theirs.other = mine;
    target.incoming(theirs);
    setTimeout(() => {
      theirs.markOpen();
      mine.markOpen();
    }, this.openDelayMs);
  }
}
