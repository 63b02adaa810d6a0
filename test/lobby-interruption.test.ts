import { describe, expect, it } from 'vitest';
import type { PeermatchClientEvent } from '../src/client/peermatch-client.ts';
import { proposalAfter, type RememberedProposal } from '../src/client/storage.ts';
import { seededRandom } from '../src/core/engine/random.ts';
import type { EventPlayer, MatchmakingEvent } from '../src/core/matchmaker/events.ts';
import { Matchmaker, type MatchmakingTicket } from '../src/core/matchmaker/index.ts';
import { failureOf } from '../src/elements/lobby/lobby-failures.ts';
import { IDLE, reduceLobby, type LobbyContext, type LobbyInput, type LobbyState } from '../src/elements/lobby/lobby-state.ts';
import { announcementOf } from '../src/elements/lobby/lobby-views.ts';
import { flexEvent, flexInput, type LooseDetail } from './support/lobby-events.ts';
import { DEFAULT_LOBBY_STRINGS } from '../src/elements/lobby/lobby-strings.ts';

const T0 = Date.parse('2025-01-01T10:00:00.000Z');

function context(nowMs = T0): LobbyContext {
  return { nowMs, playerIds: ['ana'], peerId: 'peer-ana' };
}

const envelope = (detail: LooseDetail): MatchmakingEvent => flexEvent(detail, T0);
const flex = (detail: LooseDetail): LobbyInput => flexInput(detail, T0);
const client = (event: PeermatchClientEvent): LobbyInput => ({ type: 'client', event });
const relay = (status: 'open' | 'reconnecting' | 'closed', hostAvailable: boolean, retryInMs?: number): LobbyInput =>
  client({ type: 'status', status, hostAvailable, ...(retryInMs !== undefined ? { retryInMs } : {}) });

const DUEL: Array<EventPlayer & { ticketId: string }> = [
  { ticketId: 't-ana', playerId: 'ana', team: 'red' },
  { ticketId: 't-bo', playerId: 'bo', team: 'blue' },
];
const tickets = (players: Array<EventPlayer & { ticketId: string }>) =>
  players.map(({ ticketId, ...player }) => ({ ticketId, startTime: new Date(T0).toISOString(), players: [player] }));
const searchingDetail = { type: 'MatchmakingSearching' as const, tickets: tickets([DUEL[0]!]), estimatedWaitMillis: 30_000 };
const proposedDetail = {
  type: 'PotentialMatchCreated' as const,
  matchId: 'm1',
  acceptanceRequired: true,
  acceptanceTimeout: 20,
  tickets: tickets(DUEL),
  gameSessionInfo: { players: DUEL.map(({ ticketId: _t, ...p }) => p) },
  ruleEvaluationMetrics: [],
};
const searching = flex(searchingDetail);
const proposed = flex(proposedDetail);

function ticket(status: MatchmakingTicket['Status']): MatchmakingTicket {
  return { TicketId: 't-ana', ConfigurationName: 'duel', ConfigurationArn: 'arn', Status: status, StartTime: new Date(T0 - 42_000), Players: [{ PlayerId: 'ana', Team: 'red' }] };
}

const reattached = (status: MatchmakingTicket['Status'], proposal?: RememberedProposal): LobbyInput =>
  client({ type: 'ticket-status', ticket: ticket(status), ...(proposal ? { proposal } : {}) });

function run(inputs: Array<LobbyInput | [LobbyInput, number]>, from: LobbyState = IDLE): LobbyState {
  return inputs.reduce<LobbyState>((state, item) => (Array.isArray(item) ? reduceLobby(state, item[0], context(item[1])) : reduceLobby(state, item, context())), from);
}

describe('the lobby when the host goes away mid-search', () => {
  it('a host leaving a searching ticket is waiting-for-host with the ticket kept, not a failure', () => {
    const state = run([{ type: 'start' }, searching, [relay('open', false), T0 + 7000]]);
    expect(state).toMatchObject({ status: 'waiting-for-host', ticketId: 't-ana', sinceMs: T0 + 7000, resume: { status: 'searching', ticketId: 't-ana' } });
    expect(announcementOf(state, DEFAULT_LOBBY_STRINGS)).toBe('The lobby host is unavailable. Your ticket is kept; waiting for the host to come back…');
  });

  it('a host leaving a proposal or an accepted match interrupts it too', () => {
    expect(run([{ type: 'start' }, searching, proposed, relay('open', false)])).toMatchObject({ status: 'waiting-for-host', resume: { status: 'proposed', matchId: 'm1' } });
    expect(run([{ type: 'start' }, searching, proposed, { type: 'accepting' }, relay('open', false)])).toMatchObject({ status: 'waiting-for-host', resume: { status: 'accepted' } });
  });

  it('the host coming back alone changes nothing until the re-attached ticket says how it stands', () => {
    const away = run([{ type: 'start' }, searching, relay('open', false)]);
    expect(reduceLobby(away, relay('open', true), context())).toBe(away);
    expect(run([reattached('SEARCHING')], away)).toEqual({ status: 'searching', ticketId: 't-ana', startedAtMs: T0 - 42_000, estimatedWaitMs: undefined });
  });

  it('a proposal interrupted by the host is shown again, countdown and all, when its ticket still awaits acceptance', () => {
    const before = run([{ type: 'start' }, searching, proposed]);
    const after = run([relay('open', false), relay('open', true), reattached('REQUIRES_ACCEPTANCE')], before);
    expect(after).toEqual(before);
  });

  it('a proposal that ended while the host was away follows the ticket: searching again, or failed', () => {
    const away = run([{ type: 'start' }, searching, proposed, relay('open', false)]);
    expect(run([reattached('SEARCHING')], away).status).toBe('searching');
    expect(run([client({ type: 'ticket-status', ticket: { ...ticket('FAILED'), StatusReason: 'ACCEPTANCE_TIMED_OUT' } })], away)).toMatchObject({ status: 'failed', reason: 'timed-out' });
  });

  it('an event of the ticket while waiting means the host is back, and applies to what was shown before', () => {
    const away = run([{ type: 'start' }, searching, relay('open', false)]);
    expect(run([proposed], away)).toMatchObject({ status: 'proposed', matchId: 'm1', deadlineMs: T0 + 20_000 });
  });

  it('a host that does not come back within the bound fails host-unavailable with its own words, keeping the ticket id', () => {
    const state = run([{ type: 'start' }, searching, relay('open', false), { type: 'host-wait-over', waitedMs: 60_000 }]);
    expect(state).toMatchObject({ status: 'failed', reason: 'host-unavailable', code: 'HostAway', ticketId: 't-ana' });
    expect(announcementOf(state, DEFAULT_LOBBY_STRINGS)).toBe('The lobby host has not come back. It keeps your ticket; try again to rejoin it.');
  });

  it('the bound running out after the host came back changes nothing', () => {
    const back = run([{ type: 'start' }, searching, relay('open', false), reattached('SEARCHING')]);
    expect(reduceLobby(back, { type: 'host-wait-over', waitedMs: 60_000 }, context())).toBe(back);
  });

  it('the host returning after the bound shows the kept ticket searching again', () => {
    const gaveUp = run([{ type: 'start' }, searching, relay('open', false), { type: 'host-wait-over', waitedMs: 60_000 }]);
    expect(run([reattached('SEARCHING')], gaveUp)).toMatchObject({ status: 'searching', ticketId: 't-ana' });
  });

  it('a host away before there is a ticket, or with no search at all, is not an interruption', () => {
    expect(run([{ type: 'start' }, relay('open', false)])).toEqual({ status: 'connecting' });
    expect(run([relay('open', false)])).toEqual({ status: 'idle' });
  });
});

describe('the lobby when the server drops out', () => {
  it('a dropped relay under a search is reconnecting, with the time of the next attempt', () => {
    const state = run([{ type: 'start' }, searching, [relay('reconnecting', true, 1800), T0 + 5000]]);
    expect(state).toMatchObject({ status: 'reconnecting', ticketId: 't-ana', sinceMs: T0 + 5000, retryAtMs: T0 + 6800, resume: { status: 'searching' } });
    expect(announcementOf(state, DEFAULT_LOBBY_STRINGS)).toBe('Lost the connection to the server. Reconnecting…');
  });

  it('every failed attempt moves the next attempt on and keeps when the drop began', () => {
    const state = run([{ type: 'start' }, searching, [relay('reconnecting', true, 250), T0 + 5000], [relay('reconnecting', true, 900), T0 + 6000]]);
    expect(state).toMatchObject({ status: 'reconnecting', sinceMs: T0 + 5000, retryAtMs: T0 + 6900 });
  });

  it('back on the server without the host is waiting-for-host; with it, the re-attached ticket ends the interruption', () => {
    const dropped = run([{ type: 'start' }, searching, [relay('reconnecting', true, 250), T0 + 5000]]);
    expect(run([relay('open', false)], dropped)).toMatchObject({ status: 'waiting-for-host', sinceMs: T0 + 5000, resume: { status: 'searching' } });
    expect(reduceLobby(dropped, relay('open', true), context())).toBe(dropped);
    expect(run([relay('open', true), reattached('SEARCHING')], dropped).status).toBe('searching');
  });

  it('the relay closing for good while reconnecting is still a connection failure', () => {
    const dropped = run([{ type: 'start' }, searching, relay('reconnecting', true, 250)]);
    expect(run([relay('closed', false)], dropped)).toMatchObject({ status: 'failed', reason: 'connection-failed', ticketId: 't-ana' });
  });
});

describe('a reload during a proposal', () => {
  const remembered: RememberedProposal = { ticketId: 't-ana', matchId: 'm1', deadlineMs: T0 + 20_000, acceptanceTimeoutMs: 20_000, accepted: false };

  it('restores the proposal with the remembered match id and deadline, so the countdown goes on', () => {
    const state = run([{ type: 'start' }, [reattached('REQUIRES_ACCEPTANCE', remembered), T0 + 8000]]);
    expect(state).toEqual({
      status: 'proposed',
      ticketId: 't-ana',
      matchId: 'm1',
      startedAtMs: T0 - 42_000,
      teams: [{ name: 'red', players: [{ playerId: 'ana', self: true }] }],
      deadlineMs: T0 + 20_000,
      acceptanceTimeoutMs: 20_000,
    });
  });

  it('restores accepted when this player had accepted', () => {
    const state = run([{ type: 'start' }, reattached('REQUIRES_ACCEPTANCE', { ...remembered, accepted: true })]);
    expect(state).toMatchObject({ status: 'accepted', matchId: 'm1', deadlineMs: T0 + 20_000, teams: [{ players: [{ playerId: 'ana', accepted: true }] }] });
  });

  it('ignores a remembered proposal of another ticket', () => {
    const state = run([{ type: 'start' }, reattached('REQUIRES_ACCEPTANCE', { ...remembered, ticketId: 't-old' })]);
    expect(state).toMatchObject({ status: 'proposed', matchId: '', deadlineMs: undefined });
  });

  it('a re-attach during a live proposal keeps the full teams and answers it shows', () => {
    const live = run([{ type: 'start' }, searching, proposed, { type: 'accepting' }]);
    expect(reduceLobby(live, reattached('REQUIRES_ACCEPTANCE', remembered), context())).toBe(live);
  });
});

describe('the remembered proposal', () => {
  const event = (detail: LooseDetail) => envelope(detail);

  it('starts at PotentialMatchCreated with the deadline counted from its arrival', () => {
    expect(proposalAfter(undefined, event(proposedDetail), 't-ana', 'ana', T0 + 300)).toEqual({
      ticketId: 't-ana',
      matchId: 'm1',
      deadlineMs: T0 + 20_300,
      acceptanceTimeoutMs: 20_000,
      accepted: false,
    });
  });

  it('notes this player accepting, ignores others, and ends with the proposal', () => {
    const start = proposalAfter(undefined, event(proposedDetail), 't-ana', 'ana', T0)!;
    const answer = (accepted: Record<string, boolean>) =>
      event({ type: 'AcceptMatch', matchId: 'm1', tickets: tickets(DUEL.map((p) => ({ ...p, ...(p.playerId in accepted ? { accepted: accepted[p.playerId] } : {}) }))) });
    expect(proposalAfter(start, answer({ bo: true }), 't-ana', 'ana', T0)).toBe(start);
    expect(proposalAfter(start, answer({ ana: true }), 't-ana', 'ana', T0)).toEqual({ ...start, accepted: true });
    expect(proposalAfter(start, event({ type: 'AcceptMatchCompleted', matchId: 'm1', acceptance: 'TimedOut', tickets: tickets(DUEL) }), 't-ana', 'ana', T0)).toBeUndefined();
    expect(proposalAfter(start, event(searchingDetail), 't-ana', 'ana', T0)).toBeUndefined();
  });

  it('is none for a match without acceptance, and untouched by events of other tickets', () => {
    expect(proposalAfter(undefined, event({ ...proposedDetail, acceptanceRequired: false }), 't-ana', 'ana', T0)).toBeUndefined();
    const start = proposalAfter(undefined, event(proposedDetail), 't-ana', 'ana', T0)!;
    expect(proposalAfter(start, event({ ...searchingDetail, tickets: tickets([DUEL[1]!]) }), 't-ana', 'ana', T0)).toBe(start);
  });
});

describe('a late Accept', () => {
  /** The Matchmaker's own refusal of an answer after the deadline, before the tick that times the proposal out. */
  function lateAcceptError(): Error {
    const clock = { t: 0 };
    const mm = new Matchmaker({ now: () => clock.t, random: seededRandom(3) });
    mm.createMatchmakingRuleSet({
      Name: 'duel',
      RuleSetBody: JSON.stringify({ name: 'duel', ruleLanguageVersion: '1.0', teams: [{ name: 'red', minPlayers: 1, maxPlayers: 1 }, { name: 'blue', minPlayers: 1, maxPlayers: 1 }] }),
    });
    mm.createMatchmakingConfiguration({ Name: 'cfg', RuleSetName: 'duel', RequestTimeoutSeconds: 60, AcceptanceRequired: true, AcceptanceTimeoutSeconds: 5 });
    mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: 't-ana', Players: [{ PlayerId: 'ana' }] });
    mm.startMatchmaking({ ConfigurationName: 'cfg', TicketId: 't-bo', Players: [{ PlayerId: 'bo' }] });
    mm.tick();
    clock.t = 5_000;
    try {
      mm.acceptMatch({ TicketId: 't-ana', PlayerIds: ['ana'], AcceptanceType: 'ACCEPT' });
    } catch (error) {
      return error as Error;
    }
    throw new Error('acceptMatch after the deadline was not refused');
  }

  it('is the time to accept running out, not a generic error', () => {
    const failure = failureOf('accept', lateAcceptError());
    expect(failure).toMatchObject({ reason: 'timed-out', code: 'AcceptanceWindowClosed' });
    const state = run([{ type: 'start' }, searching, proposed, { type: 'accepting' }, { type: 'failure', ...failure }]);
    expect(announcementOf(state, DEFAULT_LOBBY_STRINGS)).toBe('The time to accept ran out.');
  });

  it('other refusals of an answer stay errors, and a lost connection a connection failure', () => {
    const other = Object.assign(new Error('TicketId: ticket "t-ana" is SEARCHING; only a REQUIRES_ACCEPTANCE ticket takes acceptances'), { name: 'InvalidRequestException' });
    expect(failureOf('accept', other).reason).toBe('error');
    expect(failureOf('accept', Object.assign(new Error('gone'), { name: 'ClientClosed' })).reason).toBe('connection-failed');
    expect(failureOf('connect', Object.assign(new Error('no lobby'), { name: 'UnknownLobby' })).reason).toBe('host-unavailable');
  });
});
