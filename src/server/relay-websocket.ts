/**
 * The relay's server-side WebSocket: the `ws` class, except that when the
 * library itself closes a connection for a protocol failure (1009: a frame
 * beyond the hard payload limit; 1007: a text frame that is not UTF-8), an
 * `error` frame saying why goes out first, so a client sees the same kind of
 * refusal for every violation.
 *
 * `ws` calls `close(code)` on its own before it emits `error`, so the hook
 * sits in `close`; it runs only while the socket is still open.
 */
import { WebSocket } from 'ws';
import { encodeFrame, RELAY_CLOSE_CODES } from '../net/protocol.ts';

/** A `ws` WebSocket that explains 1009 and 1007 closes with an `error` frame; pass it as `WebSocketServer`'s `WebSocket` option. */
export class RelayWebSocket extends WebSocket {
  /** The hard payload limit, bytes (named in the 1009 error frame); set by the relay. */
  hardMaxPayloadBytes = 0;
  /** Called once when the library closes the socket for a protocol failure (for the log). */
  onProtocolClose: ((code: number, message: string) => void) | undefined;

  override close(code?: number, data?: string | Buffer): void {
    if ((code === RELAY_CLOSE_CODES.tooLarge || code === RELAY_CLOSE_CODES.invalidPayload) && this.readyState === WebSocket.OPEN) {
      const message =
        code === RELAY_CLOSE_CODES.tooLarge
          ? `frame: over the hard limit of ${this.hardMaxPayloadBytes} bytes; the connection closes (1009)`
          : 'frame: a text frame that is not valid UTF-8; the connection closes (1007)';
      this.send(encodeFrame({ type: 'error', code: code === RELAY_CLOSE_CODES.tooLarge ? 'TOO_LARGE' : 'MALFORMED', message }));
      this.onProtocolClose?.(code, message);
    }
    super.close(code, data);
  }
}
