/**
 * Parties on the relay wire: the shapes of the party operations a client asks
 * the lobby host for (`createParty`, `joinParty`, ...), the party as members
 * see it (`PartyView`), and the `party` notice the host sends every member
 * when the party changes, with its guard. protocol.ts declares the ops in
 * `ClientOps` and runs `parsePartyNotice` on every event of kind `party`.
 *
 * A party is friends on their own devices who queue as one FlexMatch ticket:
 * each member sends its own player data (attributes, latencies, PeerJS id),
 * marks itself ready, and accepts for itself; only the leader queues.
 * Isomorphic: no Node or DOM APIs.
 */
import type { AttributeValue, StartMatchmakingOutput } from '../core/matchmaker/types.ts';
import { formatValue } from '../core/format-value.ts';

/** The most members a party holds (FlexMatch's limit of players per ticket); the lobby's largest team may lower it. */
export const MAX_PARTY_MEMBERS = 10;
/** The characters of a party code: no 0/O, 1/I/L, so that it reads out loud and types without mistakes. */
export const PARTY_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
/** Characters in a party code. */
export const PARTY_CODE_LENGTH = 6;
/** A party code as typed: the alphabet above, any case (codes are compared upper-cased). */
export const PARTY_CODE_PATTERN = new RegExp(`^[${PARTY_CODE_ALPHABET}]{${PARTY_CODE_LENGTH}}$`, 'i');
/** The query parameter of a party link (`?party=CODE`), read by the lobby element. */
export const PARTY_QUERY_PARAMETER = 'party';

/** A member's own player data, sent from its own device (the leader never writes it). */
export interface PartyPlayerData {
  PlayerAttributes?: Record<string, AttributeValue>;
  LatencyInMs?: Record<string, number>;
  /** The member's PeerJS id (its client fills it): the match is handed to this peer. */
  PeerId?: string;
}

/** One member as every member sees it (no attributes: those stay between the member and the host). */
export interface PartyMemberView {
  PlayerId: string;
  Ready: boolean;
  /** Whether the member's client is connected to the relay now. */
  Connected: boolean;
}

/** A party as its members see it. */
export interface PartyView {
  PartyId: string;
  /** The short code friends join with (`joinParty`), also in the party link's `?party=` query. */
  PartyCode: string;
  LeaderPlayerId: string;
  Members: PartyMemberView[];
  /** The most members this party may have in this lobby (10, or fewer when the largest team is smaller). */
  MaxMembers: number;
  /** `SEARCHING` while the party's ticket is active (searching, or awaiting acceptance); else `FORMING`. */
  Status: 'FORMING' | 'SEARCHING';
  /** The party's matchmaking ticket while `SEARCHING`. */
  TicketId?: string;
}

/** What a party operation answers: the party after it. */
export interface PartyOutput {
  Party: PartyView;
}

/** The party operations, in `ClientOps` form (protocol.ts includes them). */
export interface PartyOps {
  /** Creates a party with the caller's player as leader and only member. */
  createParty: { input: { PlayerId: string; Player?: PartyPlayerData }; output: PartyOutput };
  /** Joins the party of `PartyCode` (again, after a reload: the member's client is bound anew). */
  joinParty: { input: { PartyCode: string; PlayerId: string; Player?: PartyPlayerData }; output: PartyOutput };
  /** The party, for a member. */
  describeParty: { input: { PartyId: string }; output: PartyOutput };
  /** The caller's player leaves (a searching party's ticket is stopped; a leaving leader hands over to the next member). */
  leaveParty: { input: { PartyId: string; PlayerId: string }; output: Record<string, never> };
  /** The leader removes another member. */
  removePartyMember: { input: { PartyId: string; PlayerId: string }; output: PartyOutput };
  /** The leader hands leadership to another member (not while searching). */
  changePartyLeader: { input: { PartyId: string; PlayerId: string }; output: PartyOutput };
  /** A member marks its own player ready or not, and may update its own player data; not ready while searching stops the search. */
  setPartyReady: { input: { PartyId: string; PlayerId: string; Ready: boolean; Player?: PartyPlayerData }; output: PartyOutput };
  /** The leader queues the party (every member ready) as one FlexMatch ticket holding every member. */
  startPartyMatchmaking: { input: { PartyId: string; TicketId?: string }; output: StartMatchmakingOutput };
}

/** What happened to a party, in a `party` notice. */
export type PartyChangeType =
  | 'created'
  | 'joined'
  | 'left'
  | 'removed'
  | 'leader-changed'
  | 'ready'
  | 'searching'
  | 'search-ended'
  | 'member-away'
  | 'member-back';

/** The change a notice reports: what, which member, and a sentence for people ("bob declined the match"). */
export interface PartyChange {
  type: PartyChangeType;
  /** The member the change is about. */
  playerId?: string;
  message: string;
}

/**
 * Sent to every member (and to a member just removed) when the party changes.
 * `party` is `null` for a recipient that is no longer a member.
 */
export interface PartyNotice {
  kind: 'party';
  party: PartyView | null;
  change: PartyChange;
}

const CHANGE_TYPES: readonly PartyChangeType[] = [
  'created',
  'joined',
  'left',
  'removed',
  'leader-changed',
  'ready',
  'searching',
  'search-ended',
  'member-away',
  'member-back',
];

/** A `party` notice from an event frame, or a sentence naming the bad field (`where` is the path of the event). */
export function parsePartyNotice(event: Record<string, unknown>, where: string): PartyNotice | string {
  const change = event.change;
  if (typeof change !== 'object' || change === null || Array.isArray(change)) return `${where}.change: expected an object, got ${formatValue(change)}`;
  const { type, playerId, message } = change as Record<string, unknown>;
  if (typeof type !== 'string' || !(CHANGE_TYPES as readonly string[]).includes(type)) {
    return `${where}.change.type: expected one of ${CHANGE_TYPES.join(', ')}, got ${formatValue(type)}`;
  }
  if (playerId !== undefined && typeof playerId !== 'string') return `${where}.change.playerId: expected a string, got ${formatValue(playerId)}`;
  if (typeof message !== 'string') return `${where}.change.message: expected a string, got ${formatValue(message)}`;
  const party = event.party === null ? null : parsePartyView(event.party, `${where}.party`);
  if (typeof party === 'string') return party;
  return { kind: 'party', party, change: { type: type as PartyChangeType, ...(playerId !== undefined ? { playerId } : {}), message } };
}

function parsePartyView(value: unknown, where: string): PartyView | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${where}: expected a party or null, got ${formatValue(value)}`;
  const party = value as Record<string, unknown>;
  for (const field of ['PartyId', 'PartyCode', 'LeaderPlayerId'] as const) {
    if (typeof party[field] !== 'string') return `${where}.${field}: expected a string, got ${formatValue(party[field])}`;
  }
  if (party.Status !== 'FORMING' && party.Status !== 'SEARCHING') return `${where}.Status: expected "FORMING" or "SEARCHING", got ${formatValue(party.Status)}`;
  if (typeof party.MaxMembers !== 'number') return `${where}.MaxMembers: expected a number, got ${formatValue(party.MaxMembers)}`;
  if (party.TicketId !== undefined && typeof party.TicketId !== 'string') return `${where}.TicketId: expected a string, got ${formatValue(party.TicketId)}`;
  const members = party.Members;
  if (!Array.isArray(members) || members.length > MAX_PARTY_MEMBERS) {
    return `${where}.Members: expected at most ${MAX_PARTY_MEMBERS} members, got ${formatValue(members)}`;
  }
  const bad = members.findIndex((m: unknown) => {
    const member = m as Record<string, unknown> | null;
    return typeof member !== 'object' || member === null || typeof member.PlayerId !== 'string' || typeof member.Ready !== 'boolean' || typeof member.Connected !== 'boolean';
  });
  if (bad >= 0) return `${where}.Members[${bad}]: expected { PlayerId: string, Ready: boolean, Connected: boolean }, got ${formatValue(members[bad])}`;
  return {
    PartyId: party.PartyId as string,
    PartyCode: party.PartyCode as string,
    LeaderPlayerId: party.LeaderPlayerId as string,
    Members: (members as PartyMemberView[]).map(({ PlayerId, Ready, Connected }) => ({ PlayerId, Ready, Connected })),
    MaxMembers: party.MaxMembers,
    Status: party.Status,
    ...(party.TicketId !== undefined ? { TicketId: party.TicketId as string } : {}),
  };
}
