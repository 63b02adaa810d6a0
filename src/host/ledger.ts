/**
 * The lobby host's bookkeeping beside the Matchmaker: who submitted which
 * ticket (the relay's client id), each ticket's PeerJS id, each player's
 * latencies, the game host of every game session, and the backfill tickets
 * of each session. Plain data in, plain JSON out (`toJSON` / `Ledger.from`),
 * so it is persisted with the Matchmaker snapshot. No I/O, no clock.
 */

/** Who submitted a ticket. */
export interface TicketOwner {
  clientId: string;
  /** The PeerJS id the client announced with the ticket; absent for backfill tickets. */
  peerId?: string;
  /** Set for a backfill ticket: the session it fills. */
  gameSessionArn?: string;
  /** When the ticket ended (ms), for pruning; absent while active or once COMPLETED. */
  endedAtMs?: number;
  /** Set when the ticket ended COMPLETED: kept while its players may be seated. */
  completed?: boolean;
  /** COMPLETED: the match that placed it and the game session it joined. */
  matchId?: string;
  placedIn?: string;
}

/** A player as the host last saw it submitted. */
export interface PlayerRecord {
  clientId: string;
  ticketId: string;
  peerId?: string;
  latencyInMs?: Record<string, number>;
}

/** The game host of a game session. */
export interface GameHostRecord {
  clientId: string;
  playerId: string;
  peerId: string;
  /** The active backfill ticket of the session as far as the host knows (manual or automatic). */
  backfillTicketId?: string;
  /** Players the game host reported gone and the Matchmaker still seats (until the next backfill succeeds). */
  departedPlayerIds?: string[];
  /** True once the lobby host keeps automatic backfill going itself (after `reportPlayerLeft`). */
  hostManagedBackfill?: boolean;
}

/** The ledger as plain JSON. */
export interface LedgerState {
  tickets: Record<string, TicketOwner>;
  players: Record<string, PlayerRecord>;
  gameSessions: Record<string, GameHostRecord>;
  /** Backfill tickets the lobby host replaced itself: their cancellation is not news to anyone. */
  supersededTicketIds: string[];
}

/** Ownership and game-host bookkeeping; see the file comment. Maps inside: ids come from the network. */
export class Ledger {
  private readonly tickets = new Map<string, TicketOwner>();
  private readonly players = new Map<string, PlayerRecord>();
  private readonly sessions = new Map<string, GameHostRecord>();
  private readonly superseded = new Set<string>();

  static empty(): Ledger {
    return new Ledger();
  }

  /** A ledger from `toJSON()`'s output (a missing part is empty). */
  static from(state: Partial<LedgerState> | undefined): Ledger {
    const copy = JSON.parse(JSON.stringify(state ?? {})) as Partial<LedgerState>;
    const ledger = new Ledger();
    for (const [id, value] of Object.entries(copy.tickets ?? {})) ledger.tickets.set(id, value);
    for (const [id, value] of Object.entries(copy.players ?? {})) ledger.players.set(id, value);
    for (const [id, value] of Object.entries(copy.gameSessions ?? {})) ledger.sessions.set(id, value);
    for (const id of copy.supersededTicketIds ?? []) ledger.superseded.add(id);
    return ledger;
  }

  toJSON(): LedgerState {
    return JSON.parse(
      JSON.stringify({
        tickets: Object.fromEntries(this.tickets),
        players: Object.fromEntries(this.players),
        gameSessions: Object.fromEntries(this.sessions),
        supersededTicketIds: [...this.superseded],
      }),
    ) as LedgerState;
  }

  ticket(ticketId: string): TicketOwner | undefined {
    return this.tickets.get(ticketId);
  }

  player(playerId: string): PlayerRecord | undefined {
    return this.players.get(playerId);
  }

  gameSession(arn: string): GameHostRecord | undefined {
    return this.sessions.get(arn);
  }

  /** Records a matchmaking ticket and its players as `clientId`'s. */
  addTicket(
    ticketId: string,
    clientId: string,
    peerId: string | undefined,
    players: readonly { PlayerId: string; LatencyInMs?: Record<string, number> }[],
  ): void {
    this.tickets.set(ticketId, peerId === undefined ? { clientId } : { clientId, peerId });
    for (const player of players) {
      const record: PlayerRecord = { clientId, ticketId };
      if (peerId !== undefined) record.peerId = peerId;
      if (player.LatencyInMs !== undefined) record.latencyInMs = { ...player.LatencyInMs };
      this.players.set(player.PlayerId, record);
    }
  }

  /** Records a backfill ticket of `gameSessionArn` as its game host's, and as the session's active one. */
  addBackfillTicket(ticketId: string, gameSessionArn: string): void {
    const session = this.sessions.get(gameSessionArn);
    if (!session) return;
    this.tickets.set(ticketId, { clientId: session.clientId, gameSessionArn });
    session.backfillTicketId = ticketId;
  }

  /**
   * Marks a ticket ended at `nowMs`. A completed ticket (`placed`: its match
   * and game session) is kept: its players are seated and may be backfilled around.
   */
  endTicket(ticketId: string, nowMs: number, placed?: { matchId: string; gameSessionArn: string }): void {
    const owner = this.tickets.get(ticketId);
    if (!owner) return;
    if (placed) {
      owner.completed = true;
      owner.matchId = placed.matchId;
      owner.placedIn = placed.gameSessionArn;
      delete owner.endedAtMs;
    } else {
      owner.endedAtMs ??= nowMs;
    }
    const session = owner.gameSessionArn === undefined ? undefined : this.sessions.get(owner.gameSessionArn);
    if (session && session.backfillTicketId === ticketId) delete session.backfillTicketId;
  }

  /** Whether the ticket is known and has not ended. */
  isActive(ticketId: string): boolean {
    const owner = this.tickets.get(ticketId);
    return owner !== undefined && !owner.completed && owner.endedAtMs === undefined;
  }

  /** The game sessions `clientId` hosts or has a placed ticket in. */
  sessionsOf(clientId: string): string[] {
    const arns = new Set<string>();
    for (const [arn, session] of this.sessions) if (session.clientId === clientId) arns.add(arn);
    for (const owner of this.tickets.values()) {
      if (owner.clientId === clientId && owner.placedIn !== undefined) arns.add(owner.placedIn);
    }
    return [...arns];
  }

  setGameHost(arn: string, record: GameHostRecord): void {
    this.sessions.set(arn, record);
  }

  /** Notes a backfill ticket the host cancelled to replace it. */
  supersede(ticketId: string): void {
    this.superseded.add(ticketId);
  }

  /** Whether the host cancelled this backfill ticket to replace it; `forget` drops the note. */
  isSuperseded(ticketId: string, forget = false): boolean {
    const found = this.superseded.has(ticketId);
    if (forget) this.superseded.delete(ticketId);
    return found;
  }

  /**
   * Forgets tickets that ended without a match more than `retentionMs` ago,
   * and their players unless a newer ticket names them. Returns whether
   * anything was forgotten.
   */
  prune(nowMs: number, retentionMs: number): boolean {
    let changed = false;
    for (const [ticketId, owner] of this.tickets) {
      if (owner.completed || owner.endedAtMs === undefined || nowMs - owner.endedAtMs < retentionMs) continue;
      this.tickets.delete(ticketId);
      changed = true;
      for (const [playerId, player] of this.players) {
        if (player.ticketId === ticketId) this.players.delete(playerId);
      }
    }
    return changed;
  }
}
