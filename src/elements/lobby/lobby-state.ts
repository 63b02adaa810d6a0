/**
 * What `<peermatch-lobby>` shows, as a pure reducer: the player client's
 * events (FlexMatch envelopes, relay status, the WebRTC hand-off), the
 * answers of its calls and the player's own actions, folded into one
 * `LobbyState` union on `status`. No timers, no clock of its own (the time
 * arrives in `LobbyContext.nowMs`), no DOM: `lobby-controller.ts` feeds it,
 * the element renders its result.
 *
 * FlexMatch readings worth knowing:
 * - When a proposal fails (`AcceptMatchCompleted` `Rejected` or `TimedOut`),
 *   tickets whose players all accepted go back to SEARCHING
 *   (`MatchmakingSearching`); the state is `searching` again with
 *   `requeued` saying why. The others end FAILED: `REJECTED` (this player
 *   declined) and `ACCEPTANCE_INCOMPLETE` (someone declined before this
 *   player answered) are `declined`, `ACCEPTANCE_TIMED_OUT` is `timed-out`.
 * - A reloaded page learns its ticket from the client's `ticket-status`
 *   (`describeMatchmaking`), so every ticket status maps to a state too; a
 *   proposal's countdown and this player's acceptance come from the
 *   client's remembered proposal.
 * - The host leaving or the server dropping out interrupts a live ticket
 *   (`waiting-for-host`, `reconnecting`: see `lobby-interruption.ts`).
 */
import { assertNever } from '../../core/assert-never.ts';
import type { PeermatchClientEvent } from '../../client/peermatch-client.ts';
import type { RememberedProposal } from '../../client/storage.ts';
import type { EventPlayer, MatchmakingEvent } from '../../core/matchmaker/events.ts';
import type { MatchmakingTicket } from '../../core/matchmaker/types.ts';
import { isNewerTicketCancellation, NEWER_TICKET_REASON } from '../../core/ticket-lifecycle.ts';
import { connectionInfoOf, ticketConnectionOf, type ConnectionInfo } from '../../net/connection-info.ts';
import { fromRelayStatus, hostWaitOver, isInterrupted } from './lobby-interruption.ts';
import { fromPartyEvent } from './lobby-party-state.ts';
import type { LobbyContext, LobbyFailureReason, LobbyInput, LobbyPlayer, LobbyState, LobbyTeam } from './lobby-state-types.ts';

export type { LobbyFailureReason, LobbyPlayer, LobbyTeam, LobbySearching, LobbyProposal, LobbyResumable, LobbyInterrupted, LobbyState, LobbyStatus, LobbyInput, LobbyContext } from './lobby-state-types.ts';

/** The state before anything happened. */
export const IDLE: LobbyState = { status: 'idle' };

/** Whether the lobby is between "Find a match" and an outcome (a Cancel makes sense). */
export function isActive(state: LobbyState): boolean {
  return state.status !== 'idle' && state.status !== 'failed' && state.status !== 'ready';
}

/** The ticket the state is about, if any. */
export function ticketIdOf(state: LobbyState): string | undefined {
  return 'ticketId' in state ? state.ticketId : undefined;
}

/**
 * The next state. Pure: the same state, input and context give the same
 * result. Inputs that do not apply to the current state (an event of another
 * ticket, a late event after a failure) return `state` unchanged.
 */
export function reduceLobby(state: LobbyState, input: LobbyInput, context: LobbyContext): LobbyState {
  switch (input.type) {
    case 'start':
      return isActive(state) ? state : { status: 'connecting' };
    case 'reset':
      return IDLE;
    case 'failure':
      // A replaced client's calls fail too; the lobby keeps saying why it stopped.
      if (state.status === 'failed' && state.reason === 'replaced') return state;
      return failed(input.reason, input.message, input.code, ticketIdOf(state));
    case 'accepting':
      return state.status === 'proposed' ? { ...state, status: 'accepted' } : state;
    case 'host-wait-over':
      return hostWaitOver(state, input.waitedMs);
    case 'ticket':
      return fromTicket(state, input.ticket, undefined, context);
    case 'client':
      return fromClientEvent(state, input.event, context);
    default:
      return assertNever(input, 'peermatch-lobby input');
  }
}

function failed(reason: LobbyFailureReason, message: string, code: string | undefined, ticketId: string | undefined): LobbyState {
  return {
    status: 'failed',
    reason,
    message,
    ...(code !== undefined ? { code } : {}),
    ...(ticketId !== undefined ? { ticketId } : {}),
  };
}

function startedAtOf(ticket: MatchmakingTicket): number {
  const start = ticket.StartTime as Date | string;
  const ms = typeof start === 'string' ? Date.parse(start) : start.getTime();
  return Number.isFinite(ms) ? ms : 0;
}

/**
 * A ticket as `startMatchmaking` or `describeMatchmaking` answered it, with
 * the client's remembered proposal when it awaits acceptance.
 */
function fromTicket(state: LobbyState, ticket: MatchmakingTicket, proposal: RememberedProposal | undefined, context: LobbyContext): LobbyState {
  const current = ticketIdOf(state);
  if (current !== undefined && current !== ticket.TicketId) return state;
  // A ticket answer older than what the events already told is no news (after an interruption it is the news).
  const live = isActive(state) && state.status !== 'connecting' && !isInterrupted(state);
  if (live && (ticket.Status === 'SEARCHING' || ticket.Status === 'QUEUED')) return state;
  if (live && ticket.Status === 'REQUIRES_ACCEPTANCE' && (state.status === 'proposed' || state.status === 'accepted')) return state;
  const ticketId = ticket.TicketId;
  const startedAtMs = startedAtOf(ticket);
  switch (ticket.Status) {
    case 'QUEUED':
    case 'SEARCHING':
      return { status: 'searching', ticketId, startedAtMs, estimatedWaitMs: ticket.EstimatedWaitTime !== undefined ? ticket.EstimatedWaitTime * 1000 : undefined };
    case 'REQUIRES_ACCEPTANCE':
      return proposalOfTicket(state, ticket, proposal, context);
    case 'PLACING':
      return { status: 'connecting-to-game', ticketId, matchId: undefined, team: undefined, open: 0, expected: undefined };
    case 'COMPLETED': {
      const sessions = ticket.GameSessionConnectionInfo?.MatchedPlayerSessions;
      const connection = ticketConnectionOf(ticket);
      const hostPeer = connection?.gameHostPeerId;
      const expected = sessions === undefined ? undefined : hostPeer !== undefined && hostPeer === context.peerId ? sessions.length - 1 : 1;
      return { status: 'connecting-to-game', ticketId, matchId: connection?.matchId, team: ticket.Players[0]?.Team, open: 0, expected };
    }
    case 'FAILED':
      return failed(failureOfCode(ticket.StatusReason), ticket.StatusMessage ?? 'the ticket failed', ticket.StatusReason, ticketId);
    case 'TIMED_OUT':
      return failed('timed-out', ticket.StatusMessage ?? 'no match was found in time', ticket.StatusReason ?? 'TIMED_OUT', ticketId);
    case 'CANCELLED':
      if (ticket.StatusReason === NEWER_TICKET_REASON) return failed('replaced', ticket.StatusMessage ?? 'this player started a newer ticket', NEWER_TICKET_REASON, ticketId);
      return failed('cancelled', ticket.StatusMessage ?? 'the ticket was cancelled', ticket.StatusReason ?? 'CANCELLED', ticketId);
    default:
      return assertNever(ticket.Status, 'peermatch-lobby input');
  }
}

/**
 * A ticket awaiting acceptance: the proposal the lobby showed before an
 * interruption, else one rebuilt from the ticket (its own players) and the
 * remembered proposal (match id, countdown, this player's acceptance).
 */
function proposalOfTicket(state: LobbyState, ticket: MatchmakingTicket, proposal: RememberedProposal | undefined, context: LobbyContext): LobbyState {
  if (isInterrupted(state) && state.resume.status !== 'searching') return state.resume;
  const remembered = proposal?.ticketId === ticket.TicketId ? proposal : undefined;
  const accepted = remembered?.accepted === true;
  const players = ticket.Players.map((p) => ({
    playerId: p.PlayerId,
    ...(p.Team !== undefined ? { team: p.Team } : {}),
    ...(accepted && context.playerIds.includes(p.PlayerId) ? { accepted: true } : {}),
  }));
  return {
    status: accepted ? 'accepted' : 'proposed',
    ticketId: ticket.TicketId,
    matchId: remembered?.matchId ?? '',
    startedAtMs: startedAtOf(ticket),
    teams: teamsOf(players, context),
    deadlineMs: remembered?.deadlineMs,
    acceptanceTimeoutMs: remembered?.acceptanceTimeoutMs,
  };
}

/** The failure a FAILED ticket's `StatusReason` means. */
function failureOfCode(code: string | undefined): LobbyFailureReason {
  switch (code) {
    case 'REJECTED':
    case 'ACCEPTANCE_INCOMPLETE':
      return 'declined';
    case 'ACCEPTANCE_TIMED_OUT':
      return 'timed-out';
    default:
      return 'error';
  }
}

function fromClientEvent(state: LobbyState, event: PeermatchClientEvent, context: LobbyContext): LobbyState {
  switch (event.type) {
    case 'matchmaking-event':
      return fromMatchmakingEvent(state, event.event, context);
    case 'ticket-status':
      return fromTicket(state, event.ticket, event.proposal, context);
    case 'match-ready':
      if (!isActive(state)) return state;
      return {
        status: 'ready',
        match: event.match,
        team: event.team,
        role: event.role,
        connections: event.connections,
        ...(event.network ? { network: event.network } : {}),
        departed: [],
        interrupted: [],
      };
    case 'match-failed': {
      if (!isActive(state)) return state;
      const failure = failed('connection-failed', event.reason, 'HandoffFailed', ticketIdOf(state));
      return event.failure && failure.status === 'failed' ? { ...failure, failure: event.failure } : failure;
    }
    case 'player-connected':
      // After ready: a backfilled newcomer or a player back from a reload.
      if (state.status === 'ready') {
        return {
          ...state,
          connections: [...state.connections.filter((connection) => connection.peer !== event.connection.peer), event.connection],
          departed: without(state.departed, event.playerId),
          interrupted: without(state.interrupted, event.playerId),
        };
      }
      // The game host admitting players one by one: the progress of the hand-off.
      if (state.status !== 'connecting-to-game') return state;
      return { ...state, open: Math.min(state.open + 1, state.expected ?? Number.POSITIVE_INFINITY) };
    case 'player-disconnected':
      if (state.status !== 'ready') return state;
      return { ...state, departed: [...without(state.departed, event.playerId), event.playerId], interrupted: without(state.interrupted, event.playerId) };
    case 'connection-interrupted':
      if (state.status !== 'ready' || state.interrupted.includes(event.playerId)) return state;
      return { ...state, interrupted: [...state.interrupted, event.playerId] };
    case 'connection-resumed':
      if (state.status !== 'ready' || !state.interrupted.includes(event.playerId)) return state;
      return { ...state, interrupted: without(state.interrupted, event.playerId) };
    case 'game-host-changed':
      if (state.status !== 'ready') return state;
      return {
        ...state,
        match: event.match,
        role: event.self ? 'game-host' : 'player',
        connections: event.connections,
        newGameHost: { playerId: event.gameHostPlayerId, self: event.self },
        interrupted: [],
      };
    case 'nobody-left':
      if (state.status !== 'ready') return state;
      return { ...state, nobodyLeft: event.reason };
    case 'status':
      return fromRelayStatus(state, event, context);
    case 'replaced':
      return replacedState(state, event);
    case 'party':
      return fromPartyEvent(state, event, context);
    case 'peer-status':
    case 'game-session-update':
    case 'relay-error':
    case 'connection-refused':
    case 'seat-released':
    case 'game-host-claimed':
    case 'host-changed':
      return state;
    default:
      return assertNever(event, 'peermatch-lobby input');
  }
}

/**
 * The client stopped because this player plays in a newer tab or on another
 * device: whatever the lobby showed (a search, a hand-off, a ready match whose
 * connections the client just closed) ends `failed` / `replaced`.
 */
function replacedState(state: LobbyState, event: Extract<PeermatchClientEvent, { type: 'replaced' }>): LobbyState {
  if (state.status === 'idle' || (state.status === 'failed' && state.reason === 'replaced')) return state;
  return failed('replaced', event.message, event.where === 'tab' ? 'Replaced' : 'PlayingElsewhere', ticketIdOf(state));
}

function without(ids: readonly string[], id: string): readonly string[] {
  return ids.includes(id) ? ids.filter((other) => other !== id) : ids;
}

/** Whether a FlexMatch event concerns the state's ticket (any ticket while none is known yet). */
function concerns(state: LobbyState, event: MatchmakingEvent): boolean {
  if (!isActive(state)) return false;
  const ticketId = ticketIdOf(state);
  return ticketId === undefined || event.detail.tickets.some((ticket) => ticket.ticketId === ticketId);
}

function ownTicketId(state: LobbyState, event: MatchmakingEvent, context: LobbyContext): string {
  const known = ticketIdOf(state);
  if (known !== undefined) return known;
  const mine = event.detail.tickets.find((ticket) => ticket.players.some((player) => context.playerIds.includes(player.playerId)));
  return (mine ?? event.detail.tickets[0])?.ticketId ?? '';
}

function fromMatchmakingEvent(state: LobbyState, event: MatchmakingEvent, context: LobbyContext): LobbyState {
  if (!concerns(state, event)) return state;
  // An event of the ticket: the host is there; go on from what the lobby showed before the interruption.
  if (isInterrupted(state)) return fromMatchmakingEvent(state.resume, event, context);
  const detail = event.detail;
  const ticketId = ownTicketId(state, event, context);
  const own = detail.tickets.find((ticket) => ticket.ticketId === ticketId);
  const startedAtMs = own ? Date.parse(own.startTime) : 'startedAtMs' in state ? state.startedAtMs : context.nowMs;
  switch (detail.type) {
    case 'MatchmakingSearching': {
      const requeued = state.status === 'accepted' || state.status === 'proposed' ? requeueReason(state) : undefined;
      const estimatedWaitMs = detail.estimatedWaitMillis === 'NOT_AVAILABLE' ? undefined : detail.estimatedWaitMillis;
      return { status: 'searching', ticketId, startedAtMs, estimatedWaitMs, ...(requeued ? { requeued } : {}) };
    }
    case 'PotentialMatchCreated': {
      if (!detail.acceptanceRequired) return { status: 'connecting-to-game', ticketId, matchId: detail.matchId, team: teamOf(detail.gameSessionInfo.players, context), open: 0, expected: undefined };
      const acceptanceTimeoutMs = detail.acceptanceTimeout !== undefined ? detail.acceptanceTimeout * 1000 : undefined;
      const teams = teamsOf(detail.gameSessionInfo.players, context);
      return {
        status: 'proposed',
        ticketId,
        matchId: detail.matchId,
        startedAtMs,
        teams,
        deadlineMs: acceptanceTimeoutMs !== undefined ? context.nowMs + acceptanceTimeoutMs : undefined,
        acceptanceTimeoutMs,
      };
    }
    case 'AcceptMatch': {
      if (state.status !== 'proposed' && state.status !== 'accepted') return state;
      const answers = new Map(detail.tickets.flatMap((ticket) => ticket.players).map((player) => [player.playerId, player.accepted]));
      const teams = state.teams.map((team) => ({ ...team, players: team.players.map((player) => withAnswer(player, answers.get(player.playerId))) }));
      const selfAccepted = teams.every((team) => team.players.every((player) => !player.self || player.accepted === true));
      return { ...state, teams, status: selfAccepted ? 'accepted' : state.status };
    }
    case 'AcceptMatchCompleted':
      if (state.status === 'proposed' || state.status === 'accepted') return { ...state, status: 'accepted', completed: detail.acceptance };
      return state;
    case 'MatchmakingSucceeded': {
      const gameHost = connectionInfoOf(detail)?.gameHostPeerId;
      const players = detail.gameSessionInfo.players.length;
      const expected = context.peerId !== undefined && gameHost === context.peerId ? players - 1 : 1;
      return { status: 'connecting-to-game', ticketId, matchId: detail.matchId, team: teamOf(detail.gameSessionInfo.players, context), open: 0, expected };
    }
    case 'MatchmakingTimedOut':
      return failed('timed-out', detail.message, detail.reason, ticketId);
    case 'MatchmakingCancelled':
      if (isNewerTicketCancellation(detail.message)) return failed('replaced', detail.message, NEWER_TICKET_REASON, ticketId);
      return failed('cancelled', detail.message, detail.reason, ticketId);
    case 'MatchmakingFailed':
      return failed(failureOfCode(detail.reason), detail.message, detail.reason, ticketId);
    default:
      return assertNever(detail, 'peermatch-lobby input');
  }
}

function requeueReason(state: LobbyState & { status: 'proposed' | 'accepted' }): 'declined' | 'timed-out' {
  return state.status === 'accepted' && state.completed === 'TimedOut' ? 'timed-out' : 'declined';
}

function withAnswer(player: LobbyPlayer, accepted: boolean | undefined): LobbyPlayer {
  if (accepted === undefined) return player;
  return { ...player, accepted };
}

function teamOf(players: readonly EventPlayer[], context: LobbyContext): string | undefined {
  return players.find((player) => context.playerIds.includes(player.playerId))?.team;
}

/** Players grouped by team, in the order the event lists them. */
function teamsOf(players: readonly EventPlayer[], context: LobbyContext): LobbyTeam[] {
  const teams = new Map<string, LobbyPlayer[]>();
  for (const player of players) {
    const name = player.team ?? '';
    const list = teams.get(name) ?? [];
    const entry: LobbyPlayer = { playerId: player.playerId, self: context.playerIds.includes(player.playerId) };
    if (player.accepted !== undefined) entry.accepted = player.accepted;
    list.push(entry);
    teams.set(name, list);
  }
  return [...teams].map(([name, list]) => ({ name, players: list }));
}

