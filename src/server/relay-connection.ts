/**
 * One relay WebSocket: its role (not yet known, a lobby's client, a lobby's
 * host), its frame and violation budgets, and the only ways the relay writes
 * to it, so that every refusal is an `error` frame and abuse ends in a close.
 */
import type { WebSocket } from 'ws';
import { encodeFrame, RELAY_CLOSE_CODES } from '../net/protocol.ts';
import type { ClientId, ErrorFrame, HostId, LobbyName, RelayErrorCode, RelayFrame } from '../net/protocol.ts';
import type { Logger } from './logger.ts';
import type { TokenBucket } from './rate-limit.ts';

/** What a connection is, once its first frame said so (a host's role in its lobby, primary or standby, is in lobby-hosts.ts). */
export type ConnectionRole =
  | { kind: 'pending' }
  | { kind: 'client'; lobby: LobbyName; clientId: ClientId }
  | { kind: 'host'; lobby: LobbyName; hostId: HostId };

/** Where an error frame points: the request it answers, the client it concerns. */
export interface ErrorContext {
  requestId?: string;
  clientId?: ClientId;
}

let nextConnectionNumber = 1;

/** A relay WebSocket and its bookkeeping. */
export class RelayConnection {
  /** Short id for logs (not sent anywhere). */
  readonly number = nextConnectionNumber++;
  role: ConnectionRole = { kind: 'pending' };
  /** Cleared when a ping goes out, set when its pong comes back. */
  alive = true;
  /** Set once the relay decided to close; later frames are ignored. */
  closing = false;
  joinTimer: ReturnType<typeof setTimeout> | undefined;
  /** Called once when the connection is closed for abuse (the relay blocks its address for a while). */
  onAbusive: () => void = () => undefined;

  constructor(
    readonly socket: WebSocket,
    readonly address: string,
    /** Frames this connection may still send (replaced by the host budget on `register`). */
    public frames: TokenBucket,
    private readonly violations: TokenBucket,
    private readonly maxBufferedBytes: number,
    private readonly logger: Logger,
  ) {}

  /** Sends a frame; false when the socket is not open (or was just terminated for not reading). */
  send(frame: RelayFrame): boolean {
    return this.sendText(encodeFrame(frame));
  }

  /** Sends already encoded JSON text (a forwarded frame). */
  sendText(text: string): boolean {
    if (this.socket.readyState !== this.socket.OPEN) return false;
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      this.logger.warn('relay: terminating a connection that stopped reading', { connection: this.number, buffered: this.socket.bufferedAmount });
      this.closing = true;
      this.socket.terminate();
      return false;
    }
    this.socket.send(text);
    return true;
  }

  /** Sends an `error` frame that is not the sender's fault (`HOST_UNAVAILABLE`, `CLIENT_UNAVAILABLE`, ...). */
  notify(code: RelayErrorCode, message: string, context: ErrorContext = {}): void {
    this.send(errorFrame(code, message, context));
  }

  /**
   * Refuses a frame: sends the `error` frame, and counts a violation; when
   * the violation budget is spent, closes with 1008 (policy violation).
   */
  refuse(code: RelayErrorCode, message: string, context: ErrorContext = {}): void {
    if (this.closing) return;
    this.send(errorFrame(code, message, context));
    if (!this.violations.take()) {
      this.logger.warn('relay: closing an abusive connection', { connection: this.number, address: this.address, code });
      this.close(RELAY_CLOSE_CODES.policyViolation, `too many violations (last: ${code})`);
      this.onAbusive();
    }
  }

  /** Sends an `error` frame, then closes with `closeCode`. */
  end(code: RelayErrorCode, message: string, closeCode: number): void {
    if (this.closing) return;
    this.send(errorFrame(code, message, {}));
    this.close(closeCode, code);
  }

  /** Closes the socket (once); the close reason is cut to the 123 bytes a close frame allows. */
  close(closeCode: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.socket.close(closeCode, reason.slice(0, 120));
    // A peer that never answers the close handshake must not hold the socket open.
    setTimeout(() => this.socket.terminate(), 2_000).unref();
  }
}

function errorFrame(code: RelayErrorCode, message: string, context: ErrorContext): ErrorFrame {
  const frame: ErrorFrame = { type: 'error', code, message };
  if (context.requestId !== undefined) frame.requestId = context.requestId;
  if (context.clientId !== undefined) frame.clientId = context.clientId;
  return frame;
}
