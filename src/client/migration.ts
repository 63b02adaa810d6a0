/**
 * Game host migration at one client: the game host of a ready match is gone
 * (its connection ended), so every remaining player takes the first
 * successor of the connection info's `successorPlayerIds` that is still
 * there as the new game host. The successor itself starts hosting the same
 * match (it has the match data: players, teams, player session ids, peer
 * ids); the others connect to it as players. A successor is skipped, by
 * everyone the same way, when it is the game host that left, its PeerJS peer
 * is unavailable, or it does not welcome the player within `answerMs` (or,
 * having welcomed it, never starts the match); so all
 * converge on the same one. The new game host waits for the players for
 * `answerMs` per successor ranked above it plus one more, then goes on with
 * those who came (the others count as gone). If nobody is left (every
 * successor is gone, or the new game host has no player left), the outcome is
 * `nobody-left`.
 *
 * Pure orchestration: the hand-offs themselves come from a `MigrationDriver`
 * (match-handoffs.ts gives it GameHostHandoff / PlayerHandoff on the real peer).
 */
import type { Timers } from '../net/backoff.ts';
import type { ConnectionInfo } from '../net/connection-info.ts';
import type { GameConnection } from './game-connection.ts';
import type { HandoffNotice } from './handoff.ts';

/** The default time a successor has to start the match before it is skipped, ms. */
export const DEFAULT_SUCCESSOR_ANSWER_MS = 3000;

/** `successorAnswerMs` checked: a RangeError naming the value unless it is a positive number of milliseconds. */
export function successorAnswerMsOf(value: number | undefined): number {
  if (value === undefined) return DEFAULT_SUCCESSOR_ANSWER_MS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`successorAnswerMs: expected a positive number of milliseconds, got ${String(value)}`);
  }
  return value;
}

/** What a migration reports, once. */
export type MigrationNotice =
  /**
   * The match has a new game host: `self` when it is this client. `connections`:
   * at the new game host, to every player who came; at a player, the one to the game host.
   * `gone`: the players of the match before who are not in it now (the game host
   * that left first, then successors skipped because they were gone too, then
   * players who did not come to the new game host).
   */
  | { type: 'game-host-changed'; match: ConnectionInfo; gameHostPlayerId: string; self: boolean; connections: GameConnection[]; gone: string[] }
  /** No successor is left to host the match (or nobody is left to play with). */
  | { type: 'nobody-left'; match: ConnectionInfo; reason: string };

/** One hand-off the migration started. */
export interface MigrationHandoff {
  close(): void;
}

/** A player's hand-off to a successor. */
export interface MigrationJoin extends MigrationHandoff {
  /** True once the successor welcomed this player: it is there (it may wait for other players before it starts). */
  readonly welcomed: boolean;
}

/** What a migration needs from its client. */
export interface MigrationDriver {
  timers: Timers;
  /** How long a successor has to start the match, ms. */
  answerMs: number;
  /** Connects to `match.gameHostPeerId` as a player within `timeoutMs`; reports like a `PlayerHandoff`. */
  join(match: ConnectionInfo, timeoutMs: number, report: (notice: HandoffNotice) => void): MigrationJoin;
  /** Hosts `match`, giving up after `timeoutMs` (past the migration's own bound); reports like a `GameHostHandoff`. `update` drops players who did not come. */
  host(match: ConnectionInfo, timeoutMs: number, report: (notice: HandoffNotice) => void): MigrationHandoff & { update(match: ConnectionInfo): void; connections(): GameConnection[] };
  /** The hand-offs' other notices (player-connected, player-disconnected, ...), as usual. */
  forward(notice: HandoffNotice): void;
  /** The outcome. */
  report(notice: MigrationNotice): void;
}

/** See the file comment. One per game session whose game host left. */
export class GameHostMigration {
  private readonly gone = new Set<string>();
  /** The players gone, in the order they were found gone. */
  private readonly order: string[] = [];
  private skips = 0;
  private current: { candidate: string; handoff: MigrationHandoff } | undefined;
  private timer: unknown;
  private done = false;

  constructor(
    private readonly previous: ConnectionInfo,
    private readonly selfPeerId: string,
    private readonly driver: MigrationDriver,
  ) {
    this.gone.add(previous.gameHostPlayerId);
    this.order.push(previous.gameHostPlayerId);
    this.next();
  }

  /** The successor this client is connecting to (or is, when it hosts), if any. */
  get candidate(): string | undefined {
    return this.current?.candidate;
  }

  /** The PeerJS signaling server says `peerId` is not registered: a successor with that peer is gone. */
  peerUnavailable(peerId: string): void {
    const candidate = this.current?.candidate;
    if (candidate === undefined || this.peerOf(candidate) !== peerId) return;
    this.skip(candidate);
  }

  /** Stops (the client closes); the hand-off in progress is closed. */
  close(): void {
    this.done = true;
    this.driver.timers.clearTimeout(this.timer);
    this.current?.handoff.close();
    this.current = undefined;
  }

  private peerOf(playerId: string): string | undefined {
    return this.previous.players.find((player) => player.playerId === playerId)?.peerId || undefined;
  }

  /** The successors still in the running, best first. */
  private remaining(): string[] {
    return this.previous.successorPlayerIds.filter((id) => !this.gone.has(id) && this.peerOf(id) !== undefined);
  }

  /** The match with `playerId` as its game host, without the players who are gone. */
  private matchHostedBy(playerId: string): ConnectionInfo {
    return {
      ...this.previous,
      gameHostPeerId: this.peerOf(playerId)!,
      gameHostPlayerId: playerId,
      players: this.previous.players.filter((player) => !this.gone.has(player.playerId)),
      successorPlayerIds: this.remaining().filter((id) => id !== playerId),
    };
  }

  private markGone(playerId: string): void {
    if (this.gone.has(playerId)) return;
    this.gone.add(playerId);
    this.order.push(playerId);
  }

  private next(): void {
    if (this.done) return;
    const candidate = this.remaining()[0];
    if (candidate === undefined) {
      this.finish({ type: 'nobody-left', match: this.previous, reason: `no successor of game host ${JSON.stringify(this.previous.gameHostPlayerId)} is left` });
      return;
    }
    if (this.peerOf(candidate) === this.selfPeerId) this.hostAs(candidate);
    else this.joinTo(candidate);
  }

  private skip(candidate: string): void {
    if (this.done || this.current?.candidate !== candidate) return;
    this.driver.timers.clearTimeout(this.timer);
    this.current.handoff.close();
    this.current = undefined;
    this.markGone(candidate);
    this.skips++;
    this.next();
  }

  private joinTo(candidate: string): void {
    const match = this.matchHostedBy(candidate);
    let settled = false;
    // A successor that welcomed this player is there: it starts once its other players came or its own bound ran out, which this outlasts.
    const startWithinMs = this.driver.answerMs * (this.previous.successorPlayerIds.length + 2);
    const handoff = this.driver.join(match, startWithinMs, (notice) => {
      if (notice.type === 'match-ready' && !settled) {
        settled = true;
        this.finish({ type: 'game-host-changed', match, gameHostPlayerId: candidate, self: false, connections: notice.connections, gone: [...this.order] });
      } else if (notice.type === 'match-failed' && !settled) {
        settled = true;
        // A failure reported while the hand-off starts comes before `current` is set: skip once it is.
        queueMicrotask(() => this.skip(candidate));
      } else if (notice.type !== 'match-ready' && notice.type !== 'match-failed') this.driver.forward(notice);
    });
    if (this.done) return;
    this.current = { candidate, handoff };
    // A successor that has not even welcomed this player within the bound is taken as gone.
    this.timer = this.driver.timers.setTimeout(() => {
      if (!handoff.welcomed) this.skip(candidate);
    }, this.driver.answerMs);
  }

  private hostAs(self: string): void {
    const ahead = this.skips;
    let match = this.matchHostedBy(self);
    if (!match.players.some((player) => player.playerId !== self)) {
      this.finish({ type: 'nobody-left', match, reason: 'no other player of the match is left' });
      return;
    }
    let ready = false;
    const waitMs = this.driver.answerMs * (ahead + 2);
    const handoff = this.driver.host(match, waitMs + this.driver.answerMs, (notice) => {
      if (notice.type === 'match-ready') {
        if (ready) return;
        ready = true;
        this.driver.timers.clearTimeout(this.timer);
        this.finish({ type: 'game-host-changed', match, gameHostPlayerId: self, self: true, connections: notice.connections, gone: [...this.order] });
      } else if (notice.type !== 'match-failed') this.driver.forward(notice);
    });
    this.current = { candidate: self, handoff };
    // Players may have to skip the successors ahead of this one first: wait for that, and one answer more.
    this.timer = this.driver.timers.setTimeout(() => {
      if (ready || this.done) return;
      const came = new Set(handoff.connections().map((connection) => connection.peer));
      const missing = match.players.filter((player) => player.playerId !== self && !came.has(player.peerId));
      for (const player of missing) this.markGone(player.playerId);
      if (came.size === 0) {
        this.finish({ type: 'nobody-left', match, reason: `no player connected to this new game host within ${waitMs} ms` });
        return;
      }
      match = this.matchHostedBy(self);
      handoff.update(match);
    }, waitMs);
  }

  private finish(notice: MigrationNotice): void {
    if (this.done) return;
    this.done = true;
    this.driver.timers.clearTimeout(this.timer);
    if (notice.type === 'nobody-left') this.current?.handoff.close();
    // The hand-off that succeeded is the client's now: closing this migration leaves it alone.
    this.current = undefined;
    this.driver.report(notice);
  }
}
