/**
 * One reconnecting WebSocket to the server's `/relay`, used by the player
 * client (`client/relay-socket.ts`, which says `join`) and the lobby host
 * (`host/relay-connection.ts`, which says `register`) alike. It owns what
 * both need and nothing of either role:
 * - opening a socket and sending the role's hello (`join` or `register`, with
 *   the identity or token to resume) on every open;
 * - a hello timeout: a socket whose hello is not answered within
 *   `helloTimeoutMs` is dropped and retried;
 * - keepalive pings once answered: a `pong` missing for `helloTimeoutMs` drops the socket;
 * - reconnecting after a drop with exponential backoff and equal jitter;
 * - stopping for good when the server closes with the `replaced` code
 *   (another connection took this identity or lobby over: fighting back
 *   would flip-flop), when the role refuses (`refuse`), or on `close()`.
 *
 * Timers and randomness are injected (`timers`, `random`), so a test drives
 * every delay. The role reads frames (`onFrame`, `pong` excepted) and calls
 * `markReady()` when its hello was answered (`joined`, `registered`).
 */
import { backoffDelayMs, systemTimers, type BackoffOptions, type Timers } from './backoff.ts';
import { RELAY_CLOSE_CODES, RELAY_PATH, encodeFrame, type ProtocolIssue } from './protocol.ts';

/** The part of the WHATWG `WebSocket` a relay link uses (the browser's, or `ws` in Node). */
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

/**
 * Where a relay link stands:
 * - `connecting`: no hello was answered yet; a socket or a retry is under way;
 * - `open`: the hello was answered (`joined`, `registered`) on the current socket;
 * - `reconnecting`: a socket that had been open dropped; a retry is scheduled or under way;
 * - `closed`: for good: `close()`, a refusal, or another connection took over (`REPLACED`).
 */
export type RelayStatus = 'connecting' | 'open' | 'reconnecting' | 'closed';

/** Why a link stopped for good: the relay's code (`REPLACED`, `LOBBY_TAKEN`, ...) and its message. */
export interface RelayRefusal {
  code: string;
  message: string;
}

/** A status change of a relay link. */
export interface RelayStatusChange {
  status: RelayStatus;
  /** Why (a drop, a refusal, a close); absent when the hello was answered. */
  reason?: string;
  /** When the next attempt goes (`connecting`, `reconnecting` after a drop). */
  retryInMs?: number;
  /** Set on `closed` when the relay refused, or another connection took over. */
  refusal?: RelayRefusal;
}

/** The delays of a relay link, in milliseconds. */
export interface RelayLinkTiming extends BackoffOptions {
  /** A hello (or a ping) unanswered for this long drops the socket (default 10000). */
  helloTimeoutMs?: number;
  /** Interval of keepalive pings while open (default 20000). */
  pingIntervalMs?: number;
}

/** How a `RelayLink` is set up. `F` is a frame the role reads (it has a `type`). */
export interface RelayLinkOptions<F extends { type: string }> extends RelayLinkTiming {
  /** The server's base URL (`http(s)://host:port` or `ws(s)://...`); `/relay` is appended unless present. */
  serverUrl: string;
  /** The encoded hello to send on every open socket (read each time: the identity or token may have changed). */
  hello(): string;
  /** Parses a text from the server (the protocol's guard for the role's direction). */
  parse(text: string): F | ProtocolIssue;
  /** Every parsed frame but `pong`. */
  onFrame(frame: F): void;
  /** A text the guard refused. */
  onUnreadable?(issue: ProtocolIssue): void;
  onStatus(change: RelayStatusChange): void;
  /** Default: the platform's `WebSocket` (browsers, Node 22+); pass `ws` in Node 20. */
  webSocket?: WebSocketFactory;
  timers?: Timers;
  /** [0, 1); the backoff's jitter. Default `Math.random`. */
  random?: () => number;
}

/** Open-state of a WHATWG WebSocket. */
const OPEN = 1;

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

function platformWebSocket(url: string): WebSocketLike {
  const Native = (globalThis as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
  if (!Native) throw new Error('this platform has no global WebSocket; pass a WebSocket factory (for example `(url) => new WebSocket(url)` from "ws")');
  return new Native(url);
}

/** See the file comment. Call `start()` once; `close()` or `refuse()` ends it for good. */
export class RelayLink<F extends { type: string }> {
  /** The relay URL the link connects to. */
  readonly url: string;
  private socket: WebSocketLike | undefined;
  /** Incremented for every socket, so callbacks of an old socket are recognised and ignored. */
  private socketGeneration = 0;
  private readyGeneration = 0;
  private everReady = false;
  private attempt = 0;
  private retryTimer: unknown;
  private watchdog: unknown;
  private pingTimer: unknown;
  private current: RelayStatus = 'connecting';
  private started = false;
  private readonly timers: Timers;
  private readonly random: () => number;

  constructor(private readonly options: RelayLinkOptions<F>) {
    this.url = relayUrlOf(options.serverUrl);
    this.timers = options.timers ?? systemTimers;
    this.random = options.random ?? Math.random;
  }

  /** Where the link stands. */
  get status(): RelayStatus {
    return this.current;
  }

  /** The current socket's number: a frame written on generation n was written on that socket. */
  get generation(): number {
    return this.socketGeneration;
  }

  /** Whether the hello was answered on the current, open socket. */
  get isReady(): boolean {
    return this.readyGeneration === this.socketGeneration && this.isOpen;
  }

  /** Whether a socket is open (hello answered or not). */
  get isOpen(): boolean {
    return this.socket !== undefined && this.socket.readyState === OPEN;
  }

  /** Opens the first socket. */
  start(): void {
    if (this.started) throw new Error('RelayLink.start: already started');
    this.started = true;
    this.open();
  }

  /** Writes `text` on the open socket; false (nothing sent) while no socket is open. */
  send(text: string): boolean {
    if (!this.isOpen) return false;
    this.socket!.send(text);
    return true;
  }

  /** The role's hello was answered on the current socket: the link is `open`, the backoff starts over, pings begin. */
  markReady(): void {
    this.disarmWatchdog();
    this.readyGeneration = this.socketGeneration;
    this.everReady = true;
    this.attempt = 0;
    this.setStatus({ status: 'open' });
    this.schedulePing(this.socketGeneration);
  }

  /** Drops the current socket as if the network failed; the link reconnects after the backoff. */
  drop(reason = 'dropped'): void {
    const socket = this.socket;
    if (!socket) return;
    this.onSocketClosed(this.socketGeneration, 1000, reason);
    // Close reasons are limited to 123 bytes.
    socket.close(1000, reason.slice(0, 100));
  }

  /** Stops for good (no reconnect): status `closed` with `reason`. */
  close(reason = 'closed'): void {
    this.stop({ status: 'closed', reason }, reason);
  }

  /** Stops for good because retrying cannot help: status `closed` with the refusal. */
  refuse(refusal: RelayRefusal): void {
    this.stop({ status: 'closed', reason: `${refusal.code}: ${refusal.message}`, refusal }, refusal.code);
  }

  // --- Sockets --------------------------------------------------------------------

  private open(): void {
    this.retryTimer = undefined;
    const generation = ++this.socketGeneration;
    let socket: WebSocketLike;
    try {
      socket = (this.options.webSocket ?? platformWebSocket)(this.url);
    } catch (error) {
      // A factory that cannot open a socket at all (no WebSocket) will not do better on a retry.
      this.refuse({ code: 'CONNECTION_FAILED', message: `relay ${this.url}: ${(error as Error).message}` });
      return;
    }
    this.socket = socket;
    this.armWatchdog(generation, 'no answer to the hello from the relay');
    socket.onopen = () => {
      if (generation === this.socketGeneration) socket.send(this.options.hello());
    };
    socket.onmessage = (event) => {
      if (generation === this.socketGeneration) this.onText(generation, typeof event.data === 'string' ? event.data : String(event.data));
    };
    socket.onclose = (event) => this.onSocketClosed(generation, event.code, event.reason);
    socket.onerror = () => undefined; // followed by close
  }

  private onText(generation: number, text: string): void {
    const frame = this.options.parse(text);
    if (!('type' in frame)) {
      this.options.onUnreadable?.(frame);
      return;
    }
    if (frame.type === 'pong') {
      this.disarmWatchdog();
      this.schedulePing(generation);
      return;
    }
    this.options.onFrame(frame);
  }

  private onSocketClosed(generation: number, code: number, reason: string): void {
    if (generation !== this.socketGeneration || this.current === 'closed') return;
    this.forgetSocket();
    if (code === RELAY_CLOSE_CODES.replaced) {
      // Another tab or page took this identity (or lobby) over; reconnecting would take it back and forth.
      const message = reason || 'another connection took over';
      this.setStatus({ status: 'closed', reason: `replaced: ${message}`, refusal: { code: 'REPLACED', message } });
      return;
    }
    this.scheduleReconnect(`socket closed (${code}${reason ? `: ${reason}` : ''})`);
  }

  private scheduleReconnect(reason: string): void {
    const retryInMs = backoffDelayMs(this.attempt++, this.options, this.random);
    this.setStatus({ status: this.everReady ? 'reconnecting' : 'connecting', reason: `${reason}; retry in ${retryInMs} ms`, retryInMs });
    this.retryTimer = this.timers.setTimeout(() => this.open(), retryInMs);
  }

  private stop(change: RelayStatusChange, closeReason: string): void {
    if (this.current === 'closed') return;
    const socket = this.socket;
    this.forgetSocket();
    this.setStatus(change);
    socket?.close(1000, closeReason.slice(0, 100));
  }

  /** Detaches the current socket and clears every timer; callbacks of that socket are ignored from now on. */
  private forgetSocket(): void {
    const socket = this.socket;
    if (socket) {
      socket.onopen = null;
      socket.onmessage = null;
      socket.onclose = null;
      socket.onerror = () => undefined;
    }
    this.socket = undefined;
    this.socketGeneration++;
    this.disarmWatchdog();
    for (const timer of [this.retryTimer, this.pingTimer]) if (timer !== undefined) this.timers.clearTimeout(timer);
    this.retryTimer = undefined;
    this.pingTimer = undefined;
  }

  // --- Timers ---------------------------------------------------------------------

  private armWatchdog(generation: number, what: string): void {
    this.disarmWatchdog();
    const timeoutMs = this.options.helloTimeoutMs ?? 10_000;
    this.watchdog = this.timers.setTimeout(() => {
      this.watchdog = undefined;
      if (generation === this.socketGeneration) this.drop(`${what} within ${timeoutMs} ms`);
    }, timeoutMs);
  }

  private disarmWatchdog(): void {
    if (this.watchdog !== undefined) this.timers.clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }

  private schedulePing(generation: number): void {
    if (this.pingTimer !== undefined) this.timers.clearTimeout(this.pingTimer);
    this.pingTimer = this.timers.setTimeout(() => {
      this.pingTimer = undefined;
      if (generation !== this.socketGeneration || !this.isOpen) return;
      this.socket!.send(encodeFrame({ type: 'ping' }));
      this.armWatchdog(generation, 'no "pong" from the relay');
    }, this.options.pingIntervalMs ?? 20_000);
  }

  private setStatus(change: RelayStatusChange): void {
    this.current = change.status;
    this.options.onStatus(change);
  }
}
