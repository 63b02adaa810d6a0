import { describe, expect, it } from 'vitest';
import { lobbyLine } from '../src/app/lobby-line.ts';

describe('the front door’s lobby line', () => {
  it('says a duel needs 2 players and that no one is waiting', () => {
    expect(lobbyLine({ MinPlayersPerMatch: 2, MaxPlayersPerMatch: 2, PlayersWaiting: 0 })).toBe('A match here needs 2 players; no one is waiting.');
  });
  it('gives the range when a match may hold more than it needs, and counts one waiting player in the singular', () => {
    expect(lobbyLine({ MinPlayersPerMatch: 8, MaxPlayersPerMatch: 16, PlayersWaiting: 1 })).toBe('A match here needs 8 to 16 players; 1 is waiting.');
  });
  it('counts several waiting players in the plural', () => {
    expect(lobbyLine({ MinPlayersPerMatch: 1, MaxPlayersPerMatch: 1, PlayersWaiting: 3 })).toBe('A match here needs 1 player; 3 are waiting.');
  });
});
