/**
 * The lobby's side of "one player, one seat": the client's `replaced` event,
 * the relay closing because another tab took over, and a ticket cancelled
 * by a newer one, all end in `failed` / `replaced` with plain words; nothing
 * later overwrites it. Pure: the reducer, the failure mapping, the words and
 * the DOM event.
 */
import { describe, expect, it } from 'vitest';
import type { PeermatchClientEvent } from '../src/client/peermatch-client.ts';
import type { MatchmakingTicket } from '../src/core/matchmaker/types.ts';
import { failureOf } from '../src/elements/lobby/lobby-failures.ts';
import { matchEventOf } from '../src/elements/lobby/lobby-match-events.ts';
import { IDLE, reduceLobby, type LobbyContext, type LobbyInput, type LobbyState } from '../src/elements/lobby/lobby-state.ts';
import { DEFAULT_LOBBY_STRINGS } from '../src/elements/lobby/lobby-strings.ts';
import { announcementOf } from '../src/elements/lobby/lobby-views.ts';
import { flexInput } from './support/lobby-events.ts';

const T0 = Date.parse('2025-01-01T10:00:00.000Z');
const CONTEXT: LobbyContext = { nowMs: T0, playerIds: ['twin'], peerId: 'peer-twin' };
const SEARCHING: LobbyState = { status: 'searching', ticketId: 't-twin', startedAtMs: T0, estimatedWaitMs: undefined };

const client = (event: PeermatchClientEvent): LobbyInput => ({ type: 'client', event });
const replaced = (where: 'tab' | 'device'): LobbyInput => client({ type: 'replaced', where, message: `playing in another ${where}` });

function run(from: LobbyState, ...inputs: LobbyInput[]): LobbyState {
  return inputs.reduce((state, input) => reduceLobby(state, input, CONTEXT), from);
}

const cancelled = (message: string) =>
  flexInput({ type: 'MatchmakingCancelled', reason: 'Cancelled', message, tickets: [{ ticketId: 't-twin', startTime: new Date(T0).toISOString(), players: [{ playerId: 'twin' }] }] }, T0);

describe('the lobby when this player plays somewhere newer', () => {
  it('a search replaced by another tab fails "replaced" with code Replaced, keeping the ticket id, and says so in plain words', () => {
    const state = run(SEARCHING, replaced('tab'));

    expect(state).toMatchObject({ status: 'failed', reason: 'replaced', code: 'Replaced', ticketId: 't-twin' });
    expect(announcementOf(state, DEFAULT_LOBBY_STRINGS)).toBe('You are playing this lobby in another tab or window.');
  });

  it('a lobby refused the seat another device holds fails "replaced" with code PlayingElsewhere and says another device', () => {
    const state = run({ status: 'connecting' }, replaced('device'));

    expect(state).toMatchObject({ status: 'failed', reason: 'replaced', code: 'PlayingElsewhere' });
    expect(announcementOf(state, DEFAULT_LOBBY_STRINGS)).toBe('You are playing this lobby on another device or in another browser.');
  });

  it('a ready match whose client was replaced ends "replaced" too (its connections were closed)', () => {
    const ready: LobbyState = {
      status: 'ready',
      match: { matchId: 'm1', gameSessionArn: 'arn', gameHostPeerId: 'peer-twin', gameHostPlayerId: 'twin', players: [], successorPlayerIds: [] },
      team: 'red',
      role: 'game-host',
      connections: [],
      departed: [],
      interrupted: [],
    };

    expect(run(ready, replaced('tab'))).toMatchObject({ status: 'failed', reason: 'replaced' });
  });

  it('an idle lobby stays idle', () => {
    expect(run(IDLE, replaced('tab'))).toBe(IDLE);
  });

  it('the relay closing with "replaced" is left to the replaced event, not shown as a connection failure', () => {
    const closed = client({ type: 'status', status: 'closed', hostAvailable: true, reason: 'replaced: client c1 connected again from another socket' });

    expect(run(SEARCHING, closed)).toBe(SEARCHING);
    expect(run(SEARCHING, closed, replaced('tab'))).toMatchObject({ status: 'failed', reason: 'replaced', code: 'Replaced' });
  });

  it('a call failing after the replacement does not overwrite why the lobby stopped', () => {
    const state = run(SEARCHING, replaced('tab'), { type: 'failure', reason: 'connection-failed', message: 'closed', code: 'ClientClosed' });

    expect(state).toMatchObject({ reason: 'replaced', code: 'Replaced' });
  });

  it('a ticket cancelled because the player started a newer one fails "replaced"; one stopped by request stays "cancelled"', () => {
    const newer = run(SEARCHING, cancelled('Cancelled: player "twin" started a newer matchmaking request (ticket "t-2").'));
    const stopped = run(SEARCHING, cancelled('Cancelled by request.'));

    expect(newer).toMatchObject({ status: 'failed', reason: 'replaced', code: 'PLAYER_IN_NEWER_TICKET' });
    expect(announcementOf(newer, DEFAULT_LOBBY_STRINGS)).toBe('You are playing this lobby on another device or in another browser.');
    expect(stopped).toMatchObject({ status: 'failed', reason: 'cancelled' });
  });

  it('a reloaded lobby that finds its ticket CANCELLED by a newer one shows "replaced"', () => {
    const ticket = {
      TicketId: 't-twin',
      ConfigurationName: 'duel',
      Status: 'CANCELLED',
      StatusReason: 'PLAYER_IN_NEWER_TICKET',
      StatusMessage: 'Cancelled: player "twin" started a newer matchmaking request (ticket "t-2").',
      StartTime: new Date(T0),
      Players: [{ PlayerId: 'twin' }],
    } as MatchmakingTicket;

    expect(run({ status: 'connecting' }, { type: 'ticket', ticket })).toMatchObject({ status: 'failed', reason: 'replaced', code: 'PLAYER_IN_NEWER_TICKET' });
  });

  it.each(['connect', 'request', 'accept'] as const)('a %s rejected as Replaced is the "replaced" failure', (call) => {
    const error = Object.assign(new Error('another connection took over client c1'), { name: 'Replaced' });

    expect(failureOf(call, error)).toEqual({ reason: 'replaced', message: error.message, code: 'Replaced' });
  });

  it('the client event becomes the peermatch-replaced DOM event, whatever the lobby shows', () => {
    const event: PeermatchClientEvent = { type: 'replaced', where: 'tab', message: 'another tab took over' };

    expect(matchEventOf(event, false)).toEqual({ type: 'peermatch-replaced', detail: { where: 'tab', message: 'another tab took over' } });
    expect(matchEventOf(event, true)?.type).toBe('peermatch-replaced');
  });
});
