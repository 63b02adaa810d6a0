/**
 * A lobby host's side of the server's `/relay`: a `RelayLink`
 * (net/relay-link.ts: reconnect with backoff and jitter, register timeout,
 * pings, stop on `REPLACED`) that registers the lobby, re-registers with the
 * lobby token after every reconnect (a server restart included), hands every
 * server frame to the host and sends `to-client` frames. It never queues:
 * `sendToClient` answers false while the lobby is not registered on an open
 * socket, and the caller keeps the message (client-mailbox.ts parks it until
 * that client is back).
 */
import { encodeFrame, parseServerToHost, type ClientId, type HostId, type JsonObject, type ErrorFrame, type HostFrame, type HostToClientMessage, type LobbyName, type RegisteredFrame, type ServerToHostFrame } from '../net/protocol.ts';
import type { Timers } from '../net/backoff.ts';
import { RelayLink, type RelayLinkTiming, type RelayStatusChange, type WebSocketFactory } from '../net/relay-link.ts';
import { encodeToClient } from './oversized-answer.ts';

/** A status change of the host's link; `registered` is set on `open` (the token to persist, the role, the clients connected). */
export interface HostRelayStatus extends RelayStatusChange {
  registered?: Pick<RegisteredFrame, 'token' | 'created' | 'clients' | 'role' | 'term' | 'hostId' | 'standbys' | 'primary'>;
}

/** How a `HostRelayConnection` is set up. */
export interface HostRelayOptions extends RelayLinkTiming {
  /** The server: `http(s)://host:port` (the relay path is appended) or a full `ws(s)://.../relay` URL. */
  serverUrl: string;
  lobby: LobbyName;
  /** The lobby token from an earlier registration (restored state), or a standby credential; without it the server issues one. */
  token?: string;
  /** Register as a standby host (never primary until the server promotes it). */
  standby?: boolean;
  /** The term this host last served the lobby under as primary, read at every (re-)registration. */
  term?(): number | undefined;
  /** The relay's proof that this host was primary of that term (`registered`/`promoted`), sent with it. */
  termProof?(): string | undefined;
  /** Every frame from the server but `pong` and registration refusals. */
  onFrame(frame: ServerToHostFrame): void;
  /** Status changes; `open` carries the registration (the token to persist); a refusal closes for good. */
  onStatus?(status: HostRelayStatus): void;
  /** Opens a socket; default the platform's `WebSocket`. */
  createSocket?: WebSocketFactory;
  timers?: Timers;
  /** [0, 1); the backoff's jitter. Default `Math.random`. */
  random?: () => number;
}

/**
 * Registration refusals after which retrying is not done: another host owns
 * the lobby, the server holds its limit of lobbies, or the lobby its limit of
 * standby hosts (`LOBBY_FULL`: a standby that may not join is told so once,
 * rather than knocking again every few seconds).
 */
const FATAL_CODES = new Set(['LOBBY_TAKEN', 'BAD_TOKEN', 'REPLACED', 'LOBBY_LIMIT', 'LOBBY_FULL']);

/** See the file comment. Call `start()` once; `close()` ends it for good. */
export class HostRelayConnection {
  private readonly link: RelayLink<ServerToHostFrame>;
  private token: string | undefined;
  private registration: HostRelayStatus['registered'];

  constructor(private readonly options: HostRelayOptions) {
    this.token = options.token;
    const { onFrame: _onFrame, onStatus: _onStatus, createSocket, lobby: _lobby, token: _token, standby: _standby, term: _term, termProof: _termProof, ...timing } = options;
    this.link = new RelayLink<ServerToHostFrame>({
      // The server promotes a standby when the primary is silent for a few seconds: ping well within that.
      pingIntervalMs: 2000,
      ...timing,
      ...(createSocket ? { webSocket: createSocket } : {}),
      hello: () => encodeFrame(this.registerFrame()),
      parse: parseServerToHost,
      // The server speaks the same protocol module; an unreadable frame has nothing to answer.
      onFrame: (frame) => this.onFrame(frame),
      onStatus: (change) => this.options.onStatus?.(change.status === 'open' && this.registration ? { ...change, registered: this.registration } : change),
    });
  }

  /** The lobby token, once the server issued or confirmed it. */
  get lobbyToken(): string | undefined {
    return this.token;
  }

  /** Whether the lobby is registered on an open socket right now. */
  get isRegistered(): boolean {
    return this.link.isReady;
  }

  /** Opens the first connection. */
  start(): void {
    if (this.link.generation > 0 || this.link.status === 'closed') return;
    this.options.onStatus?.({ status: 'connecting' });
    this.link.start();
  }

  /** Sends `message` to one client through the relay; false (nothing sent) while not registered. */
  sendToClient(clientId: ClientId, message: HostToClientMessage): boolean {
    return this.link.isReady && this.link.send(encodeToClient(clientId, message));
  }

  /** The primary's replication stream to one standby or all; false while not registered. */
  sendToStandby(message: JsonObject, hostId?: HostId): boolean {
    return this.link.isReady && this.link.send(encodeFrame(hostId === undefined ? { type: 'to-standby', message } : { type: 'to-standby', hostId, message }));
  }

  /** A standby holds the stream up to `seq` of `term`. */
  ack(term: number, seq: number): boolean {
    return this.link.isReady && this.link.send(encodeFrame({ type: 'ack', term, seq }));
  }

  /** A standby asks the primary for a fresh snapshot. */
  resync(reason: string): boolean {
    return this.link.isReady && this.link.send(encodeFrame({ type: 'resync', reason: reason.slice(0, 500) }));
  }

  /** The primary hands the lobby to the standby `hostId`. */
  handOver(hostId: HostId): boolean {
    return this.link.isReady && this.link.send(encodeFrame({ type: 'hand-over', hostId }));
  }

  /** Closes the socket and stops reconnecting. */
  close(): void {
    this.link.close('host closed');
  }

  private registerFrame(): HostFrame {
    const term = this.options.term?.();
    const termProof = term !== undefined ? this.options.termProof?.() : undefined;
    return {
      type: 'register',
      lobby: this.options.lobby,
      ...(this.token !== undefined ? { token: this.token } : {}),
      ...(this.options.standby ? { standby: true } : {}),
      ...(term !== undefined ? { term } : {}),
      ...(termProof !== undefined ? { termProof } : {}),
    };
  }

  private onFrame(frame: ServerToHostFrame): void {
    if (frame.type === 'registered') {
      this.token = frame.token;
      const { token, created, clients, role, term, hostId, standbys, primary } = frame;
      this.registration = { token, created, clients, role, term, hostId, standbys, primary };
      this.link.markReady();
    } else if (frame.type === 'error' && this.isRefusal(frame)) {
      this.link.refuse({ code: frame.code, message: frame.message });
      return;
    }
    this.options.onFrame(frame);
  }

  /** A registration refusal (or a replacement while registered). */
  private isRefusal(frame: ErrorFrame): boolean {
    return FATAL_CODES.has(frame.code) && (!this.link.isReady || frame.code === 'REPLACED');
  }
}
