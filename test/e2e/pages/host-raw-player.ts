/**
 * A raw WebSocket player for the host tests (Node only: uses `ws`): joins a
 * lobby through the real relay, sends `request` frames, collects every
 * event, and, like a real client, resumes its identity after the socket
 * drops (a server restart), retrying until the lobby is back. Used by
 * test/host-node-host.test.ts and test/e2e/host-reload.spec.ts.
 */
import { WebSocket } from 'ws';
import {
  encodeFrame,
  isProtocolIssue,
  parseServerToClient,
  type ClientId,
  type ClientOp,
  type LobbyName,
  type RelayEvent,
  type ResponseFrame,
} from '../../../src/net/protocol.ts';

/** A failed request, as the player saw it. */
export type RawResponse = ResponseFrame | { type: 'relay-error'; requestId: string; code: string; message: string };

export class RawPlayer {
  readonly events: RelayEvent[] = [];
  clientId: ClientId | undefined;
  private resumeToken: string | undefined;
  private socket: WebSocket | undefined;
  private joined = false;
  private closed = false;
  private nextRequest = 0;
  private readonly waiting = new Map<string, (response: RawResponse) => void>();
  private readonly outbox: string[] = [];
  private readonly watchers = new Set<() => void>();

  constructor(
    private readonly relayUrl: string,
    private readonly lobby: string,
  ) {}

  /** Joins the lobby; resolves once `joined` (retries while the server or the lobby is not there yet). */
  async connect(timeoutMs = 10_000): Promise<void> {
    this.open();
    await this.until(() => this.joined, timeoutMs, 'joined');
  }

  /** Sends a request and resolves with its answer (a host response or a relay error). */
  request(op: ClientOp, input: Record<string, unknown>, timeoutMs = 10_000): Promise<RawResponse> {
    const requestId = `q${++this.nextRequest}`;
    const answer = new Promise<RawResponse>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${op} (${requestId}): no answer within ${timeoutMs} ms`)), timeoutMs);
      this.waiting.set(requestId, (response) => {
        clearTimeout(timer);
        resolve(response);
      });
    });
    this.send(encodeFrame({ type: 'request', requestId, op, input }));
    return answer;
  }

  /** The value of a successful request; throws with the error otherwise. */
  async ok<T = any>(op: ClientOp, input: Record<string, unknown>): Promise<T> {
    const response = await this.request(op, input);
    if (response.type === 'response' && response.ok) return response.value as T;
    throw new Error(`${op} failed: ${JSON.stringify(response)}`);
  }

  /** The first event (already received or still to come) `accept` takes. */
  async waitForEvent(accept: (event: RelayEvent) => boolean, timeoutMs = 10_000, label = 'event'): Promise<RelayEvent> {
    await this.until(() => this.events.some(accept), timeoutMs, label);
    return this.events.find(accept)!;
  }

  /** Closes for good. */
  close(): void {
    this.closed = true;
    this.socket?.close();
  }

  private open(): void {
    if (this.closed) return;
    const socket = new WebSocket(this.relayUrl);
    this.socket = socket;
    socket.on('open', () => {
      const resume = this.clientId && this.resumeToken ? { clientId: this.clientId, resumeToken: this.resumeToken } : undefined;
      socket.send(encodeFrame(resume ? { type: 'join', lobby: this.lobby as LobbyName, resume } : { type: 'join', lobby: this.lobby as LobbyName }));
    });
    socket.on('message', (data) => this.onMessage(String(data)));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.joined = false;
      if (!this.closed) setTimeout(() => this.open(), 100);
    });
  }

  private onMessage(text: string): void {
    const frame = parseServerToClient(text);
    if (isProtocolIssue(frame)) return;
    switch (frame.type) {
      case 'joined':
        this.clientId = frame.clientId;
        this.resumeToken = frame.resumeToken;
        this.joined = true;
        for (const queued of this.outbox.splice(0)) this.socket?.send(queued);
        break;
      case 'response':
        this.waiting.get(frame.requestId)?.(frame);
        this.waiting.delete(frame.requestId);
        break;
      case 'event':
        this.events.push(frame.event);
        break;
      case 'error':
        if (frame.requestId !== undefined) {
          this.waiting.get(frame.requestId)?.({ type: 'relay-error', requestId: frame.requestId, code: frame.code, message: frame.message });
          this.waiting.delete(frame.requestId);
        } else if (!this.joined) {
          // UNKNOWN_LOBBY while the host re-registers: try again shortly.
          this.socket?.close();
        }
        break;
      default:
        break;
    }
    for (const watcher of [...this.watchers]) watcher();
  }

  private send(text: string): void {
    if (this.joined && this.socket?.readyState === WebSocket.OPEN) this.socket.send(text);
    else this.outbox.push(text);
  }

  private until(done: () => boolean, timeoutMs: number, label: string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        this.watchers.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.watchers.delete(check);
        reject(new Error(`player ${this.clientId ?? '(not joined)'}: no ${label} within ${timeoutMs} ms; events: ${JSON.stringify(this.events.map(describe))}`));
      }, timeoutMs);
      this.watchers.add(check);
    });
  }
}

function describe(event: RelayEvent): string {
  if ('detail' in event) return event.detail.type;
  if (event.kind === 'party') return `party:${event.change.type}`;
  return event.kind === 'presence' ? `presence:${event.away ? 'away' : 'back'}` : `${event.kind}:${event.update.updateReason}`;
}

/** Whether a relay event is the FlexMatch event `type`. */
export function isFlexEvent(type: string) {
  return (event: RelayEvent): boolean => 'detail' in event && event.detail.type === type;
}
