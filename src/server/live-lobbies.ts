/**
 * The relay's live lobbies by name: created on first use, forgotten when
 * empty, released when the registry expires them; and how each is used now
 * (hosted, players waiting, unused), which decides when it may expire.
 */
import { encodeFrame, RELAY_CLOSE_CODES } from '../net/protocol.ts';
import type { ClientId, LobbyName, RequestFrame } from '../net/protocol.ts';
import type { LobbyActivity, LobbyRegistry } from './lobby-registry.ts';
import type { Logger } from './logger.ts';
import type { RelayLimits } from './relay-limits.ts';
import { LiveLobby } from './relay-lobby.ts';

/** Live lobbies of one relay. */
export class LiveLobbies {
  private readonly lobbies = new Map<LobbyName, LiveLobby>();
  /** When each lobby's host was last seen in this process (for lobbies without a live record). */
  private readonly hostSeenAtMs = new Map<LobbyName, number>();
  private readonly startedAtMs: number;

  constructor(
    private readonly limits: RelayLimits,
    private readonly now: () => number,
    /** The persisted term of a lobby (the registry's). */
    private readonly termOf: (name: LobbyName) => number,
    private readonly logger: Logger,
  ) {
    this.startedAtMs = now();
  }

  /** The live lobby `name`, if any. */
  get(name: LobbyName): LiveLobby | undefined {
    return this.lobbies.get(name);
  }

  /** Every live lobby. */
  values(): IterableIterator<LiveLobby> {
    return this.lobbies.values();
  }

  /** The live lobby `name`, created if needed (its host counted away since it was last seen, or since start). */
  live(name: LobbyName): LiveLobby {
    let lobby = this.lobbies.get(name);
    if (!lobby) {
      const created = new LiveLobby(name, this.limits, this.now, this.hostSeenAtMs.get(name) ?? this.startedAtMs, this.termOf(name));
      created.onExpired = (clientId, request, reason) => answerUnavailable(created, clientId, request, reason);
      created.onInFlightDropped = (clientId, request) =>
        this.logger.warn('relay: forgot a request in flight (too many unanswered)', { lobby: name, clientId, requestId: request.requestId, limit: this.limits.maxInFlightPerLobby });
      this.lobbies.set(name, created);
      lobby = created;
    }
    return lobby;
  }

  /** The host of `name` left now. */
  hostLeft(name: LobbyName): void {
    this.hostSeenAtMs.set(name, this.now());
  }

  /** Forgets a lobby (empty, or released). */
  forget(lobby: LiveLobby): void {
    lobby.dispose();
    this.lobbies.delete(lobby.name);
  }

  /** How a lobby is used now: hosted (a primary or a standby connected), players waiting without a host, or unused (expires sooner). */
  readonly activityOf = (name: LobbyName): LobbyActivity => {
    const lobby = this.lobbies.get(name);
    if (lobby && !lobby.hosts.empty) return 'hosted';
    return lobby === undefined || lobby.empty ? 'unused' : 'waiting';
  };

  /** Releases what the registry expires, closing the released lobbies' clients with `UNKNOWN_LOBBY`. */
  releaseExpired(registry: LobbyRegistry): void {
    for (const name of registry.expire(this.activityOf)) {
      this.hostSeenAtMs.delete(name);
      const lobby = this.lobbies.get(name);
      if (!lobby) continue;
      for (const client of lobby.clients.values()) {
        client.end('UNKNOWN_LOBBY', `lobby "${name}" was released: its host stayed away too long`, RELAY_CLOSE_CODES.goingAway);
      }
      this.forget(lobby);
    }
  }
}

/** Answers a request `HOST_UNAVAILABLE`, on the client's connection or, while it is away, when it resumes. */
export function answerUnavailable(lobby: LiveLobby, clientId: ClientId, request: RequestFrame, reason: string): void {
  lobby.deliverToClient(clientId, encodeFrame({ type: 'error', code: 'HOST_UNAVAILABLE', message: reason, requestId: request.requestId }));
}
