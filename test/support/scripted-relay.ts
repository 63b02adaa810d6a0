/**
 * A manual clock and a scripted WebSocket, for unit tests of the relay link
 * and its two roles (client-relay-socket.test.ts, net-relay-link.test.ts).
 */
import type { Timers } from '../../src/net/backoff.ts';
import type { WebSocketLike } from '../../src/net/relay-link.ts';

/** A clock whose timers run only on `advance`. */
export class ManualTimers implements Timers {
  nowMs = 0;
  private next = 1;
  private readonly due = new Map<number, { atMs: number; callback: () => void }>();

  setTimeout(callback: () => void, delayMs: number): unknown {
    const handle = this.next++;
    this.due.set(handle, { atMs: this.nowMs + delayMs, callback });
    return handle;
  }

  clearTimeout(handle: unknown): void {
    this.due.delete(handle as number);
  }

  advance(ms: number): void {
    const until = this.nowMs + ms;
    for (;;) {
      const [handle, timer] = [...this.due.entries()].sort((a, b) => a[1].atMs - b[1].atMs)[0] ?? [];
      if (handle === undefined || timer!.atMs > until) break;
      this.due.delete(handle);
      this.nowMs = timer!.atMs;
      timer!.callback();
    }
    this.nowMs = until;
  }
}

/** A WebSocket the test plays the server of. */
export class ScriptedSocket implements WebSocketLike {
  readyState = 0;
  readonly sent: Record<string, unknown>[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(readonly url: string) {}

  send(text: string): void {
    this.sent.push(JSON.parse(text) as Record<string, unknown>);
  }

  close(): void {
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }

  deliver(frame: object): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }

  drop(code = 1006, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  ofType(type: string): Record<string, unknown>[] {
    return this.sent.filter((frame) => frame.type === type);
  }
}
