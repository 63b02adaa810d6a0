/**
 * The ledger's saved copies (src/host/ledger.ts): each save is a copy that
 * never changes afterwards, sharing what did not change with the previous
 * one, so a replica's delta finds unchanged records by identity.
 */
import { describe, expect, it } from 'vitest';
import { Ledger } from '../src/host/ledger.ts';

describe('the ledger saved', () => {
  it('is the same object while nothing changed, and a new copy sharing the unchanged records after a change', () => {
    const ledger = new Ledger();
    ledger.addTicket('t1', 'c1', ['p1']);
    ledger.addTicket('t2', 'c2', ['p2']);
    const first = ledger.toJSON();
    expect(ledger.toJSON()).toBe(first);
    ledger.placed('t1', 'arn-1');
    const second = ledger.toJSON();
    expect(second.tickets).not.toBe(first.tickets);
    expect(second.tickets['t1']).toEqual({ clientId: 'c1', placedIn: 'arn-1' });
    expect(second.tickets['t2']).toBe(first.tickets['t2']);
    expect(second.players).toBe(first.players);
    // The first copy is as it was.
    expect(first.tickets['t1']).toEqual({ clientId: 'c1' });
  });

  it('follows forgotten tickets, moved game hosts and a player id "__proto__" like any other', () => {
    const ledger = new Ledger();
    ledger.addTicket('t1', 'c1', ['__proto__', 'p2']);
    ledger.setGameHost('arn-1', 'c1');
    ledger.addBackfillTicket('b1', 'arn-1');
    const first = ledger.toJSON();
    ledger.moveGameHost('arn-1', 'c9');
    ledger.forget(['t1']);
    const second = ledger.toJSON();
    expect(JSON.parse(JSON.stringify(second))).toEqual({
      tickets: { b1: { clientId: 'c9', gameSessionArn: 'arn-1' } },
      players: {},
      gameSessions: { 'arn-1': { clientId: 'c9' } },
    });
    expect(Object.keys(first.players)).toEqual(['__proto__', 'p2']);
    expect(Object.getPrototypeOf(first.players)).toBe(Object.prototype);
    // The copy is what a ledger built from it holds.
    expect(Ledger.from(JSON.parse(JSON.stringify(second))).toJSON()).toEqual(second);
  });
});
