/**
 * The lobby host's service logic: serves the players' requests arriving
 * through the relay against a Matchmaker (in-process or in a Worker), with
 * the ownership rule of the design: a client acts only on the tickets it
 * submitted, and only a game session's game host may backfill it, stop its
 * backfill or report its players gone. Routes every Matchmaker event to the
 * clients owning the tickets it lists (a `MatchmakingSucceeded` to every
 * player of the match; the core wrote the connection info into it, see
 * src/net/connection-info.ts) and every game-session update to that
 * session's game host. No sockets, no storage, no timers: the relay sink,
 * the change notification (for persistence) and the clock are injected.
 *
 * Requests run one at a time, in arrival order, so that an ownership check
 * and the bookkeeping after the Matchmaker's answer cannot interleave with
 * another request.
 */
import type { GameSessionUpdate, MatchmakingEvent, Player } from '../core/matchmaker/index.ts';
import { connectionInfoOf } from '../net/connection-info.ts';
import {
  clientRequestOf,
  type ClientId,
  type ClientOps,
  type ClientRequest,
  type DescribeLobbyOutput,
  type HostToClientMessage,
  type RequestFrame,
  type ResponseFrame,
  type ServerToHostFrame,
} from '../net/protocol.ts';
import { Ledger, type LedgerState } from './ledger.ts';
import { claimGameHost, RelayPresence } from './game-host-claim.ts';
import { awsError, show } from '../core/matchmaker/errors.ts';
import { isActiveStatus, SEAT_HELD_MARK, TICKET_ENDING_EVENTS as TERMINAL } from '../core/ticket-lifecycle.ts';
import { toWireError as wireError } from '../net/wire-error.ts';
import type { MatchmakerLike } from './matchmaker-like.ts';
import { Parties } from './parties.ts';
import { PartyService, type PartyRequest } from './party-service.ts';
import { RecentAnswers, remembersAnswer, type AnswerRecord } from './recent-answers.ts';

/** How a `LobbyHost` is wired. */
export interface LobbyHostOptions {
  matchmaker: MatchmakerLike;
  /** The configuration `startMatchmaking` / `startMatchBackfill` use when the client names none. */
  configurationName: string;
  /** Hands a response or event to the relay for one client. */
  send(clientId: ClientId, message: HostToClientMessage): void;
  /** Called after every change to the host's state (ledger or Matchmaker), before the messages it causes are sent. */
  changed?(): void;
  /** The ledger to resume from (`ledgerState()` of a previous run). */
  ledger?: LedgerState;
  /** The answers to resume from (`answersState()` of a previous run or of the primary this host replaced). */
  answers?: readonly AnswerRecord[];
  /** Current time in ms (how often ownership of forgotten tickets is pruned); default `Date.now`. */
  now?(): number;
  /** A failure that answers no request (a background pruning step). Default: ignored. */
  onError?(error: unknown): void;
  /** A game host reported `playerId` gone from its game session (after the report was accepted). */
  onPlayerLeft?(gameSessionArn: string, playerId: string): void;
  /** The answer to a client's `describeLobby` (lobby-summary.ts); without it that request is refused. */
  describeLobby?(): Promise<DescribeLobbyOutput>;
  /**
   * A client's `reportConnections` (connection-reports.ts), with who
   * submitted a ticket as the ledger knows it; throws to refuse. Without it
   * that request is refused.
   */
  reportConnections?(clientId: ClientId, input: unknown, ownerOf: (ticketId: string) => string | undefined): void;
  /** Random numbers in [0, 1) for party ids and codes; default `Math.random`. */
  random?(): number;
  /** The most parties the lobby keeps (party-service.ts `MAX_PARTIES_PER_LOBBY` by default). */
  maxParties?: number;
}

/** How often the ownership of tickets the Matchmaker has forgotten is pruned (at most). */
const PRUNE_INTERVAL_MS = 60_000;

type Output<Op extends keyof ClientOps> = Promise<ClientOps[Op]['output']>;

/** See the file comment. */
export class LobbyHost {
  private readonly ledger: Ledger;
  /** Friends queuing as one ticket (party-service.ts); persisted beside the ledger. */
  private readonly party: PartyService;
  /** Answers to requests that change something, so that one sent again is answered, not run again. */
  private readonly answers: RecentAnswers;
  /**
   * Who is connected to the relay, from the frames `handleFrame` gets: a game
   * host that left may be replaced by a successor, and a player's seat is held
   * for the client of its active ticket only while that client is connected.
   */
  private readonly presence = new RelayPresence();
  private readonly unsubscribe: (() => void)[];
  private queue: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private lastPruneMs = -Infinity;

  constructor(private readonly options: LobbyHostOptions) {
    this.ledger = Ledger.from(options.ledger);
    this.now = options.now ?? Date.now;
    this.party = new PartyService({
      parties: Parties.from(options.ledger?.parties),
      ledger: this.ledger,
      matchmaker: options.matchmaker,
      configurationName: options.configurationName,
      gone: (clientId) => this.presence.gone(clientId),
      largestTeam: async () => (this.options.describeLobby ? (await this.options.describeLobby()).MaxPlayersPerTeam : undefined),
      send: (clientId, message) => this.options.send(clientId, message),
      changed: () => this.changed(),
      random: options.random ?? Math.random,
      ...(options.maxParties !== undefined ? { maxParties: options.maxParties } : {}),
    });
    this.answers = new RecentAnswers(options.answers, this.now);
    // Listeners never throw into the Matchmaker (an in-process one would rethrow to whoever called tick()).
    const guard =
      <T>(listener: (value: T) => void) =>
      (value: T): void => {
        try {
          listener(value);
        } catch (error) {
          options.onError?.(error);
        }
      };
    this.unsubscribe = [
      options.matchmaker.on(guard((event) => this.onEvent(event))),
      options.matchmaker.onUpdateGameSession(guard((update) => this.onUpdate(update))),
    ];
  }

  /** The ledger as plain JSON, for persistence. */
  ledgerState(): LedgerState {
    const parties = this.party.toJSON();
    // Written only when there are parties, so a lobby without any keeps the ledger's plain shape.
    return parties.parties.length > 0 ? { ...this.ledger.toJSON(), parties } : this.ledger.toJSON();
  }

  /** The remembered answers as plain JSON, for persistence and replication (recent-answers.ts). */
  answersState(): AnswerRecord[] {
    return this.answers.toJSON();
  }

  /** Stops listening to the Matchmaker. Requests already queued still run. */
  close(): void {
    for (const off of this.unsubscribe) off();
  }

  /** Resolves once every request received so far has been answered. */
  idle(): Promise<void> {
    return this.queue;
  }

  /** A frame from the relay: serves `from-client` requests and follows who is connected. */
  handleFrame(frame: ServerToHostFrame): void {
    this.presence.onFrame(frame);
    if (frame.type === 'from-client') this.handleRequest(frame.clientId, frame.message);
    else if (frame.type === 'registered') this.enqueue(() => this.party.search.clientsKnown());
    else if (frame.type === 'client-left') {
      this.presenceChanged(frame.clientId, true);
      this.enqueue(() => this.party.search.clientLeft(frame.clientId));
    } else if (frame.type === 'client-joined') {
      this.presenceChanged(frame.clientId, false);
      this.enqueue(async () => this.party.search.clientBack(frame.clientId));
    }
  }

  /**
   * Queues a client's request; its response goes to `send` once it ran. A
   * request that changes something and was answered before (the same client
   * and request id: a resend after a reconnect or a failover) gets the same
   * answer again and does not run twice.
   */
  handleRequest(clientId: ClientId, request: RequestFrame): void {
    this.enqueue(async () => {
      const remember = remembersAnswer(request.op);
      const earlier = remember ? this.answers.find(clientId, request.requestId) : undefined;
      if (earlier !== undefined) {
        this.options.send(clientId, earlier);
        return;
      }
      let message: ResponseFrame;
      try {
        const value = await this.serve(clientId, clientRequestOf(request));
        message = { type: 'response', requestId: request.requestId, ok: true, value };
      } catch (error) {
        message = { type: 'response', requestId: request.requestId, ok: false, error: wireError(error) };
      }
      if (remember) this.answers.remember(clientId, message);
      this.options.send(clientId, message);
    });
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error: unknown) => this.options.onError?.(error));
  }

  private changed(): void {
    this.options.changed?.();
  }

  private async serve(clientId: ClientId, request: ClientRequest): Promise<unknown> {
    const mm = this.options.matchmaker;
    switch (request.op) {
      case 'startMatchmaking':
        return this.startMatchmaking(clientId, request.input);
      case 'describeMatchmaking':
        this.ownTickets(clientId, request.input.TicketIds);
        return mm.describeMatchmaking(request.input);
      case 'stopMatchmaking':
        // Any member of a searching party may stop its ticket; the party is told who did.
        if (this.party.search.isTicketMember(clientId, request.input.TicketId)) return this.party.search.stopByMember(clientId, request.input.TicketId).then(() => ({}));
        this.ownTicket(clientId, request.input.TicketId, 'TicketId');
        return this.changing(mm.stopMatchmaking(request.input));
      case 'acceptMatch':
        // On a party's ticket each member accepts for its own player only, the leader too.
        if (this.party.search.isPartyTicket(request.input.TicketId)) {
          this.party.search.checkAcceptance(clientId, request.input.TicketId, request.input.PlayerIds, request.input.AcceptanceType);
        } else this.ownTicket(clientId, request.input.TicketId, 'TicketId');
        return this.changing(mm.acceptMatch(request.input));
      case 'createParty':
      case 'joinParty':
      case 'describeParty':
      case 'leaveParty':
      case 'removePartyMember':
      case 'changePartyLeader':
      case 'setPartyReady':
      case 'startPartyMatchmaking':
        return this.party.serve(clientId, request as PartyRequest);
      case 'startMatchBackfill':
        return this.startMatchBackfill(clientId, request.input);
      case 'stopMatchBackfill':
        return this.stopMatchBackfill(clientId, request.input);
      case 'reportPlayerLeft':
        return this.reportPlayerLeft(clientId, request.input);
      case 'describeGameSessions':
        return this.describeGameSessions(clientId, request.input);
      case 'claimGameHost':
        return this.changing(claimGameHost(clientId, request.input, this.ledger, this.presence, mm));
      case 'describeLobby':
        if (!this.options.describeLobby) throw awsError('InvalidRequestException', 'describeLobby: this lobby host does not describe its lobby');
        return this.options.describeLobby();
      case 'reportConnections':
        if (!this.options.reportConnections) throw awsError('InvalidRequestException', 'reportConnections: this lobby host keeps no connection reports');
        this.options.reportConnections(clientId, request.input, (ticketId) => this.ledger.ticket(ticketId)?.clientId);
        return {};
      default:
        return assertNever(request);
    }
  }

  /** Awaits a Matchmaker answer, then notes the change (for persistence). */
  private async changing<T>(answer: T | Promise<T>): Promise<T> {
    const value = await answer;
    this.changed();
    return value;
  }

  private async startMatchmaking(clientId: ClientId, input: ClientOps['startMatchmaking']['input']): Output<'startMatchmaking'> {
    const { PeerId: ticketPeerId, ...rest } = input;
    if (ticketPeerId !== undefined && typeof ticketPeerId !== 'string') {
      throw awsError('InvalidRequestException', `PeerId: expected the PeerJS id of the client, got ${show(ticketPeerId)}`);
    }
    const request = { ...rest, ConfigurationName: input.ConfigurationName ?? this.options.configurationName };
    if (Array.isArray(request.Players)) {
      const players: unknown[] = request.Players;
      request.Players = [];
      for (const [index, entry] of players.entries()) {
        const player = (typeof entry === 'object' && entry !== null ? { ...entry } : entry) as Player;
        if (typeof player?.PlayerId === 'string') {
          player.PeerId ??= ticketPeerId;
          if (player.PeerId === undefined) {
            throw awsError(
              'InvalidRequestException',
              `Players[${index}].PeerId: player ${show(player.PlayerId)} needs the PeerJS id of its client (or the ticket a PeerId)`,
            );
          }
          await this.refuseOthersActivePlayer(clientId, player.PlayerId, index);
          this.party.search.refuseSearchingMember(player.PlayerId, index);
        }
        request.Players.push(player);
      }
    }
    const output = await this.options.matchmaker.startMatchmaking(request);
    const ticket = output.MatchmakingTicket;
    this.ledger.addTicket(
      ticket.TicketId,
      clientId,
      ticket.Players.map((player) => player.PlayerId),
    );
    this.changed();
    return output;
  }

  /**
   * Refuses a player who is in the active ticket of another client that is
   * still connected (the core would cancel that ticket); a client that is
   * gone leaves the seat to the newer ticket.
   */
  private async refuseOthersActivePlayer(clientId: ClientId, playerId: string, index: number): Promise<void> {
    const known = this.ledger.player(playerId);
    if (!known || known.clientId === clientId) return;
    if (this.presence.gone(known.clientId)) return;
    const { TicketList } = await this.options.matchmaker.describeMatchmaking({ TicketIds: [known.ticketId] });
    if (TicketList.some((ticket) => isActiveStatus(ticket.Status))) {
      throw awsError(
        'InvalidRequestException',
        `Players[${index}].PlayerId: player ${show(playerId)} is in active ticket ${show(known.ticketId)} ${SEAT_HELD_MARK} (one player, one seat)`,
      );
    }
  }

  /** Refuses (`NotFoundException`, existence not revealed) any listed ticket `clientId` does not own. */
  private ownTickets(clientId: ClientId, ids: unknown): void {
    if (!Array.isArray(ids)) return; // the Matchmaker refuses it, naming the field
    ids.forEach((id: unknown, index) => {
      // A party member sees its party's ticket (its player is in it), as the leader who submitted it.
      if (typeof id === 'string' && this.ledger.ticket(id)?.clientId !== clientId && !this.ledger.clientsOfTicket(id).includes(clientId)) {
        throw awsError('NotFoundException', `TicketIds[${index}]: this client has no matchmaking ticket ${show(id)}`);
      }
    });
  }

  /** Refuses a ticket `clientId` did not submit (a backfill ticket: whose session it does not host). */
  private ownTicket(clientId: ClientId, value: unknown, field: string): string {
    if (typeof value !== 'string') throw awsError('InvalidRequestException', `${field}: expected a ticket id, got ${show(value)}`);
    if (this.ledger.ticket(value)?.clientId === clientId) return value;
    throw awsError('InvalidRequestException', `${field}: ticket ${show(value)} was not submitted by this client`);
  }

  /** The ARN when `clientId` is the game host of that session; else refused naming it. */
  private hostedSession(clientId: ClientId, value: unknown, action: string): string {
    if (typeof value !== 'string') {
      throw awsError('InvalidRequestException', `GameSessionArn: expected a game session ARN, got ${show(value)}`);
    }
    if (this.ledger.gameSession(value)?.clientId !== clientId) {
      throw awsError('InvalidRequestException', `GameSessionArn: only the game host of game session ${show(value)} may ${action} it`);
    }
    return value;
  }

  private async startMatchBackfill(clientId: ClientId, input: ClientOps['startMatchBackfill']['input']): Output<'startMatchBackfill'> {
    const arn = this.hostedSession(clientId, input.GameSessionArn, 'backfill');
    const request = { ...input, ConfigurationName: input.ConfigurationName ?? this.options.configurationName };
    const output = await this.options.matchmaker.startMatchBackfill(request);
    this.ledger.addBackfillTicket(output.MatchmakingTicket.TicketId, arn);
    this.changed();
    return output;
  }

  private async stopMatchBackfill(clientId: ClientId, input: ClientOps['stopMatchBackfill']['input']): Output<'stopMatchBackfill'> {
    const ticketId = this.ownTicket(clientId, input.TicketId, 'TicketId');
    // The core checks that the ticket backfills the session named.
    const arn = input.GameSessionArn ?? this.ledger.ticket(ticketId)?.gameSessionArn;
    this.hostedSession(clientId, arn, 'stop the backfill of');
    return this.changing(this.options.matchmaker.stopMatchBackfill({ ...input, GameSessionArn: arn }));
  }

  private async reportPlayerLeft(clientId: ClientId, input: ClientOps['reportPlayerLeft']['input']): Output<'reportPlayerLeft'> {
    const arn = this.hostedSession(clientId, input.GameSessionArn, 'report a player gone from');
    const output = await this.options.matchmaker.reportPlayerLeft(input);
    if (output.BackfillTicketId !== undefined) this.ledger.addBackfillTicket(output.BackfillTicketId, arn);
    this.changed();
    this.options.onPlayerLeft?.(arn, input.PlayerId);
    return output;
  }

  private async describeGameSessions(
    clientId: ClientId,
    input: ClientOps['describeGameSessions']['input'],
  ): Output<'describeGameSessions'> {
    const allowed = this.ledger.sessionsOf(clientId);
    const wanted: unknown = input.GameSessionId;
    if (wanted !== undefined && (typeof wanted !== 'string' || !allowed.includes(wanted))) {
      throw awsError('NotFoundException', `GameSessionId: this client has no game session ${show(wanted)}`);
    }
    const arns = wanted === undefined ? allowed : [wanted];
    const sessions = [];
    for (const arn of arns) {
      const { GameSessions } = await this.options.matchmaker.describeGameSessions({ GameSessionId: arn });
      sessions.push(...GameSessions);
    }
    return { GameSessions: sessions };
  }

  // --- Events ------------------------------------------------------------------

  private onEvent(event: MatchmakingEvent): void {
    const detail = event.detail;
    const recipients = new Set<ClientId>();
    for (const ticket of detail.tickets) {
      const owner = this.ledger.ticket(ticket.ticketId);
      if (owner) recipients.add(owner.clientId as ClientId);
      // Every member of a party sees its ticket's events (the search, the proposal, the end).
      for (const member of this.ledger.clientsOfTicket(ticket.ticketId)) recipients.add(member as ClientId);
    }
    if (detail.type === 'MatchmakingSucceeded') {
      for (const player of detail.gameSessionInfo.players) {
        const known = this.ledger.player(player.playerId);
        if (known) recipients.add(known.clientId as ClientId);
      }
      this.notePlacement(event);
    }
    if (TERMINAL.has(detail.type) && this.now() - this.lastPruneMs >= PRUNE_INTERVAL_MS) {
      this.lastPruneMs = this.now();
      this.enqueue(() => this.prune());
    }
    this.changed();
    for (const clientId of recipients) this.options.send(clientId, { type: 'event', event });
    this.party.search.onTicketEvent(event);
  }

  /** Who hosts a newly placed session (the client of the game host the core chose), and its automatic backfill ticket. */
  private notePlacement(event: MatchmakingEvent): void {
    const arn = event.detail.gameSessionInfo.gameSessionArn;
    if (arn === undefined) return;
    for (const ticket of event.detail.tickets) this.ledger.placed(ticket.ticketId, arn);
    const connection = connectionInfoOf(event);
    if (connection === undefined) return;
    const host = this.ledger.player(connection.gameHostPlayerId);
    if (!this.ledger.gameSession(arn) && host) this.ledger.setGameHost(arn, host.clientId);
    if (connection.autoBackfillTicketId !== undefined) this.ledger.addBackfillTicket(connection.autoBackfillTicketId, arn);
  }

  private onUpdate(update: GameSessionUpdate): void {
    const arn = update.gameSession.GameSessionId;
    if (update.autoBackfillTicketId !== undefined) this.ledger.addBackfillTicket(update.autoBackfillTicketId, arn);
    this.changed();
    const host = this.ledger.gameSession(arn);
    if (host) this.options.send(host.clientId as ClientId, { type: 'event', event: { kind: 'game-session-update', update } });
  }

  /**
   * The relay says `clientId` left (`away`) or came back: the other clients
   * of every game session it plays in are told which of its players that is,
   * so their heartbeat gives up on a silent connection sooner (a closed tab
   * is then known in seconds; a network change still gets its ICE restart).
   */
  presenceChanged(clientId: ClientId, away: boolean): void {
    for (const arn of this.ledger.sessionsOf(clientId)) {
      const seats = this.ledger.seatsIn(arn);
      const playerIds = seats.get(clientId) ?? [];
      if (playerIds.length === 0) continue;
      const event = { kind: 'presence' as const, gameSessionArn: arn, playerIds, away };
      for (const other of seats.keys()) if (other !== clientId) this.options.send(other as ClientId, { type: 'event', event });
    }
  }

  /** Forgets the ownership of unplaced tickets the Matchmaker no longer holds (it keeps ended ones for its retention). */
  private async prune(): Promise<void> {
    const held = new Set((await this.options.matchmaker.listTickets({})).TicketList.map((ticket) => ticket.TicketId));
    if (this.ledger.forget(this.ledger.unplacedTicketIds().filter((id) => !held.has(id)))) this.changed();
  }
}

function assertNever(value: never): never {
  throw awsError('InvalidRequestException', `op: ${show((value as { op?: unknown }).op)} is not a lobby operation`);
}
