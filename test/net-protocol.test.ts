/**
 * The relay wire's guards: every well-formed frame comes back typed (and
 * stripped of fields the protocol does not know), every malformed one comes
 * back as an issue naming the field path and the value.
 */
import { MAX_FRAME_DEPTH, MAX_FRAME_STRING_LENGTH } from '../src/net/bounded-json.ts';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_OPS,
  MAX_FRAME_BYTES,
  encodeFrame,
  isProtocolIssue,
  parseClientFrame,
  parseHostFrame,
  parseServerToClient,
  parseServerToHost,
  reviveDates,
  standbyOfferOf,
  utf8Length,
} from '../src/net/protocol.ts';
import type { ProtocolIssue, RelayFrame } from '../src/net/protocol.ts';

const TOKEN = 'A'.repeat(43);
const EVENT = {
  version: '0',
  id: 'e1',
  'detail-type': 'GameLift Matchmaking Event',
  source: 'aws.gamelift',
  account: '',
  time: '2024-01-01T00:00:00.000Z',
  region: 'us-east-1',
  resources: [],
  detail: { type: 'MatchmakingSearching', tickets: [], estimatedWaitMillis: 'NOT_AVAILABLE', gameSessionInfo: { players: [] } },
};

function issue(parsed: RelayFrame | ProtocolIssue): ProtocolIssue {
  if (!isProtocolIssue(parsed)) throw new Error(`expected an issue, got frame ${JSON.stringify(parsed)}`);
  return parsed;
}

describe('parseClientFrame', () => {
  it('accepts a join, with or without a resume, from text or from a parsed value', () => {
    expect(parseClientFrame('{"type":"join","lobby":"arena-1"}')).toEqual({ type: 'join', lobby: 'arena-1' });
    const resume = { clientId: 'abc_DEF-1', resumeToken: TOKEN };
    expect(parseClientFrame({ type: 'join', lobby: 'a', resume })).toEqual({ type: 'join', lobby: 'a', resume });
  });

  it('accepts a request for every client operation and drops fields the protocol does not know', () => {
    for (const op of CLIENT_OPS) {
      const parsed = parseClientFrame({ type: 'request', requestId: 'r1', op, input: { TicketId: 't' }, clientId: 'someone-else' });
      expect(parsed).toEqual({ type: 'request', requestId: 'r1', op, input: { TicketId: 't' } });
    }
  });

  it('names the field and the value of a request id that is not a short string', () => {
    expect(issue(parseClientFrame({ type: 'request', requestId: 42, op: 'startMatchmaking', input: {} })).message).toBe(
      'request.requestId: expected a string of 1-64 characters, got 42',
    );
    expect(issue(parseClientFrame({ type: 'request', requestId: 'x'.repeat(65), op: 'startMatchmaking', input: {} })).message).toMatch(
      /^request\.requestId: expected a string of 1-64 characters, got "x+/,
    );
  });

  it('refuses an operation that is not a client operation, keeping the request id to answer it', () => {
    const refused = issue(parseClientFrame({ type: 'request', requestId: 'r9', op: 'createMatchmakingConfiguration', input: {} }));
    expect(refused).toMatchObject({ code: 'MALFORMED', requestId: 'r9' });
    expect(refused.message).toMatch(/^request\.op: expected one of startMatchmaking, .* got "createMatchmakingConfiguration"$/);
  });

  it('refuses an input that is not a JSON object', () => {
    expect(issue(parseClientFrame({ type: 'request', requestId: 'r', op: 'stopMatchmaking', input: [1] })).message).toBe(
      'request.input: expected a JSON object (the AWS request), got [1]',
    );
  });

  it('refuses bad lobby names and bad resume credentials by field', () => {
    expect(issue(parseClientFrame({ type: 'join', lobby: '../etc' })).message).toMatch(/^join\.lobby: expected 1-64 characters .* got "\.\.\/etc"$/);
    expect(issue(parseClientFrame({ type: 'join', lobby: 'x'.repeat(65) })).message).toMatch(/^join\.lobby:/);
    expect(issue(parseClientFrame({ type: 'join', lobby: 'a', resume: 'me' })).message).toMatch(/^join\.resume: expected an object/);
    expect(issue(parseClientFrame({ type: 'join', lobby: 'a', resume: { clientId: 'a b', resumeToken: TOKEN } })).message).toBe(
      'join.resume.clientId: expected 1-64 characters of [A-Za-z0-9_-], got "a b"',
    );
    expect(issue(parseClientFrame({ type: 'join', lobby: 'a', resume: { clientId: 'ab', resumeToken: 'short' } })).message).toBe(
      'join.resume.resumeToken: expected 22-128 characters of [A-Za-z0-9_-], got "short"',
    );
  });

  it('refuses text that is not JSON, values that are not objects, and unknown types', () => {
    expect(issue(parseClientFrame('{nope')).message).toMatch(/^frame: not valid JSON/);
    expect(issue(parseClientFrame('[1,2]')).message).toBe('frame: expected a JSON object with a "type", got [1,2]');
    expect(issue(parseClientFrame(null)).message).toBe('frame: expected a JSON object with a "type", got null');
    expect(issue(parseClientFrame({ type: 'register', lobby: 'a' })).message).toBe(
      'frame.type: expected one of "join", "request", "ping", got "register"',
    );
  });

  it('refuses text over MAX_FRAME_BYTES as TOO_LARGE, counting UTF-8 bytes, not characters', () => {
    // 2 bytes each: just over the limit with the JSON around it (in strings short enough to pass the string limit)
    const padding = Array.from({ length: 8 }, () => 'é'.repeat(MAX_FRAME_BYTES / 16));
    const refused = issue(parseClientFrame(JSON.stringify({ type: 'ping', padding })));
    expect(refused).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(/over the limit of 65536 bytes/) });
    const fits = Array.from({ length: 8 }, () => 'e'.repeat(MAX_FRAME_BYTES / 16));
    expect(parseClientFrame(JSON.stringify({ type: 'ping', padding: fits }))).toEqual({ type: 'ping' });
    expect(utf8Length('aé😀')).toBe(1 + 2 + 4);
  });

  it('refuses nesting deeper than MAX_FRAME_DEPTH and a string longer than MAX_FRAME_STRING_LENGTH, naming the limit', () => {
    const deep = `{"type":"request","requestId":"r1","op":"startMatchmaking","input":{"x":${'['.repeat(30_000)}${']'.repeat(30_000)}}}`;
    expect(issue(parseClientFrame(deep))).toMatchObject({ code: 'TOO_LARGE', message: expect.stringMatching(new RegExp(`^frame: nesting deeper than the limit of ${MAX_FRAME_DEPTH} levels \\(at offset \\d+\\)$`)) });
    const long = JSON.stringify({ type: 'ping', note: 'x'.repeat(MAX_FRAME_STRING_LENGTH + 1) });
    expect(issue(parseClientFrame(long)).message).toBe(`frame: a string of ${MAX_FRAME_STRING_LENGTH + 1} characters at offset 22, over the limit of ${MAX_FRAME_STRING_LENGTH} characters`);
    const nested = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown;
    expect(parseClientFrame(JSON.stringify({ type: 'ping', ok: nested(MAX_FRAME_DEPTH - 1) }))).toEqual({ type: 'ping' });
    // Brackets and quotes inside strings are text, not structure.
    expect(parseClientFrame(JSON.stringify({ type: 'ping', text: '[[[[\\"{{{{'.repeat(100) }))).toEqual({ type: 'ping' });
  });
});

describe('parseHostFrame', () => {
  it('accepts register with and without a token, and to-client with a response or an event', () => {
    expect(parseHostFrame({ type: 'register', lobby: 'l' })).toEqual({ type: 'register', lobby: 'l' });
    expect(parseHostFrame({ type: 'register', lobby: 'l', token: TOKEN })).toEqual({ type: 'register', lobby: 'l', token: TOKEN });
    const ok = { type: 'response', requestId: 'r', ok: true, value: { MatchmakingTicket: {} } };
    expect(parseHostFrame({ type: 'to-client', clientId: 'c1', message: ok })).toEqual({ type: 'to-client', clientId: 'c1', message: ok });
    const failed = { type: 'response', requestId: 'r', ok: false, error: { name: 'NotFoundException', message: 'no ticket' } };
    expect(parseHostFrame({ type: 'to-client', clientId: 'c1', message: failed })).toEqual({ type: 'to-client', clientId: 'c1', message: failed });
    const event = { type: 'event', event: EVENT };
    expect(parseHostFrame({ type: 'to-client', clientId: 'c1', message: event })).toEqual({ type: 'to-client', clientId: 'c1', message: event });
    const update = { kind: 'game-session-update', update: { backfillTicketId: 'b', updateReason: 'BACKFILL_FAILED', gameSession: {} } };
    expect(isProtocolIssue(parseHostFrame({ type: 'to-client', clientId: 'c1', message: { type: 'event', event: update } }))).toBe(false);
  });

  it('carries a presence hint to a client and names the field of a bad one', () => {
    const presence = { kind: 'presence', gameSessionArn: 'arn:s1', playerIds: ['bob'], away: true };
    expect(parseHostFrame({ type: 'to-client', clientId: 'c1', message: { type: 'event', event: presence } })).toEqual({
      type: 'to-client',
      clientId: 'c1',
      message: { type: 'event', event: presence },
    });
    expect(issue(parseHostFrame({ type: 'to-client', clientId: 'c1', message: { type: 'event', event: { ...presence, away: 'yes' } } })).message).toBe(
      'to-client.message.event.away: expected a boolean, got "yes"',
    );
    expect(issue(parseServerToClient({ type: 'event', event: { ...presence, playerIds: Array.from({ length: 201 }, () => 'p') } })).message).toMatch(
      /^event\.event\.playerIds: expected at most 200 strings, got /,
    );
  });

  it('carries a party notice to a client and names the field of a bad one', () => {
    const party = { PartyId: 'party-1', PartyCode: 'FMM8RQ', LeaderPlayerId: 'ana', Members: [{ PlayerId: 'ana', Ready: true, Connected: true }], MaxMembers: 3, Status: 'FORMING' };
    const notice = { kind: 'party', party, change: { type: 'joined', playerId: 'ana', message: 'ana joined the party' } };
    expect(parseServerToClient({ type: 'event', event: notice })).toEqual({ type: 'event', event: notice });
    const removed = { kind: 'party', party: null, change: { type: 'removed', playerId: 'bo', message: 'ana removed bo from the party' } };
    expect(parseServerToClient({ type: 'event', event: removed })).toEqual({ type: 'event', event: removed });
    expect(issue(parseServerToClient({ type: 'event', event: { ...notice, change: { type: 'partied', message: '' } } })).message).toMatch(
      /^event\.event\.change\.type: expected one of created, joined, .* got "partied"$/,
    );
    const badMember = { ...party, Members: [{ PlayerId: 'ana', Ready: 'yes', Connected: true }] };
    expect(issue(parseHostFrame({ type: 'to-client', clientId: 'c1', message: { type: 'event', event: { ...notice, party: badMember } } })).message).toBe(
      'to-client.message.event.party.Members[0]: expected { PlayerId: string, Ready: boolean, Connected: boolean }, got {"PlayerId":"ana","Ready":"yes","Connected":true}',
    );
  });

  it('names the nested field of a bad to-client message', () => {
    expect(issue(parseHostFrame({ type: 'to-client', clientId: 'c1', message: { type: 'joined' } })).message).toBe(
      'to-client.message.type: expected "response" or "event", got "joined"',
    );
    expect(issue(parseHostFrame({ type: 'to-client', clientId: 'c1', message: { type: 'response', requestId: 'r', ok: 'yes' } })).message).toBe(
      'to-client.message.ok: expected a boolean, got "yes"',
    );
    expect(
      issue(parseHostFrame({ type: 'to-client', clientId: 'c1', message: { type: 'response', requestId: 'r', ok: false, error: 'boom' } })).message,
    ).toBe('to-client.message.error: expected { name: non-empty string, message: string }, got "boom"');
    expect(
      issue(parseHostFrame({ type: 'to-client', clientId: 'c1', message: { type: 'event', event: { detail: { type: 'Nope' } } } })).message,
    ).toMatch(/^to-client\.message\.event\.detail\.type: expected a FlexMatch event type .* got "Nope"$/);
    expect(issue(parseHostFrame({ type: 'to-client', clientId: '', message: {} })).message).toBe(
      'to-client.clientId: expected 1-64 characters of [A-Za-z0-9_-], got ""',
    );
  });

  it('refuses a register token that is too short to be a secret', () => {
    expect(issue(parseHostFrame({ type: 'register', lobby: 'l', token: 'guess' })).message).toBe(
      'register.token: expected 22-128 characters of [A-Za-z0-9_-], got "guess"',
    );
  });
});

describe('parseServerToClient and parseServerToHost', () => {
  it('accept what the server sends, and every frame survives encodeFrame and the guard unchanged', () => {
    const toClient = [
      { type: 'joined', lobby: 'l', clientId: 'c1', resumeToken: TOKEN, resumed: false, hostAvailable: true },
      { type: 'response', requestId: 'r', ok: true, value: null },
      { type: 'event', event: EVENT },
      { type: 'host-status', available: false },
      { type: 'host-status', available: true, term: 3 },
      { type: 'error', code: 'HOST_UNAVAILABLE', message: 'away', requestId: 'r' },
      { type: 'pong' },
    ] as RelayFrame[];
    for (const frame of toClient) expect(parseServerToClient(encodeFrame(frame))).toEqual(frame);
    const toHost = [
      { type: 'registered', lobby: 'l', token: TOKEN, created: true, clients: ['c1'], role: 'primary', term: 1, hostId: 'h1', standbys: [], primary: null },
      { type: 'from-client', clientId: 'c1', message: { type: 'request', requestId: 'r', op: 'acceptMatch', input: {} } },
      { type: 'client-joined', clientId: 'c1', resumed: true },
      { type: 'client-left', clientId: 'c1' },
      { type: 'error', code: 'CLIENT_UNAVAILABLE', message: 'gone', clientId: 'c1' },
      { type: 'pong' },
    ] as RelayFrame[];
    for (const frame of toHost) expect(parseServerToHost(encodeFrame(frame))).toEqual(frame);
  });

  it('refuse an unknown error code and a non-request inside from-client', () => {
    expect(issue(parseServerToClient({ type: 'error', code: 'OOPS', message: '' })).message).toMatch(/^error\.code: expected one of MALFORMED, .* got "OOPS"$/);
    expect(issue(parseServerToHost({ type: 'from-client', clientId: 'c', message: { type: 'ping' } })).message).toBe(
      'from-client.message: expected a "request" frame, got {"type":"ping"}',
    );
    expect(issue(parseServerToHost({ type: 'registered', lobby: 'l', token: TOKEN, created: true, clients: ['ok', 7], role: 'primary', term: 1, hostId: 'h1', standbys: [], primary: null })).message).toBe(
      'registered.clients[1]: expected 1-64 characters of [A-Za-z0-9_-], got 7',
    );
  });
});

describe('reviveDates', () => {
  it('turns the AWS date fields of a response value back into Dates and leaves other strings alone', () => {
    const value = JSON.parse(JSON.stringify({ TicketList: [{ StartTime: new Date(5000), StatusMessage: '1970-01-01T00:00:05.000Z' }] }));
    const revived = reviveDates(value) as { TicketList: { StartTime: Date; StatusMessage: string }[] };
    expect(revived.TicketList[0]!.StartTime).toEqual(new Date(5000));
    expect(revived.TicketList[0]!.StatusMessage).toBe('1970-01-01T00:00:05.000Z');
  });
});

describe('the standby offer of a describeLobby answer', () => {
  const token = `standby-${'A'.repeat(43)}`;

  it('is read from a well-formed answer, and only its token is kept', () => {
    const answer = { ConfigurationName: 'peermatch', standbyOffer: { token, extra: 'dropped' } };
    expect(standbyOfferOf(reviveDates(JSON.parse(encodeFrame(answer as never))))).toEqual({ token });
    // The response frame carries it to the client untouched.
    const frame = parseServerToClient({ type: 'response', requestId: 'r1', ok: true, value: answer });
    expect(standbyOfferOf((frame as { value: unknown }).value)).toEqual({ token });
  });

  it('is absent when the answer has none or a malformed one', () => {
    expect(standbyOfferOf({ ConfigurationName: 'peermatch' })).toBeUndefined();
    expect(standbyOfferOf({ standbyOffer: { token: 'short' } })).toBeUndefined();
    expect(standbyOfferOf({ standbyOffer: token })).toBeUndefined();
    expect(standbyOfferOf(null)).toBeUndefined();
  });
});
