/**
 * Delivery to clients that come and go. The relay holds a host's messages for
 * a client that dropped only briefly, and only while the server itself stays
 * up; a client it does not know (the server restarted, or the client has not
 * rejoined yet) gets nothing, and the message is gone. So the host tracks
 * which clients are connected (`registered.clients`, `client-joined`,
 * `client-left`) and parks what it sends to anyone else, per client, until
 * that client joins again: a restarted server or a reloading player loses no
 * event. Bounded: at most `maxPerClient` messages per client (oldest dropped)
 * and `maxClients` parked clients (the longest-parked dropped).
 */
import type { ClientId, HostToClientMessage, ServerToHostFrame } from '../net/protocol.ts';

/** How the mailbox reaches the relay. */
export interface MailboxOptions {
  /** Sends through the relay; false when the relay is not registered right now. */
  send(clientId: ClientId, message: HostToClientMessage): boolean;
  maxPerClient?: number;
  maxClients?: number;
}

/** See the file comment. */
export class ClientMailbox {
  private connected = new Set<ClientId>();
  private readonly parked = new Map<ClientId, HostToClientMessage[]>();

  constructor(private readonly options: MailboxOptions) {}

  /** Messages waiting for `clientId`. */
  waiting(clientId: ClientId): number {
    return this.parked.get(clientId)?.length ?? 0;
  }

  /** Sends now when the client is connected and nothing older waits for it, else parks. */
  deliver(clientId: ClientId, message: HostToClientMessage): void {
    if (this.connected.has(clientId) && !this.parked.has(clientId) && this.options.send(clientId, message)) return;
    this.park(clientId, message);
  }

  /** Follows the relay's view of who is connected; flushes parked messages to clients that are back. */
  onFrame(frame: ServerToHostFrame): void {
    switch (frame.type) {
      case 'registered':
        this.connected = new Set(frame.clients);
        for (const clientId of frame.clients) this.flush(clientId);
        return;
      case 'client-joined':
        this.connected.add(frame.clientId);
        this.flush(frame.clientId);
        return;
      case 'client-left':
        this.connected.delete(frame.clientId);
        return;
      default:
        return;
    }
  }

  /** The relay connection dropped: nobody is reachable until the next `registered`. */
  disconnected(): void {
    this.connected.clear();
  }

  private park(clientId: ClientId, message: HostToClientMessage): void {
    let queue = this.parked.get(clientId);
    if (!queue) {
      const maxClients = this.options.maxClients ?? 10_000;
      if (this.parked.size >= maxClients) this.parked.delete(this.parked.keys().next().value!);
      queue = [];
      this.parked.set(clientId, queue);
    }
    queue.push(message);
    const max = this.options.maxPerClient ?? 256;
    if (queue.length > max) queue.splice(0, queue.length - max);
  }

  private flush(clientId: ClientId): void {
    const queue = this.parked.get(clientId);
    if (!queue) return;
    while (queue.length > 0) {
      if (!this.options.send(clientId, queue[0]!)) return;
      queue.shift();
    }
    this.parked.delete(clientId);
  }
}
