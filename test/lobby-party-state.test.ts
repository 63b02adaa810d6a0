/**
 * How a party's news moves the lobby element's state (lobby-party-state.ts,
 * through reduceLobby): a member's idle lobby follows the party's search, a
 * search that ended without a match goes back to the party, and a match in
 * progress is left alone.
 */
import { describe, expect, it } from 'vitest';
import type { PeermatchClientEvent } from '../src/client/peermatch-client.ts';
import { IDLE, reduceLobby, type LobbyContext, type LobbyState } from '../src/elements/lobby/lobby-state.ts';
import type { PartyView } from '../src/net/protocol.ts';

const T0 = Date.parse('2030-01-01T10:00:00.000Z');
const context: LobbyContext = { nowMs: T0, playerIds: ['bo'] };
const PARTY: PartyView = {
  PartyId: 'party-1',
  PartyCode: 'FMM8RQ',
  LeaderPlayerId: 'ana',
  Members: [
    { PlayerId: 'ana', Ready: true, Connected: true },
    { PlayerId: 'bo', Ready: true, Connected: true },
  ],
  MaxMembers: 3,
  Status: 'FORMING',
};

function partyEvent(party: PartyView | null, change?: { type: 'searching' | 'search-ended' | 'ready' | 'removed'; message: string }): { type: 'client'; event: PeermatchClientEvent } {
  return { type: 'client', event: { type: 'party', party, ...(change ? { change } : {}) } };
}

const searchingParty = partyEvent({ ...PARTY, Status: 'SEARCHING', TicketId: 't-party' }, { type: 'searching', message: 'ana started the search' });
const ended = partyEvent(PARTY, { type: 'search-ended', message: 'bo declined the match; the party is ready, not searching' });

describe('a party in the lobby state', () => {
  it("a member's idle lobby shows the search the leader started, on the party's ticket", () => {
    expect(reduceLobby(IDLE, searchingParty, context)).toEqual({ status: 'searching', ticketId: 't-party', startedAtMs: T0, estimatedWaitMs: undefined });
  });

  it('a lobby already searching or showing a proposal is not moved by the notice', () => {
    const proposed: LobbyState = { status: 'proposed', ticketId: 't-party', matchId: 'm1', startedAtMs: T0, teams: [], deadlineMs: undefined, acceptanceTimeoutMs: undefined };
    expect(reduceLobby(proposed, searchingParty, context)).toBe(proposed);
  });

  it('a search that ended without a match goes back to the party: idle, from searching or from the failure it showed', () => {
    const searching = reduceLobby(IDLE, searchingParty, context);
    expect(reduceLobby(searching, ended, context)).toEqual(IDLE);
    const failed: LobbyState = { status: 'failed', reason: 'declined', message: 'rejected', code: 'REJECTED', ticketId: 't-party' };
    expect(reduceLobby(failed, ended, context)).toEqual(IDLE);
  });

  it('a match being joined or played is left alone by the party news', () => {
    const joining: LobbyState = { status: 'connecting-to-game', ticketId: 't-party', matchId: 'm1', team: 'red', open: 0, expected: 1 };
    expect(reduceLobby(joining, partyEvent(PARTY, { type: 'search-ended', message: 'the party was matched' }), context)).toBe(joining);
  });

  it('other party news (a member ready) changes nothing, and a removed member searching goes back to idle', () => {
    const searching = reduceLobby(IDLE, searchingParty, context);
    expect(reduceLobby(searching, partyEvent(PARTY, { type: 'ready', message: 'ana is ready' }), context)).toBe(searching);
    expect(reduceLobby(searching, partyEvent(null, { type: 'removed', message: 'ana removed bo from the party' }), context)).toEqual(IDLE);
  });
});
