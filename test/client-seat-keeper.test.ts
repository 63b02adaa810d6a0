/**
 * The game host's seat grace (src/client/seat-keeper.ts) on a manual clock: a
 * departed player's seat is released to the lobby host only when it does not
 * come back in time.
 */
import { describe, expect, it } from 'vitest';
import { SeatKeeper } from '../src/client/seat-keeper.ts';
import { manualTimers } from './support/manual-timers.ts';

const ARN = 'arn:aws:gamelift:us-east-1::gamesession/peermatch/s1';

function keeper(graceMs: number) {
  const timers = manualTimers();
  const released: string[] = [];
  const seats = new SeatKeeper({ timers, graceMs, release: async (arn, playerId) => void released.push(`${arn === ARN ? 's1' : arn}/${playerId}`) });
  return { timers, released, seats };
}

describe('the seat grace at the game host', () => {
  it('releases a departed player after the grace, once, even if told twice', () => {
    const { timers, released, seats } = keeper(10_000);
    seats.departed(ARN, 'bo');
    timers.advance(5000);
    seats.departed(ARN, 'bo');
    timers.advance(4999);
    const beforeGrace = [...released];
    timers.advance(1);
    timers.advance(60_000);

    expect(beforeGrace).toEqual([]);
    expect(released).toEqual(['s1/bo']);
  });

  it('keeps the seat of a player who comes back within the grace', () => {
    const { timers, released, seats } = keeper(10_000);
    seats.departed(ARN, 'bo');
    timers.advance(3000);
    seats.returned(ARN, 'bo');
    timers.advance(60_000);

    expect(released).toEqual([]);
    expect(seats.holds(ARN, 'bo')).toBe(false);
  });

  it('releases nothing once the game host itself leaves', () => {
    const { timers, released, seats } = keeper(1000);
    seats.departed(ARN, 'bo');
    seats.close();
    timers.advance(5000);

    expect(released).toEqual([]);
  });

  it('refuses a grace that is not 0 or more milliseconds, naming the value', () => {
    expect(() => keeper(-1)).toThrow('seatGraceMs: expected 0 or more milliseconds, got -1');
    expect(() => keeper(Number.NaN)).toThrow('seatGraceMs: expected 0 or more milliseconds, got NaN');
  });
});
