/**
 * How a party's news moves the lobby's state (lobby-state.ts calls it for the
 * client's `party` events). Pure, like the reducer:
 * - a member's lobby that is idle (or showing an old failure) follows the
 *   party's search when the leader queued it: `searching` on the party's ticket,
 *   whose FlexMatch events then move it on like a ticket of its own;
 * - a search that ended without a match (someone declined, left, dropped,
 *   or stopped it) takes the lobby back to `idle`: the party is "ready, not
 *   searching" and the party view says who and why.
 */
import type { PeermatchClientEvent } from '../../client/peermatch-client.ts';
import type { LobbyContext, LobbyState } from './lobby-state-types.ts';

type PartyEvent = Extract<PeermatchClientEvent, { type: 'party' }>;

/** The next state after a party event (see the file comment). */
export function fromPartyEvent(state: LobbyState, event: PartyEvent, context: LobbyContext): LobbyState {
  const party = event.party;
  if (party?.Status === 'SEARCHING' && party.TicketId !== undefined) {
    if (state.status !== 'idle' && state.status !== 'failed') return state;
    return { status: 'searching', ticketId: party.TicketId, startedAtMs: context.nowMs, estimatedWaitMs: undefined };
  }
  if (event.change?.type !== 'search-ended' && party !== null) return state;
  // The party's search is over without a match: back to the party, which says why.
  switch (state.status) {
    case 'searching':
    case 'proposed':
    case 'accepted':
    case 'failed':
    case 'connecting':
      return event.change?.type === 'search-ended' || party === null ? { status: 'idle' } : state;
    default:
      return state;
  }
}
