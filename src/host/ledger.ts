/**
 * What only the lobby host knows: which relay client owns which ticket (the
 * tickets it submitted, and the backfill tickets of the game sessions it
 * hosts), which client each player came with, and which client is the game
 * host of each game session. Ticket lifecycles, the choice of game host and
 * backfill are the core's; this is ownership only. Plain data in, plain JSON
 * out (`toJSON` / `Ledger.from`), persisted with the Matchmaker snapshot.
 */
import type { PartiesState } from './parties.ts';

/** Who submitted a ticket. */
export interface TicketOwner {
  clientId: string;
  /** Set for a backfill ticket: the session it fills. */
  gameSessionArn?: string;
  /** Set once the ticket was placed: the game session its players joined (kept while they may be seated). */
  placedIn?: string;
  /** A party's ticket: the clients of its other members (each plays its own player in it; parties.ts). */
  memberClients?: string[];
}

/** Which client a player came with, in which ticket. */
export interface PlayerRecord {
  clientId: string;
  ticketId: string;
}

/** The client of a game session's game host. */
export interface GameHostRecord {
  clientId: string;
}

/** The ledger as plain JSON. Older saves carry more fields per record; they are ignored. */
export interface LedgerState {
  tickets: Record<string, TicketOwner>;
  players: Record<string, PlayerRecord>;
  gameSessions: Record<string, GameHostRecord>;
  /** The lobby's parties (parties.ts), kept by the LobbyHost beside the ledger; absent in older saves. */
  parties?: PartiesState;
}

/** Ownership bookkeeping; see the file comment. Maps inside: ids come from the network. */
export class Ledger {
  private readonly tickets = new Map<string, TicketOwner>();
  private readonly players = new Map<string, PlayerRecord>();
  private readonly sessions = new Map<string, GameHostRecord>();
  /** What `toJSON` answered last (never changed since). */
  private lastCopy: LedgerState | undefined;
  /** Ids changed (set, changed or deleted) since `lastCopy`, per map. */
  private readonly dirty = { tickets: new Set<string>(), players: new Set<string>(), sessions: new Set<string>() };

  /** A ledger from `toJSON()`'s output (a missing part is empty). */
  static from(state: Partial<LedgerState> | undefined): Ledger {
    const ledger = new Ledger();
    for (const [id, { clientId, gameSessionArn, placedIn, memberClients }] of Object.entries(state?.tickets ?? {})) {
      ledger.tickets.set(id, {
        clientId,
        ...(gameSessionArn ? { gameSessionArn } : {}),
        ...(placedIn ? { placedIn } : {}),
        ...(Array.isArray(memberClients) && memberClients.length > 0 ? { memberClients: memberClients.filter((c) => typeof c === 'string') } : {}),
      });
    }
    for (const [id, { clientId, ticketId }] of Object.entries(state?.players ?? {})) ledger.players.set(id, { clientId, ticketId });
    for (const [arn, { clientId }] of Object.entries(state?.gameSessions ?? {})) ledger.sessions.set(arn, { clientId });
    return ledger;
  }

  /**
   * A copy (records are changed in place here; a saved state never
   * changes). It is the last copy with the records changed since copied
   * again: an unchanged map is the last copy's own object, an unchanged
   * record too, so a replica's delta finds them unchanged by identity.
   */
  toJSON(): LedgerState {
    const last = this.lastCopy;
    if (last !== undefined && this.dirty.tickets.size + this.dirty.players.size + this.dirty.sessions.size === 0) return last;
    this.lastCopy = {
      tickets: copyChanged(this.tickets, last?.tickets, this.dirty.tickets, (owner) => (owner.memberClients ? { ...owner, memberClients: [...owner.memberClients] } : { ...owner })),
      players: copyChanged(this.players, last?.players, this.dirty.players, (record) => ({ ...record })),
      gameSessions: copyChanged(this.sessions, last?.gameSessions, this.dirty.sessions, (record) => ({ ...record })),
    };
    this.dirty.tickets.clear();
    this.dirty.players.clear();
    this.dirty.sessions.clear();
    return this.lastCopy;
  }

  ticket(ticketId: string): Readonly<TicketOwner> | undefined {
    return this.tickets.get(ticketId);
  }

  player(playerId: string): Readonly<PlayerRecord> | undefined {
    return this.players.get(playerId);
  }

  gameSession(arn: string): Readonly<GameHostRecord> | undefined {
    return this.sessions.get(arn);
  }

  /**
   * Records a matchmaking ticket as `clientId`'s and its players as that
   * client's, or (a party's ticket) each as the client `clientOf` names.
   */
  addTicket(ticketId: string, clientId: string, playerIds: readonly string[], clientOf?: (playerId: string) => string): void {
    const members = new Set<string>();
    for (const playerId of playerIds) {
      const playerClient = clientOf?.(playerId) ?? clientId;
      this.players.set(playerId, { clientId: playerClient, ticketId });
      this.dirty.players.add(playerId);
      if (playerClient !== clientId) members.add(playerClient);
    }
    this.tickets.set(ticketId, members.size > 0 ? { clientId, memberClients: [...members] } : { clientId });
    this.dirty.tickets.add(ticketId);
  }

  /** The clients of a party ticket's other members (none for other tickets). */
  clientsOfTicket(ticketId: string): readonly string[] {
    return this.tickets.get(ticketId)?.memberClients ?? [];
  }

  /** Records a backfill ticket of `gameSessionArn` as its game host's (nobody's when the session has none here). */
  addBackfillTicket(ticketId: string, gameSessionArn: string): void {
    const session = this.sessions.get(gameSessionArn);
    if (session) this.tickets.set(ticketId, { clientId: session.clientId, gameSessionArn });
    this.dirty.tickets.add(ticketId);
  }

  /** Notes that a ticket's players joined `gameSessionArn`. */
  placed(ticketId: string, gameSessionArn: string): void {
    const owner = this.tickets.get(ticketId);
    if (owner) owner.placedIn = gameSessionArn;
    this.dirty.tickets.add(ticketId);
  }

  setGameHost(arn: string, clientId: string): void {
    this.sessions.set(arn, { clientId });
    this.dirty.sessions.add(arn);
  }

  /**
   * A successor's client took over `arn` (game host migration): it is now
   * the session's game host and owns the session's backfill tickets.
   */
  moveGameHost(arn: string, clientId: string): void {
    this.sessions.set(arn, { clientId });
    this.dirty.sessions.add(arn);
    for (const [ticketId, owner] of this.tickets) {
      if (owner.gameSessionArn !== arn) continue;
      owner.clientId = clientId;
      this.dirty.tickets.add(ticketId);
    }
  }

  /** The players whose ticket was placed in `arn` (seated now or earlier). */
  playersIn(arn: string): string[] {
    return [...this.players].filter(([, player]) => this.tickets.get(player.ticketId)?.placedIn === arn).map(([playerId]) => playerId);
  }

  /** The game sessions `clientId` hosts or has a placed ticket in. */
  sessionsOf(clientId: string): string[] {
    const arns = new Set<string>();
    for (const [arn, session] of this.sessions) if (session.clientId === clientId) arns.add(arn);
    for (const owner of this.tickets.values()) {
      // A party member plays in the session its party's ticket (submitted by the leader) was placed in.
      const plays = owner.clientId === clientId || owner.memberClients?.includes(clientId) === true;
      if (plays && owner.placedIn !== undefined) arns.add(owner.placedIn);
    }
    return [...arns];
  }

  /**
   * Who plays in game session `arn`: each client with the ids of its players
   * placed there, the session's game host client included (with none when it
   * has no placed ticket of its own there).
   */
  seatsIn(arn: string): Map<string, string[]> {
    const seats = new Map<string, string[]>();
    const host = this.sessions.get(arn);
    if (host) seats.set(host.clientId, []);
    for (const [playerId, record] of this.players) {
      if (this.tickets.get(record.ticketId)?.placedIn !== arn) continue;
      seats.set(record.clientId, [...(seats.get(record.clientId) ?? []), playerId]);
    }
    return seats;
  }

  /** Ticket ids that were never placed (candidates for `forget` once the Matchmaker no longer holds them). */
  unplacedTicketIds(): string[] {
    return [...this.tickets].filter(([, owner]) => owner.placedIn === undefined).map(([id]) => id);
  }

  /** Forgets tickets (and their players, unless a newer ticket names them). Returns whether anything was forgotten. */
  forget(ticketIds: Iterable<string>): boolean {
    let changed = false;
    for (const ticketId of ticketIds) {
      if (!this.tickets.delete(ticketId)) continue;
      changed = true;
      this.dirty.tickets.add(ticketId);
      for (const [playerId, player] of this.players) {
        if (player.ticketId !== ticketId) continue;
        this.players.delete(playerId);
        this.dirty.players.add(playerId);
      }
    }
    return changed;
  }
}

/**
 * `map` as a plain object: `previous` (its last copy) itself when no id
 * changed, else a copy of it with the `changed` ids copied again by `copy`
 * or dropped. Ids come from the network: an id "__proto__" stays an entry.
 */
function copyChanged<T>(map: ReadonlyMap<string, T>, previous: Record<string, T> | undefined, changed: ReadonlySet<string>, copy: (record: T) => T): Record<string, T> {
  if (previous === undefined) return Object.fromEntries(Array.from(map, ([id, record]) => [id, copy(record)]));
  if (changed.size === 0) return previous;
  const next = { ...previous };
  for (const id of changed) {
    const record = map.get(id);
    if (record === undefined) delete next[id];
    else Object.defineProperty(next, id, { value: copy(record), enumerable: true, writable: true, configurable: true });
  }
  return next;
}
