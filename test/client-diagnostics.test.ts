/**
 * The plain-words diagnostics of a match connection: how a selected pair
 * travels, and which step a failed connection stopped at.
 */
import { describe, expect, it } from 'vitest';
import { describePath, explainFailure, pathOf, statedFailure, type ConnectionWatch } from '../src/client/connection-diagnostics.ts';

function watch(changes: Partial<ConnectionWatch>): ConnectionWatch {
  return { peerId: 'pm-host', candidateTypes: new Set(), serverErrors: [], turnUrls: [], iceStates: [], remoteDescription: false, iceRestarts: 0, ...changes };
}

describe('how a connection travels', () => {
  it('is direct with host candidates at both ends, through a NAT with a reflexive one, relayed with a relay one at either end', () => {
    expect(pathOf('host', 'host')).toBe('direct');
    expect(pathOf('srflx', 'host')).toBe('stun');
    expect(pathOf('host', 'prflx')).toBe('stun');
    expect(pathOf('relay', 'srflx')).toBe('relayed');
    expect(pathOf('host', 'relay')).toBe('relayed');
    expect(describePath('relayed')).toBe('relayed by a TURN server');
  });
});

describe('why a connection failed', () => {
  it('blames signaling when the other side never answered the offer', () => {
    expect(explainFailure(watch({ candidateTypes: new Set(['host']) }), 'the game host')).toEqual({
      step: 'signaling',
      reason: 'no answer from the game host through the signaling server: it never received or never answered the connection offer',
    });
    expect(explainFailure(undefined, 'player "bob"').step).toBe('signaling');
  });

  it('says the TURN server refused the credentials on a 401 from a TURN URL', () => {
    const failure = explainFailure(
      watch({ remoteDescription: true, iceStates: ['checking', 'failed'], turnUrls: ['turn:10.0.0.1:3478'], serverErrors: [{ url: 'turn:10.0.0.1:3478', code: 401, text: 'Unauthorized' }] }),
      'the game host',
    );
    expect(failure).toEqual({ step: 'turn-credentials', reason: 'the TURN server turn:10.0.0.1:3478 refused the credentials (401 Unauthorized)' });
  });

  it('names the missing relay when TURN was configured but no relay candidate came', () => {
    const failure = explainFailure(watch({ remoteDescription: true, iceStates: ['checking'], candidateTypes: new Set(['host', 'srflx']), turnUrls: ['turn:10.0.0.1:3478'] }), 'the game host');
    expect(failure.step).toBe('turn-unreachable');
    expect(failure.reason).toBe('no TURN relay was reachable (turn:10.0.0.1:3478: no answer), and no direct path to the game host got through');
  });

  it('says ICE found no pair, with the candidates and states, when relays were there or none was configured', () => {
    const failure = explainFailure(watch({ remoteDescription: true, iceStates: ['checking', 'failed'], candidateTypes: new Set(['host', 'srflx']) }), 'the game host');
    expect(failure).toEqual({
      step: 'ice',
      reason:
        'ICE found no working candidate pair to the game host (local candidates: host, srflx; ICE states: checking → failed); no TURN server was configured, so a strict NAT or firewall cannot be crossed',
    });
  });

  it("blames the game host's admission when it refused the player, or admitted it and gave up waiting for another player", () => {
    const refused = 'the game host refused the connection: playerId: "mallory" is not a player of match "m1"';
    const gaveUp = 'the game host gave up on the match: players "jo" did not open a DataConnection to the game host within 15000 ms';
    expect(statedFailure(refused)).toEqual({ step: 'admission', reason: refused });
    expect(statedFailure(gaveUp)).toEqual({ step: 'admission', reason: gaveUp });
    expect(statedFailure('the game host closed the connection before the match started')).toBeUndefined();
  });
});
