/**
 * The player client's side of the ticket relay: a `RelayLink` (net/relay-link.ts:
 * reconnect with backoff and jitter, join timeout, pings, stop on `REPLACED`)
 * that joins a lobby, keeps its identity across dropped sockets and server
 * restarts (`join` with `resume`), and correlates requests with responses by
 * `requestId`.
 *
 * Requests made while the socket is down wait in a queue and go out after the
 * next `joined`. Requests that were on the wire when a socket dropped are sent
 * again (same `requestId`) after the resume: the relay keeps a host's answers
 * for an away client, so the first answer wins and a duplicate is ignored;
 * the client makes its requests safe to repeat (it chooses `TicketId`s).
 *
 * Every frame is read through the shared guard `parseServerToClient`.
 */
import { assertNever } from '../core/assert-never.ts';
import type { IceConfig } from '../net/ice-config.ts';
import {
  encodeFrame,
  parseServerToClient,
  type ClientFrame,
  type ClientId,
  type ClientOp,
  type ErrorFrame,
  type JoinedFrame,
  type JsonObject,
  type LobbyName,
  type RelayErrorCode,
  type RelayEvent,
  type ServerToClientFrame,
} from '../net/protocol.ts';
import { systemTimers, type BackoffOptions, type Timers } from '../net/backoff.ts';
import { RelayLink, type RelayStatus, type RelayStatusChange, type WebSocketFactory } from '../net/relay-link.ts';
import { clientError } from './client-errors.ts';

/** A relay identity: what `join.resume` needs. */
export interface RelayIdentity {
  clientId: ClientId;
  resumeToken: string;
}

/** What a `RelaySocket` reports to its owner. */
export type RelaySocketNotice =
  | { kind: 'status'; status: RelayStatus; hostAvailable: boolean; reason?: string; retryInMs?: number }
  | { kind: 'joined'; joined: JoinedFrame }
  | { kind: 'event'; event: RelayEvent }
  /**
   * A standby host took the lobby over under `term` (the primary was lost or
   * handed it over). Nothing was lost; the pending requests are answered by
   * the new host. `waitedMs`: how long the oldest pending request has waited.
   */
  | { kind: 'host-changed'; term: number; waitedMs: number }
  /** Renewed ICE servers and TURN credentials. */
  | { kind: 'ice'; ice: IceConfig }
  /**
   * Another connection resumed this identity (another tab or window with the
   * same storage): the socket stopped for good, after its `closed` status.
   */
  | { kind: 'replaced'; message: string }
  | { kind: 'relay-error'; code: RelayErrorCode | 'MALFORMED' | 'TOO_LARGE'; message: string };

/** Options of `RelaySocket`. */
export interface RelaySocketOptions {
  /** The server's base URL (`http://host:port`, `https://...`, or `ws(s)://...`); `/relay` is appended. */
  serverUrl: string;
  lobby: LobbyName;
  /** An identity to resume on the first join (from a previous page load). */
  identity?: RelayIdentity;
  /** Default: the platform's `WebSocket` (browsers, Node 22+); pass `ws` in Node 20. */
  webSocket?: WebSocketFactory;
  timers?: Timers;
  /** [0, 1); jitter of the backoff. Default `Math.random`. */
  random?: () => number;
  backoff?: BackoffOptions;
  /** How long a request waits for its answer, counted from the call (default 35000, past the relay's 30 s host grace). */
  requestTimeoutMs?: number;
  /** A socket that has not answered `join` (or a `ping`) within this time is dropped and retried (default 10000). */
  joinTimeoutMs?: number;
  /** Interval of keepalive pings while open (default 20000); a missing `pong` drops the socket. */
  pingIntervalMs?: number;
}

export { relayUrlOf, type RelayStatus, type WebSocketFactory, type WebSocketLike } from '../net/relay-link.ts';

interface PendingRequest {
  requestId: string;
  op: ClientOp;
  input: JsonObject;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: unknown;
  /** The socket generation the request was last written to; 0 = not yet. */
  sentOn: number;
  /** When it was made (`Date.now()`). */
  createdAtMs: number;
}

/** FlexMatch event ids remembered to drop an event sent twice (by a host that took the lobby over). */
const SEEN_EVENT_IDS = 1000;

/** See the file comment. */
export class RelaySocket {
  private readonly link: RelayLink<ServerToClientFrame>;
  private nextRequest = 0;
  private readonly pending = new Map<string, PendingRequest>();
  private readonly seenEventIds = new Set<string>();
  private readonly listeners = new Set<(notice: RelaySocketNotice) => void>();
  private readonly timers: Timers;
  private readonly random: () => number;
  private firstJoin: { resolve(joined: JoinedFrame): void; reject(error: Error): void } | undefined;
  private hostAvailableNow = false;
  private identityNow: RelayIdentity | undefined;

  constructor(private readonly options: RelaySocketOptions) {
    this.timers = options.timers ?? systemTimers;
    this.random = options.random ?? Math.random;
    this.identityNow = options.identity;
    this.link = new RelayLink<ServerToClientFrame>({
      serverUrl: options.serverUrl,
      ...options.backoff,
      ...(options.joinTimeoutMs !== undefined ? { helloTimeoutMs: options.joinTimeoutMs } : {}),
      ...(options.pingIntervalMs !== undefined ? { pingIntervalMs: options.pingIntervalMs } : {}),
      ...(options.webSocket ? { webSocket: options.webSocket } : {}),
      timers: this.timers,
      random: this.random,
      hello: () => encodeFrame(this.joinFrame()),
      parse: parseServerToClient,
      onFrame: (frame) => this.onFrame(frame),
      onUnreadable: (issue) => this.emit({ kind: 'relay-error', code: issue.code, message: `unreadable frame from the relay: ${issue.message}` }),
      onStatus: (change) => this.onLinkStatus(change),
    });
  }

  /** Where the connection stands. */
  get status(): RelayStatus {
    return this.link.status;
  }

  /** Whether the lobby's host was connected at the last news from the relay. */
  get hostAvailable(): boolean {
    return this.hostAvailableNow;
  }

  /** The identity the relay issued (after the first `joined`). */
  get identity(): RelayIdentity | undefined {
    return this.identityNow;
  }

  /** Subscribes to status changes, joins, events and unsolicited relay errors; returns the unsubscribe function. */
  on(listener: (notice: RelaySocketNotice) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Connects and joins. Resolves with the first `joined`; rejects with the
   * relay's refusal (an `Error` named after the code, e.g. `UnknownLobby`) when
   * the very first join is refused for a reason a retry will not fix.
   * Later drops are retried in the background.
   */
  start(): Promise<JoinedFrame> {
    if (this.firstJoin || this.link.generation > 0) throw new Error('RelaySocket.start: already started');
    return new Promise<JoinedFrame>((resolve, reject) => {
      this.firstJoin = { resolve, reject };
      this.link.start();
    });
  }

  /**
   * Sends a request and resolves with the host's `value` (rejects with an
   * `Error` named after the AWS exception or the relay code). Waits while the
   * socket is down; rejects with `RequestTimeout` after `requestTimeoutMs`.
   */
  request(op: ClientOp, input: JsonObject, timeoutMs = this.options.requestTimeoutMs ?? 35_000): Promise<unknown> {
    if (this.link.status === 'closed') {
      return Promise.reject(clientError('ClientClosed', `${op}: the relay connection is closed`));
    }
    const requestId = `r${++this.nextRequest}-${Math.floor(this.random() * 1e9).toString(36)}`;
    return new Promise<unknown>((resolve, reject) => {
      const entry: PendingRequest = { requestId, op, input, resolve, reject, sentOn: 0, timer: undefined, createdAtMs: Date.now() };
      entry.timer = this.timers.setTimeout(() => {
        this.pending.delete(requestId);
        reject(clientError('RequestTimeout', `${op}: no answer from the lobby host within ${timeoutMs} ms (request ${requestId})`));
      }, timeoutMs);
      this.pending.set(requestId, entry);
      if (this.link.isReady) this.sendRequest(entry);
    });
  }

  /** Closes for good: no reconnect; pending requests reject with `ClientClosed`. */
  close(): void {
    this.link.close('closed by the client');
  }

  /** Drops the current socket as if the network failed (tests). It reconnects by itself. */
  dropSocket(reason = 'dropped'): void {
    this.link.drop(reason);
  }

  // --- Link status ----------------------------------------------------------------

  private onLinkStatus(change: RelayStatusChange): void {
    this.emitStatus(change);
    if (change.status !== 'closed') return;
    const code = change.refusal?.code;
    if (code === 'REPLACED') {
      this.failAll(clientError('Replaced', `another connection took over client ${this.identityNow?.clientId ?? ''}`));
      this.failFirstJoin(clientError('Replaced', change.refusal!.message));
      this.emit({ kind: 'replaced', message: change.refusal!.message });
    } else if (code === 'CONNECTION_FAILED') {
      this.failAll(clientError('ClientClosed', 'the relay connection was closed by the client'));
      this.failFirstJoin(clientError('ConnectionFailed', change.refusal!.message));
    } else {
      this.failAll(clientError('ClientClosed', 'the relay connection was closed by the client'));
      this.failFirstJoin(clientError('ClientClosed', 'the relay connection was closed before it joined'));
    }
  }

  // --- Frames ---------------------------------------------------------------------

  private joinFrame(): ClientFrame {
    return this.identityNow
      ? { type: 'join', lobby: this.options.lobby, resume: { ...this.identityNow } }
      : { type: 'join', lobby: this.options.lobby };
  }

  private onFrame(frame: ServerToClientFrame): void {
    switch (frame.type) {
      case 'joined':
        this.onJoined(frame);
        return;
      case 'response': {
        const entry = this.pending.get(frame.requestId);
        if (!entry) return; // a duplicate answer to a request sent again after a resume, or one that timed out
        this.settle(entry);
        if (frame.ok) entry.resolve(frame.value);
        else entry.reject(clientError(frame.error.name, frame.error.message));
        return;
      }
      case 'event':
        // A host that took the lobby over sends again what its predecessor may not have sent.
        if (this.seenBefore(frame.event)) return;
        this.emit({ kind: 'event', event: frame.event });
        return;
      case 'host-status':
        this.hostAvailableNow = frame.available;
        this.emit({ kind: 'status', status: this.link.status, hostAvailable: frame.available });
        if (frame.term !== undefined) this.emit({ kind: 'host-changed', term: frame.term, waitedMs: this.oldestPendingMs() });
        return;
      case 'error':
        this.onError(frame);
        return;
      case 'ice':
        this.emit({ kind: 'ice', ice: frame.ice });
        return;
      case 'pong':
        return; // read by the link
      default:
        assertNever(frame, 'RelaySocket frame');
    }
  }

  private onJoined(frame: JoinedFrame): void {
    this.identityNow = { clientId: frame.clientId, resumeToken: frame.resumeToken };
    this.hostAvailableNow = frame.hostAvailable;
    this.emit({ kind: 'joined', joined: frame });
    this.link.markReady();
    // Oldest first, so the host serves them in the order they were made.
    for (const entry of this.pending.values()) this.sendRequest(entry);
    const first = this.firstJoin;
    this.firstJoin = undefined;
    first?.resolve(frame);
  }

  private onError(frame: ErrorFrame): void {
    const entry = frame.requestId === undefined ? undefined : this.pending.get(frame.requestId);
    if (entry) {
      this.settle(entry);
      entry.reject(clientError(relayErrorName(frame.code), frame.message, frame.code));
      return;
    }
    if (!this.link.isReady) {
      this.onJoinRefused(frame);
      return;
    }
    this.emit({ kind: 'relay-error', code: frame.code, message: frame.message });
  }

  /** A refusal of `join`: drop a stale identity and retry, or give up on a first join that cannot succeed. */
  private onJoinRefused(frame: ErrorFrame): void {
    if (frame.code === 'BAD_TOKEN' && this.identityNow) {
      // The server no longer honours this identity (its lobby was claimed anew): join as a new client.
      this.identityNow = undefined;
      this.emit({ kind: 'relay-error', code: frame.code, message: `${frame.message}; joining with a new identity` });
      this.link.drop('resume refused');
      return;
    }
    const error = clientError(relayErrorName(frame.code), frame.message, frame.code);
    const fatalFirst = this.firstJoin !== undefined && (frame.code === 'UNKNOWN_LOBBY' || frame.code === 'MALFORMED');
    if (fatalFirst) {
      this.failFirstJoin(error);
      this.close();
      return;
    }
    this.emit({ kind: 'relay-error', code: frame.code, message: frame.message });
    // LOBBY_FULL, UNKNOWN_LOBBY after a server restart (the host will register again), ...: retry later.
    this.link.drop(`join refused: ${frame.code}`);
  }

  /** True for a FlexMatch event whose id was seen already (the newest `SEEN_EVENT_IDS` ids are kept). */
  private seenBefore(event: RelayEvent): boolean {
    const id = 'id' in event && typeof event.id === 'string' ? event.id : undefined;
    if (id === undefined) return false;
    if (this.seenEventIds.has(id)) return true;
    this.seenEventIds.add(id);
    if (this.seenEventIds.size > SEEN_EVENT_IDS) this.seenEventIds.delete(this.seenEventIds.values().next().value!);
    return false;
  }

  private oldestPendingMs(): number {
    let oldest = Infinity;
    for (const entry of this.pending.values()) oldest = Math.min(oldest, entry.createdAtMs);
    return oldest === Infinity ? 0 : Math.max(0, Date.now() - oldest);
  }

  private sendRequest(entry: PendingRequest): void {
    if (entry.sentOn === this.link.generation || !this.link.isOpen) return;
    entry.sentOn = this.link.generation;
    this.link.send(encodeFrame({ type: 'request', requestId: entry.requestId, op: entry.op, input: entry.input }));
  }

  private settle(entry: PendingRequest): void {
    this.pending.delete(entry.requestId);
    this.timers.clearTimeout(entry.timer);
  }

  private failAll(error: Error): void {
    for (const entry of [...this.pending.values()]) {
      this.settle(entry);
      entry.reject(error);
    }
  }

  private failFirstJoin(error: Error): void {
    const first = this.firstJoin;
    if (!first) return;
    this.firstJoin = undefined;
    first.reject(error);
  }

  private emitStatus(change: RelayStatusChange): void {
    const notice: RelaySocketNotice = { kind: 'status', status: change.status, hostAvailable: this.hostAvailableNow };
    if (change.reason !== undefined) notice.reason = change.reason;
    if (change.retryInMs !== undefined) notice.retryInMs = change.retryInMs;
    this.emit(notice);
  }

  private emit(notice: RelaySocketNotice): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(notice);
      } catch {
        // A listener's failure is its own; the socket keeps going.
      }
    }
  }
}

/** The `Error.name` of a relay error code: `HOST_UNAVAILABLE` -> `HostUnavailable`. */
export function relayErrorName(code: RelayErrorCode | string): string {
  return code
    .toLowerCase()
    .split('_')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

