/**
 * Incoming DataConnections before their match is known: the relay (which
 * brings the game host its `MatchmakingSucceeded`) and WebRTC (which brings
 * the players' connections) race, so a connection for a match this client
 * does not host yet waits for it, up to a time limit, and is then refused
 * with the reason. Connections without usable metadata are refused at once.
 */
import { parseMetadata } from './admission.ts';
import type { Timers } from '../net/backoff.ts';
import { refuse, type GameHostHandoff } from './handoff.ts';
import type { DataConnectionLike } from './peer-like.ts';

/**
 * Routes incoming connections to the game-host hand-off of their match. A
 * connection for a match this client does not (yet) host waits up to
 * `holdMs` for it, then is refused.
 */
export class IncomingConnections {
  private readonly hosts = new Set<GameHostHandoff>();
  private readonly waiting = new Map<DataConnectionLike, { matchId: string | undefined; timer: unknown }>();

  constructor(
    private readonly timers: Timers,
    private readonly holdMs: number,
    private readonly onRefused: (peerId: string, reason: string) => void,
  ) {}

  /** A game-host hand-off starts: it takes the connections that waited for its match. */
  addHost(host: GameHostHandoff): void {
    this.hosts.add(host);
    this.flush();
  }

  /** A game-host hand-off ended. */
  removeHost(host: GameHostHandoff): void {
    this.hosts.delete(host);
  }

  /** The matches of `host` changed (a backfill): waiting connections may be its now. */
  flush(): void {
    for (const [connection, entry] of [...this.waiting]) {
      const host = this.hostFor(entry.matchId);
      if (!host) continue;
      this.timers.clearTimeout(entry.timer);
      this.waiting.delete(connection);
      host.offer(connection);
    }
  }

  /** A new incoming connection. */
  offer(connection: DataConnectionLike): void {
    const metadata = parseMetadata(connection.metadata);
    const matchId = typeof metadata === 'string' ? undefined : metadata.matchId;
    const host = this.hostFor(matchId);
    if (host) {
      host.offer(connection);
      return;
    }
    if (matchId === undefined) {
      this.refuse(connection, metadata as string);
      return;
    }
    const timer = this.timers.setTimeout(() => {
      if (!this.waiting.delete(connection)) return;
      this.refuse(connection, `matchId: ${JSON.stringify(matchId)} is not a match this peer hosts`);
    }, this.holdMs);
    this.waiting.set(connection, { matchId, timer });
    connection.on('close', () => {
      const entry = this.waiting.get(connection);
      if (!entry) return;
      this.timers.clearTimeout(entry.timer);
      this.waiting.delete(connection);
    });
  }

  /** Refuses every waiting connection and forgets the hosts. */
  close(): void {
    for (const [connection, entry] of this.waiting) {
      this.timers.clearTimeout(entry.timer);
      connection.close();
    }
    this.waiting.clear();
    this.hosts.clear();
  }

  private hostFor(matchId: string | undefined): GameHostHandoff | undefined {
    if (matchId === undefined) return undefined;
    for (const host of this.hosts) if (host.servesMatch(matchId)) return host;
    return undefined;
  }

  private refuse(connection: DataConnectionLike, reason: string): void {
    this.onRefused(connection.peer, reason);
    refuse(connection, reason, this.timers);
  }
}
