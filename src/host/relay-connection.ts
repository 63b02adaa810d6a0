/**
 * A lobby host's WebSocket to the server's `/relay`: registers the lobby,
 * hands every server frame (parsed by the protocol's one guard) to the host,
 * sends `to-client` frames, and survives the network: reconnects with
 * backoff and re-registers with the lobby token after every reconnect (a
 * server restart included). It never queues: `sendToClient` answers false
 * while the lobby is not registered on an open socket, and the caller keeps
 * the message (client-mailbox.ts parks it until that client is back).
 *
 * The socket is anything WebSocket-shaped (`SocketLike`): the browser's
 * `WebSocket`, or `ws` in Node (pass `createSocket: (url) => new WebSocket(url)`).
 */
import {
  encodeFrame,
  isProtocolIssue,
  parseServerToHost,
  RELAY_CLOSE_CODES,
  RELAY_PATH,
  type ClientId,
  type ErrorFrame,
  type HostFrame,
  type HostToClientMessage,
  type LobbyName,
  type RegisteredFrame,
  type ServerToHostFrame,
} from '../net/protocol.ts';
import { encodeToClient } from './oversized-answer.ts';

/** The part of a WebSocket the connection uses (browser `WebSocket` and `ws` both fit). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'close', listener: (event: { code: number }) => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/** Where the connection stands. */
export type RelayStatus =
  | { state: 'connecting'; attempt: number }
  | { state: 'registered'; token: string; created: boolean; clients: ClientId[] }
  | { state: 'disconnected'; retryInMs: number }
  /** The server refused the lobby for good (another host owns it, or replaced this one); no more retries. */
  | { state: 'refused'; code: string; message: string }
  | { state: 'closed' };

/** How a `HostRelayConnection` is set up. */
export interface HostRelayOptions {
  /** The server: `http(s)://host:port` (the relay path is appended) or a full `ws(s)://.../relay` URL. */
  serverUrl: string;
  lobby: LobbyName;
  /** The lobby token from an earlier registration (restored state); without it the server issues one. */
  token?: string;
  /** Every frame from the server but `registered`, `pong` and registration refusals. */
  onFrame(frame: ServerToHostFrame): void;
  /** Status changes; `registered` carries the token to persist. */
  onStatus?(status: RelayStatus): void;
  /** Opens a socket; default `new WebSocket(url)` (the platform's). */
  createSocket?(url: string): SocketLike;
  /** Reconnect delays: first retry ceiling and largest delay (ms). Default 250 and 5000. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** Application pings (ms; default 20000): a socket with no `pong` in time is closed and reopened. */
  pingIntervalMs?: number;
}

/** Error codes after which retrying cannot help. */
const FATAL_CODES = new Set(['LOBBY_TAKEN', 'BAD_TOKEN', 'REPLACED', 'LOBBY_LIMIT']);

const OPEN = 1;

/** The relay URL of a server URL (`http://h:p` -> `ws://h:p/relay`). */
export function relayUrl(serverUrl: string): string {
  const url = new URL(serverUrl);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  if (url.protocol === 'https:') url.protocol = 'wss:';
  if (!url.pathname.endsWith(RELAY_PATH)) url.pathname = `${url.pathname.replace(/\/$/, '')}${RELAY_PATH}`;
  return url.toString();
}

/** See the file comment. Call `start()` once; `close()` ends it for good. */
export class HostRelayConnection {
  private socket: SocketLike | undefined;
  private registered = false;
  private closed = false;
  private attempt = 0;
  private token: string | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private awaitingPong = false;
  private readonly url: string;

  constructor(private readonly options: HostRelayOptions) {
    this.token = options.token;
    this.url = relayUrl(options.serverUrl);
  }

  /** The lobby token, once the server issued or confirmed it. */
  get lobbyToken(): string | undefined {
    return this.token;
  }

  /** Whether the lobby is registered on an open socket right now. */
  get isRegistered(): boolean {
    return this.registered;
  }

  /** Opens the first connection. */
  start(): void {
    if (!this.closed && this.socket === undefined) this.connect();
  }

  /** Sends `message` to one client through the relay; false (nothing sent) while not registered. */
  sendToClient(clientId: ClientId, message: HostToClientMessage): boolean {
    const socket = this.socket;
    if (!this.registered || socket === undefined || socket.readyState !== OPEN) return false;
    socket.send(encodeToClient(clientId, message));
    return true;
  }

  /** Closes the socket and stops reconnecting. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    this.socket?.close(1000, 'host closed');
    this.socket = undefined;
    this.registered = false;
    this.options.onStatus?.({ state: 'closed' });
  }

  private connect(): void {
    this.attempt += 1;
    this.options.onStatus?.({ state: 'connecting', attempt: this.attempt });
    const create = this.options.createSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
    let socket: SocketLike;
    try {
      socket = create(this.url);
    } catch {
      // A malformed URL or a platform without WebSocket: retrying with backoff keeps the failure visible in the status.
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    socket.addEventListener('open', () => {
      if (this.socket !== socket) return;
      const register: HostFrame =
        this.token === undefined
          ? { type: 'register', lobby: this.options.lobby }
          : { type: 'register', lobby: this.options.lobby, token: this.token };
      socket.send(encodeFrame(register));
    });
    socket.addEventListener('message', (event) => {
      if (this.socket === socket) this.onMessage(socket, event.data);
    });
    socket.addEventListener('close', (event) => {
      if (this.socket !== socket) return;
      if (event.code === RELAY_CLOSE_CODES.replaced) {
        // Another connection registered this lobby (a second tab): fighting over it would flip-flop.
        this.refuse(socket, 'REPLACED', 'the lobby was registered again from another connection');
        return;
      }
      this.drop(socket);
    });
    // 'error' is always followed by 'close'.
    socket.addEventListener('error', () => undefined);
  }

  private onMessage(socket: SocketLike, data: unknown): void {
    const frame = parseServerToHost(typeof data === 'string' ? data : String(data));
    if (isProtocolIssue(frame)) return; // The server speaks the same protocol module; nothing to answer.
    switch (frame.type) {
      case 'registered':
        this.onRegistered(socket, frame);
        return;
      case 'pong':
        this.awaitingPong = false;
        return;
      case 'error':
        if (this.onError(socket, frame)) return;
        break;
      default:
        break;
    }
    this.options.onFrame(frame);
  }

  private onRegistered(socket: SocketLike, frame: RegisteredFrame): void {
    this.token = frame.token;
    this.registered = true;
    this.attempt = 0;
    this.options.onStatus?.({ state: 'registered', token: frame.token, created: frame.created, clients: frame.clients });
    this.startPinging(socket);
    this.options.onFrame(frame);
  }

  /** Handles a registration refusal (or a replacement); returns whether it was one. */
  private onError(socket: SocketLike, frame: ErrorFrame): boolean {
    if (!FATAL_CODES.has(frame.code) || (this.registered && frame.code !== 'REPLACED')) return false;
    this.refuse(socket, frame.code, frame.message);
    return true;
  }

  /** Stops for good: retrying cannot help. */
  private refuse(socket: SocketLike, code: string, message: string): void {
    this.closed = true;
    this.registered = false;
    this.socket = undefined;
    clearInterval(this.pingTimer);
    this.options.onStatus?.({ state: 'refused', code, message });
    socket.close(1000, code);
  }

  /** Forgets a socket that closed (or went silent) and schedules the next attempt. */
  private drop(socket: SocketLike): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    this.registered = false;
    clearInterval(this.pingTimer);
    if (!this.closed) this.scheduleReconnect();
  }

  private startPinging(socket: SocketLike): void {
    clearInterval(this.pingTimer);
    this.awaitingPong = false;
    this.pingTimer = setInterval(() => {
      if (this.socket !== socket) return;
      if (this.awaitingPong) {
        // No pong for a whole interval: the connection is dead without having said so.
        this.drop(socket);
        socket.close(4001, 'no pong');
        return;
      }
      this.awaitingPong = true;
      socket.send(encodeFrame({ type: 'ping' }));
    }, this.options.pingIntervalMs ?? 20_000);
  }

  private scheduleReconnect(): void {
    const initial = this.options.initialDelayMs ?? 250;
    const max = this.options.maxDelayMs ?? 5000;
    const ceiling = Math.min(max, initial * 2 ** Math.max(0, this.attempt - 1));
    // Equal jitter: a restarted server is not met by every host at once.
    const retryInMs = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
    this.options.onStatus?.({ state: 'disconnected', retryInMs });
    this.retryTimer = setTimeout(() => {
      if (!this.closed) this.connect();
    }, retryInMs);
  }
}
