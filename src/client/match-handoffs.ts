/**
 * Every hand-off of one client: turns the connection info of each
 * `MatchmakingSucceeded` (or of a COMPLETED ticket found after a reload) into
 * a game-host or player hand-off, routes incoming DataConnections to the
 * game-host hand-off of their match, and hands the outcomes to the client.
 */
import { ticketConnectionOf, type ConnectionInfo } from '../net/connection-info.ts';
import type { MatchmakingTicket } from '../core/matchmaker/types.ts';
import type { Timers } from '../net/backoff.ts';
import { explainFailure, networksOf, peerConnectionOf, statedFailure, watchConnection, type ConnectionFailure, type ConnectionWatch } from './connection-diagnostics.ts';
import { GameHostHandoff, PlayerHandoff, type HandoffNotice } from './handoff.ts';
import type { HeartbeatSettings } from './heartbeat.ts';
import type { IceRestartRole } from './ice-restart.ts';
import { IncomingConnections } from './incoming-connections.ts';
import { DEFAULT_SUCCESSOR_ANSWER_MS, GameHostMigration, type MigrationNotice } from './migration.ts';
import type { DataConnectionLike } from './peer-like.ts';
import type { PeerSession } from './peer-session.ts';

/** What `MatchHandoffs` needs. */
export interface MatchHandoffsOptions {
  peer: PeerSession;
  timers: Timers;
  timeoutMs: number;
  heartbeat?: HeartbeatSettings;
  /** How long a successor has to start the match when the game host left, ms (migration.ts). */
  successorAnswerMs?: number;
  report(notice: HandoffNotice | MigrationNotice): void;
}

/** See the file comment. */
export class MatchHandoffs {
  private readonly hosts = new Map<string, GameHostHandoff>();
  private readonly players = new Map<string, PlayerHandoff>();
  /** Game host migrations, by game session (migration.ts). */
  private readonly migrations = new Map<string, GameHostMigration>();
  private readonly incoming: IncomingConnections;
  private readonly unsubscribe: () => void;
  /** The watch of the latest connection with each remote peer id (what a failure is explained from). */
  private readonly lastWatch = new Map<string, ConnectionWatch>();

  constructor(private readonly options: MatchHandoffsOptions) {
    this.incoming = new IncomingConnections(options.timers, options.timeoutMs, (peerId, reason) =>
      options.report({ type: 'connection-refused', peerId, reason }),
    );
    this.unsubscribe = options.peer.on((notice) => {
      if (notice.kind === 'connection') this.incoming.offer(this.watched(notice.connection, 'answerer'));
      else if (notice.kind === 'peer-unavailable') {
        for (const player of this.players.values()) player.peerUnavailable(notice.peerId, notice.message);
        for (const migration of this.migrations.values()) migration.peerUnavailable(notice.peerId);
      }
    });
  }

  /** Starts (or, for a backfill of a session this client hosts, extends) the hand-off of `match`. */
  start(match: ConnectionInfo): void {
    const selfPeerId = this.options.peer.peerId;
    const context = this.context(this.options.timeoutMs, (notice) => this.report(notice));
    if (match.gameHostPeerId === selfPeerId) {
      const existing = this.hosts.get(match.gameSessionArn);
      if (existing) existing.update(match);
      else {
        const host = new GameHostHandoff(match, selfPeerId, context);
        this.hosts.set(match.gameSessionArn, host);
        this.incoming.addHost(host);
      }
      this.incoming.flush();
      return;
    }
    const self = match.players.find((player) => player.peerId === selfPeerId);
    if (!self) {
      this.options.report({ type: 'match-failed', match, reason: `this client's peer ${JSON.stringify(selfPeerId)} is not a player of match ${JSON.stringify(match.matchId)}` });
      return;
    }
    const existing = this.players.get(match.gameSessionArn);
    // A backfill of a session this player already joined (or is joining) names the same game host: that hand-off stands.
    if (existing && existing.match.gameHostPeerId === match.gameHostPeerId && existing.active) return;
    existing?.close();
    const connector = { connect: (peerId: string, metadata: unknown) => this.watched(this.options.peer.connect(peerId, metadata), 'offerer') };
    this.players.set(match.gameSessionArn, new PlayerHandoff(match, self, connector, context));
  }

  private context(timeoutMs: number, report: (notice: HandoffNotice) => void) {
    return { timers: this.options.timers, timeoutMs, ...(this.options.heartbeat ? { heartbeat: this.options.heartbeat } : {}), report };
  }

  /** The game host of `match` is gone: every remaining player moves to the first successor still there (migration.ts). */
  private migrate(match: ConnectionInfo): void {
    const arn = match.gameSessionArn;
    this.migrations.get(arn)?.close();
    const selfPeerId = this.options.peer.peerId;
    const migration = new GameHostMigration(match, selfPeerId, {
      timers: this.options.timers,
      answerMs: this.options.successorAnswerMs ?? DEFAULT_SUCCESSOR_ANSWER_MS,
      join: (next, timeoutMs, report) => {
        const self = next.players.find((player) => player.peerId === selfPeerId)!;
        const connector = { connect: (peerId: string, metadata: unknown) => this.watched(this.options.peer.connect(peerId, metadata), 'offerer') };
        const handoff = new PlayerHandoff(next, self, connector, this.context(timeoutMs, report));
        this.players.get(arn)?.close();
        this.players.set(arn, handoff);
        return handoff;
      },
      host: (next, timeoutMs, report) => {
        this.players.get(arn)?.close();
        this.players.delete(arn);
        const host = new GameHostHandoff(next, selfPeerId, this.context(timeoutMs, report));
        this.hosts.set(arn, host);
        this.incoming.addHost(host);
        return host;
      },
      forward: (notice) => this.report(notice),
      report: (notice) => this.options.report(notice),
    });
    this.migrations.set(arn, migration);
  }

  /**
   * Resumes the hand-off of a COMPLETED ticket (after a reload that missed
   * its `MatchmakingSucceeded`). A player can: its connection info names the
   * game host and its own player session. A game host cannot (the ticket
   * does not list the other players' sessions): returns the reason instead.
   */
  resume(ticket: MatchmakingTicket): string | undefined {
    const connection = ticketConnectionOf(ticket);
    if (connection === undefined) {
      return `ticket ${JSON.stringify(ticket.TicketId)} is COMPLETED but its connection info names no game host`;
    }
    const { matchId, gameHostPeerId: hostPeerId, gameHostPlayerId: hostPlayerId } = connection;
    const info = ticket.GameSessionConnectionInfo;
    if (hostPeerId === this.options.peer.peerId) {
      return `match ${JSON.stringify(matchId)}: this client is its game host and lost the players' sessions in a reload`;
    }
    const selfPeerId = this.options.peer.peerId;
    const players = (info?.MatchedPlayerSessions ?? []).map((session) => ({
      playerId: session.PlayerId,
      team: ticket.Players.find((player) => player.PlayerId === session.PlayerId)?.Team ?? '',
      playerSessionId: session.PlayerSessionId,
      peerId: selfPeerId,
    }));
    if (players.length === 0) return `ticket ${JSON.stringify(ticket.TicketId)} lists no player session`;
    players.push({ playerId: hostPlayerId, team: '', playerSessionId: '', peerId: hostPeerId });
    this.start({ ...connection, players });
    return undefined;
  }

  /** The server says these players of game session `arn` left the relay (`away`) or came back: a hint for the heartbeats. */
  presence(arn: string, playerIds: readonly string[], away: boolean): void {
    this.hosts.get(arn)?.presence(playerIds, away);
    this.players.get(arn)?.presence(playerIds, away);
  }

  /** Open connections: a game host's to its players, a player's to its game host. */
  openConnections(): DataConnectionLike[] {
    const out: DataConnectionLike[] = [];
    for (const host of this.hosts.values()) out.push(...host.connections());
    for (const player of this.players.values()) if (player.openConnection) out.push(player.openConnection);
    return out;
  }

  private watched(connection: DataConnectionLike, role: IceRestartRole): DataConnectionLike {
    this.lastWatch.set(connection.peer, watchConnection(connection, role));
    return connection;
  }

  /** Adds the diagnostics: how ready connections connected, why a failed one failed. */
  private report(notice: HandoffNotice): void {
    // At a player, the game host's connection ended after ready: the match moves to a successor.
    if (notice.type === 'player-disconnected' && notice.playerId === notice.match.gameHostPlayerId && notice.match.gameHostPeerId !== this.options.peer.peerId) {
      this.options.report(notice);
      this.migrate(notice.match);
      return;
    }
    if (notice.type === 'match-ready' && notice.network === undefined && notice.connections.some((c) => peerConnectionOf(c) !== undefined)) {
      networksOf(notice.connections).then(
        (network) => this.options.report({ ...notice, network }),
        () => this.options.report(notice),
      );
      return;
    }
    if (notice.type === 'match-failed' && notice.failure === undefined) {
      this.options.report({ ...notice, failure: this.failureOf(notice.match, notice.reason) });
      return;
    }
    this.options.report(notice);
  }

  private failureOf(match: ConnectionInfo, reason: string): ConnectionFailure {
    const stated = statedFailure(reason);
    if (stated) return stated;
    const selfPeerId = this.options.peer.peerId;
    if (match.gameHostPeerId !== selfPeerId) return explainFailure(this.lastWatch.get(match.gameHostPeerId), 'the game host');
    const open = new Set(this.hosts.get(match.gameSessionArn)?.connections().map((connection) => connection.peer) ?? []);
    const missing = match.players.filter((player) => player.peerId !== selfPeerId && !open.has(player.peerId));
    const first = missing.find((player) => this.lastWatch.has(player.peerId)) ?? missing[0];
    if (!first) return { step: 'ice', reason };
    return explainFailure(this.lastWatch.get(first.peerId), `player ${JSON.stringify(first.playerId)}`);
  }

  /** Ends every hand-off and closes every connection. */
  close(): void {
    this.unsubscribe();
    for (const migration of this.migrations.values()) migration.close();
    this.migrations.clear();
    for (const host of this.hosts.values()) host.close();
    for (const player of this.players.values()) player.close();
    this.hosts.clear();
    this.players.clear();
    this.incoming.close();
  }
}
