/** A new game host's claim of its session (src/client/claim-game-host.ts): asked again while the old game host still counts as there. */
import { describe, expect, it } from 'vitest';
import { claimGameHost } from '../src/client/claim-game-host.ts';
import { manualTimers } from './support/manual-timers.ts';

const refusal = (message: string) => Object.assign(new Error(message), { name: 'InvalidRequestException' });
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('claimGameHost at the client', () => {
  it("asks again while the lobby host still counts the old game host's client as connected, and is granted once it left", async () => {
    const timers = manualTimers();
    const answers = [refusal("GameSessionArn: the game host's client of \"g\" is still connected"), refusal('PlayerId: successor "b" ranks above "c" in game session "g" and is still there')];
    let calls = 0;
    const claim = () => {
      calls++;
      const answer = answers.shift();
      return answer ? Promise.reject(answer) : Promise.resolve({});
    };
    const outcome = claimGameHost({ timers, claim, closed: () => false, retryMs: 500 }, 'g', 'c');
    await settle();
    timers.advance(500);
    await settle();
    timers.advance(500);
    expect(await outcome).toBeUndefined();
    expect(calls).toBe(3);
  });

  it('gives up at once on any other refusal, and after the last attempt, with the refusal', async () => {
    const timers = manualTimers();
    const stranger = claimGameHost({ timers, claim: () => Promise.reject(refusal('PlayerId: player "x" did not join game session "g" through this client')), closed: () => false }, 'g', 'x');
    expect(await stranger).toBe('InvalidRequestException: PlayerId: player "x" did not join game session "g" through this client');

    const early = claimGameHost({ timers, claim: () => Promise.reject(refusal('the game host is still connected')), closed: () => false, attempts: 2, retryMs: 100 }, 'g', 'c');
    await settle();
    timers.advance(100);
    expect(await early).toBe('InvalidRequestException: the game host is still connected');
  });
});
