/**
 * The live side of one lobby in the relay: its hosts (lobby-hosts.ts: the
 * primary that serves, the standbys), its client connections by identity,
 * the requests forwarded to the primary and not answered yet (handed again
 * to a new primary), the requests waiting while no primary serves, and the
 * host messages waiting while a client is away. Routing only; the relay
 * decides who may join or register, and who is primary.
 *
 * Nothing is dropped in silence: a request that cannot wait for the host is
 * answered `HOST_UNAVAILABLE` to its sender, and a host message that cannot
 * reach its client is answered `CLIENT_UNAVAILABLE` to the host.
 */
import { encodeFrame } from '../net/protocol.ts';
import type { ClientId, HostStatusFrame, LobbyName, RequestFrame } from '../net/protocol.ts';
import { LobbyHosts } from './lobby-hosts.ts';
import type { RelayConnection } from './relay-connection.ts';
import type { RelayLimits } from './relay-limits.ts';

/** A client request waiting for the host. */
interface QueuedRequest {
  clientId: ClientId;
  request: RequestFrame;
  queuedAtMs: number;
}

/** A client request forwarded to the primary and not answered yet. */
interface InFlightRequest {
  clientId: ClientId;
  request: RequestFrame;
}

/** A client whose connection closed, and what the host sent it since. */
interface AwayClient {
  sinceMs: number;
  outbox: string[];
}

/** One lobby's connections and waiting messages. */
export class LiveLobby {
  readonly hosts: LobbyHosts;
  readonly clients = new Map<ClientId, RelayConnection>();
  /** Set once a client was told the host is away (`host-status` or `joined.hostAvailable` false); cleared when told it is back. */
  toldAway = false;
  private readonly away = new Map<ClientId, AwayClient>();
  /** Requests the primary has not answered, by client and request id, oldest first. */
  private readonly inFlight = new Map<string, InFlightRequest>();
  private queue: QueuedRequest[] = [];
  private queueTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly name: LobbyName,
    private readonly limits: RelayLimits,
    private readonly now: () => number,
    /** When the host was last seen (the grace period for queued requests counts from here). */
    private hostAwaySinceMs: number,
    term: number,
  ) {
    this.hosts = new LobbyHosts(term);
  }

  /** The primary host's connection while it serves, else `null` (requests wait). */
  get host(): RelayConnection | null {
    return this.hosts.serving;
  }

  /** True when nothing lives here any more (the relay may forget the lobby). */
  get empty(): boolean {
    return this.hosts.empty && this.clients.size === 0 && this.away.size === 0 && this.queue.length === 0;
  }

  /** Requests forwarded to the primary and not answered yet. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Requests waiting for the host. */
  get queued(): number {
    return this.queue.length;
  }

  // --- Host ----------------------------------------------------------------------

  /**
   * The primary (`hosts.primary`, told it is primary) serves from now on: it
   * gets every request in flight (a previous primary may not have answered
   * them), then every waiting one, oldest first. The clients hear that the
   * host is back when they were told it was away, or, with `term` (a standby
   * took over), always.
   */
  serve(term?: number): void {
    const primary = this.hosts.primary;
    if (primary === null) return;
    this.hosts.ready = true;
    this.hosts.lastHeardMs = this.now();
    for (const item of this.inFlight.values()) primary.connection.send({ type: 'from-client', clientId: item.clientId, message: item.request });
    const waiting = this.queue;
    this.queue = [];
    this.clearQueueTimer();
    for (const item of waiting) this.forwardRequest(item.clientId, item.request);
    if (this.toldAway || term !== undefined) {
      const status: HostStatusFrame = term === undefined ? { type: 'host-status', available: true } : { type: 'host-status', available: true, term };
      this.broadcast(encodeFrame(status));
      this.toldAway = false;
    }
  }

  /**
   * The primary stops serving (lost, replaced, handing the lobby over):
   * requests wait from now on (for `hostGraceMs`). With `tellClients` (no
   * standby takes over) the clients hear that the host is away.
   */
  pause(tellClients: boolean): void {
    if (this.hosts.ready) this.hostAwaySinceMs = this.now();
    this.hosts.ready = false;
    if (tellClients) {
      this.broadcast(encodeFrame({ type: 'host-status', available: false }));
      this.toldAway = true;
    }
  }

  /** A response to `requestId` of `clientId` passed: the request is no longer in flight. */
  answered(clientId: ClientId, requestId: string): void {
    this.inFlight.delete(inFlightKey(clientId, requestId));
  }

  /** Where the relay hears of a request it forgot because too many were in flight; set by the relay. */
  onInFlightDropped: (clientId: ClientId, request: RequestFrame) => void = () => undefined;

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
    const host = this.host;
    if (host !== null) {
      this.remember(clientId, request);
      host.send({ type: 'from-client', clientId, message: request });
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

  /** Forgets clients away longer than `clientGraceMs`, and the requests in flight of clients gone for good. */
  sweepAway(): void {
    const cutoff = this.now() - this.limits.clientGraceMs;
    for (const [clientId, away] of this.away) if (away.sinceMs <= cutoff) this.away.delete(clientId);
    for (const [key, item] of this.inFlight) if (!this.knows(item.clientId)) this.inFlight.delete(key);
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

  /** Notes a request forwarded to the primary, forgetting the oldest beyond `maxInFlightPerLobby`. */
  private remember(clientId: ClientId, request: RequestFrame): void {
    const key = inFlightKey(clientId, request.requestId);
    this.inFlight.delete(key);
    this.inFlight.set(key, { clientId, request });
    if (this.inFlight.size <= this.limits.maxInFlightPerLobby) return;
    const [oldestKey, oldest] = this.inFlight.entries().next().value!;
    this.inFlight.delete(oldestKey);
    this.onInFlightDropped(oldest.clientId, oldest.request);
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

function inFlightKey(clientId: ClientId, requestId: string): string {
  return `${clientId}\n${requestId}`;
}
