/**
 * The player client's side of the ticket relay: one WebSocket to `/relay`
 * that joins a lobby, keeps its identity across dropped sockets and server
 * restarts (reconnect with exponential backoff and jitter, `join` with
 * `resume`), and correlates requests with responses by `requestId`.
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
  RELAY_CLOSE_CODES,
  RELAY_PATH,
  encodeFrame,
  isProtocolIssue,
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
} from '../net/protocol.ts';
import { backoffDelayMs, systemTimers, type BackoffOptions, type Timers } from './backoff.ts';
import { clientError } from './client-errors.ts';

/** The part of the WHATWG `WebSocket` the relay socket uses (the browser's, or `ws` in Node). */
export interface WebSocketLike {
  readonly readyState: number;
  send(text: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

/** Opens a WebSocket to `url`. */
export type WebSocketFactory = (url: string) => WebSocketLike;

/** A relay identity: what `join.resume` needs. */
export interface RelayIdentity {
  clientId: ClientId;
  resumeToken: string;
}

/**
 * Where the relay connection stands:
 * - `connecting`: the first connection is being made;
 * - `open`: joined, requests flow;
 * - `reconnecting`: the socket dropped, a retry is scheduled or under way;
 * - `closed`: `close()` was called, or another connection took this identity over (`REPLACED`).
 */
export type RelayStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** What a `RelaySocket` reports to its owner. */
export type RelaySocketNotice =
  | { kind: 'status'; status: RelayStatus; hostAvailable: boolean; reason?: string; retryInMs?: number }
  | { kind: 'joined'; joined: JoinedFrame }
  | { kind: 'event'; event: RelayEvent }
  /** Renewed ICE servers and TURN credentials. */
  | { kind: 'ice'; ice: IceConfig }
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

/** Open-state of a WHATWG WebSocket. */
const OPEN = 1;

interface PendingRequest {
  requestId: string;
  op: ClientOp;
  input: JsonObject;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: unknown;
  /** The socket generation the request was last written to; 0 = not yet. */
  sentOn: number;
}

/** The relay URL of a server base URL: `http://h:p` -> `ws://h:p/relay` (a URL already ending in `/relay` keeps its path). */
export function relayUrlOf(serverUrl: string): string {
  const url = new URL(serverUrl);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (!url.pathname.endsWith(RELAY_PATH)) url.pathname = `${url.pathname.replace(/\/+$/, '')}${RELAY_PATH}`;
  url.search = '';
  url.hash = '';
  return url.toString();
}

function defaultWebSocket(url: string): WebSocketLike {
  const Native = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  if (!Native) throw new Error('RelaySocket: this platform has no global WebSocket; pass options.webSocket (for example `(url) => new WebSocket(url)` from "ws")');
  return new Native(url);
}

/** See the file comment. */
export class RelaySocket {
  private socket: WebSocketLike | undefined;
  /** Incremented for every socket, so callbacks of an old socket are recognised and ignored. */
  private generation = 0;
  private joinedGeneration = 0;
  private attempt = 0;
  private retryTimer: unknown;
  private watchdog: unknown;
  private pingTimer: unknown;
  private nextRequest = 0;
  private readonly pending = new Map<string, PendingRequest>();
  private readonly listeners = new Set<(notice: RelaySocketNotice) => void>();
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly url: string;
  private firstJoin: { resolve(joined: JoinedFrame): void; reject(error: Error): void } | undefined;
  private currentStatus: RelayStatus = 'connecting';
  private hostAvailableNow = false;
  private identityNow: RelayIdentity | undefined;
  private started = false;

  constructor(private readonly options: RelaySocketOptions) {
    this.timers = options.timers ?? systemTimers;
    this.random = options.random ?? Math.random;
    this.url = relayUrlOf(options.serverUrl);
    this.identityNow = options.identity;
  }

  /** Where the connection stands. */
  get status(): RelayStatus {
    return this.currentStatus;
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
    if (this.started) throw new Error('RelaySocket.start: already started');
    this.started = true;
    return new Promise<JoinedFrame>((resolve, reject) => {
      this.firstJoin = { resolve, reject };
      this.open();
    });
  }

  /**
   * Sends a request and resolves with the host's `value` (rejects with an
   * `Error` named after the AWS exception or the relay code). Waits while the
   * socket is down; rejects with `RequestTimeout` after `requestTimeoutMs`.
   */
  request(op: ClientOp, input: JsonObject, timeoutMs = this.options.requestTimeoutMs ?? 35_000): Promise<unknown> {
    if (this.currentStatus === 'closed') {
      return Promise.reject(clientError('ClientClosed', `${op}: the relay connection is closed`));
    }
    const requestId = `r${++this.nextRequest}-${Math.floor(this.random() * 1e9).toString(36)}`;
    return new Promise<unknown>((resolve, reject) => {
      const entry: PendingRequest = { requestId, op, input, resolve, reject, sentOn: 0, timer: undefined };
      entry.timer = this.timers.setTimeout(() => {
        this.pending.delete(requestId);
        reject(clientError('RequestTimeout', `${op}: no answer from the lobby host within ${timeoutMs} ms (request ${requestId})`));
      }, timeoutMs);
      this.pending.set(requestId, entry);
      if (this.joinedGeneration === this.generation && this.isOpen()) this.sendRequest(entry);
    });
  }

  /** Closes for good: no reconnect; pending requests reject with `ClientClosed`. */
  close(): void {
    if (this.currentStatus === 'closed') return;
    this.setStatus('closed', 'closed by the client');
    this.clearTimers();
    const socket = this.socket;
    this.socket = undefined;
    this.generation++;
    if (socket) {
      this.detach(socket);
      socket.close(1000, 'client closed');
    }
    this.failAll(clientError('ClientClosed', 'the relay connection was closed by the client'));
    this.firstJoin?.reject(clientError('ClientClosed', 'the relay connection was closed before it joined'));
    this.firstJoin = undefined;
  }

  /** Drops the current socket as if the network failed (tests, and the watchdog). It reconnects by itself. */
  dropSocket(reason = 'dropped'): void {
    const socket = this.socket;
    if (!socket) return;
    this.onSocketClosed(this.generation, 1000, reason);
    // Close reasons are limited to 123 bytes.
    socket.close(1000, reason.slice(0, 100));
  }

  // --- Connection lifecycle -------------------------------------------------------

  private open(): void {
    this.retryTimer = undefined;
    const generation = ++this.generation;
    let socket: WebSocketLike;
    try {
      socket = (this.options.webSocket ?? defaultWebSocket)(this.url);
    } catch (error) {
      // A factory that cannot open a socket at all (no WebSocket, a bad URL) will not do better on a retry.
      this.failFirstJoin(clientError('ConnectionFailed', `relay ${this.url}: ${(error as Error).message}`));
      this.close();
      return;
    }
    this.socket = socket;
    this.armWatchdog(generation, 'no "joined" from the relay');
    socket.onopen = () => {
      if (generation !== this.generation) return;
      const join: ClientFrame = this.identityNow
        ? { type: 'join', lobby: this.options.lobby, resume: { ...this.identityNow } }
        : { type: 'join', lobby: this.options.lobby };
      socket.send(encodeFrame(join));
    };
    socket.onmessage = (event) => {
      if (generation !== this.generation) return;
      this.onText(generation, typeof event.data === 'string' ? event.data : String(event.data));
    };
    socket.onclose = (event) => this.onSocketClosed(generation, event.code, event.reason);
    socket.onerror = () => undefined; // followed by close
  }

  private onSocketClosed(generation: number, code: number, reason: string): void {
    if (generation !== this.generation || this.currentStatus === 'closed') return;
    const socket = this.socket;
    if (socket) this.detach(socket);
    this.socket = undefined;
    this.clearTimers();
    this.generation++;
    if (code === RELAY_CLOSE_CODES.replaced) {
      // Another tab or page resumed this identity; reconnecting would take it back and forth.
      this.setStatus('closed', `replaced: ${reason || 'another connection took over this identity'}`);
      this.failAll(clientError('Replaced', `another connection took over client ${this.identityNow?.clientId ?? ''}`));
      this.failFirstJoin(clientError('Replaced', reason || 'replaced by another connection'));
      return;
    }
    this.scheduleReconnect(`socket closed (${code}${reason ? `: ${reason}` : ''})`);
  }

  private scheduleReconnect(reason: string): void {
    const delayMs = backoffDelayMs(this.attempt++, this.options.backoff, this.random);
    this.setStatus(this.joinedGeneration === 0 && this.firstJoin ? 'connecting' : 'reconnecting', `${reason}; retry in ${delayMs} ms`, delayMs);
    this.retryTimer = this.timers.setTimeout(() => this.open(), delayMs);
  }

  private detach(socket: WebSocketLike): void {
    socket.onopen = null;
    socket.onmessage = null;
    socket.onclose = null;
    socket.onerror = () => undefined;
  }

  private isOpen(): boolean {
    return this.socket !== undefined && this.socket.readyState === OPEN;
  }

  private armWatchdog(generation: number, what: string): void {
    if (this.watchdog !== undefined) this.timers.clearTimeout(this.watchdog);
    const timeoutMs = this.options.joinTimeoutMs ?? 10_000;
    this.watchdog = this.timers.setTimeout(() => {
      this.watchdog = undefined;
      if (generation === this.generation) this.dropSocket(`${what} within ${timeoutMs} ms`);
    }, timeoutMs);
  }

  private disarmWatchdog(): void {
    if (this.watchdog !== undefined) this.timers.clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }

  private schedulePing(generation: number): void {
    const intervalMs = this.options.pingIntervalMs ?? 20_000;
    this.pingTimer = this.timers.setTimeout(() => {
      if (generation !== this.generation || !this.isOpen()) return;
      this.socket!.send(encodeFrame({ type: 'ping' }));
      this.armWatchdog(generation, 'no "pong" from the relay');
    }, intervalMs);
  }

  private clearTimers(): void {
    this.disarmWatchdog();
    for (const timer of [this.retryTimer, this.pingTimer]) if (timer !== undefined) this.timers.clearTimeout(timer);
    this.retryTimer = undefined;
    this.pingTimer = undefined;
  }

  // --- Frames ---------------------------------------------------------------------

  private onText(generation: number, text: string): void {
    const frame = parseServerToClient(text);
    if (isProtocolIssue(frame)) {
      this.emit({ kind: 'relay-error', code: frame.code, message: `unreadable frame from the relay: ${frame.message}` });
      return;
    }
    switch (frame.type) {
      case 'joined':
        this.onJoined(generation, frame);
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
        this.emit({ kind: 'event', event: frame.event });
        return;
      case 'host-status':
        this.hostAvailableNow = frame.available;
        this.emit({ kind: 'status', status: this.currentStatus, hostAvailable: frame.available });
        return;
      case 'error':
        this.onError(generation, frame);
        return;
      case 'ice':
        this.emit({ kind: 'ice', ice: frame.ice });
        return;
      case 'pong':
        this.disarmWatchdog();
        this.schedulePing(generation);
        return;
      default:
        assertNever(frame, 'RelaySocket frame');
    }
  }

  private onJoined(generation: number, frame: JoinedFrame): void {
    this.disarmWatchdog();
    this.joinedGeneration = generation;
    this.attempt = 0;
    this.identityNow = { clientId: frame.clientId, resumeToken: frame.resumeToken };
    this.hostAvailableNow = frame.hostAvailable;
    this.emit({ kind: 'joined', joined: frame });
    this.setStatus('open');
    // Oldest first, so the host serves them in the order they were made.
    for (const entry of this.pending.values()) this.sendRequest(entry);
    this.schedulePing(generation);
    const first = this.firstJoin;
    this.firstJoin = undefined;
    first?.resolve(frame);
  }

  private onError(generation: number, frame: ErrorFrame): void {
    const entry = frame.requestId === undefined ? undefined : this.pending.get(frame.requestId);
    if (entry) {
      this.settle(entry);
      entry.reject(clientError(relayErrorName(frame.code), frame.message, frame.code));
      return;
    }
    if (this.joinedGeneration !== generation) {
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
      this.dropSocket('resume refused');
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
    this.dropSocket(`join refused: ${frame.code}`);
  }

  private sendRequest(entry: PendingRequest): void {
    if (entry.sentOn === this.generation || !this.isOpen()) return;
    entry.sentOn = this.generation;
    this.socket!.send(encodeFrame({ type: 'request', requestId: entry.requestId, op: entry.op, input: entry.input }));
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

  private setStatus(status: RelayStatus, reason?: string, retryInMs?: number): void {
    this.currentStatus = status;
    const notice: RelaySocketNotice = { kind: 'status', status, hostAvailable: this.hostAvailableNow };
    if (reason !== undefined) notice.reason = reason;
    if (retryInMs !== undefined) notice.retryInMs = retryInMs;
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

