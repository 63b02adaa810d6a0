/**
 * `PeermatchClient`: the player's side of peermatch, in a browser tab (or
 * Node). Connects to a server's relay and lobby, speaks the GameLift client
 * calls to the lobby host (`startMatchmaking`, `describeMatchmaking`,
 * `stopMatchmaking`, `acceptMatch`; AWS SDK v3 shapes), streams the FlexMatch
 * events of its tickets, and on `MatchmakingSucceeded` opens the WebRTC
 * DataConnections of the match (`match-ready` only when they are open).
 *
 * It remembers its relay identity, PeerJS id and active ticket per lobby and
 * player (`ClientStorage`: IndexedDB in browsers), so after a page reload
 * `connect()` resumes the same identity and re-attaches the same ticket, and
 * `startMatchmaking` returns that ticket instead of creating a second one.
 * A dropped relay socket or a server restart is retried with backoff and resumed.
 *
 * ```ts
 * const client = new PeermatchClient({ serverUrl: 'https://mm.example', lobby: 'main', playerId: 'alice' });
 * client.on((event) => { if (event.type === 'match-ready') startGame(event.connections); });
 * await client.connect();
 * await client.startMatchmaking({ Players: [{ PlayerId: 'alice', PlayerAttributes: { skill: { N: 10 } } }] });
 * ```
 */
import { assertNever } from '../core/assert-never.ts';
import { endsTicketUnmatched, isActiveStatus, isNewerTicketCancellation, isSeatHeldRefusal } from '../core/ticket-lifecycle.ts';
import type { MatchmakingEvent } from '../core/matchmaker/events.ts';
import type {
  DescribeMatchmakingInput,
  DescribeMatchmakingOutput,
  EmptyOutput,
  MatchmakingTicket,
  StartMatchmakingOutput,
  StopMatchmakingInput,
} from '../core/matchmaker/types.ts';
import { connectionInfoOf } from '../net/connection-info.ts';
import {
  isLobbyName,
  reviveDates,
  type ClientOp,
  type ClientOps,
  type JsonObject,
  type LobbyStartMatchmakingInput,
  type LobbyName,
} from '../net/protocol.ts';
import { systemTimers, type Timers } from '../net/backoff.ts';
import { clientError } from './client-errors.ts';
import type { HandoffNotice } from './handoff.ts';
import { DEFAULT_SEAT_GRACE_MS, SeatKeeper } from './seat-keeper.ts';
import { heartbeatSettings, type HeartbeatSettings } from './heartbeat.ts';
import { MatchHandoffs } from './match-handoffs.ts';
import { successorAnswerMsOf, type MigrationNotice } from './migration.ts';
import { claimGameHost } from './claim-game-host.ts';
import { connectionReportOf } from './report-connections.ts';
import type { DataConnectionLike } from './peer-like.ts';
import { PeerSession, newPeerId } from './peer-session.ts';
import { loadPeerjsFactory, peerServerOf, peerjsDefaultRtcConfig } from './peerjs-peer.ts';
import { ServerIce } from './server-ice.ts';
import { PartyClient } from './party.ts';
import { RelaySocket, type RelayStatus } from './relay-socket.ts';
import { defaultStorage, proposalAfter, sessionKey, type ClientStorage, type RememberedSession } from './storage.ts';

export type { PeermatchClientOptions, ClientStartMatchmakingInput, ClientAcceptMatchInput, PeermatchClientEvent, ReplacedWhere, ConnectResult } from './peermatch-client-types.ts';
import type { PeermatchClientOptions, ClientStartMatchmakingInput, ClientAcceptMatchInput, PeermatchClientEvent, ReplacedWhere, ConnectResult } from './peermatch-client-types.ts';

/** See the file comment. */
export class PeermatchClient {
  private readonly lobby: LobbyName;
  private playerIdValue: string | undefined;
  private readonly storage: ClientStorage;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly heartbeat: HeartbeatSettings;
  private readonly seats: SeatKeeper | undefined;
  private readonly listeners = new Set<(event: PeermatchClientEvent) => void>();
  private relay: RelaySocket | undefined;
  private peer: PeerSession | undefined;
  private handoffs: MatchHandoffs | undefined;
  private remembered: RememberedSession = {};
  private currentTicket: MatchmakingTicket | undefined;
  private joins = 0;
  /** Whether the host was there at the last relay news (its return triggers a re-attach). */
  private hostWasAvailable = false;
  /** Set once a newer tab or device took this player's seat: the client is closed and writes nothing more. */
  private replacedBy: ReplacedWhere | undefined;
  /** Match id → this client's ticket in it, from `MatchmakingSucceeded`, until the hand-off's report is sent. */
  private readonly matchTickets = new Map<string, string>();
  private closed = false;
  private readonly ice: ServerIce;
  /**
   * Parties (party.ts): create one, join with a code or link, mark ready,
   * queue as leader; changes arrive as `party` events. A reload joins the
   * remembered party again on `connect()`.
   */
  readonly party: PartyClient;

  constructor(private readonly options: PeermatchClientOptions) {
    if (!isLobbyName(options.lobby)) {
      throw clientError('InvalidRequestException', `lobby: expected 1-64 characters of [A-Za-z0-9._-] starting with a letter or digit, got ${JSON.stringify(options.lobby)}`);
    }
    this.lobby = options.lobby;
    this.playerIdValue = options.playerId;
    this.storage = options.storage ?? defaultStorage();
    this.timers = options.timers ?? systemTimers;
    this.random = options.random ?? Math.random;
    this.ice = new ServerIce(options.rtcConfig, {});
    this.heartbeat = heartbeatSettings(options.heartbeat);
    this.party = new PartyClient({
      playerId: () => this.playerId,
      peerId: () => this.remembered.peerId,
      call: (op, input) => this.call(op, input),
      rememberedParty: () => this.remembered.party,
      rememberParty: async (party) => {
        const { party: _old, ...rest } = this.remembered;
        this.remembered = party ? { ...rest, party } : rest;
        if (this.replacedBy === undefined) await this.storage.set(this.key(), this.remembered).catch(() => undefined);
      },
      adoptTicket: async (ticketId) => {
        if (this.remembered.ticketId !== ticketId) await this.remember({ ticketId });
      },
      dropTicket: (ticketId) => this.forgetTicket(ticketId),
      newTicketId: () => `pm-${newPeerId(this.random).slice(2)}`,
      emit: (event) => this.emit(event),
    });
    successorAnswerMsOf(options.successorAnswerMs);
    this.seats =
      options.seatGraceMs === null
        ? undefined
        : new SeatKeeper({ timers: this.timers, graceMs: options.seatGraceMs ?? DEFAULT_SEAT_GRACE_MS, release: (arn, playerId) => this.releaseSeat(arn, playerId) });
  }

  /** The player this client plays as (after `connect()` when none was given). */
  get playerId(): string {
    if (this.playerIdValue === undefined) throw clientError('NotConnected', 'playerId: call connect() first (no playerId was given)');
    return this.playerIdValue;
  }

  /** The PeerJS id this client announces with its tickets (after `connect()`). */
  get peerId(): string | undefined {
    return this.remembered.peerId;
  }

  /** Whether the PeerJS peer is registered now (false once the client is closed or replaced). */
  get peerOpen(): boolean {
    return this.peer?.open ?? false;
  }

  /** Set when a newer tab or device took this player's seat (see the `replaced` event). */
  get replaced(): ReplacedWhere | undefined {
    return this.replacedBy;
  }

  /** The relay identity (after `connect()`). */
  get clientId(): string | undefined {
    return this.relay?.identity?.clientId;
  }

  /** The relay connection's state. */
  get status(): RelayStatus | 'idle' {
    return this.relay?.status ?? 'idle';
  }

  /** Whether the lobby's host is connected to the relay, as of the relay's last news. */
  get hostAvailable(): boolean {
    return this.relay?.hostAvailable ?? false;
  }

  /** The ticket this client works with, as last seen (start, describe, or re-attach). */
  get ticket(): MatchmakingTicket | undefined {
    return this.currentTicket;
  }

  /** Open DataConnections of this client's matches. */
  connections(): DataConnectionLike[] {
    return this.handoffs?.openConnections() ?? [];
  }

  /** Subscribes to the event stream; returns the unsubscribe function. */
  on(listener: (event: PeermatchClientEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Joins the lobby (resuming a remembered identity), registers the PeerJS
   * peer, and re-attaches a remembered ticket that is still active. Rejects
   * with `UnknownLobby` when no host ever registered the lobby, with
   * `PeerUnavailable` when the peer cannot register in time; a client whose
   * `connect()` failed is closed (make a new one to try again).
   */
  async connect(): Promise<ConnectResult> {
    if (this.relay) throw clientError('InvalidRequestException', 'connect: already connected');
    if (this.closed) throw clientError('ClientClosed', 'connect: the client is closed');
    await this.loadRemembered();
    const peerId = this.remembered.peerId!;
    const identity = this.remembered.clientId && this.remembered.resumeToken
      ? { clientId: this.remembered.clientId as never, resumeToken: this.remembered.resumeToken }
      : undefined;
    this.relay = new RelaySocket({
      serverUrl: this.options.serverUrl,
      lobby: this.lobby,
      ...(identity ? { identity } : {}),
      ...(this.options.webSocket ? { webSocket: this.options.webSocket } : {}),
      ...(this.options.backoff ? { backoff: this.options.backoff } : {}),
      ...(this.options.requestTimeoutMs !== undefined ? { requestTimeoutMs: this.options.requestTimeoutMs } : {}),
      timers: this.timers,
      random: this.random,
    });
    this.relay.on((notice) => this.onRelayNotice(notice));
    const peerReady = this.startPeer(peerId);
    try {
      const joined = await this.relay.start();
      await peerReady;
      const ticket = await this.reattach();
      const result: ConnectResult = { clientId: joined.clientId, resumed: joined.resumed, peerId };
      if (ticket) result.ticket = ticket;
      // A reload keeps the party: join it again (a party that is gone is forgotten).
      const party = await this.party.rejoin().catch(() => undefined);
      if (party) result.party = party;
      return result;
    } catch (error) {
      peerReady.catch(() => undefined);
      this.close();
      throw error;
    }
  }

  /**
   * `StartMatchmaking`. While a remembered ticket of this player is still
   * active, answers that ticket instead of creating a second one. The client
   * picks the `TicketId` (unless given) and remembers it before sending, so a
   * reload or a dropped socket mid-request cannot leave an unknown ticket behind.
   */
  async startMatchmaking(input: ClientStartMatchmakingInput = {}): Promise<StartMatchmakingOutput> {
    this.requireConnected('startMatchmaking');
    const active = await this.activeRememberedTicket();
    if (active) return { MatchmakingTicket: active };
    const ticketId = input.TicketId ?? `pm-${newPeerId(this.random).slice(2)}`;
    const peerId = this.remembered.peerId!;
    const players = (input.Players ?? [{ PlayerId: this.playerId }]).map((player) => ({ ...player, PeerId: player.PeerId ?? peerId }));
    const request: LobbyStartMatchmakingInput = { ...input, TicketId: ticketId, Players: players };
    await this.remember({ ticketId });
    let output: StartMatchmakingOutput;
    try {
      output = await this.call('startMatchmaking', request);
    } catch (error) {
      // A request sent again after a resume finds the ticket its first copy created.
      const existing = /already exists/.test((error as Error).message) ? await this.describeOne(ticketId).catch(() => undefined) : undefined;
      if (!existing) {
        await this.forgetTicket(ticketId);
        // One player, one seat: another device or browser holds this player's active ticket; this one stops.
        if (isSeatHeldRefusal(error)) this.onReplaced('device', `this player plays on another device or browser: ${(error as Error).message}`);
        throw error;
      }
      output = { MatchmakingTicket: existing };
    }
    this.currentTicket = output.MatchmakingTicket;
    return output;
  }

  /** `DescribeMatchmaking` of this client's tickets. */
  describeMatchmaking(input: DescribeMatchmakingInput): Promise<DescribeMatchmakingOutput> {
    return this.call('describeMatchmaking', input);
  }

  /** `StopMatchmaking`; forgets the remembered ticket. */
  async stopMatchmaking(input: StopMatchmakingInput): Promise<EmptyOutput> {
    const output = await this.call('stopMatchmaking', input);
    await this.forgetTicket(input.TicketId);
    return output;
  }

  /** `AcceptMatch`; `PlayerIds` defaults to this client's player. An ACCEPT of this player is remembered with the proposal. */
  async acceptMatch(input: ClientAcceptMatchInput): Promise<EmptyOutput> {
    const playerIds = input.PlayerIds ?? [this.playerId];
    const output = await this.call('acceptMatch', { ...input, PlayerIds: playerIds });
    const proposal = this.remembered.proposal;
    if (input.AcceptanceType === 'ACCEPT' && proposal?.ticketId === input.TicketId && playerIds.includes(this.playerId) && !proposal.accepted) {
      await this.remember({ proposal: { ...proposal, accepted: true } }).catch(() => undefined);
    }
    return output;
  }

  /**
   * Any lobby operation by name (`startMatchBackfill`, `stopMatchBackfill`,
   * `reportPlayerLeft`, ... for a game host). Dates in the answer are `Date`s.
   */
  async call<Op extends ClientOp>(op: Op, input: ClientOps[Op]['input']): Promise<ClientOps[Op]['output']> {
    const relay = this.requireConnected(op);
    const value = await relay.request(op, input as unknown as JsonObject);
    return reviveDates(value) as ClientOps[Op]['output'];
  }

  /** Leaves: closes the relay, the peer and every DataConnection. Remembered state stays for the next page. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.handoffs?.close();
    this.seats?.close();
    this.peer?.close();
    this.relay?.close();
  }

  // --- Identity and ticket memory ---------------------------------------------------

  private key(): string {
    return sessionKey(this.lobby, this.playerIdValue ?? '');
  }

  private async loadRemembered(): Promise<void> {
    if (this.playerIdValue === undefined) {
      // An anonymous player keeps its generated id per lobby, so a reload is the same player.
      const anonymousKey = sessionKey(this.lobby, '#anonymous');
      const anonymous = await this.storage.get(anonymousKey);
      this.playerIdValue = anonymous?.playerId ?? `player-${newPeerId(this.random).slice(2, 14)}`;
      if (!anonymous) await this.storage.set(anonymousKey, { playerId: this.playerIdValue });
    }
    this.remembered = (await this.storage.get(this.key())) ?? {};
    if (this.remembered.peerId === undefined) await this.remember({ peerId: newPeerId(this.random) });
  }

  private async remember(changes: Partial<RememberedSession>): Promise<void> {
    this.remembered = { ...this.remembered, ...changes };
    // A replaced client shares its storage with the tab that took over: that tab's memory wins.
    if (this.replacedBy === undefined) await this.storage.set(this.key(), this.remembered);
  }

  private async forgetTicket(ticketId: string): Promise<void> {
    if (this.remembered.ticketId !== ticketId || this.replacedBy !== undefined) return;
    const { ticketId: _dropped, proposal: _proposal, ...rest } = this.remembered;
    this.remembered = rest;
    await this.storage.set(this.key(), rest);
  }

  private async describeOne(ticketId: string): Promise<MatchmakingTicket | undefined> {
    const { TicketList } = await this.describeMatchmaking({ TicketIds: [ticketId] });
    return TicketList[0];
  }

  /** The remembered ticket when it is still active; forgets one that ended or this identity no longer owns. */
  private async activeRememberedTicket(): Promise<MatchmakingTicket | undefined> {
    const ticketId = this.remembered.ticketId;
    if (ticketId === undefined) return undefined;
    let ticket: MatchmakingTicket | undefined;
    try {
      ticket = await this.describeOne(ticketId);
    } catch (error) {
      if ((error as Error).name !== 'NotFoundException') throw error;
    }
    if (ticket && isActiveStatus(ticket.Status)) {
      this.currentTicket = ticket;
      return ticket;
    }
    if (ticket?.Status !== 'COMPLETED') await this.forgetTicket(ticketId);
    return undefined;
  }

  /** After a (re)join: the remembered ticket's state, a hand-off that a reload interrupted. */
  private async reattach(): Promise<MatchmakingTicket | undefined> {
    const ticketId = this.remembered.ticketId;
    if (ticketId === undefined) return undefined;
    const active = await this.activeRememberedTicket();
    if (active) {
      const proposal = this.remembered.proposal;
      const awaiting = active.Status === 'REQUIRES_ACCEPTANCE' && proposal?.ticketId === active.TicketId;
      this.emit({ type: 'ticket-status', ticket: active, ...(awaiting ? { proposal } : {}) });
      return active;
    }
    if (this.remembered.ticketId !== ticketId) return undefined;
    // COMPLETED, but this client never reported the hand-off: resume it.
    const ticket = await this.describeOne(ticketId);
    if (!ticket) return undefined;
    this.currentTicket = ticket;
    this.emit({ type: 'ticket-status', ticket });
    const problem = this.handoffs ? this.handoffs.resume(ticket) : 'this client has no peer to connect with';
    if (problem !== undefined) await this.forgetTicket(ticketId);
    return undefined;
  }

  // --- Relay and peer -------------------------------------------------------------

  private requireConnected(op: string): RelaySocket {
    if (this.closed) throw clientError('ClientClosed', `${op}: the client is closed`);
    if (!this.relay) throw clientError('NotConnected', `${op}: call connect() first`);
    return this.relay;
  }

  private async startPeer(peerId: string): Promise<void> {
    const usePeerjs = this.options.peerFactory === undefined;
    const factory = usePeerjs ? await loadPeerjsFactory() : this.options.peerFactory;
    if (factory === null || factory === undefined || this.closed) return;
    // With no ICE servers from the game or the server (yet), PeerJS's own defaults, as PeerJS would use.
    if (usePeerjs) this.ice.fallBackTo(await peerjsDefaultRtcConfig());
    this.peer = new PeerSession({ peerId, server: peerServerOf(this.options.serverUrl, this.ice.config), factory, timers: this.timers, random: this.random });
    this.peer.on((notice) => {
      if (notice.kind === 'open') this.emit({ type: 'peer-status', open: true, peerId });
      else if (notice.kind === 'down') this.emit({ type: 'peer-status', open: false, peerId, reason: notice.reason });
    });
    this.handoffs = new MatchHandoffs({
      peer: this.peer,
      timers: this.timers,
      timeoutMs: this.options.handoffTimeoutMs ?? 15_000,
      heartbeat: this.heartbeat,
      ...(this.options.successorAnswerMs !== undefined ? { successorAnswerMs: this.options.successorAnswerMs } : {}),
      report: (notice) => this.onHandoff(notice),
    });
    return this.peer.start(this.options.peerOpenTimeoutMs ?? 10_000);
  }

  private onRelayNotice(notice: Parameters<Parameters<RelaySocket['on']>[0]>[0]): void {
    switch (notice.kind) {
      case 'status': {
        const event: PeermatchClientEvent = { type: 'status', status: notice.status, hostAvailable: notice.hostAvailable };
        if (notice.reason !== undefined) event.reason = notice.reason;
        if (notice.retryInMs !== undefined) event.retryInMs = notice.retryInMs;
        const hostBack = notice.status === 'open' && notice.hostAvailable && !this.hostWasAvailable && this.joins > 0;
        this.hostWasAvailable = notice.hostAvailable;
        this.emit(event);
        // The host came back (from its saved state): what happened to the ticket meanwhile?
        if (hostBack) this.reattach().catch(() => undefined);
        return;
      }
      case 'ice':
        this.ice.apply(notice.ice);
        return;
      case 'host-changed':
        this.emit({ type: 'host-changed', term: notice.term, waitedMs: notice.waitedMs });
        // The new host holds everything; a look at the ticket catches any event that did not make it.
        this.reattach().catch(() => undefined);
        return;
      case 'joined':
        this.ice.apply(notice.joined.ice);
        this.hostWasAvailable = notice.joined.hostAvailable;
        this.remember({ clientId: notice.joined.clientId, resumeToken: notice.joined.resumeToken }).catch(() => undefined);
        // After a reconnect, events sent while the relay could not keep them (a server restart) are lost: look again.
        if (++this.joins > 1) this.reattach().catch(() => undefined);
        return;
      case 'event':
        if (!('kind' in notice.event)) this.onMatchmakingEvent(notice.event);
        else if (notice.event.kind === 'presence') this.handoffs?.presence(notice.event.gameSessionArn, notice.event.playerIds, notice.event.away);
        else if (notice.event.kind === 'party') this.party.onNotice(notice.event);
        else this.emit({ type: 'game-session-update', update: notice.event.update });
        return;
      case 'relay-error':
        this.emit({ type: 'relay-error', code: notice.code, message: notice.message });
        return;
      case 'replaced':
        this.onReplaced('tab', `another tab or window of this browser took over client ${this.clientId ?? ''} (${notice.message})`);
        return;
      default:
        assertNever(notice, 'PeermatchClient notice');
    }
  }

  private onMatchmakingEvent(event: MatchmakingEvent): void {
    const detail = event.detail;
    const mine = this.remembered.ticketId !== undefined && detail.tickets.some((ticket) => ticket.ticketId === this.remembered.ticketId);
    // This client starts no ticket while its remembered one is active: a newer ticket of its player came from elsewhere.
    if (mine && detail.type === 'MatchmakingCancelled' && isNewerTicketCancellation(detail.message)) {
      this.emit({ type: 'matchmaking-event', event });
      this.onReplaced('device', `this player started a newer ticket elsewhere: ${detail.message}`);
      return;
    }
    if (mine && endsTicketUnmatched(detail.type)) this.forgetTicket(this.remembered.ticketId!).catch(() => undefined);
    else if (mine) this.rememberProposal(event);
    this.emit({ type: 'matchmaking-event', event });
    if (detail.type !== 'MatchmakingSucceeded') return;
    if (mine) this.noteMatchTicket(detail.matchId, this.remembered.ticketId!);
    const info = connectionInfoOf(event);
    if (!this.handoffs) return;
    if (!info) {
      this.emit({ type: 'match-failed', match: { matchId: detail.matchId, gameSessionArn: detail.gameSessionInfo.gameSessionArn ?? '', gameHostPeerId: '', gameHostPlayerId: '', players: [], successorPlayerIds: [] }, reason: 'MatchmakingSucceeded arrived without connection info (no game host)' });
      return;
    }
    this.handoffs.start(info);
  }

  /**
   * One player, one seat; the newest tab or device wins. This one stops at
   * once: the PeerJS peer (so the newer tab can register the same id) and
   * every DataConnection are closed, nothing is retried, nothing more is
   * written to the storage; then `replaced` says why.
   */
  private onReplaced(where: ReplacedWhere, message: string): void {
    if (this.closed) return;
    this.replacedBy = where;
    this.close();
    this.emit({ type: 'replaced', where, message });
  }

  /** Keeps the remembered proposal in step with the ticket's events (a reload restores it). */
  private rememberProposal(event: MatchmakingEvent): void {
    if (this.replacedBy !== undefined) return;
    const before = this.remembered.proposal;
    const after = proposalAfter(before, event, this.remembered.ticketId!, this.playerId, Date.now());
    if (after === before) return;
    const { proposal: _old, ...rest } = this.remembered;
    this.remembered = after ? { ...rest, proposal: after } : rest;
    this.storage.set(this.key(), this.remembered).catch(() => undefined);
  }

  private onHandoff(notice: HandoffNotice | MigrationNotice): void {
    if (notice.type === 'game-host-changed' && notice.self) this.claimGameHost(notice).catch(() => undefined);
    // At the game host: a departed player keeps its seat for the grace, then the lobby host is told.
    if (this.seats && notice.type !== 'connection-refused' && notice.match.gameHostPeerId === this.peer?.peerId) {
      if (notice.type === 'player-disconnected') this.seats.departed(notice.match.gameSessionArn, notice.playerId);
      else if (notice.type === 'player-connected') this.seats.returned(notice.match.gameSessionArn, notice.playerId);
    }
    if (notice.type === 'match-ready' || notice.type === 'match-failed') {
      const inMatch = notice.match.players.some((player) => player.peerId === this.remembered.peerId);
      this.reportConnections(notice, this.matchTickets.get(notice.match.matchId) ?? (inMatch ? this.remembered.ticketId : undefined));
      // The hand-off is over; a reload must not try it again.
      if (inMatch && this.remembered.ticketId !== undefined) this.forgetTicket(this.remembered.ticketId).catch(() => undefined);
    }
    this.emit(notice);
  }

  /**
   * This client is the new game host: the lobby host gives it the session's
   * backfill rights; then the players who are gone keep their seats for the
   * grace and are reported gone (automatic backfill refills them).
   */
  private async claimGameHost(notice: Extract<MigrationNotice, { type: 'game-host-changed' }>): Promise<void> {
    const arn = notice.match.gameSessionArn;
    const playerId = notice.gameHostPlayerId;
    const error = await claimGameHost(
      { timers: this.timers, claim: (GameSessionArn, PlayerId) => this.call('claimGameHost', { GameSessionArn, PlayerId }), closed: () => this.closed },
      arn,
      playerId,
    );
    if (error !== undefined) {
      this.emit({ type: 'game-host-claimed', gameSessionArn: arn, playerId, error });
      return;
    }
    this.emit({ type: 'game-host-claimed', gameSessionArn: arn, playerId });
    for (const gone of notice.gone) this.seats?.departed(arn, gone);
  }

  /** The grace of a departed player ran out: the lobby host frees the seat (and refills it with automatic backfill). */
  private async releaseSeat(gameSessionArn: string, playerId: string): Promise<void> {
    if (this.closed) return;
    try {
      const output = await this.call('reportPlayerLeft', { GameSessionArn: gameSessionArn, PlayerId: playerId });
      this.emit({ type: 'seat-released', gameSessionArn, playerId, ...(output.BackfillTicketId !== undefined ? { backfillTicketId: output.BackfillTicketId } : {}) });
    } catch (error) {
      this.emit({ type: 'seat-released', gameSessionArn, playerId, error: `${(error as Error).name}: ${(error as Error).message}` });
    }
  }

  private noteMatchTicket(matchId: string, ticketId: string): void {
    this.matchTickets.set(matchId, ticketId);
    // A few hand-offs at a time at most; the oldest entries are for matches long over.
    for (const key of this.matchTickets.keys()) if (this.matchTickets.size > 16) this.matchTickets.delete(key);
  }

  /** Tells the lobby host how this hand-off's connections went (the host console shows it); best effort. */
  private reportConnections(notice: Extract<HandoffNotice, { type: 'match-ready' | 'match-failed' }>, ticketId: string | undefined): void {
    this.matchTickets.delete(notice.match.matchId);
    const report = ticketId === undefined ? undefined : connectionReportOf(notice, ticketId);
    if (report && this.relay && !this.closed) this.relay.request('reportConnections', report as unknown as JsonObject).catch(() => undefined);
  }

  private emit(event: PeermatchClientEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // A listener's failure is its own; the stream goes on.
      }
    }
  }
}

