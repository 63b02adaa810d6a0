/**
 * The live side of one lobby in the relay: its host connection, its client
 * connections by identity, the requests waiting while the host is away, and
 * the host messages waiting while a client is away. Routing only; the relay
 * decides who may join or register.
 *
 * Nothing is dropped in silence: a request that cannot wait for the host is
 * answered `HOST_UNAVAILABLE` to its sender, and a host message that cannot
 * reach its client is answered `CLIENT_UNAVAILABLE` to the host.
 */
import { encodeFrame } from '../net/protocol.ts';
import type { ClientId, LobbyName, RequestFrame } from '../net/protocol.ts';
import type { RelayConnection } from './relay-connection.ts';
import type { RelayLimits } from './relay-limits.ts';

/** A client request waiting for the host. */
interface QueuedRequest {
  clientId: ClientId;
  request: RequestFrame;
  queuedAtMs: number;
}

/** A client whose connection closed, and what the host sent it since. */
interface AwayClient {
  sinceMs: number;
  outbox: string[];
}

/** One lobby's connections and waiting messages. */
export class LiveLobby {
  host: RelayConnection | null = null;
  readonly clients = new Map<ClientId, RelayConnection>();
  private readonly away = new Map<ClientId, AwayClient>();
  private queue: QueuedRequest[] = [];
  private queueTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly name: LobbyName,
    private readonly limits: RelayLimits,
    private readonly now: () => number,
    /** When the host was last seen (the grace period for queued requests counts from here). */
    private hostAwaySinceMs: number,
  ) {}

  /** True when nothing lives here any more (the relay may forget the lobby). */
  get empty(): boolean {
    return this.host === null && this.clients.size === 0 && this.away.size === 0 && this.queue.length === 0;
  }

  /** Requests waiting for the host. */
  get queued(): number {
    return this.queue.length;
  }

  // --- Host ----------------------------------------------------------------------

  /** Makes `host` the lobby's host and hands it every waiting request, oldest first. */
  attachHost(host: RelayConnection): void {
    const wasAway = this.host === null;
    this.host = host;
    const waiting = this.queue;
    this.queue = [];
    this.clearQueueTimer();
    for (const item of waiting) host.send({ type: 'from-client', clientId: item.clientId, message: item.request });
    if (wasAway) this.broadcast(encodeFrame({ type: 'host-status', available: true }));
  }

  /** The host connection closed; from now on requests wait (for `hostGraceMs`) or are refused. */
  detachHost(host: RelayConnection): boolean {
    if (this.host !== host) return false;
    this.host = null;
    this.hostAwaySinceMs = this.now();
    this.broadcast(encodeFrame({ type: 'host-status', available: false }));
    return true;
  }

  // --- Clients -------------------------------------------------------------------

  /**
   * Adds (or, on resume, re-attaches) a client connection, replacing any older
   * connection of the same identity, which is returned so the relay can close it.
   * Host messages that waited for this identity are delivered now.
   */
  attachClient(clientId: ClientId, connection: RelayConnection): RelayConnection | undefined {
    const previous = this.clients.get(clientId);
    this.clients.set(clientId, connection);
    const away = this.away.get(clientId);
    this.away.delete(clientId);
    for (const text of away?.outbox ?? []) connection.sendText(text);
    return previous === connection ? undefined : previous;
  }

  /** The client connection closed; host messages for it wait `clientGraceMs`. False if it had been replaced. */
  detachClient(clientId: ClientId, connection: RelayConnection): boolean {
    if (this.clients.get(clientId) !== connection) return false;
    this.clients.delete(clientId);
    this.away.set(clientId, { sinceMs: this.now(), outbox: [] });
    return true;
  }

  /** True when `clientId` may receive (now or on resume) what the host sends it. */
  knows(clientId: ClientId): boolean {
    return this.clients.has(clientId) || this.away.has(clientId);
  }

  // --- Routing -------------------------------------------------------------------

  /**
   * Routes a client request to the host, or queues it while the host is away.
   * Returns the reason when it can do neither (the caller answers `HOST_UNAVAILABLE`).
   */
  forwardRequest(clientId: ClientId, request: RequestFrame): string | null {
    if (this.host !== null) {
      this.host.send({ type: 'from-client', clientId, message: request });
      return null;
    }
    const awayMs = this.now() - this.hostAwaySinceMs;
    if (awayMs >= this.limits.hostGraceMs) {
      return `the host of lobby "${this.name}" has been away for ${Math.round(awayMs / 1000)} s`;
    }
    if (this.queue.length >= this.limits.maxQueuedPerLobby) {
      return `the host of lobby "${this.name}" is away and ${this.queue.length} requests already wait for it`;
    }
    if (this.queue.filter((q) => q.clientId === clientId).length >= this.limits.maxQueuedPerClient) {
      return `the host of lobby "${this.name}" is away and ${this.limits.maxQueuedPerClient} of your requests already wait for it`;
    }
    this.queue.push({ clientId, request, queuedAtMs: this.now() });
    if (this.queueTimer === undefined) this.scheduleExpiry();
    return null;
  }

  /**
   * Delivers a host message (encoded) to one client: now, or when it resumes
   * within `clientGraceMs`. Returns the reason when it can do neither.
   */
  deliverToClient(clientId: ClientId, text: string): string | null {
    const connection = this.clients.get(clientId);
    if (connection) {
      connection.sendText(text);
      return null;
    }
    const away = this.away.get(clientId);
    if (!away) return `client ${clientId} is not connected to lobby "${this.name}"`;
    if (this.now() - away.sinceMs >= this.limits.clientGraceMs) {
      this.away.delete(clientId);
      return `client ${clientId} left lobby "${this.name}" and did not come back`;
    }
    if (away.outbox.length >= this.limits.maxOutboxPerClient) {
      return `client ${clientId} is away and ${away.outbox.length} messages already wait for it`;
    }
    away.outbox.push(text);
    return null;
  }

  /** Sends the same encoded frame to every connected client. */
  broadcast(text: string): void {
    for (const connection of this.clients.values()) connection.sendText(text);
  }

  /** Forgets clients away longer than `clientGraceMs`. */
  sweepAway(): void {
    const cutoff = this.now() - this.limits.clientGraceMs;
    for (const [clientId, away] of this.away) if (away.sinceMs <= cutoff) this.away.delete(clientId);
  }

  /**
   * Answers every waiting request with `answer` (server shutdown, lobby
   * released) and forgets the lobby's queue.
   */
  drainQueue(answer: (clientId: ClientId, request: RequestFrame) => void): void {
    const waiting = this.queue;
    this.queue = [];
    this.clearQueueTimer();
    for (const item of waiting) answer(item.clientId, item.request);
  }

  /** Where `HOST_UNAVAILABLE` answers for expired requests go; set by the relay. */
  onExpired: (clientId: ClientId, request: RequestFrame, reason: string) => void = () => undefined;

  /** Stops the lobby's timer (the relay is closing). */
  dispose(): void {
    this.clearQueueTimer();
  }

  private scheduleExpiry(): void {
    const oldest = this.queue[0];
    if (!oldest) return;
    const delayMs = Math.max(0, oldest.queuedAtMs + this.limits.hostGraceMs - this.now());
    this.queueTimer = setTimeout(() => {
      this.queueTimer = undefined;
      const cutoff = this.now() - this.limits.hostGraceMs;
      const expired = this.queue.filter((q) => q.queuedAtMs <= cutoff);
      this.queue = this.queue.filter((q) => q.queuedAtMs > cutoff);
      const reason = `the host of lobby "${this.name}" did not come back within ${this.limits.hostGraceMs} ms`;
      for (const item of expired) this.onExpired(item.clientId, item.request, reason);
      this.scheduleExpiry();
    }, delayMs);
  }

  private clearQueueTimer(): void {
    if (this.queueTimer !== undefined) clearTimeout(this.queueTimer);
    this.queueTimer = undefined;
  }
}
