/**
 * A relay connection from Node (the `ws` library), with an inbox: for tests,
 * the relay benchmark and headless tools. Frames arrive as parsed JSON and
 * are not validated here (a caller that trusts nothing runs the protocol
 * guards); `next` waits for the next frame that matches.
 */
import WebSocket from 'ws';
import type { ClientOptions } from 'ws';
import type { RelayFrame } from '../net/protocol.ts';

/** A received frame: parsed JSON with a `type` (anything else is kept as `{ type: '<unparsed>' }`). */
export type ReceivedFrame = { type: string; [field: string]: unknown };

/** How a socket closed. */
export interface CloseInfo {
  code: number;
  reason: string;
}

/** One WebSocket to the relay with a queue of received frames. */
export class RelayNodeSocket {
  /** Every frame received so far (but those `onFrame` consumed), oldest first. */
  readonly received: ReceivedFrame[] = [];
  /** Settles when the socket closes. */
  readonly closed: Promise<CloseInfo>;
  private readonly waiters: { match: (frame: ReceivedFrame) => boolean; resolve: (frame: ReceivedFrame) => void }[] = [];
  private unread: ReceivedFrame[] = [];
  private closeInfo: CloseInfo | undefined;
  /**
   * Called on every frame before inbox matching (a host's request handler, a
   * benchmark's clock); returning true consumes the frame (not kept for `next`).
   */
  onFrame: ((frame: ReceivedFrame) => boolean | void) | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => this.receive(String(data)));
    this.closed = new Promise((resolve) =>
      socket.on('close', (code, reason) => {
        this.closeInfo = { code, reason: reason.toString() };
        resolve(this.closeInfo);
      }),
    );
    socket.on('error', () => undefined);
  }

  /** Connects; rejects with the handshake failure (`Unexpected server response: 403`, ...). */
  static open(url: string, options: ClientOptions = {}): Promise<RelayNodeSocket> {
    const socket = new WebSocket(url, options);
    const relay = new RelayNodeSocket(socket);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(relay));
      socket.once('error', reject);
    });
  }

  /** Sends a frame (or raw text / bytes, to test refusals). */
  send(frame: RelayFrame | string | Buffer | object): void {
    this.socket.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
  }

  /**
   * The next unread frame matching `match` (by default any), waiting up to
   * `timeoutMs`; rejects naming what it waited for and what did arrive.
   */
  next(match: string | ((frame: ReceivedFrame) => boolean) = () => true, timeoutMs = 2_000): Promise<ReceivedFrame> {
    const test = typeof match === 'string' ? (frame: ReceivedFrame) => frame.type === match : match;
    const index = this.unread.findIndex(test);
    if (index >= 0) return Promise.resolve(this.unread.splice(index, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = {
        match: test,
        resolve: (frame: ReceivedFrame) => {
          clearTimeout(timer);
          resolve(frame);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        const seen = this.received.map((f) => f.type).join(', ');
        reject(new Error(`no ${typeof match === 'string' ? `"${match}" ` : ''}frame within ${timeoutMs} ms (received: ${seen || 'nothing'})`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Unread frames, oldest first (and marks them read). */
  drain(): ReceivedFrame[] {
    const frames = this.unread;
    this.unread = [];
    return frames;
  }

  /** The close code and reason once closed, else `undefined`. */
  get closeState(): CloseInfo | undefined {
    return this.closeInfo;
  }

  /** Closes (normal closure) and waits for the close to complete. */
  async close(): Promise<CloseInfo> {
    if (this.socket.readyState === WebSocket.CONNECTING || this.socket.readyState === WebSocket.OPEN) this.socket.close(1000);
    return this.closed;
  }

  private receive(text: string): void {
    let frame: ReceivedFrame;
    try {
      const value = JSON.parse(text) as ReceivedFrame;
      frame = typeof value === 'object' && value !== null && typeof value.type === 'string' ? value : { type: '<unparsed>', text };
    } catch {
      frame = { type: '<unparsed>', text };
    }
    if (this.onFrame?.(frame) === true) return;
    this.received.push(frame);
    const waiter = this.waiters.find((w) => w.match(frame));
    if (waiter) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve(frame);
    } else this.unread.push(frame);
  }
}

/**
 * Connects a host and registers `lobby` (as a standby with `standby`, or
 * as the primary of `term` with `term`); rejects with the relay's error frame text if refused.
 */
export async function openHost(
  relayUrl: string,
  lobby: string,
  token?: string,
  role: { standby?: boolean; term?: number; termProof?: string } = {},
): Promise<{ host: RelayNodeSocket; token: string; registered: ReceivedFrame }> {
  const host = await RelayNodeSocket.open(relayUrl);
  host.send({ type: 'register', lobby, ...(token === undefined ? {} : { token }), ...role });
  const answer = await host.next((f) => f.type === 'registered' || f.type === 'error');
  if (answer.type === 'error') {
    await host.close();
    throw new Error(`register ${lobby}: ${String(answer.code)}: ${String(answer.message)}`);
  }
  return { host, token: answer.token as string, registered: answer };
}

/** Connects a client and joins `lobby` (resuming an identity if given); rejects with the relay's error frame text if refused. */
export async function openClient(
  relayUrl: string,
  lobby: string,
  resume?: { clientId: string; resumeToken: string },
  options: ClientOptions = {},
): Promise<{ client: RelayNodeSocket; clientId: string; resumeToken: string; joined: ReceivedFrame }> {
  const client = await RelayNodeSocket.open(relayUrl, options);
  client.send(resume === undefined ? { type: 'join', lobby } : { type: 'join', lobby, resume });
  const answer = await client.next((f) => f.type === 'joined' || f.type === 'error');
  if (answer.type === 'error') {
    await client.close();
    throw new Error(`join ${lobby}: ${String(answer.code)}: ${String(answer.message)}`);
  }
  return { client, clientId: answer.clientId as string, resumeToken: answer.resumeToken as string, joined: answer };
}
