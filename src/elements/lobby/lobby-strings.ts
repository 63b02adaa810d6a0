/**
 * Every word `<peermatch-lobby>` shows or announces, in English. A game
 * translates by setting `lobby.strings = { findMatch: 'Partie rapide', ... }`
 * (a partial map; missing keys keep these). `{name}` placeholders are filled
 * by `formatString`.
 */

import { DEFAULT_PARTY_STRINGS, type PartyStrings } from './lobby-party-strings.ts';

/** The lobby's strings; see `DEFAULT_LOBBY_STRINGS` for each one's English and placeholders (the party views' in lobby-party-strings.ts). */
export interface LobbyStrings extends PartyStrings {
  findMatch: string;
  idle: string;
  connecting: string;
  searching: string;
  searchingAgainDeclined: string;
  searchingAgainTimedOut: string;
  elapsed: string;
  estimatedWait: string;
  estimateUnknown: string;
  cancel: string;
  proposed: string;
  accept: string;
  decline: string;
  timeLeft: string;
  seconds: string;
  accepted: string;
  acceptedCount: string;
  team: string;
  you: string;
  playerAccepted: string;
  playerDeclined: string;
  waitingForHost: string;
  /** Shown for a while after a standby lobby host took over, when the lobby waited long enough to notice. */
  hostChanged: string;
  /** Shown while this tab, volunteered as a standby lobby host (`volunteerHost`), serves the lobby. */
  volunteerHosting: string;
  waitingFor: string;
  reconnecting: string;
  nextAttempt: string;
  nextAttemptNow: string;
  connectingToGame: string;
  connectionsOpen: string;
  /** One open connection: `{path}` is `direct on the local network`, `through a NAT (STUN)` or `relayed by a TURN server`. */
  connectionPath: string;
  /** The same with the round-trip time. */
  connectionPathRtt: string;
  /** Why the game connection failed: `{reason}` in plain words. */
  failedConnectionCause: string;
  ready: string;
  readyGameHost: string;
  /** A player's connection ended after the match was ready (`{player}`: the player id). */
  playerLeft: string;
  /** At a player: the game host's connection ended. */
  gameHostLeft: string;
  /** After game host migration: {player} took over. */
  newGameHost: string;
  newGameHostSelf: string;
  /** The game host left and nobody is left to go on with. */
  nobodyLeft: string;
  /** A connection is silent for a moment (`{player}`: the player id). */
  playerInterrupted: string;
  /** At a player: the game host's connection is silent for a moment. */
  gameHostInterrupted: string;
  retry: string;
  failedTimedOutSearch: string;
  failedTimedOutAcceptance: string;
  failedAcceptTooLate: string;
  failedDeclinedByYou: string;
  failedDeclinedByOther: string;
  failedHostUnavailable: string;
  failedHostAway: string;
  /** No host has ever registered the lobby (the relay's UNKNOWN_LOBBY): the status line. */
  failedNoHost: string;
  /** ... and what to do about it, under it. */
  failedNoHostDetail: string;
  failedConnection: string;
  failedCancelled: string;
  /** One player, one seat: another tab or window of this browser plays this lobby now. */
  failedReplacedTab: string;
  /** ... another device or browser plays it now (a newer ticket of this player). */
  failedReplacedDevice: string;
  /** The button under a `replaced` failure: play in this tab again (which makes it the newest). */
  playHere: string;
  failedError: string;
  ticket: string;
}

/** The English defaults. */
export const DEFAULT_LOBBY_STRINGS: LobbyStrings = {
  ...DEFAULT_PARTY_STRINGS,
  findMatch: 'Find a match',
  idle: 'Ready when you are.',
  connecting: 'Connecting to the lobby…',
  searching: 'Searching for a match…',
  searchingAgainDeclined: 'A player declined the match. Searching again…',
  searchingAgainTimedOut: 'A player did not accept in time. Searching again…',
  elapsed: 'Elapsed',
  estimatedWait: 'Estimated wait',
  estimateUnknown: '—',
  cancel: 'Cancel',
  proposed: 'Match found! Accept to play.',
  accept: 'Accept',
  decline: 'Decline',
  timeLeft: 'Time left to accept',
  seconds: '{seconds} s',
  accepted: 'Accepted. Waiting for the other players…',
  acceptedCount: '{accepted} of {total} accepted',
  team: 'Team {team}',
  you: 'you',
  playerAccepted: 'accepted',
  playerDeclined: 'declined',
  waitingForHost: 'The lobby host is unavailable. Your ticket is kept; waiting for the host to come back…',
  hostChanged: 'The lobby host changed. Your place is kept.',
  volunteerHosting: 'This tab now hosts the lobby. Keep it open while others play.',
  waitingFor: 'Waiting for',
  reconnecting: 'Lost the connection to the server. Reconnecting…',
  nextAttempt: 'Next attempt in {seconds} s',
  nextAttemptNow: 'Trying now…',
  connectingToGame: 'Connecting to the game…',
  connectionsOpen: '{open} of {expected} connections open',
  connectionPath: 'Connected {path}.',
  connectionPathRtt: 'Connected {path}, {rtt} ms round trip.',
  failedConnectionCause: 'Cause: {reason}.',
  ready: 'Match ready! You are on team {team}.',
  readyGameHost: 'Match ready! You are on team {team} and host the game.',
  playerLeft: '{player} left the match.',
  gameHostLeft: 'The game host left the match.',
  newGameHost: '{player} is the game host now.',
  newGameHostSelf: 'You host the game now.',
  nobodyLeft: 'Nobody else is left in the match.',
  playerInterrupted: 'No news from {player} for a moment…',
  gameHostInterrupted: 'No news from the game host for a moment…',
  retry: 'Try again',
  failedTimedOutSearch: 'No match was found in time.',
  failedTimedOutAcceptance: 'The match was not accepted in time.',
  failedAcceptTooLate: 'The time to accept ran out.',
  failedDeclinedByYou: 'You declined the match.',
  failedDeclinedByOther: 'Another player declined the match before you accepted.',
  failedHostUnavailable: 'The lobby host is not available right now.',
  failedHostAway: 'The lobby host has not come back. It keeps your ticket; try again to rejoin it.',
  failedNoHost: 'No one is hosting this lobby yet.',
  failedNoHostDetail: 'Start its host (open the host console for this lobby, or run peermatch host), then try again.',
  failedConnection: 'Could not connect to the game.',
  failedCancelled: 'You left the queue.',
  failedReplacedTab: 'You are playing this lobby in another tab or window.',
  failedReplacedDevice: 'You are playing this lobby on another device or in another browser.',
  playHere: 'Play here instead',
  failedError: 'Something went wrong.',
  ticket: 'Ticket {ticketId}',
};

/** `template` with each `{name}` replaced by `values[name]` (unknown names stay as written). */
export function formatString(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Minutes and seconds, `m:ss` (`h:mm:ss` from an hour); negative durations read as 0. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const seconds = total % 60;
  const minutes = Math.floor(total / 60) % 60;
  const hours = Math.floor(total / 3600);
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}
