/**
 * The host direction's guards (src/net/host-frames.ts) for the frames of
 * primary and standby hosts: every well-formed frame comes back typed and
 * stripped of unknown fields, and survives `encodeFrame`; every malformed
 * one comes back as an issue naming the field path, the value and the rule.
 */
import { describe, expect, it } from 'vitest';
import { MAX_RESYNC_REASON_LENGTH, parseHostFrame, parseServerToHost } from '../src/net/host-frames.ts';
import { encodeFrame, isProtocolIssue, parseServerToClient, parseHostFrame as reexported } from '../src/net/protocol.ts';
import type { ProtocolIssue, RelayFrame } from '../src/net/protocol.ts';

const TOKEN = 'A'.repeat(43);

function issue(parsed: RelayFrame | ProtocolIssue): string {
  if (!isProtocolIssue(parsed)) throw new Error(`expected an issue, got frame ${JSON.stringify(parsed)}`);
  return parsed.message;
}

describe('parseHostFrame for primary and standby hosts', () => {
  it('is the one protocol.ts re-exports', () => {
    expect(reexported).toBe(parseHostFrame);
  });

  it('accepts every new host frame and drops fields the protocol does not know', () => {
    const frames = [
      { type: 'register', lobby: 'l', token: TOKEN, standby: true, term: 4 },
      { type: 'register', lobby: 'l', term: 0 },
      { type: 'to-standby', hostId: 'h-1', message: { kind: 'change', seq: 3, nested: { any: ['json'] } } },
      { type: 'to-standby', message: { kind: 'snapshot' } },
      { type: 'ack', term: 2, seq: 0 },
      { type: 'resync', reason: 'gap after 41' },
      { type: 'resync', reason: '' },
      { type: 'hand-over', hostId: 'h_2' },
    ] as RelayFrame[];
    for (const frame of frames) expect(parseHostFrame(encodeFrame(frame))).toEqual(frame);
    expect(parseHostFrame({ type: 'ack', term: 1, seq: 2, hostId: 'me', extra: true })).toEqual({ type: 'ack', term: 1, seq: 2 });
    expect(parseHostFrame({ type: 'register', lobby: 'l', role: 'primary' })).toEqual({ type: 'register', lobby: 'l' });
  });

  it('names the field, the value and the rule of a bad register', () => {
    expect(issue(parseHostFrame({ type: 'register', lobby: 'l', standby: 'yes' }))).toBe('register.standby: expected a boolean, got "yes"');
    expect(issue(parseHostFrame({ type: 'register', lobby: 'l', term: -1 }))).toBe('register.term: expected a non-negative safe integer, got -1');
    expect(issue(parseHostFrame({ type: 'register', lobby: 'l', term: 1.5 }))).toBe('register.term: expected a non-negative safe integer, got 1.5');
    expect(issue(parseHostFrame({ type: 'register', lobby: 'l', term: 2 ** 53 }))).toBe(
      'register.term: expected a non-negative safe integer, got 9007199254740992',
    );
    expect(issue(parseHostFrame({ type: 'register', lobby: 'l', term: '3' }))).toBe('register.term: expected a non-negative safe integer, got "3"');
  });

  it('refuses a to-standby with a bad host id or a message that is not a JSON object', () => {
    expect(issue(parseHostFrame({ type: 'to-standby', hostId: 'h/1', message: {} }))).toBe(
      'to-standby.hostId: expected a host id of 1-64 characters of [A-Za-z0-9_-] (or none, for every standby), got "h/1"',
    );
    expect(issue(parseHostFrame({ type: 'to-standby', hostId: '', message: {} }))).toMatch(/^to-standby\.hostId: .* got ""$/);
    expect(issue(parseHostFrame({ type: 'to-standby', message: [1, 2] }))).toBe('to-standby.message: expected a JSON object, got [1,2]');
    expect(issue(parseHostFrame({ type: 'to-standby', message: null }))).toBe('to-standby.message: expected a JSON object, got null');
    expect(issue(parseHostFrame({ type: 'to-standby' }))).toBe('to-standby.message: expected a JSON object, got undefined');
  });

  it('refuses an ack whose term or seq is not a non-negative safe integer', () => {
    expect(issue(parseHostFrame({ type: 'ack', term: null, seq: 1 }))).toBe('ack.term: expected a non-negative safe integer, got null');
    expect(issue(parseHostFrame({ type: 'ack', term: 1, seq: -3 }))).toBe('ack.seq: expected a non-negative safe integer, got -3');
    expect(issue(parseHostFrame({ type: 'ack', term: 1 }))).toBe('ack.seq: expected a non-negative safe integer, got undefined');
  });

  it('refuses a resync reason that is not a string or longer than the limit, naming the limit and the length', () => {
    expect(parseHostFrame({ type: 'resync', reason: 'x'.repeat(MAX_RESYNC_REASON_LENGTH) })).toMatchObject({ type: 'resync' });
    expect(issue(parseHostFrame({ type: 'resync', reason: 'x'.repeat(MAX_RESYNC_REASON_LENGTH + 1) }))).toBe(
      'resync.reason: expected a string of at most 500 characters, got a string of 501 characters',
    );
    expect(issue(parseHostFrame({ type: 'resync', reason: 7 }))).toBe('resync.reason: expected a string of at most 500 characters, got 7');
  });

  it('refuses a hand-over without a well-formed host id, and lists every host frame type for an unknown one', () => {
    expect(issue(parseHostFrame({ type: 'hand-over' }))).toBe(
      'hand-over.hostId: expected a host id of 1-64 characters of [A-Za-z0-9_-], got undefined',
    );
    expect(issue(parseHostFrame({ type: 'promote-me' }))).toBe(
      'frame.type: expected one of "register", "to-client", "to-standby", "ack", "resync", "hand-over", "ping", got "promote-me"',
    );
  });
});

describe('parseServerToHost for primary and standby hosts', () => {
  const registered = {
    type: 'registered',
    lobby: 'l',
    token: TOKEN,
    created: false,
    clients: [],
    role: 'standby',
    term: 3,
    hostId: 'h2',
    standbys: [],
    primary: 'h1',
  };

  it('accepts every frame the server sends a host, unchanged through encodeFrame', () => {
    const frames = [
      registered,
      { ...registered, role: 'primary', primary: null, clients: ['c1'], standbys: ['h3', 'h4'], standbyToken: `standby-${'B'.repeat(43)}` },
      { type: 'standby-joined', hostId: 'h3' },
      { type: 'standby-left', hostId: 'h3' },
      { type: 'from-primary', term: 3, message: { kind: 'change', seq: 9 } },
      { type: 'standby-ack', hostId: 'h3', seq: 9 },
      { type: 'standby-resync', hostId: 'h3', reason: 'gap' },
      { type: 'promoted', term: 4, clients: ['c1'], standbys: ['h4'], pausedMs: 1200 },
      { type: 'promoted', term: 4, clients: [], standbys: [], pausedMs: 0, serverTimeMs: 1_796_683_325_231 },
      { ...registered, serverTimeMs: 1_796_683_325_231 },
      { type: 'demoted', term: 4, primary: 'h3' },
      { type: 'primary-changed', term: 4, primary: 'h3' },
      { type: 'primary-changed', term: 4, primary: null },
      { type: 'error', code: 'FENCED', message: 'fenced' },
    ] as RelayFrame[];
    for (const frame of frames) expect(parseServerToHost(encodeFrame(frame))).toEqual(frame);
  });

  it('names the field and the value of a bad registered frame', () => {
    expect(issue(parseServerToHost({ ...registered, role: 'leader' }))).toBe('registered.role: expected "primary" or "standby", got "leader"');
    expect(issue(parseServerToHost({ ...registered, term: -1 }))).toBe('registered.term: expected a non-negative safe integer, got -1');
    expect(issue(parseServerToHost({ ...registered, hostId: undefined }))).toBe(
      'registered.hostId: expected a host id of 1-64 characters of [A-Za-z0-9_-], got undefined',
    );
    expect(issue(parseServerToHost({ ...registered, standbys: 'h3' }))).toBe('registered.standbys: expected an array of host ids, got "h3"');
    expect(issue(parseServerToHost({ ...registered, standbys: ['h3', 'no spaces'] }))).toBe(
      'registered.standbys[1]: expected a host id of 1-64 characters of [A-Za-z0-9_-], got "no spaces"',
    );
    expect(issue(parseServerToHost({ ...registered, primary: undefined }))).toBe(
      'registered.primary: expected a host id of 1-64 characters of [A-Za-z0-9_-] or null, got undefined',
    );
    expect(issue(parseServerToHost({ ...registered, standbyToken: 'short' }))).toBe(
      'registered.standbyToken: expected 22-128 characters of [A-Za-z0-9_-], got "short"',
    );
  });

  it('names the field and the value of bad replication and promotion frames', () => {
    expect(issue(parseServerToHost({ type: 'standby-joined', hostId: 5 }))).toBe(
      'standby-joined.hostId: expected a host id of 1-64 characters of [A-Za-z0-9_-], got 5',
    );
    expect(issue(parseServerToHost({ type: 'standby-left' }))).toMatch(/^standby-left\.hostId: .* got undefined$/);
    expect(issue(parseServerToHost({ type: 'from-primary', term: 1, message: 'x' }))).toBe('from-primary.message: expected a JSON object, got "x"');
    expect(issue(parseServerToHost({ type: 'from-primary', message: {} }))).toBe('from-primary.term: expected a non-negative safe integer, got undefined');
    expect(issue(parseServerToHost({ type: 'standby-ack', hostId: 'h3', seq: 'nine' }))).toBe(
      'standby-ack.seq: expected a non-negative safe integer, got "nine"',
    );
    expect(issue(parseServerToHost({ type: 'standby-resync', hostId: 'h3', reason: 'y'.repeat(600) }))).toBe(
      'standby-resync.reason: expected a string of at most 500 characters, got a string of 600 characters',
    );
    expect(issue(parseServerToHost({ type: 'promoted', term: 2, clients: [], standbys: [], pausedMs: -5 }))).toBe(
      'promoted.pausedMs: expected a non-negative safe integer of milliseconds, got -5',
    );
    expect(issue(parseServerToHost({ type: 'promoted', term: 2, clients: [], standbys: [], pausedMs: 0, serverTimeMs: 'noon' }))).toBe(
      'promoted.serverTimeMs: expected a non-negative safe integer of milliseconds since the epoch, got "noon"',
    );
    expect(issue(parseServerToHost({ ...registered, serverTimeMs: -1 }))).toBe(
      'registered.serverTimeMs: expected a non-negative safe integer of milliseconds since the epoch, got -1',
    );
    expect(issue(parseServerToHost({ type: 'promoted', term: 2, clients: [7], standbys: [], pausedMs: 0 }))).toBe(
      'promoted.clients[0]: expected 1-64 characters of [A-Za-z0-9_-], got 7',
    );
    expect(issue(parseServerToHost({ type: 'demoted', term: 2 }))).toMatch(/^demoted\.primary: .* got undefined$/);
    expect(issue(parseServerToHost({ type: 'primary-changed', term: 2, primary: 'a b' }))).toBe(
      'primary-changed.primary: expected a host id of 1-64 characters of [A-Za-z0-9_-] or null, got "a b"',
    );
  });
});

describe('parseServerToClient host-status', () => {
  it('carries the term of a host that took over and refuses a bad one', () => {
    expect(parseServerToClient({ type: 'host-status', available: true, term: 2 })).toEqual({ type: 'host-status', available: true, term: 2 });
    expect(issue(parseServerToClient({ type: 'host-status', available: true, term: 'two' }))).toBe(
      'host-status.term: expected a non-negative safe integer, got "two"',
    );
  });
});
