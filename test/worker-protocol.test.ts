import { describe, expect, it } from 'vitest';
import { isMessageIssue, MATCHMAKER_METHODS, parseWorkerMessage, type WorkerMessage } from '../src/worker/protocol.ts';

const event = {
  version: '0',
  id: 'e-1',
  'detail-type': 'GameLift Matchmaking Event',
  source: 'aws.gamelift',
  account: '',
  time: '2024-01-01T00:00:00.000Z',
  region: 'us-east-1',
  resources: [],
  detail: { type: 'MatchmakingSearching', tickets: [], gameSessionInfo: { players: [] }, estimatedWaitMillis: 'NOT_AVAILABLE' },
};

const wellFormed: WorkerMessage[] = [
  { type: 'call', id: 0, method: 'startMatchmaking', args: [{ ConfigurationName: 'c', Players: [] }] },
  { type: 'call', id: 7, method: 'tick', args: [] },
  { type: 'start-ticking', id: 1, intervalMs: 50 },
  { type: 'stop-ticking', id: 2 },
  { type: 'snapshot', id: 3 },
  { type: 'restore', id: 4, snapshot: { format: 'peermatch.matchmaker' } },
  { type: 'close', id: 5 },
  { type: 'result', id: 6, value: { Valid: true } },
  { type: 'result', id: 6, value: undefined },
  { type: 'error', id: 8, name: 'NotFoundException', message: 'no configuration "x"' },
  { type: 'event', event: event as never },
  {
    type: 'game-session-update',
    update: { backfillTicketId: 't', updateReason: 'BACKFILL_FAILED', gameSession: {} as never },
  },
  { type: 'fault', source: 'tick', name: 'InternalServiceException', message: 'boom' },
];

describe('parseWorkerMessage', () => {
  it.each(wellFormed.map((message) => [message.type, message] as const))('accepts a well-formed %s message unchanged', (_type, message) => {
    expect(parseWorkerMessage(message)).toEqual(message);
  });

  it('accepts a call to every allowed Matchmaker method', () => {
    for (const method of MATCHMAKER_METHODS) {
      expect(parseWorkerMessage({ type: 'call', id: 1, method, args: [] })).toEqual({ type: 'call', id: 1, method, args: [] });
    }
  });

  const malformed: [label: string, value: unknown, field: string][] = [
    ['null', null, 'message:'],
    ['a string', 'call', 'message:'],
    ['an array', [{ type: 'call' }], 'message:'],
    ['no type', { id: 1 }, 'type:'],
    ['an unknown type', { type: 'invoke', id: 1 }, 'type:'],
    ['a string id', { type: 'call', id: '1', method: 'tick', args: [] }, 'id:'],
    ['a negative id', { type: 'snapshot', id: -1 }, 'id:'],
    ['a fractional id', { type: 'close', id: 1.5 }, 'id:'],
    ['a missing id', { type: 'stop-ticking' }, 'id:'],
    ['a method that is not a Matchmaker operation', { type: 'call', id: 1, method: 'constructor', args: [] }, 'method:'],
    ['the listener method "on"', { type: 'call', id: 1, method: 'on', args: [] }, 'method:'],
    ['"__proto__" as the method', { type: 'call', id: 1, method: '__proto__', args: [] }, 'method:'],
    ['a private method name', { type: 'call', id: 1, method: 'activeTickets', args: [] }, 'method:'],
    ['a non-string method', { type: 'call', id: 1, method: 42, args: [] }, 'method:'],
    ['args as an object', { type: 'call', id: 1, method: 'tick', args: { 0: 1 } }, 'args:'],
    ['missing args', { type: 'call', id: 1, method: 'tick' }, 'args:'],
    ['a zero tick interval', { type: 'start-ticking', id: 1, intervalMs: 0 }, 'intervalMs:'],
    ['a negative tick interval', { type: 'start-ticking', id: 1, intervalMs: -50 }, 'intervalMs:'],
    ['a NaN tick interval', { type: 'start-ticking', id: 1, intervalMs: Number.NaN }, 'intervalMs:'],
    ['a string tick interval', { type: 'start-ticking', id: 1, intervalMs: '50' }, 'intervalMs:'],
    ['an endless tick interval', { type: 'start-ticking', id: 1, intervalMs: Number.POSITIVE_INFINITY }, 'intervalMs:'],
    ['a null snapshot', { type: 'restore', id: 1, snapshot: null }, 'snapshot:'],
    ['an error without a name', { type: 'error', id: 1, message: 'x' }, 'name:'],
    ['an error with an empty name', { type: 'error', id: 1, name: '', message: 'x' }, 'name:'],
    ['an error with a non-string message', { type: 'error', id: 1, name: 'NotFoundException', message: 3 }, 'message:'],
    ['an event that is not an object', { type: 'event', event: 5 }, 'event:'],
    ['an event without a detail type', { type: 'event', event: { detail: {} } }, 'event.detail.type:'],
    ['a fault from an unknown source', { type: 'fault', source: 'disk', name: 'X', message: 'y' }, 'source:'],
    ['a fault without a name', { type: 'fault', source: 'tick', message: 'y' }, 'name:'],
    ['an update that is not an object', { type: 'game-session-update', update: 'x' }, 'update:'],
    [
      'an update without a ticket id',
      { type: 'game-session-update', update: { updateReason: 'BACKFILL_FAILED', gameSession: {} } },
      'update.backfillTicketId:',
    ],
    [
      'an update without a reason',
      { type: 'game-session-update', update: { backfillTicketId: 't', gameSession: {} } },
      'update.updateReason:',
    ],
    [
      'an update without a game session',
      { type: 'game-session-update', update: { backfillTicketId: 't', updateReason: 'BACKFILL_FAILED' } },
      'update.gameSession:',
    ],
  ];

  it.each(malformed)('refuses %s with an issue naming the field', (_label, value, field) => {
    const parsed = parseWorkerMessage(value);
    expect(isMessageIssue(parsed)).toBe(true);
    expect((parsed as { issue: string }).issue.startsWith(field)).toBe(true);
  });

  it('quotes the offending value in the issue', () => {
    expect(parseWorkerMessage({ type: 'call', id: 1, method: 'constructor', args: [] })).toMatchObject({
      issue: expect.stringContaining('"constructor" is not a Matchmaker method'),
    });
    expect(parseWorkerMessage({ type: 'start-ticking', id: 1, intervalMs: -50 })).toMatchObject({
      issue: expect.stringContaining('got -50'),
    });
  });

  it('keeps a usable id on the issue so the worker can answer the caller', () => {
    expect(parseWorkerMessage({ type: 'call', id: 12, method: 'constructor', args: [] })).toMatchObject({ id: 12 });
    expect(parseWorkerMessage({ type: 'call', id: 'x', method: 'tick', args: [] })).not.toHaveProperty('id');
  });
});
