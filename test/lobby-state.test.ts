import { describe, expect, it } from 'vitest';
import type { GameConnection } from '../src/client/game-connection.ts';
import type { PeermatchClientEvent } from '../src/client/peermatch-client.ts';
import type { EventPlayer } from '../src/core/matchmaker/events.ts';
import type { MatchmakingTicket } from '../src/core/matchmaker/types.ts';
import type { ConnectionInfo } from '../src/net/connection-info.ts';
import { IDLE, reduceLobby, type LobbyContext, type LobbyInput, type LobbyState } from '../src/elements/lobby/lobby-state.ts';
import { matchEventOf, noticesHostChange } from '../src/elements/lobby/lobby-match-events.ts';
import { formatDuration, formatString } from '../src/elements/lobby/lobby-strings.ts';
import { median } from '../src/elements/lobby/measure-latency.ts';
import { flexInput, type LooseDetail } from './support/lobby-events.ts';

const T0 = Date.parse('2025-01-01T10:00:00.000Z');
const ME = { playerId: 'ana', peerId: 'peer-ana' };

function context(nowMs = T0, peerId: string | undefined = ME.peerId): LobbyContext {
  return { nowMs, playerIds: [ME.playerId], ...(peerId ? { peerId } : {}) };
}

const flex = (detail: LooseDetail): LobbyInput => flexInput(detail, T0);

const tickets = (players: Array<EventPlayer & { ticketId: string }>) =>
  players.map(({ ticketId, ...player }) => ({ ticketId, startTime: new Date(T0).toISOString(), players: [player] }));

const DUEL: Array<EventPlayer & { ticketId: string }> = [
  { ticketId: 't-ana', playerId: 'ana', team: 'red' },
  { ticketId: 't-bo', playerId: 'bo', team: 'blue' },
];

const searching = (estimatedWaitMillis: number | 'NOT_AVAILABLE' = 30_000) =>
  flex({ type: 'MatchmakingSearching', tickets: tickets([DUEL[0]!]), estimatedWaitMillis });
const proposed = (acceptanceTimeout?: number) =>
  flex({
    type: 'PotentialMatchCreated',
    matchId: 'm1',
    acceptanceRequired: acceptanceTimeout !== undefined,
    ...(acceptanceTimeout !== undefined ? { acceptanceTimeout } : {}),
    tickets: tickets(DUEL),
    gameSessionInfo: { players: DUEL.map(({ ticketId: _t, ...p }) => p) },
    ruleEvaluationMetrics: [],
  });
const answers = (accepted: Record<string, boolean>) =>
  flex({ type: 'AcceptMatch', matchId: 'm1', tickets: tickets(DUEL.map((p) => ({ ...p, ...(p.playerId in accepted ? { accepted: accepted[p.playerId] } : {}) }))) });
const completed = (acceptance: 'Accepted' | 'Rejected' | 'TimedOut') => flex({ type: 'AcceptMatchCompleted', matchId: 'm1', acceptance, tickets: tickets(DUEL) });
const failedEvent = (reason: string) =>
  flex({ type: 'MatchmakingFailed', reason, message: `ticket failed: ${reason}`, tickets: tickets([DUEL[0]!]), ruleEvaluationMetrics: [] });

function run(inputs: LobbyInput[], ctx: LobbyContext = context(), from: LobbyState = IDLE): LobbyState {
  return inputs.reduce((state, input) => reduceLobby(state, input, ctx), from);
}

function ticket(status: MatchmakingTicket['Status'], extra: Partial<MatchmakingTicket> = {}): MatchmakingTicket {
  return {
    TicketId: 't-ana',
    ConfigurationName: 'duel',
    ConfigurationArn: 'arn',
    Status: status,
    StartTime: new Date(T0 - 42_000),
    Players: [{ PlayerId: 'ana' }],
    ...extra,
  };
}

const client = (event: PeermatchClientEvent): LobbyInput => ({ type: 'client', event });

describe('the lobby state', () => {
  it('pressing Find a match connects, and the started ticket searches with its start time and no estimate yet', () => {
    const state = run([{ type: 'start' }, { type: 'ticket', ticket: ticket('QUEUED') }]);
    expect(state).toEqual({ status: 'searching', ticketId: 't-ana', startedAtMs: T0 - 42_000, estimatedWaitMs: undefined });
  });

  it('MatchmakingSearching carries the estimated wait, and NOT_AVAILABLE means no estimate', () => {
    expect(run([{ type: 'start' }, searching(30_000)])).toMatchObject({ status: 'searching', ticketId: 't-ana', estimatedWaitMs: 30_000 });
    expect(run([{ type: 'start' }, searching('NOT_AVAILABLE')])).toMatchObject({ status: 'searching', estimatedWaitMs: undefined });
  });

  it('a late startMatchmaking answer does not undo a proposal the events already showed', () => {
    const state = run([{ type: 'start' }, searching(), proposed(20), { type: 'ticket', ticket: ticket('SEARCHING') }]);
    expect(state.status).toBe('proposed');
  });

  it('a proposal with acceptance lists the teams, marks this player and sets the deadline from the acceptance timeout', () => {
    const state = run([{ type: 'start' }, searching(), proposed(20)], context(T0 + 5000));
    expect(state).toEqual({
      status: 'proposed',
      ticketId: 't-ana',
      matchId: 'm1',
      startedAtMs: T0,
      teams: [
        { name: 'red', players: [{ playerId: 'ana', self: true }] },
        { name: 'blue', players: [{ playerId: 'bo', self: false }] },
      ],
      deadlineMs: T0 + 5000 + 20_000,
      acceptanceTimeoutMs: 20_000,
    });
  });

  it('accepting waits for the others, and AcceptMatch marks who answered', () => {
    const state = run([{ type: 'start' }, searching(), proposed(20), { type: 'accepting' }, answers({ ana: true })]);
    expect(state.status).toBe('accepted');
    expect(state.status === 'accepted' && state.teams.flatMap((t) => t.players).map((p) => p.accepted)).toEqual([true, undefined]);
  });

  it('another player declining after this one accepted puts this player back to searching, saying a player declined', () => {
    const state = run([{ type: 'start' }, searching(), proposed(20), { type: 'accepting' }, answers({ ana: true, bo: false }), completed('Rejected'), searching()]);
    expect(state).toMatchObject({ status: 'searching', ticketId: 't-ana', requeued: 'declined', startedAtMs: T0 });
  });

  it('another player letting the countdown run out after this one accepted searches again, saying so', () => {
    const state = run([{ type: 'start' }, searching(), proposed(20), { type: 'accepting' }, completed('TimedOut'), searching()]);
    expect(state).toMatchObject({ status: 'searching', requeued: 'timed-out' });
  });

  it('declining ends this ticket as declined by this player', () => {
    const state = run([{ type: 'start' }, searching(), proposed(20), answers({ ana: false }), completed('Rejected'), failedEvent('REJECTED')]);
    expect(state).toMatchObject({ status: 'failed', reason: 'declined', code: 'REJECTED', ticketId: 't-ana' });
  });

  it('someone declining before this player answered ends the ticket as declined by another player', () => {
    const state = run([{ type: 'start' }, searching(), proposed(20), completed('Rejected'), failedEvent('ACCEPTANCE_INCOMPLETE')]);
    expect(state).toMatchObject({ status: 'failed', reason: 'declined', code: 'ACCEPTANCE_INCOMPLETE' });
  });

  it('the countdown running out without an answer is timed-out', () => {
    const state = run([{ type: 'start' }, searching(), proposed(2), completed('TimedOut'), failedEvent('ACCEPTANCE_TIMED_OUT')]);
    expect(state).toMatchObject({ status: 'failed', reason: 'timed-out', code: 'ACCEPTANCE_TIMED_OUT' });
  });

  it('a search that reaches the request timeout is timed-out, a stopped one cancelled, a failed placement an error', () => {
    const timedOut = flex({ type: 'MatchmakingTimedOut', reason: 'TimedOut', message: 'no match', tickets: tickets([DUEL[0]!]), ruleEvaluationMetrics: [] });
    const cancelled = flex({ type: 'MatchmakingCancelled', reason: 'Cancelled', message: 'stopped', tickets: tickets([DUEL[0]!]), ruleEvaluationMetrics: [] });
    expect(run([{ type: 'start' }, searching(), timedOut])).toMatchObject({ status: 'failed', reason: 'timed-out' });
    expect(run([{ type: 'start' }, searching(), cancelled])).toMatchObject({ status: 'failed', reason: 'cancelled', message: 'stopped' });
    expect(run([{ type: 'start' }, searching(), failedEvent('PLACEMENT_FAILED')])).toMatchObject({ status: 'failed', reason: 'error' });
  });

  it('events of another ticket are ignored', () => {
    const other = flex({ type: 'MatchmakingSearching', tickets: tickets([{ ticketId: 't-old', playerId: 'ana' }]), estimatedWaitMillis: 1 });
    const state = run([{ type: 'start' }, searching(5000), other]);
    expect(state).toMatchObject({ ticketId: 't-ana', estimatedWaitMs: 5000 });
  });

  it('a match without acceptance goes straight to connecting to the game', () => {
    expect(run([{ type: 'start' }, searching(), proposed()])).toMatchObject({ status: 'connecting-to-game', matchId: 'm1', team: 'red', expected: undefined });
  });

  it('the game host of a placed match expects every other player, and counts them as they connect', () => {
    const succeeded = flex({
      type: 'MatchmakingSucceeded',
      matchId: 'm1',
      tickets: tickets(DUEL),
      gameSessionInfo: {
        gameSessionArn: 'arn:aws:gamelift:us-east-1::gamesession/peermatch/s1',
        players: ['ana', 'bo', 'cy'].map((id, i) => ({ playerId: id, team: i === 0 ? 'red' : 'blue', playerSessionId: `psess-${id}`, peerId: `peer-${id}` })),
        gameHostPeerId: 'peer-ana',
        gameHostPlayerId: 'ana',
        matchId: 'm1',
        successorPlayerIds: ['bo', 'cy'],
      },
    });
    const match = { matchId: 'm1' } as ConnectionInfo;
    const connected = client({ type: 'player-connected', match, playerId: 'bo', connection: {} as never });
    expect(run([{ type: 'start' }, searching(), succeeded, connected])).toMatchObject({ status: 'connecting-to-game', team: 'red', open: 1, expected: 2 });
    expect(run([{ type: 'start' }, searching(), succeeded], context(T0, 'peer-other'))).toMatchObject({ expected: 1 });
  });

  it('match-ready is ready with the match, team and connections; match-failed is a connection failure', () => {
    const match = { matchId: 'm1' } as ConnectionInfo;
    const ready = run([{ type: 'start' }, searching(), client({ type: 'match-ready', match, role: 'player', team: 'blue', connections: [] })]);
    expect(ready).toEqual({ status: 'ready', match, role: 'player', team: 'blue', connections: [], departed: [], interrupted: [] });
    const failed = run([{ type: 'start' }, searching(), client({ type: 'match-failed', match, reason: 'no answer from the game host' })]);
    expect(failed).toMatchObject({ status: 'failed', reason: 'connection-failed', message: 'no answer from the game host' });
  });

  it('after ready, the state lists who left and whose connection is silent, and a player who comes back is taken off both', () => {
    const match = { matchId: 'm1', gameHostPlayerId: 'ana' } as ConnectionInfo;
    const toBo = { peer: 'peer-bo', open: true } as GameConnection;
    const toBoAgain = { peer: 'peer-bo', open: true } as GameConnection;
    const ready = client({ type: 'match-ready', match, role: 'game-host', team: 'red', connections: [toBo] });
    const silent = client({ type: 'connection-interrupted', match, playerId: 'bo' });
    const left = client({ type: 'player-disconnected', match, playerId: 'bo', reason: 'silent' });
    const back = client({ type: 'player-connected', match, playerId: 'bo', connection: toBoAgain });
    const start = [{ type: 'start' } as LobbyInput, searching(), ready];

    expect(run([...start, silent])).toMatchObject({ status: 'ready', departed: [], interrupted: ['bo'] });
    expect(run([...start, silent, left])).toMatchObject({ status: 'ready', departed: ['bo'], interrupted: [] });
    expect(run([...start, silent, left, back])).toMatchObject({ status: 'ready', departed: [], interrupted: [], connections: [toBoAgain] });
  });

  it('the lobby fires peermatch-player-left for a departure, with whether it was the game host, and peermatch-player-joined only after ready', () => {
    const match = { matchId: 'm1', gameHostPlayerId: 'ana' } as ConnectionInfo;
    const connection = { peer: 'peer-cy' } as GameConnection;

    expect(matchEventOf({ type: 'player-disconnected', match, playerId: 'ana', reason: 'closed' }, true)).toEqual({
      type: 'peermatch-player-left',
      detail: { playerId: 'ana', gameHost: true, reason: 'closed' },
    });
    expect(matchEventOf({ type: 'player-disconnected', match, playerId: 'bo', reason: 'silent' }, true)?.detail).toEqual({ playerId: 'bo', gameHost: false, reason: 'silent' });
    expect(matchEventOf({ type: 'connection-interrupted', match, playerId: 'bo' }, true)).toEqual({ type: 'peermatch-connection-interrupted', detail: { playerId: 'bo', gameHost: false } });
    expect(matchEventOf({ type: 'player-connected', match, playerId: 'cy', connection }, false)).toBeUndefined();
    expect(matchEventOf({ type: 'player-connected', match, playerId: 'cy', connection }, true)).toEqual({ type: 'peermatch-player-joined', detail: { playerId: 'cy', connection } });
  });

  it('after the game host left, the ready state takes the new game host, its role and connections, and says when nobody is left', () => {
    const match = { matchId: 'm1', gameHostPlayerId: 'ana' } as ConnectionInfo;
    const moved = { matchId: 'm1', gameHostPlayerId: 'bo' } as ConnectionInfo;
    const toBo = { peer: 'peer-bo', open: true } as GameConnection;
    const start = [{ type: 'start' } as LobbyInput, searching(), client({ type: 'match-ready', match, role: 'player', team: 'red', connections: [] })];
    const left = client({ type: 'player-disconnected', match, playerId: 'ana', reason: 'silent' });
    const changed = client({ type: 'game-host-changed', match: moved, gameHostPlayerId: 'bo', self: false, connections: [toBo], gone: ['ana'] });

    expect(run([...start, left, changed])).toMatchObject({ status: 'ready', match: moved, role: 'player', connections: [toBo], departed: ['ana'], newGameHost: { playerId: 'bo', self: false } });
    const hosting = client({ type: 'game-host-changed', match: moved, gameHostPlayerId: 'bo', self: true, connections: [toBo], gone: ['ana'] });
    expect(run([...start, left, hosting])).toMatchObject({ role: 'game-host', newGameHost: { playerId: 'bo', self: true } });
    const alone = client({ type: 'nobody-left', match, reason: 'no successor of game host "ana" is left' });
    expect(run([...start, left, alone])).toMatchObject({ status: 'ready', nobodyLeft: 'no successor of game host "ana" is left' });
    expect(run([{ type: 'start' }, searching(), changed])).toMatchObject({ status: 'searching' });
  });

  it('the lobby fires peermatch-game-host-changed with the connections to use and the role, and peermatch-nobody-left', () => {
    const moved = { matchId: 'm1', gameHostPlayerId: 'bo' } as ConnectionInfo;
    const toCy = { peer: 'peer-cy' } as GameConnection;

    expect(matchEventOf({ type: 'game-host-changed', match: moved, gameHostPlayerId: 'bo', self: true, connections: [toCy], gone: ['ana'] }, true)).toEqual({
      type: 'peermatch-game-host-changed',
      detail: { match: moved, gameHostPlayerId: 'bo', self: true, role: 'game-host', connections: [toCy], gone: ['ana'] },
    });
    expect(matchEventOf({ type: 'nobody-left', match: moved, reason: 'no other player of the match is left' }, true)).toEqual({
      type: 'peermatch-nobody-left',
      detail: { match: moved, reason: 'no other player of the match is left' },
    });
  });

  it('match-ready keeps how each connection connected; match-failed keeps which step failed', () => {
    const match = { matchId: 'm1' } as ConnectionInfo;
    const network = [{ peerId: 'peer-host', path: 'relayed' as const, description: 'relayed by a TURN server', localCandidateType: 'relay', remoteCandidateType: 'prflx', roundTripTimeMs: 8, iceRestarts: 0 }];
    const ready = run([{ type: 'start' }, searching(), client({ type: 'match-ready', match, role: 'player', team: 'blue', connections: [], network })]);
    expect(ready).toMatchObject({ status: 'ready', network });
    const failure = { step: 'turn-unreachable' as const, reason: 'no TURN relay was reachable (turn:10.0.0.1:3478: no answer)' };
    const failed = run([{ type: 'start' }, searching(), client({ type: 'match-failed', match, reason: 'no open DataConnection', failure })]);
    expect(failed).toMatchObject({ status: 'failed', reason: 'connection-failed', message: 'no open DataConnection', failure });
  });

  it('a reloaded page resumes its searching ticket from ticket-status, with the original start time', () => {
    const state = run([{ type: 'start' }, client({ type: 'ticket-status', ticket: ticket('SEARCHING', { EstimatedWaitTime: 12 }) })]);
    expect(state).toEqual({ status: 'searching', ticketId: 't-ana', startedAtMs: T0 - 42_000, estimatedWaitMs: 12_000 });
  });

  it('a reloaded page resumes a proposal awaiting its answer, a placing match and a completed hand-off', () => {
    const requiring = ticket('REQUIRES_ACCEPTANCE', { Players: [{ PlayerId: 'ana', Team: 'red' }] });
    expect(run([{ type: 'start' }, client({ type: 'ticket-status', ticket: requiring })])).toMatchObject({
      status: 'proposed',
      teams: [{ name: 'red', players: [{ playerId: 'ana', self: true }] }],
      deadlineMs: undefined,
    });
    expect(run([{ type: 'start' }, client({ type: 'ticket-status', ticket: ticket('PLACING') })]).status).toBe('connecting-to-game');
    const done = ticket('COMPLETED', { GameSessionConnectionInfo: {
        GameSessionArn: 'arn:aws:gamelift:us-east-1::gamesession/peermatch/s1',
        MatchedPlayerSessions: [{ PlayerId: 'ana', PlayerSessionId: 'psess-ana' }, { PlayerId: 'bo', PlayerSessionId: 'psess-bo' }],
        GameHostPeerId: 'peer-bo',
        GameHostPlayerId: 'bo',
        MatchId: 'm1',
        SuccessorPlayerIds: ['ana'],
      } });
    expect(run([{ type: 'start' }, client({ type: 'ticket-status', ticket: done })])).toMatchObject({ status: 'connecting-to-game', matchId: 'm1', expected: 1 });
  });

  it('a relay closed under a search is a connection failure, one closed while connecting waits for connect to say why, and a failure keeps the ticket id', () => {
    const closed = run([{ type: 'start' }, searching(), client({ type: 'status', status: 'closed', hostAvailable: false, reason: 'REPLACED' })]);
    expect(closed).toMatchObject({ status: 'failed', reason: 'connection-failed', message: 'REPLACED', ticketId: 't-ana' });
    const whileConnecting = run([{ type: 'start' }, client({ type: 'status', status: 'closed', hostAvailable: false, reason: 'closed by the client' })]);
    expect(whileConnecting).toEqual({ status: 'connecting' });
    const hostAway = run([{ type: 'start' }, { type: 'failure', reason: 'host-unavailable', message: 'no host', code: 'HostUnavailable' }]);
    expect(hostAway).toEqual({ status: 'failed', reason: 'host-unavailable', message: 'no host', code: 'HostUnavailable' });
  });

  it('Retry after a failure connects again, and Find a match while searching changes nothing', () => {
    const failed = run([{ type: 'start' }, searching(), failedEvent('REJECTED')]);
    expect(reduceLobby(failed, { type: 'start' }, context())).toEqual({ status: 'connecting' });
    const searchingState = run([{ type: 'start' }, searching()]);
    expect(reduceLobby(searchingState, { type: 'start' }, context())).toBe(searchingState);
  });

  it('late events after a failure change nothing', () => {
    const failed = run([{ type: 'start' }, searching(), failedEvent('REJECTED')]);
    expect(reduceLobby(failed, searching(), context())).toBe(failed);
  });
});

describe('a lobby host that changed (a standby took over)', () => {
  it('fires peermatch-host-changed and leaves the search as it was', () => {
    const event: PeermatchClientEvent = { type: 'host-changed', term: 3, waitedMs: 200 };
    expect(matchEventOf(event, false)).toEqual({ type: 'peermatch-host-changed', detail: { term: 3, waitedMs: 200 } });
    const searchingState = run([{ type: 'start' }, searching()]);
    expect(searchingState.status).toBe('searching');
    expect(reduceLobby(searchingState, { type: 'client', event }, context())).toBe(searchingState);
  });

  it('is shown only after a pause a player could notice (1 s)', () => {
    expect(noticesHostChange({ type: 'host-changed', term: 2, waitedMs: 999 })).toBe(false);
    expect(noticesHostChange({ type: 'host-changed', term: 2, waitedMs: 1000 })).toBe(true);
    expect(noticesHostChange({ type: 'status', status: 'open', hostAvailable: true })).toBe(false);
  });
});

describe('the lobby strings and numbers', () => {
  it('durations read as m:ss, and h:mm:ss from an hour', () => {
    expect([formatDuration(0), formatDuration(9_999), formatDuration(83_000), formatDuration(3_723_000), formatDuration(-5)]).toEqual(['0:00', '0:09', '1:23', '1:02:03', '0:00']);
  });

  it('placeholders are filled by name and unknown ones stay', () => {
    expect(formatString('{open} of {expected} ({x})', { open: 1, expected: 3 })).toBe('1 of 3 ({x})');
  });

  it('the measured latency is the median of the samples', () => {
    expect([median([]), median([30, 10, 20]), median([40, 10, 20, 30])]).toEqual([undefined, 20, 25]);
  });
});
