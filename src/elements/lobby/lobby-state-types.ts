/**
 * The lobby's states and inputs, as types: what `reduceLobby`
 * (lobby-state.ts) folds and what lobby-interruption.ts reads, apart from
 * both so neither imports the other's module for its types.
 */
import type { PeermatchClientEvent } from '../../client/peermatch-client.ts';
import type { DataConnectionLike } from '../../client/peer-like.ts';
import type { ConnectionFailure, ConnectionNetwork } from '../../client/connection-diagnostics.ts';
import type { MatchmakingTicket } from '../../core/matchmaker/types.ts';
import type { ConnectionInfo } from '../../net/connection-info.ts';

/**
 * Why the lobby stopped: each has its own words and a Retry. `replaced`: this
 * player plays in a newer tab or on another device (one player, one seat: the
 * newest tab wins, a device keeps the seat it holds); code `Replaced` (another
 * tab or window of this browser took over; its button plays here again, which
 * makes this tab the newest), `PlayingElsewhere` (another device or browser
 * holds the seat) or `PLAYER_IN_NEWER_TICKET` (a newer ticket elsewhere
 * cancelled this one).
 */
export type LobbyFailureReason = 'timed-out' | 'declined' | 'host-unavailable' | 'connection-failed' | 'cancelled' | 'replaced' | 'error';

/** One player of a proposed match, as the lobby lists it. */
export interface LobbyPlayer {
  playerId: string;
  /** True for this client's players (its own and its party's). */
  self: boolean;
  /** The player's answer so far (`AcceptMatch`); absent before it answered. */
  accepted?: boolean;
}

/** One team of a proposed match. */
export interface LobbyTeam {
  name: string;
  players: LobbyPlayer[];
}

/** A ticket in the pool. */
export interface LobbySearching {
  status: 'searching';
  ticketId: string;
  /** When the ticket started (its `StartTime`), ms since the epoch; the elapsed time counts from here. */
  startedAtMs: number;
  /** FlexMatch's estimate, ms; `undefined` when it has none (`NOT_AVAILABLE`). */
  estimatedWaitMs: number | undefined;
  /** Set when a proposal failed and the ticket went back to the pool: why. */
  requeued?: 'declined' | 'timed-out';
}

/** A proposed match awaiting this player's answer (`proposed`), or the others' (`accepted`). */
export interface LobbyProposal {
  status: 'proposed' | 'accepted';
  ticketId: string;
  /** `''` when unknown (a reload without a remembered proposal). */
  matchId: string;
  startedAtMs: number;
  teams: LobbyTeam[];
  /** When the acceptance window closes, ms since the epoch (`undefined`: unknown, e.g. after a reload without a remembered proposal). */
  deadlineMs: number | undefined;
  /** The acceptance window, ms (for the countdown bar). */
  acceptanceTimeoutMs: number | undefined;
  /** `accepted` only: how the proposal ended (`AcceptMatchCompleted`), before the next event moves on. */
  completed?: 'Accepted' | 'Rejected' | 'TimedOut';
}

/** What a search was showing when the host or the server went away; it goes on from there. */
export type LobbyResumable = LobbySearching | (LobbyProposal & { status: 'proposed' }) | (LobbyProposal & { status: 'accepted' });

/**
 * A search the lobby's host or the server dropped out of, not a failure: the
 * host keeps the ticket in its saved state, the relay socket retries, and the
 * client re-attaches the ticket when they are back.
 * - `waiting-for-host`: the relay is up but the lobby's host left (after
 *   `host-wait` seconds without it, the lobby fails `host-unavailable`, code `HostAway`, with a Retry);
 * - `reconnecting`: the connection to the server dropped; the next attempt is at `retryAtMs`.
 */
export interface LobbyInterrupted {
  status: 'waiting-for-host' | 'reconnecting';
  ticketId: string;
  /** When the interruption began, ms since the epoch. */
  sinceMs: number;
  /** `reconnecting`: when the next attempt to reach the server is made (`undefined`: under way). */
  retryAtMs: number | undefined;
  /** What the lobby showed before. */
  resume: LobbyResumable;
}

/** The state of the lobby; `status` says which. Plain data except `ready.connections`. */
export type LobbyState =
  | { status: 'idle' }
  | { status: 'connecting'; ticketId?: string }
  | LobbySearching
  | (LobbyProposal & { status: 'proposed' })
  | (LobbyProposal & { status: 'accepted' })
  | (LobbyInterrupted & { status: 'waiting-for-host' })
  | (LobbyInterrupted & { status: 'reconnecting' })
  | {
      status: 'connecting-to-game';
      ticketId: string;
      matchId: string | undefined;
      /** This player's team, once known. */
      team: string | undefined;
      /** DataConnections open so far, and how many the match needs (`undefined` until the match is placed). */
      open: number;
      expected: number | undefined;
    }
  | {
      status: 'ready';
      match: ConnectionInfo;
      team: string;
      role: 'game-host' | 'player';
      /** The open DataConnections (to every other player for the game host, to the game host otherwise). */
      connections: DataConnectionLike[];
      /** How each connection connected (direct, STUN, relayed) and its round-trip time, when WebRTC stats exist. */
      network?: ConnectionNetwork[];
      /** Players whose connection ended since (at a player: the game host), in the order they left. */
      departed: readonly string[];
      /** Players whose connection is silent but not yet given up (see the client's `heartbeat`). */
      interrupted: readonly string[];
      /** Set once the game host left and a successor took over (`match` names it): who, and whether it is this player. */
      newGameHost?: { playerId: string; self: boolean };
      /** Set when the game host left and nobody is left to go on with: why. */
      nobodyLeft?: string;
    }
  | {
      status: 'failed';
      reason: LobbyFailureReason;
      /** The technical detail (the FlexMatch status message, the error's message). */
      message: string;
      /** The FlexMatch `StatusReason` or the error's `name`, when there is one (`REJECTED`, `HostUnavailable`, ...). */
      code?: string;
      ticketId?: string;
      /** For a game connection that failed: which step (signaling, ICE, TURN, admission), in plain words. */
      failure?: ConnectionFailure;
    };

/** Every status, in lifecycle order. */
export type LobbyStatus = LobbyState['status'];

/** What the reducer takes. */
export type LobbyInput =
  /** The player pressed Find a match / Retry (or the element auto-started). */
  | { type: 'start' }
  /** The client's answer about a ticket: `startMatchmaking`, or a re-attached ticket. */
  | { type: 'ticket'; ticket: MatchmakingTicket }
  /** Anything the client reported. */
  | { type: 'client'; event: PeermatchClientEvent }
  /** The player accepted and the `acceptMatch` call went out. */
  | { type: 'accepting' }
  /** A call failed or the controller gave up. */
  | { type: 'failure'; reason: LobbyFailureReason; message: string; code?: string }
  /** The controller's bound on `waiting-for-host` (`waitedMs`) ran out. */
  | { type: 'host-wait-over'; waitedMs: number }
  /** Back to the start (the lobby, server or player changed). */
  | { type: 'reset' };

/** What the reducer needs to know besides the input. */
export interface LobbyContext {
  /** Now, ms since the epoch. */
  nowMs: number;
  /** This client's players: its own and its party's. */
  playerIds: readonly string[];
  /** This client's PeerJS id (tells the game host from the players), once connected. */
  peerId?: string;
}
