/** Choosing the game host of a peer-to-peer match (pure). */
import { describe, expect, it } from 'vitest';
import { chooseGameHost, connectionInfo, regionOfArn } from '../src/host/p2p-placement.ts';

describe('chooseGameHost', () => {
  it('picks the lowest latency to the match region among the players who reported one', () => {
    const host = chooseGameHost(
      [
        { playerId: 'old-no-latency', ticketStartMs: 0 },
        { playerId: 'far', ticketStartMs: 10, latencyInMs: { 'eu-west-1': 120, 'us-east-1': 1 } },
        { playerId: 'near', ticketStartMs: 20, latencyInMs: { 'eu-west-1': 30 } },
      ],
      'eu-west-1',
    );

    expect(host).toBe('near');
  });

  it('breaks a latency tie in favour of the older ticket', () => {
    const host = chooseGameHost(
      [
        { playerId: 'young', ticketStartMs: 50, latencyInMs: { r: 40 } },
        { playerId: 'old', ticketStartMs: 5, latencyInMs: { r: 40 } },
      ],
      'r',
    );

    expect(host).toBe('old');
  });

  it('falls back to the oldest ticket when nobody reported a latency for the region', () => {
    const host = chooseGameHost(
      [
        { playerId: 'b', ticketStartMs: 30, latencyInMs: { elsewhere: 1 } },
        { playerId: 'a', ticketStartMs: 10 },
        { playerId: 'c', ticketStartMs: 20 },
      ],
      'us-east-1',
    );

    expect(host).toBe('a');
  });

  it('answers undefined for a match without players', () => {
    expect(chooseGameHost([], 'r')).toBeUndefined();
  });
});

describe('connectionInfo', () => {
  it('refuses a game host who is not a player of the match, naming both', () => {
    expect(() =>
      connectionInfo({
        matchId: 'm-1',
        gameSessionArn: 'arn:aws:gamelift:r::gamesession/x',
        gameHostPlayerId: 'ghost',
        players: [{ playerId: 'p', team: 'red', playerSessionId: 'psess-1', peerId: 'peer-p' }],
      }),
    ).toThrow(/"ghost".*"m-1"/);
  });

  it('reads the region out of a game session ARN', () => {
    expect(regionOfArn('arn:aws:gamelift:eu-west-1::gamesession/peermatch/gsess-1')).toBe('eu-west-1');
    expect(regionOfArn('not-an-arn')).toBeUndefined();
  });
});
