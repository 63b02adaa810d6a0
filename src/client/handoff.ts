/**
 * The WebRTC hand-off after `MatchmakingSucceeded`: every player opens a
 * PeerJS DataConnection to the match's game host; the game host lets in only
 * the players of its match (see `admission.ts`) and greets each with a
 * `welcome`, which the player answers with `joined` on the same connection.
 * A player is admitted on that answer, so a connection the player abandoned
 * (its attempt timed out before the welcome arrived) is never counted.
 * "Ready" means every connection of the match can carry messages: the game
 * host reports `match-ready` once every other player has joined on an open
 * connection, and at that moment sends each of them `start`; a player reports
 * `match-ready` on `start`. Otherwise `match-failed` with the reason
 * after `timeoutMs` (the game host tells the players it admitted why).
 *
 * The connections handed to the game are the DataConnections seen through
 * `holdEarlyData`, from the moment the hand-off has them: game data that
 * arrives before the game listens is held and delivered in order (game-connection.ts).
 *
 * - `GameHostHandoff`: the game host's side; `update()` admits backfilled players later.
 * - `PlayerHandoff`: every other player's side; retries while the game host's
 *   peer is not reachable yet (still registering, reloading) until the deadline.
 *
 * Connections that arrive before the game host heard of its match wait in
 * `IncomingConnections` (incoming-connections.ts).
 */
import { assertNever } from '../core/assert-never.ts';
import type { ConnectionInfo, ConnectionPlayer } from '../net/connection-info.ts';
import { decideAdmission, parseHandoffMessage, type HandoffMessage, type HandoffMetadata } from './admission.ts';
import type { Timers } from '../net/backoff.ts';
import type { ConnectionFailure, ConnectionNetwork } from './connection-diagnostics.ts';
import { holdEarlyData, type GameConnection } from './game-connection.ts';
import { DEFAULT_HEARTBEAT, keepAlive, type HeartbeatSettings, type LivenessChange } from './heartbeat.ts';
import type { DataConnectionLike } from './peer-like.ts';

/** What a hand-off reports. */
export type HandoffNotice =
  | {
      type: 'match-ready';
      match: ConnectionInfo;
      role: 'game-host' | 'player';
      /** The team of this client's player. */
      team: string;
      /** Open connections: to every other player (game host), or the one to the game host. Data sent before the game listens is held. */
      connections: GameConnection[];
      /** How each connection connected (direct, STUN, relayed) and its round-trip time, where WebRTC stats exist. */
      network?: ConnectionNetwork[];
    }
  | {
      type: 'match-failed';
      match: ConnectionInfo;
      reason: string;
      /** Which step failed (signaling, ICE, TURN, admission), in plain words. */
      failure?: ConnectionFailure;
    }
  /** The game host admitted a player (before and after `match-ready`; backfilled players come this way). */
  | { type: 'player-connected'; match: ConnectionInfo; playerId: string; connection: GameConnection }
  /**
   * An admitted connection ended (the game host's view of a player, or a player's view of the game host):
   * `closed` by either side, or `silent` (no heartbeat for `heartbeat.goneAfterMs`: a closed tab, a crash, a lost network).
   */
  | { type: 'player-disconnected'; match: ConnectionInfo; playerId: string; reason: DepartureReason }
  /** Nothing arrived from `playerId` for `heartbeat.interruptedAfterMs`; `connection-resumed` follows if something does. */
  | { type: 'connection-interrupted'; match: ConnectionInfo; playerId: string }
  | { type: 'connection-resumed'; match: ConnectionInfo; playerId: string }
  /** The game host turned a connection away. */
  | { type: 'connection-refused'; peerId: string; reason: string };

/** Why an admitted connection ended. */
export type DepartureReason = 'closed' | 'silent';

/** What both sides need. */
export interface HandoffContext {
  timers: Timers;
  /** The clock the heartbeat measures silence with (default `Date.now`). */
  now?: () => number;
  /** The heartbeat on admitted connections (default `DEFAULT_HEARTBEAT`). */
  heartbeat?: HeartbeatSettings;
  /** Overall time limit for the hand-off, ms. */
  timeoutMs: number;
  report(notice: HandoffNotice): void;
}

/** How long a refused connection stays open for its `reject` message to get through, ms. */
const REJECT_LINGER_MS = 250;

/** Sends `message` and closes the connection shortly after (at once when it never opened). */
export function refuse(connection: DataConnectionLike, reason: string, timers: Timers, waitOpenMs = 5000): void {
  const message: HandoffMessage = { type: 'peermatch-reject', reason };
  const sendAndClose = () => {
    try {
      connection.send(message);
    } catch {
      // Closing anyway.
    }
    timers.setTimeout(() => connection.close(), REJECT_LINGER_MS);
  };
  if (connection.open) sendAndClose();
  else {
    connection.on('open', sendAndClose);
    timers.setTimeout(() => {
      if (!connection.open) connection.close();
    }, waitOpenMs);
  }
}

/** Starts the heartbeat on an admitted connection (see heartbeat.ts). */
function watchLiveness(connection: DataConnectionLike, context: HandoffContext, onChange: (change: LivenessChange) => void, isAway: () => boolean): void {
  keepAlive(connection, context.heartbeat ?? DEFAULT_HEARTBEAT, { timers: context.timers, now: context.now ?? Date.now }, onChange, isAway);
}

// --- The game host ------------------------------------------------------------------

/** The game host's side of one game session. */
export class GameHostHandoff {
  private match: ConnectionInfo;
  private readonly matchIds = new Set<string>();
  /** Admitted players with an open connection, by player id. */
  private readonly admitted = new Map<string, GameConnection>();
  /** Connections the heartbeat closed: their departure reads `silent`. */
  private readonly silent = new WeakSet<GameConnection>();
  /** Players whose client the server says left (see `presence`). */
  private readonly away = new Set<string>();
  private readonly timer: unknown;
  private state: 'waiting' | 'ready' | 'failed' | 'closed' = 'waiting';

  constructor(
    match: ConnectionInfo,
    private readonly selfPeerId: string,
    private readonly context: HandoffContext,
  ) {
    this.match = match;
    this.matchIds.add(match.matchId);
    this.timer = context.timers.setTimeout(() => this.timeOut(), context.timeoutMs);
    this.checkReady();
  }

  /** The game session this game host serves. */
  get gameSessionArn(): string {
    return this.match.gameSessionArn;
  }

  /** Whether `matchId` placed players in this session. */
  servesMatch(matchId: string): boolean {
    return this.matchIds.has(matchId);
  }

  /** Admitted players' open connections. */
  connections(): GameConnection[] {
    return [...this.admitted.values()].filter((connection) => connection.open);
  }

  /** A backfill of this session: its players (every seated one) may now connect too. */
  update(match: ConnectionInfo): void {
    this.match = match;
    this.matchIds.add(match.matchId);
    const seated = new Set(match.players.map((player) => player.playerId));
    for (const [playerId, connection] of this.admitted) {
      if (!seated.has(playerId)) {
        this.admitted.delete(playerId);
        connection.close();
      }
    }
    // A player given up on (a game host migration's no-show) may have been the last one missing.
    this.checkReady();
  }

  /** Judges an incoming connection whose metadata names one of this session's matches. */
  offer(connection: DataConnectionLike): void {
    const verdict = decideAdmission({ match: this.match, matchIds: this.matchIds, selfPeerId: this.selfPeerId }, connection.metadata, connection.peer);
    if (!verdict.admit) {
      this.context.report({ type: 'connection-refused', peerId: connection.peer, reason: verdict.reason });
      refuse(connection, verdict.reason, this.context.timers);
      return;
    }
    const player = verdict.player;
    // Wrapped before it opens: whatever the player sends once it is started is held until the game listens.
    const game = holdEarlyData(connection);
    const welcome = () => {
      if (this.state === 'closed' || this.state === 'failed') return;
      game.send({ type: 'peermatch-welcome', matchId: this.match.matchId, playerId: player.playerId } satisfies HandoffMessage);
    };
    // The player's answer commits it to this connection: only then is it admitted.
    connection.on('data', (data) => {
      const message = parseHandoffMessage(data);
      if (message?.type === 'peermatch-joined' && message.playerId === player.playerId) this.join(player, game);
    });
    connection.on('close', () => {
      if (this.admitted.get(player.playerId) !== game) return;
      this.admitted.delete(player.playerId);
      const reason = this.silent.delete(game) ? 'silent' : 'closed';
      if (this.state !== 'closed') this.context.report({ type: 'player-disconnected', match: this.match, playerId: player.playerId, reason });
    });
    if (connection.open) welcome();
    else connection.on('open', welcome);
  }

  /** `player` answered the welcome on `game`: admitted, and started at once when the match already is. */
  private join(player: ConnectionPlayer, game: GameConnection): void {
    if (this.state === 'closed' || this.state === 'failed' || !game.open) return;
    const previous = this.admitted.get(player.playerId);
    if (previous === game) return;
    this.admitted.set(player.playerId, game);
    // The same player again (a reload, a retried attempt): the newer connection wins.
    previous?.close();
    watchLiveness(
      game.raw,
      this.context,
      (change) => {
        if (change === 'gone') this.silent.add(game);
        else if (this.admitted.get(player.playerId) === game) this.context.report({ type: `connection-${change}`, match: this.match, playerId: player.playerId });
      },
      () => this.away.has(player.playerId),
    );
    // A player admitted after the match is ready (a backfill, a reload) starts at once.
    if (this.state === 'ready') game.send({ type: 'peermatch-start', matchId: this.match.matchId } satisfies HandoffMessage);
    this.context.report({ type: 'player-connected', match: this.match, playerId: player.playerId, connection: game });
    this.checkReady();
  }

  /** The server says these players' client left (`away`) or is back: a silent connection of theirs is given up sooner. */
  presence(playerIds: readonly string[], away: boolean): void {
    for (const playerId of playerIds) {
      if (away) this.away.add(playerId);
      else this.away.delete(playerId);
    }
  }

  /** Stops waiting and closes every connection. */
  close(): void {
    this.state = 'closed';
    this.context.timers.clearTimeout(this.timer);
    for (const connection of this.admitted.values()) connection.close();
    this.admitted.clear();
  }

  private others(): ConnectionPlayer[] {
    return this.match.players.filter((player) => player.peerId !== this.selfPeerId);
  }

  private checkReady(): void {
    if (this.state !== 'waiting') return;
    const missing = this.others().filter((player) => !this.admitted.get(player.playerId)?.open);
    if (missing.length > 0) return;
    this.state = 'ready';
    this.context.timers.clearTimeout(this.timer);
    for (const connection of this.connections()) connection.send({ type: 'peermatch-start', matchId: this.match.matchId } satisfies HandoffMessage);
    const self = this.match.players.find((player) => player.peerId === this.selfPeerId);
    this.context.report({ type: 'match-ready', match: this.match, role: 'game-host', team: self?.team ?? '', connections: this.connections() });
  }

  private timeOut(): void {
    if (this.state !== 'waiting') return;
    this.state = 'failed';
    const missing = this.others()
      .filter((player) => !this.admitted.get(player.playerId)?.open)
      .map((player) => player.playerId);
    const reason = `players ${missing.map((id) => JSON.stringify(id)).join(', ')} did not open a DataConnection to the game host within ${this.context.timeoutMs} ms`;
    // The players already admitted learn why instead of waiting out their own deadline.
    for (const connection of this.admitted.values()) refuse(connection, reason, this.context.timers);
    this.admitted.clear();
    this.context.report({ type: 'match-failed', match: this.match, reason });
  }
}

// --- A player ----------------------------------------------------------------------

/** Opens connections for a `PlayerHandoff`. */
export interface PlayerConnector {
  connect(peerId: string, metadata: HandoffMetadata): DataConnectionLike;
}

/** How long one attempt may take to open before it is abandoned and tried again, ms. */
const ATTEMPT_TIMEOUT_MS = 5000;
/** Pause before another attempt after a failed one, ms. */
const RETRY_DELAY_MS = 500;

/** A player's side: one DataConnection to the game host. */
export class PlayerHandoff {
  private connection: DataConnectionLike | undefined;
  private game: GameConnection | undefined;
  /** `admitted`: welcomed, waiting for the game host's `start`. */
  private state: 'connecting' | 'admitted' | 'ready' | 'failed' | 'closed' = 'connecting';
  private readonly deadline: unknown;
  private attemptTimer: unknown;
  private lastProblem = 'no answer';
  private attempts = 0;
  /** The heartbeat closed the current connection: its end reads `silent`. */
  private silent = false;
  /** The server says the game host's client left (see `presence`). */
  private hostAway = false;

  constructor(
    readonly match: ConnectionInfo,
    private readonly self: ConnectionPlayer,
    private readonly connector: PlayerConnector,
    private readonly context: HandoffContext,
  ) {
    this.deadline = context.timers.setTimeout(() => this.timeOut(), context.timeoutMs);
    this.attempt();
  }

  /** True while connecting or connected (not failed, not closed). */
  get active(): boolean {
    return this.state === 'connecting' || this.state === 'admitted' || this.state === 'ready';
  }

  /** True once the game host welcomed this player (it is there and admitted it), before and after `start`. */
  get welcomed(): boolean {
    return this.state === 'admitted' || this.state === 'ready';
  }

  /** The open connection to the game host, once ready. */
  get openConnection(): GameConnection | undefined {
    return this.state === 'ready' && this.game?.open ? this.game : undefined;
  }

  /** The PeerJS signaling server says the game host's peer is not registered (yet): try again shortly. */
  peerUnavailable(peerId: string, message: string): void {
    if (peerId !== this.match.gameHostPeerId || this.state !== 'connecting') return;
    this.abandon(`the game host's peer is not reachable (${message})`);
  }

  /** The server says these players' client left (`away`) or is back; only the game host's matters here. */
  presence(playerIds: readonly string[], away: boolean): void {
    if (playerIds.includes(this.match.gameHostPlayerId)) this.hostAway = away;
  }

  /** Stops trying and closes the connection. */
  close(): void {
    this.state = 'closed';
    this.context.timers.clearTimeout(this.deadline);
    this.context.timers.clearTimeout(this.attemptTimer);
    this.connection?.close();
  }

  private attempt(): void {
    if (this.state !== 'connecting') return;
    this.attempts++;
    const metadata: HandoffMetadata = { playerSessionId: this.self.playerSessionId, playerId: this.self.playerId, matchId: this.match.matchId };
    let connection: DataConnectionLike;
    try {
      connection = this.connector.connect(this.match.gameHostPeerId, metadata);
    } catch (error) {
      this.abandon((error as Error).message);
      return;
    }
    this.connection = connection;
    // Wrapped at once: what the game host sends right after `start` is held until the game listens.
    this.game = holdEarlyData(connection);
    const current = () => this.connection === connection;
    this.attemptTimer = this.context.timers.setTimeout(() => {
      if (current() && this.state === 'connecting') this.abandon(connection.open ? 'no welcome from the game host' : 'the DataConnection did not open');
    }, ATTEMPT_TIMEOUT_MS);
    connection.on('data', (data) => {
      if (!current()) return;
      const message = parseHandoffMessage(data);
      if (message) this.onMessage(connection, message);
    });
    connection.on('close', () => {
      if (!current()) return;
      if (this.state === 'ready') {
        const reason = this.silent ? 'silent' : 'closed';
        this.context.report({ type: 'player-disconnected', match: this.match, playerId: this.match.gameHostPlayerId, reason });
      } else if (this.state === 'connecting') this.abandon('the DataConnection closed before the game host welcomed it');
      else if (this.state === 'admitted') this.retryAfter('the DataConnection closed before the game host started the match');
    });
    connection.on('error', (error) => {
      if (current() && this.state === 'connecting') this.abandon(`DataConnection error: ${error.message}`);
    });
  }

  private onMessage(connection: DataConnectionLike, message: HandoffMessage): void {
    if (this.state !== 'connecting' && this.state !== 'admitted') return;
    switch (message.type) {
      case 'peermatch-welcome':
        // Only an open connection counts: the welcome itself proves it, but "ready" is reported on `open` alone.
        if (!connection.open || this.state !== 'connecting') return;
        this.state = 'admitted';
        this.context.timers.clearTimeout(this.attemptTimer);
        this.silent = false;
        watchLiveness(
          connection,
          this.context,
          (change) => {
            if (this.connection !== connection) return;
            if (change === 'gone') this.silent = true;
            else if (this.state === 'ready') this.context.report({ type: `connection-${change}`, match: this.match, playerId: this.match.gameHostPlayerId });
          },
          () => this.hostAway,
        );
        // Commits this player to this connection; the game host counts it only on this answer.
        try {
          connection.send({ type: 'peermatch-joined', matchId: this.match.matchId, playerId: this.self.playerId } satisfies HandoffMessage);
        } catch (error) {
          this.retryAfter(`could not answer the game host's welcome: ${(error as Error).message}`);
        }
        return;
      case 'peermatch-joined':
        // Only the game host receives this.
        return;
      case 'peermatch-start':
        if (!connection.open || this.state !== 'admitted' || !this.game) return;
        this.state = 'ready';
        this.context.timers.clearTimeout(this.deadline);
        this.context.report({ type: 'match-ready', match: this.match, role: 'player', team: this.self.team, connections: [this.game] });
        return;
      case 'peermatch-reject':
        this.fail(
          this.state === 'admitted' ? `the game host gave up on the match: ${message.reason}` : `the game host refused the connection: ${message.reason}`,
        );
        return;
      default:
        assertNever(message, 'handoff message');
    }
  }

  /** An admitted connection closed before `start`: connect again (the game host admits the newer one). */
  private retryAfter(problem: string): void {
    this.state = 'connecting';
    this.abandon(problem);
  }

  /** Gives up on the current attempt and schedules another (the deadline ends it all). */
  private abandon(problem: string): void {
    this.lastProblem = problem;
    const connection = this.connection;
    this.connection = undefined;
    this.game = undefined;
    this.context.timers.clearTimeout(this.attemptTimer);
    connection?.close();
    if (this.state !== 'connecting') return;
    this.attemptTimer = this.context.timers.setTimeout(() => this.attempt(), RETRY_DELAY_MS);
  }

  private fail(reason: string): void {
    if (this.state !== 'connecting' && this.state !== 'admitted') return;
    this.state = 'failed';
    this.context.timers.clearTimeout(this.deadline);
    this.context.timers.clearTimeout(this.attemptTimer);
    const connection = this.connection;
    this.connection = undefined;
    connection?.close();
    this.context.report({ type: 'match-failed', match: this.match, reason });
  }

  private timeOut(): void {
    if (this.state === 'admitted') {
      this.fail(`the game host ${JSON.stringify(this.match.gameHostPeerId)} admitted this player but did not start the match within ${this.context.timeoutMs} ms`);
      return;
    }
    this.fail(
      `no open DataConnection to the game host ${JSON.stringify(this.match.gameHostPeerId)} within ${this.context.timeoutMs} ms ` +
        `(${this.attempts} attempt${this.attempts === 1 ? '' : 's'}; last: ${this.lastProblem})`,
    );
  }
}

