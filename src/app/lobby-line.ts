/**
 * The front door's sentence about the lobby it joined: how many players a
 * match needs and how many are searching now ("A match here needs 2 players;
 * 1 is waiting."). Pure: the page polls `describeLobby` and renders this.
 */
import type { DescribeLobbyOutput } from '../net/protocol.ts';

/** The sentence for one `describeLobby` answer. */
export function lobbyLine(lobby: Pick<DescribeLobbyOutput, 'MinPlayersPerMatch' | 'MaxPlayersPerMatch' | 'PlayersWaiting'>): string {
  const { MinPlayersPerMatch: min, MaxPlayersPerMatch: max, PlayersWaiting: waiting } = lobby;
  const needs = min === max ? `${min} ${plural(min, 'player')}` : `${min} to ${max} players`;
  const waits = waiting === 0 ? 'no one is waiting' : `${waiting} ${waiting === 1 ? 'is' : 'are'} waiting`;
  return `A match here needs ${needs}; ${waits}.`;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}
