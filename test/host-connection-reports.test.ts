/**
 * `reportConnections`: the guard of the report a player's client sends after
 * a hand-off, the lobby host's per-match store behind a real LobbyHost and an
 * in-process Matchmaker (ownership, membership, bounds, retention), the
 * client's report of a hand-off notice, and the host console's words for it.
 */
import { describe, expect, it } from 'vitest';
import { Matchmaker, type MatchmakingEvent } from '../src/core/matchmaker/index.ts';
import { ConnectionReports } from '../src/host/connection-reports.ts';
import { LobbyHost } from '../src/host/lobby-host.ts';
import {
  MAX_FRAME_BYTES,
  MAX_REPORTED_CONNECTIONS,
  parseClientFrame,
  parseReportConnections,
  type ClientId,
  type HostToClientMessage,
  type ResponseFrame,
} from '../src/net/protocol.ts';
import { connectionReportOf } from '../src/client/report-connections.ts';
import { connectionActivity } from '../src/host/host-activity.ts';
import type { ConnectionInfo } from '../src/net/connection-info.ts';
import { CONSOLE_STRINGS } from '../src/elements/host-console/console-strings.ts';
import { connectionLines } from '../src/elements/host-console/match-connections.ts';
import { OPEN_DUEL } from './support/duel-rule-set.ts';

const ALICE = 'client-alice' as ClientId;
const BOB = 'client-bob' as ClientId;
const CAROL = 'client-carol' as ClientId;

const toBob = { PlayerId: 'bob', Path: 'direct', LocalCandidateType: 'host', RemoteCandidateType: 'host', IceRestarts: 0, RoundTripTimeMs: 0.4 };

function setUp(store: { maxMatches?: number } = {}) {
  let nowMs = Date.parse('2030-01-01T00:00:00Z');
  const matchmaker = new Matchmaker({ now: () => nowMs });
  matchmaker.createMatchmakingRuleSet({ Name: 'duel', RuleSetBody: OPEN_DUEL });
  matchmaker.createMatchmakingConfiguration({ Name: 'duel-config', RuleSetName: 'duel', RequestTimeoutSeconds: 120, AcceptanceRequired: false });
  const reports = new ConnectionReports({ now: () => nowMs, retentionMs: 3_600_000, ...store });
  const sent: { clientId: ClientId; message: HostToClientMessage }[] = [];
  const host = new LobbyHost({
    matchmaker,
    configurationName: 'duel-config',
    send: (clientId, message) => sent.push({ clientId, message: JSON.parse(JSON.stringify(message)) }),
    now: () => nowMs,
    reportConnections: (clientId, input, ownerOf) => void reports.accept(clientId, input, ownerOf),
    onError: (error) => {
      throw error;
    },
  });
  // Wired as host-runtime.ts does: after the LobbyHost's own listener.
  matchmaker.on((event) => reports.noteEvent(event));
  let nextRequest = 0;
  async function request(clientId: ClientId, op: 'startMatchmaking' | 'reportConnections', input: Record<string, unknown>): Promise<ResponseFrame> {
    const requestId = `r${++nextRequest}`;
    host.handleRequest(clientId, { type: 'request', requestId, op, input });
    await host.idle();
    return sent.find((s) => s.message.type === 'response' && s.message.requestId === requestId)!.message as ResponseFrame;
  }
  async function ticket(clientId: ClientId, ticketId: string, playerId: string): Promise<void> {
    const answer = await request(clientId, 'startMatchmaking', { TicketId: ticketId, PeerId: `peer-${playerId}`, Players: [{ PlayerId: playerId, PlayerAttributes: { skill: { N: 10 } } }] });
    expect(answer.ok).toBe(true);
  }
  /** Alice and Bob matched; returns the match id. */
  async function duel(a = 't-alice', b = 't-bob'): Promise<string> {
    await ticket(ALICE, a, 'alice');
    await ticket(BOB, b, 'bob');
    let matchId: string | undefined;
    const off = matchmaker.on((event: MatchmakingEvent) => {
      if (event.detail.type === 'MatchmakingSucceeded') matchId = event.detail.matchId;
    });
    matchmaker.tick();
    off();
    return matchId!;
  }
  const refusal = (answer: ResponseFrame): string => (answer.ok ? 'accepted' : `${answer.error.name}: ${answer.error.message}`);
  return { reports, request, ticket, duel, refusal, advance: (ms: number) => (nowMs += ms) };
}

describe('the reportConnections guard', () => {
  it('takes a ready report and drops the fields it does not know', () => {
    const parsed = parseReportConnections({ TicketId: 't', MatchId: 'm', Outcome: 'ready', Connections: [{ ...toBob, Address: '10.0.0.1' }], Extra: 1 });
    expect(parsed).toEqual({ TicketId: 't', MatchId: 'm', Outcome: 'ready', Connections: [toBob] });
  });

  it('names the path, the value and the limit of what it refuses', () => {
    const report = (fields: Record<string, unknown>) => ({ TicketId: 't', MatchId: 'm', Outcome: 'ready', Connections: [{ ...toBob, ...fields }] });
    expect(parseReportConnections(report({ Path: 'carrier-pigeon' }))).toBe('Connections[0].Path: expected one of direct, stun, relayed, got "carrier-pigeon"');
    expect(parseReportConnections(report({ RoundTripTimeMs: -1 }))).toBe('Connections[0].RoundTripTimeMs: expected a number of ms from 0 to 600000, got -1');
    expect(parseReportConnections(report({ LocalCandidateType: 'HOST<script>' }))).toMatch(/^Connections\[0\]\.LocalCandidateType: expected 1-16 lowercase letters/);
    expect(parseReportConnections({ TicketId: 'x'.repeat(129), MatchId: 'm', Outcome: 'ready', Connections: [] })).toMatch(/^TicketId: expected a string of 1-128 characters/);
    expect(parseReportConnections({ TicketId: 't', MatchId: 'm', Outcome: 'failed', Failure: { Step: 'ice', Reason: 'r'.repeat(601) } })).toBe(
      'Failure.Reason: expected a string of 1-600 characters, got 601 characters',
    );
    expect(parseReportConnections({ TicketId: 't', MatchId: 'm', Outcome: 'failed', Failure: { Step: 'magic', Reason: 'r' } })).toMatch(/^Failure\.Step: expected one of signaling, ice, turn-credentials/);
    expect(parseReportConnections({ TicketId: 't', MatchId: 'm', Outcome: 'failed', Failure: { Step: 'ice', Reason: 'ok\nFAKE LOG LINE' } })).toBe(
      'Failure.Reason: expected one line without control characters, got "\\n" at index 2',
    );
  });

  it(`refuses a report listing more than ${MAX_REPORTED_CONNECTIONS} connections`, () => {
    const connections = Array.from({ length: MAX_REPORTED_CONNECTIONS + 1 }, () => toBob);
    expect(parseReportConnections({ TicketId: 't', MatchId: 'm', Outcome: 'ready', Connections: connections })).toBe(
      `Connections: expected an array of at most ${MAX_REPORTED_CONNECTIONS} connections, got ${MAX_REPORTED_CONNECTIONS + 1} entries`,
    );
  });

  it('a report frame over the frame limit is refused by the relay before any host sees it', () => {
    const huge = { TicketId: 't', MatchId: 'm', Outcome: 'failed', Failure: { Step: 'ice', Reason: 'r'.repeat(MAX_FRAME_BYTES) } };
    const parsed = parseClientFrame(JSON.stringify({ type: 'request', requestId: 'r1', op: 'reportConnections', input: huge }));
    expect(parsed).toMatchObject({ code: 'TOO_LARGE' });
  });
});

describe("the lobby host's connection reports", () => {
  it("keeps a player's report under its match, with the ticket's players", async () => {
    const t = setUp();
    const matchId = await t.duel();

    const answer = await t.request(ALICE, 'reportConnections', { TicketId: 't-alice', MatchId: matchId, Outcome: 'ready', Connections: [toBob] });

    expect(answer).toMatchObject({ ok: true, value: {} });
    expect(t.reports.reportsOf(matchId)).toMatchObject([{ ticketId: 't-alice', playerIds: ['alice'], outcome: 'ready', connections: [toBob] }]);
  });

  it('keeps a failed hand-off with its step, and a later report of the same ticket replaces the earlier one', async () => {
    const t = setUp();
    const matchId = await t.duel();
    await t.request(BOB, 'reportConnections', { TicketId: 't-bob', MatchId: matchId, Outcome: 'ready', Connections: [] });
    const failure = { Step: 'turn-credentials', Reason: 'the TURN server turn:relay.example:3478 refused the credentials (401 Unauthorized)' };

    await t.request(BOB, 'reportConnections', { TicketId: 't-bob', MatchId: matchId, Outcome: 'failed', Failure: failure });

    expect(t.reports.reportsOf(matchId)).toMatchObject([{ ticketId: 't-bob', outcome: 'failed', failure }]);
  });

  it('refuses a report for a ticket another client submitted, naming it, and stores nothing', async () => {
    const t = setUp();
    const matchId = await t.duel();

    const answer = await t.request(BOB, 'reportConnections', { TicketId: 't-alice', MatchId: matchId, Outcome: 'ready', Connections: [toBob] });

    expect(t.refusal(answer)).toBe('InvalidRequestException: TicketId: ticket "t-alice" was not submitted by this client');
    expect(t.reports.reportsOf(matchId)).toEqual([]);
  });

  it('refuses a report from a client whose ticket is not in the match, and stores nothing', async () => {
    const t = setUp();
    const matchId = await t.duel();
    await t.ticket(CAROL, 't-carol', 'carol');

    const answer = await t.request(CAROL, 'reportConnections', { TicketId: 't-carol', MatchId: matchId, Outcome: 'ready', Connections: [] });

    expect(t.refusal(answer)).toBe(`InvalidRequestException: MatchId: ticket "t-carol" is not in a completed match "${matchId}" this host keeps`);
    expect(t.reports.reportsOf(matchId)).toEqual([]);
  });

  it('refuses a connection to someone who is not a player of the match, and stores nothing', async () => {
    const t = setUp();
    const matchId = await t.duel();

    const answer = await t.request(ALICE, 'reportConnections', { TicketId: 't-alice', MatchId: matchId, Outcome: 'ready', Connections: [toBob, { ...toBob, PlayerId: 'mallory' }] });

    expect(t.refusal(answer)).toBe(`InvalidRequestException: Connections[1].PlayerId: "mallory" is not a player of match "${matchId}"`);
    expect(t.reports.reportsOf(matchId)).toEqual([]);
  });

  it('refuses a malformed report with the guard’s words, and stores nothing', async () => {
    const t = setUp();
    const matchId = await t.duel();
    const connections = Array.from({ length: MAX_REPORTED_CONNECTIONS + 1 }, () => toBob);

    const answer = await t.request(ALICE, 'reportConnections', { TicketId: 't-alice', MatchId: matchId, Outcome: 'ready', Connections: connections });

    expect(t.refusal(answer)).toBe(`InvalidRequestException: Connections: expected an array of at most ${MAX_REPORTED_CONNECTIONS} connections, got ${MAX_REPORTED_CONNECTIONS + 1} entries`);
    expect(t.reports.reportsOf(matchId)).toEqual([]);
  });

  it('forgets the oldest match beyond its bound', async () => {
    const t = setUp({ maxMatches: 1 });
    const first = await t.duel('t-alice-1', 't-bob-1');
    const second = await t.duel('t-alice-2', 't-bob-2');

    const late = await t.request(ALICE, 'reportConnections', { TicketId: 't-alice-1', MatchId: first, Outcome: 'ready', Connections: [toBob] });
    await t.request(ALICE, 'reportConnections', { TicketId: 't-alice-2', MatchId: second, Outcome: 'ready', Connections: [toBob] });

    expect(late.ok).toBe(false);
    expect(t.reports.reportsOf(first)).toEqual([]);
    expect(t.reports.reportsOf(second)).toHaveLength(1);
  });

  it('forgets a match and its reports once the retention has passed', async () => {
    const t = setUp();
    const matchId = await t.duel();
    await t.request(ALICE, 'reportConnections', { TicketId: 't-alice', MatchId: matchId, Outcome: 'ready', Connections: [toBob] });
    t.advance(3_600_001);

    const late = await t.request(BOB, 'reportConnections', { TicketId: 't-bob', MatchId: matchId, Outcome: 'ready', Connections: [] });

    expect(late.ok).toBe(false);
    expect(t.reports.reportsOf(matchId)).toEqual([]);
  });
});

describe("a client's report of its hand-off", () => {
  const match: ConnectionInfo = {
    matchId: 'm1',
    gameSessionArn: 'arn:aws:gamelift:local::gamesession/fleet/s1',
    gameHostPeerId: 'peer-bob',
    gameHostPlayerId: 'bob',
    players: [
      { playerId: 'alice', team: 'red', playerSessionId: 'ps-a', peerId: 'peer-alice' },
      { playerId: 'bob', team: 'blue', playerSessionId: 'ps-b', peerId: 'peer-bob' },
    ],
    successorPlayerIds: ['alice'],
  };

  it('names each connection by the player at the other end, with its path and round trip', () => {
    const network = [{ peerId: 'peer-bob', path: 'relayed' as const, description: '', localCandidateType: 'relay', remoteCandidateType: 'srflx', roundTripTimeMs: 41.2, iceRestarts: 1 }];
    const report = connectionReportOf({ type: 'match-ready', match, role: 'player', team: 'red', connections: [], network }, 't-alice');
    expect(report).toEqual({
      TicketId: 't-alice',
      MatchId: 'm1',
      Outcome: 'ready',
      Connections: [{ PlayerId: 'bob', Path: 'relayed', LocalCandidateType: 'relay', RemoteCandidateType: 'srflx', RoundTripTimeMs: 41.2, IceRestarts: 1 }],
    });
    expect(parseReportConnections(report)).toEqual(report);
  });

  it('sends a failure with its step, the reason cut to the limit the host takes', () => {
    const failure = { step: 'ice' as const, reason: 'x'.repeat(2000) };
    const report = connectionReportOf({ type: 'match-failed', match, reason: 'timed out', failure }, 't-alice');
    expect(typeof parseReportConnections(report)).toBe('object');
    expect(report).toMatchObject({ Outcome: 'failed', Failure: { Step: 'ice' } });
  });

  it('has nothing to report for a failure before any connection step', () => {
    expect(connectionReportOf({ type: 'match-failed', match, reason: 'no connection info' }, 't-alice')).toBeUndefined();
  });
});

describe("the headless host's log line for a report", () => {
  it('names the match, the players, and each connection or the failed step', () => {
    const base = { matchId: 'm1', atMs: 0 };
    const relayed = { ...toBob, Path: 'relayed' as const, LocalCandidateType: 'relay', RemoteCandidateType: 'srflx', RoundTripTimeMs: 41.2, IceRestarts: 1 };
    expect(connectionActivity({ ...base, ticketId: 't-alice', playerIds: ['alice'], outcome: 'ready', connections: [relayed] })).toBe(
      'match m1: alice ready: to bob relayed (relay/srflx), 41.2 ms round trip, 1 ICE restart(s)',
    );
    expect(
      connectionActivity({ ...base, ticketId: 't-dave', playerIds: ['dave'], outcome: 'failed', connections: [], failure: { Step: 'turn-unreachable', Reason: 'no TURN relay was reachable' } }),
    ).toBe('match m1: dave failed at turn-unreachable: no TURN relay was reachable');
  });
});

describe("the host console's words for a match's connections", () => {
  it('says each ticket’s path and round trip, or the step that failed in plain words, and which is the game host', () => {
    const base = { matchId: 'm1', atMs: 0 };
    const lines = connectionLines(
      [
        { ...base, ticketId: 't-alice', playerIds: ['alice'], outcome: 'ready', connections: [toBob as never] },
        { ...base, ticketId: 't-carol', playerIds: ['carol'], outcome: 'ready', connections: [{ ...toBob, Path: 'relayed', RoundTripTimeMs: 41.26 } as never] },
        { ...base, ticketId: 't-dave', playerIds: ['dave'], outcome: 'failed', connections: [], failure: { Step: 'turn-credentials', Reason: 'the TURN server refused the credentials' } },
      ],
      CONSOLE_STRINGS,
      'carol',
    );
    expect(lines.map((line) => line.text)).toEqual([
      'alice: direct, 0.4 ms round trip to bob',
      'carol (game host): relayed by TURN, 41 ms round trip to bob',
      'dave: failed at TURN (the relay refused the credentials): the TURN server refused the credentials',
    ]);
    expect(lines.map((line) => line.paths)).toEqual([['direct'], ['relayed'], []]);
  });
});
