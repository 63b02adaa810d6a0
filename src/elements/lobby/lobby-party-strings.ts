/**
 * The words of `<peermatch-lobby>`'s party views (lobby-party-view.ts), in
 * English; part of the lobby's `strings` (a game translates them the same
 * way). `{name}` placeholders are filled by `formatString`.
 */

/** The party views' strings; see `DEFAULT_PARTY_STRINGS`. */
export interface PartyStrings {
  partyHeading: string;
  partyIntro: string;
  createParty: string;
  partyCodeLabel: string;
  joinParty: string;
  /** `{code}`: the party's code. */
  partyCode: string;
  partyLinkLabel: string;
  copyPartyLink: string;
  partyLinkCopied: string;
  /** `{count}` members of at most `{max}`. */
  partyMembers: string;
  partyLeader: string;
  partyReady: string;
  partyNotReady: string;
  partyAway: string;
  markReady: string;
  markNotReady: string;
  leaveParty: string;
  /** The accessible name of a member's Remove button; `{player}`: the member. */
  removeMember: string;
  /** The accessible name of a member's Make leader button; `{player}`: the member. */
  makeLeader: string;
  /** The visible label of those buttons (beside the member's name). */
  removeMemberShort: string;
  makeLeaderShort: string;
  partyFindMatch: string;
  /** `{players}`: who is not ready yet. */
  partyWaitingFor: string;
  partyWaitingForLeader: string;
  /** `{code}`: the party's code. */
  partyJoined: string;
  partyLeft: string;
}

/** The English party strings. */
export const DEFAULT_PARTY_STRINGS: PartyStrings = {
  partyHeading: 'Party',
  partyIntro: 'Play with friends: create a party and share its code or link, or join one.',
  createParty: 'Create a party',
  partyCodeLabel: 'Party code',
  joinParty: 'Join',
  partyCode: 'Party code {code}',
  partyLinkLabel: 'Party link',
  copyPartyLink: 'Copy link',
  partyLinkCopied: 'Link copied.',
  partyMembers: '{count} of {max} members',
  partyLeader: 'leader',
  partyReady: 'ready',
  partyNotReady: 'not ready',
  partyAway: 'away',
  markReady: 'Ready',
  markNotReady: 'Not ready',
  leaveParty: 'Leave party',
  removeMember: 'Remove {player}',
  makeLeader: 'Make {player} leader',
  removeMemberShort: 'Remove',
  makeLeaderShort: 'Make leader',
  partyFindMatch: 'Find a match for the party',
  partyWaitingFor: 'Waiting for {players} to be ready.',
  partyWaitingForLeader: 'The leader starts the search once everyone is ready.',
  partyJoined: 'You are in party {code}.',
  partyLeft: 'You are not in a party.',
};
