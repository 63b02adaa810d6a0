/**
 * The lobby host's service logic: serves the players' requests arriving
 * through the relay against a Matchmaker (in-process or in a Worker), with
 * the ownership rule of the design: a client acts only on the tickets it
 * submitted, and only a game session's game host may backfill it, stop its
 * backfill or report its players gone. Routes every Matchmaker event to the
 * clients owning the tickets it lists (a `MatchmakingSucceeded` to every
 * player of the match, with the connection info written in, see
 * connection-info.ts) and every game-session update to that session's game
 * host. No sockets, no storage, no timers: the relay sink, the change
 * notification (for persistence) and the clock are injected.
 *
 * Requests run one at a time, in arrival order, so that an ownership check
 * and the bookkeeping after the Matchmaker's answer cannot interleave with
 * another request.
 */
import type { GameSessionUpdate, MatchmakingEvent, MatchmakingTicket, Player } from '../core/matchmaker/index.ts';
import type {
  ClientId,
  ClientOp,
  DescribeLobbyOutput,
  HostToClientMessage,
  JsonObject,
  RequestFrame,
  ServerToHostFrame,
} from '../net/protocol.ts';
import { connectionInfoOf, withConnectionInfo, type ConnectionInfo } from './connection-info.ts';
import { Ledger, type LedgerState } from './ledger.ts';
import { awsError, show, wireError, type MatchmakerLike } from './matchmaker-like.ts';
import { chooseGameHost, connectionInfo, regionOfArn } from './p2p-placement.ts';
import { continueBackfill, describeSession, noteUpdate, reportPlayerLeft, type BackfillContext } from './session-backfill.ts';

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
  /** Current time in ms (ledger pruning only); default `Date.now`. */
  now?(): number;
  /** How long ended tickets stay owned (s); default 3600, the core's retention. */
  ticketRetentionSeconds?: number;
  /** A failure that answers no request (a background backfill step). Default: ignored. */
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
  reportConnections?(clientId: ClientId, input: JsonObject, ownerOf: (ticketId: string) => string | undefined): void;
}

/** Longest PeerJS id accepted in `startMatchmaking`. */
export const MAX_PEER_ID_LENGTH = 128;

/** How often ended tickets are looked through for pruning. */
const PRUNE_INTERVAL_MS = 60_000;

const TERMINAL = new Set(['MatchmakingSucceeded', 'MatchmakingTimedOut', 'MatchmakingCancelled', 'MatchmakingFailed']);

/** See the file comment. */
export class LobbyHost {
  private readonly ledger: Ledger;
  private readonly unsubscribe: (() => void)[];
  private queue: Promise<void> = Promise.resolve();
  private readonly now: () => number;
  private readonly retentionMs: number;
  private readonly backfill: BackfillContext;
  private lastPruneMs = -Infinity;

  constructor(private readonly options: LobbyHostOptions) {
    this.ledger = Ledger.from(options.ledger);
    this.now = options.now ?? Date.now;
    this.retentionMs = (options.ticketRetentionSeconds ?? 3600) * 1000;
    this.backfill = { matchmaker: options.matchmaker, ledger: this.ledger, changed: () => this.changed() };
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
    return this.ledger.toJSON();
  }

  /** Stops listening to the Matchmaker. Requests already queued still run. */
  close(): void {
    for (const off of this.unsubscribe) off();
  }

  /** Resolves once every request received so far has been answered. */
  idle(): Promise<void> {
    return this.queue;
  }

  /** A frame from the relay: serves `from-client` requests; the others need nothing from the service. */
  handleFrame(frame: ServerToHostFrame): void {
    if (frame.type === 'from-client') this.handleRequest(frame.clientId, frame.message);
  }

  /** Queues a client's request; its response goes to `send` once it ran. */
  handleRequest(clientId: ClientId, request: RequestFrame): void {
    this.enqueue(async () => {
      let message: HostToClientMessage;
      try {
        const value = await this.serve(clientId, request.op, request.input);
        message = { type: 'response', requestId: request.requestId, ok: true, value };
      } catch (error) {
        message = { type: 'response', requestId: request.requestId, ok: false, error: wireError(error) };
      }
      this.options.send(clientId, message);
    });
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error: unknown) => this.options.onError?.(error));
  }

  private changed(): void {
    this.options.changed?.();
  }

  private async serve(clientId: ClientId, op: ClientOp, input: JsonObject): Promise<unknown> {
    switch (op) {
      case 'startMatchmaking':
        return this.startMatchmaking(clientId, input);
      case 'describeMatchmaking':
        return this.describeMatchmaking(clientId, input);
      case 'stopMatchmaking': {
        const ticketId = await this.ownTicket(clientId, input.TicketId, 'TicketId');
        const result = await this.options.matchmaker.stopMatchmaking({ TicketId: ticketId });
        this.changed();
        return result;
      }
      case 'acceptMatch': {
        const ticketId = await this.ownTicket(clientId, input.TicketId, 'TicketId');
        const result = await this.options.matchmaker.acceptMatch({ ...input, TicketId: ticketId } as never);
        this.changed();
        return result;
      }
      case 'startMatchBackfill':
        return this.startMatchBackfill(clientId, input);
      case 'stopMatchBackfill':
        return this.stopMatchBackfill(clientId, input);
      case 'reportPlayerLeft': {
        const arn = this.hostedSession(clientId, input.GameSessionArn, 'report a player gone from');
        if (typeof input.PlayerId !== 'string') {
          throw awsError('InvalidRequestException', `PlayerId: expected a player id, got ${show(input.PlayerId)}`);
        }
        const reported = await reportPlayerLeft(this.backfill, arn, this.ledger.gameSession(arn)!, input.PlayerId);
        this.options.onPlayerLeft?.(arn, input.PlayerId);
        return reported;
      }
      case 'describeGameSessions':
        return this.describeGameSessions(clientId, input);
      case 'describeLobby':
        if (!this.options.describeLobby) throw awsError('InvalidRequestException', 'describeLobby: this lobby host does not describe its lobby');
        return this.options.describeLobby();
      case 'reportConnections':
        if (!this.options.reportConnections) throw awsError('InvalidRequestException', 'reportConnections: this lobby host keeps no connection reports');
        this.options.reportConnections(clientId, input, (ticketId) => this.ledger.ticket(ticketId)?.clientId);
        return {};
      default:
        return assertNever(op);
    }
  }

  private async startMatchmaking(clientId: ClientId, input: JsonObject): Promise<unknown> {
    const { PeerId: peerId, ...request } = input;
    if (typeof peerId !== 'string' || peerId.length === 0 || peerId.length > MAX_PEER_ID_LENGTH) {
      throw awsError(
        'InvalidRequestException',
        `PeerId: the PeerJS id of the client (1 to ${MAX_PEER_ID_LENGTH} characters) is required, got ${show(peerId)}`,
      );
    }
    const players: unknown = request.Players;
    if (Array.isArray(players)) {
      players.forEach((player: unknown, index) => {
        const playerId = (player as Player | null)?.PlayerId;
        if (typeof playerId !== 'string') return;
        const known = this.ledger.player(playerId);
        if (known && known.clientId !== clientId && this.ledger.isActive(known.ticketId)) {
          throw awsError(
            'InvalidRequestException',
            `Players[${index}].PlayerId: player ${show(playerId)} is in active ticket ${show(known.ticketId)} of another client`,
          );
        }
      });
    }
    request.ConfigurationName ??= this.options.configurationName;
    const output = await this.options.matchmaker.startMatchmaking(request as never);
    const ticket = output.MatchmakingTicket;
    this.ledger.addTicket(ticket.TicketId, clientId, peerId, ticket.Players);
    this.changed();
    return output;
  }

  private async describeMatchmaking(clientId: ClientId, input: JsonObject): Promise<unknown> {
    const ids: unknown = input.TicketIds;
    if (Array.isArray(ids)) {
      ids.forEach((id: unknown, index) => {
        if (typeof id === 'string' && this.ledger.ticket(id)?.clientId !== clientId) {
          throw awsError('NotFoundException', `TicketIds[${index}]: this client has no matchmaking ticket ${show(id)}`);
        }
      });
    }
    const output = await this.options.matchmaker.describeMatchmaking(input as never);
    return { ...output, TicketList: output.TicketList.map((ticket) => this.withExtras(ticket)) };
  }

  /** A COMPLETED ticket's connection info with the game host and match (see connection-info.ts). */
  private withExtras(ticket: MatchmakingTicket): MatchmakingTicket {
    const info = ticket.GameSessionConnectionInfo;
    const arn = info?.GameSessionArn;
    const host = arn === undefined ? undefined : this.ledger.gameSession(arn);
    const matchId = this.ledger.ticket(ticket.TicketId)?.matchId;
    if (!info || !host) return ticket;
    const extras = { GameHostPeerId: host.peerId, GameHostPlayerId: host.playerId, ...(matchId ? { MatchId: matchId } : {}) };
    return { ...ticket, GameSessionConnectionInfo: { ...info, ...extras } };
  }

  /** The ticket id when `clientId` submitted it (or, for a backfill ticket, hosts its session); else refused. */
  private async ownTicket(clientId: ClientId, value: unknown, field: string): Promise<string> {
    if (typeof value !== 'string') throw awsError('InvalidRequestException', `${field}: expected a ticket id, got ${show(value)}`);
    if (this.ledger.ticket(value)?.clientId === clientId) return value;
    if (await this.learnAutoBackfillTicket(clientId, value)) return value;
    throw awsError('InvalidRequestException', `${field}: ticket ${show(value)} was not submitted by this client`);
  }

  /**
   * Whether `ticketId` is the automatic backfill ticket the core started for
   * a session `clientId` hosts (the host learns those ids lazily); records it if so.
   */
  private async learnAutoBackfillTicket(clientId: ClientId, ticketId: string): Promise<boolean> {
    for (const arn of this.ledger.sessionsOf(clientId)) {
      if (this.ledger.gameSession(arn)?.clientId !== clientId) continue;
      const { data } = await describeSession(this.options.matchmaker, arn).catch(() => ({ data: undefined }));
      if (data?.autoBackfillTicketId === ticketId) {
        this.ledger.addBackfillTicket(ticketId, arn);
        this.changed();
        return true;
      }
    }
    return false;
  }

  /** Records the automatic backfill ticket the core started for a new session, if any. */
  private async learnSessionBackfill(arn: string): Promise<void> {
    const { data } = await describeSession(this.options.matchmaker, arn);
    if (data?.autoBackfillTicketId === undefined || this.ledger.ticket(data.autoBackfillTicketId)) return;
    this.ledger.addBackfillTicket(data.autoBackfillTicketId, arn);
    this.changed();
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

  private async startMatchBackfill(clientId: ClientId, input: JsonObject): Promise<unknown> {
    const arn = this.hostedSession(clientId, input.GameSessionArn, 'backfill');
    const request = { ...input, ConfigurationName: input.ConfigurationName ?? this.options.configurationName };
    const output = await this.options.matchmaker.startMatchBackfill(request as never);
    this.ledger.addBackfillTicket(output.MatchmakingTicket.TicketId, arn);
    this.changed();
    return output;
  }

  private async stopMatchBackfill(clientId: ClientId, input: JsonObject): Promise<unknown> {
    if (typeof input.TicketId !== 'string') {
      throw awsError('InvalidRequestException', `TicketId: expected a ticket id, got ${show(input.TicketId)}`);
    }
    if (input.GameSessionArn === undefined) {
      await this.ownTicket(clientId, input.TicketId, 'TicketId');
      input = { ...input, GameSessionArn: this.ledger.ticket(input.TicketId)?.gameSessionArn };
    }
    // The core checks that the ticket backfills this session.
    this.hostedSession(clientId, input.GameSessionArn, 'stop the backfill of');
    const result = await this.options.matchmaker.stopMatchBackfill(input as never);
    this.changed();
    return result;
  }

  private async describeGameSessions(clientId: ClientId, input: JsonObject): Promise<unknown> {
    const allowed = this.ledger.sessionsOf(clientId);
    const wanted = input.GameSessionId;
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
    const backfillCancelled =
      detail.type === 'MatchmakingCancelled' && detail.tickets.some((t) => this.ledger.isSuperseded(t.ticketId));
    let relayed = event;
    const recipients = new Set<ClientId>();
    for (const ticket of detail.tickets) {
      const owner = this.ledger.ticket(ticket.ticketId);
      if (owner) recipients.add(owner.clientId as ClientId);
    }
    if (detail.type === 'MatchmakingSucceeded') {
      for (const player of detail.gameSessionInfo.players) {
        const known = this.ledger.player(player.playerId);
        if (known) recipients.add(known.clientId as ClientId);
      }
      const connection = this.place(event);
      if (connection) relayed = withConnectionInfo(event, connection);
    }
    if (TERMINAL.has(detail.type)) {
      const arn = detail.gameSessionInfo.gameSessionArn;
      const placed =
        detail.type === 'MatchmakingSucceeded' && arn !== undefined ? { matchId: detail.matchId, gameSessionArn: arn } : undefined;
      for (const ticket of detail.tickets) this.ledger.endTicket(ticket.ticketId, this.now(), placed);
      if (this.now() - this.lastPruneMs >= PRUNE_INTERVAL_MS) {
        this.lastPruneMs = this.now();
        this.ledger.prune(this.now(), this.retentionMs);
      }
    }
    this.changed();
    if (backfillCancelled) return;
    for (const clientId of recipients) this.options.send(clientId, { type: 'event', event: relayed });
  }

  /**
   * The connection info of a placed match: a new session gets its game host
   * chosen among the players this host knows a peer for; a backfilled one
   * keeps its game host. `undefined` when no player of the match came
   * through the relay (tickets started by a host console).
   */
  private place(event: MatchmakingEvent): ConnectionInfo | undefined {
    const detail = event.detail;
    const arn = detail.gameSessionInfo.gameSessionArn;
    if (detail.type !== 'MatchmakingSucceeded' || arn === undefined) return undefined;
    let host = this.ledger.gameSession(arn);
    if (!host) {
      const candidates = detail.tickets.flatMap((ticket) =>
        ticket.players.flatMap((player) => {
          const known = this.ledger.player(player.playerId);
          if (!known?.peerId) return [];
          const candidate = { playerId: player.playerId, ticketStartMs: Date.parse(ticket.startTime) };
          return [known.latencyInMs ? { ...candidate, latencyInMs: known.latencyInMs } : candidate];
        }),
      );
      const playerId = chooseGameHost(candidates, regionOfArn(arn));
      const known = playerId === undefined ? undefined : this.ledger.player(playerId);
      if (playerId === undefined || !known?.peerId) return undefined;
      host = { clientId: known.clientId, playerId, peerId: known.peerId };
      this.ledger.setGameHost(arn, host);
      // The core may have started an automatic backfill ticket for the session: its id belongs to the game host.
      this.enqueue(() => this.learnSessionBackfill(arn));
    }
    const players = detail.gameSessionInfo.players.map((player) => ({
      playerId: player.playerId,
      team: player.team ?? '',
      playerSessionId: player.playerSessionId ?? '',
      peerId: player.playerId === host.playerId ? host.peerId : (this.ledger.player(player.playerId)?.peerId ?? ''),
    }));
    if (!players.some((player) => player.playerId === host.playerId)) return undefined;
    return connectionInfo({ matchId: detail.matchId, gameSessionArn: arn, gameHostPlayerId: host.playerId, players });
  }

  private onUpdate(update: GameSessionUpdate): void {
    const arn = update.gameSession.GameSessionId;
    const { relay, continueBackfill: due } = noteUpdate(this.backfill, update, this.now());
    const host = this.ledger.gameSession(arn);
    if (relay && host) this.options.send(host.clientId as ClientId, { type: 'event', event: { kind: 'game-session-update', update } });
    if (due) this.enqueue(() => continueBackfill(this.backfill, arn));
  }
}

/** Re-exported for clients of the service that read relayed events. */
export { connectionInfoOf };

function assertNever(value: never): never {
  throw awsError('InvalidRequestException', `op: ${show(value)} is not a lobby operation`);
}
