/**
 * The host console's controls on a running lobby host, against the real
 * server: pause and resume matchmaking, export the state, check an imported
 * file, import it into a fresh store and restart from it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MatchmakingEvent } from '../src/core/matchmaker/index.ts';
import type { RunningLobbyHost } from '../src/host/host-runtime.ts';
import { importHostState, parseHostState, type HostStateExport } from '../src/host/host-state-transfer.ts';
import { memoryHostStore, type HostStore } from '../src/host/host-store.ts';
import { startNodeHost, type NodeHostOptions } from '../src/host/node-host.ts';
import { startServer, type RunningServer } from '../src/server/main.ts';
import { isFlexEvent, RawPlayer } from './e2e/pages/host-raw-player.ts';
import { duelRuleSet } from './support/duel-rule-set.ts';

const SECRET = 'a-server-secret-for-the-host-tests';
const DUEL = duelRuleSet({ maxDistance: 10 });

let server: RunningServer | undefined;
const hosts: RunningLobbyHost[] = [];
const players: RawPlayer[] = [];

beforeEach(async () => {
  server = await startServer({ port: 0, staticDir: null, secret: SECRET });
});

afterEach(async () => {
  for (const player of players.splice(0)) player.close();
  for (const host of hosts.splice(0)) await host.close();
  await server?.close();
});

async function startHost(options: Partial<NodeHostOptions> = {}): Promise<RunningLobbyHost> {
  const host = await startNodeHost({
    serverUrl: server!.url,
    lobby: 'arena',
    ruleSetBody: DUEL,
    tickIntervalMs: 50,
    saveIntervalMs: 20,
    relay: { initialDelayMs: 50, maxDelayMs: 200 },
    ...options,
  });
  hosts.push(host);
  await host.registered;
  return host;
}

async function join(): Promise<RawPlayer> {
  const player = new RawPlayer(server!.relayUrl, 'arena');
  players.push(player);
  await player.connect();
  return player;
}

function skilled(playerId: string, skill: number) {
  return { PlayerId: playerId, PlayerAttributes: { skill: { N: skill } } };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function statuses(host: RunningLobbyHost): Promise<Record<string, string>> {
  const { TicketList } = await host.matchmaker.listTickets({});
  return Object.fromEntries(TicketList.map((ticket) => [ticket.TicketId, ticket.Status]));
}

describe('pausing a lobby host', { timeout: 20_000 }, () => {
  it.each([
    ['an in-process Matchmaker', false],
    ['a Matchmaker in a worker thread', true],
  ])('accepts tickets but forms no match while paused, and matches them on resume, with %s', async (_, thread) => {
    const host = await startHost({ thread });
    const [alice, bob] = [await join(), await join()];

    await host.pause();
    await alice.ok('startMatchmaking', { TicketId: 't-alice', PeerId: 'peer-alice', Players: [skilled('alice', 10)] });
    await bob.ok('startMatchmaking', { TicketId: 't-bob', PeerId: 'peer-bob', Players: [skilled('bob', 12)] });
    const described = await alice.ok('describeMatchmaking', { TicketIds: ['t-alice'] });
    await sleep(300); // six tick intervals
    const whilePaused = await statuses(host);

    expect(host.paused).toBe(true);
    expect(described.TicketList[0].Status).toBe('QUEUED');
    expect(whilePaused).toEqual({ 't-alice': 'QUEUED', 't-bob': 'QUEUED' });

    await host.resume();
    const seen = (await alice.waitForEvent(isFlexEvent('MatchmakingSucceeded'))) as MatchmakingEvent;

    expect(host.paused).toBe(false);
    expect(seen.detail.tickets.map((ticket) => ticket.ticketId).sort()).toEqual(['t-alice', 't-bob']);
  });

  it('treats a second pause as a no-op and resumes once', async () => {
    const host = await startHost();

    await Promise.all([host.pause(), host.pause()]);
    expect(host.paused).toBe(true);
    await host.resume();
    await host.resume();
    expect(host.paused).toBe(false);
  });
});

describe('exporting and importing the host state', { timeout: 20_000 }, () => {
  it('restores every ticket with its StartTime after export, parse, import into a fresh store and restart', async () => {
    const first = await startHost({ store: memoryHostStore() });
    const [alice, bob, carol] = [await join(), await join(), await join()];
    await alice.ok('startMatchmaking', { TicketId: 't-alice', PeerId: 'peer-alice', Players: [skilled('alice', 10)] });
    await bob.ok('startMatchmaking', { TicketId: 't-bob', PeerId: 'peer-bob', Players: [skilled('bob', 60)] });
    await carol.ok('startMatchmaking', { TicketId: 't-carol', PeerId: 'peer-carol', Players: [skilled('carol', 120)] });
    await alice.waitForEvent(isFlexEvent('MatchmakingSearching'));
    const before = (await first.matchmaker.listTickets({})).TicketList;

    const exported: HostStateExport = await first.exportState();
    const text = JSON.stringify(exported, null, 2);
    await first.close();
    hosts.splice(hosts.indexOf(first), 1);
    const parsed = parseHostState(text, 'arena');
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const fresh = memoryHostStore();
    await importHostState(fresh, parsed.state);
    await sleep(1200); // the server notices the first host is gone
    const second = await startHost({ store: fresh });
    const after = (await second.matchmaker.listTickets({})).TicketList;

    expect(exported).toMatchObject({ format: 'peermatch.host', version: 1, lobby: 'arena', token: first.token });
    expect(second.restored).toBe(true);
    expect(second.token).toBe(first.token);
    expect(after.map((t) => [t.TicketId, t.Status, t.StartTime.getTime()])).toEqual(
      before.map((t) => [t.TicketId, t.Status, t.StartTime.getTime()]),
    );
    // The ledger came along: a player still owns their ticket on the new host.
    const described = await bob.ok('describeMatchmaking', { TicketIds: ['t-bob'] });
    expect(described.TicketList[0].Status).toBe('SEARCHING');
    const { Explanation } = await second.matchmaker.explainMatchmaking({ TicketId: 't-alice' });
    expect(Explanation.BlockingRule?.Name).toBe('FairSkill');
  });

  it('keeps the lobby token already in the store when importing', async () => {
    const store: HostStore & { cell: { state?: HostStateExport } } = memoryHostStore();
    const host = await startHost({ store });
    const exported = await host.exportState();
    const mine = host.token;

    await host.close();
    hosts.splice(hosts.indexOf(host), 1);
    await importHostState(store, { ...exported, token: 'a-token-from-another-server' });

    expect(store.cell.state?.token).toBe(mine);
  });
});

describe('parseHostState', () => {
  const valid = (): HostStateExport => ({
    format: 'peermatch.host',
    version: 1,
    lobby: 'arena',
    savedAtMs: 1,
    snapshot: {
      format: 'peermatch.matchmaker',
      version: 1,
      takenAtMs: 1,
      region: 'us-east-1',
      accountId: '',
      ruleSets: [],
      configurations: [],
      tickets: [],
      matches: [],
      gameSessions: [],
      waitHistory: {},
    },
    ledger: { tickets: {}, players: {}, gameSessions: {} },
  });

  it('accepts an empty but well-formed state', () => {
    expect(parseHostState(JSON.stringify(valid()), 'arena')).toEqual({ ok: true, state: valid() });
  });

  it('reports a JSON syntax error with its line and column', () => {
    const text = '{\n  "format": "peermatch.host",\n  "version": 1\n  "lobby": "arena"\n}';

    const parsed = parseHostState(text);

    expect(parsed.ok).toBe(false);
    expect(parsed).toEqual({ ok: false, errors: ['line 4, column 3: malformed JSON: expected \',\', found \'"lobby"\''] });
  });

  it('refuses another version, naming the one it reads', () => {
    expect(parseHostState(JSON.stringify({ ...valid(), version: 2 }))).toEqual({
      ok: false,
      errors: ['version: 2 is not supported; this peermatch reads version 1'],
    });
  });

  it('refuses a file that is not a host state export', () => {
    expect(parseHostState('{"format": "peermatch.matchmaker"}')).toEqual({
      ok: false,
      errors: ['format: expected "peermatch.host" (a file from a host console export), got "peermatch.matchmaker"'],
    });
  });

  it("refuses another lobby's state", () => {
    expect(parseHostState(JSON.stringify(valid()), 'other')).toEqual({
      ok: false,
      errors: ['lobby: the state was exported from lobby "arena", not "other"'],
    });
  });

  it('names the path of every snapshot shape problem', () => {
    const state = valid() as unknown as { snapshot: Record<string, unknown>; ledger: Record<string, unknown> };
    state.snapshot.tickets = [{ ticketId: 't-1', configurationName: 'gone', configurationArn: 'arn', status: 'LOST', startTimeMs: 'soon', players: [{}] }];
    state.snapshot.configurations = 'none';
    state.ledger.players = [];

    const parsed = parseHostState(JSON.stringify(state));

    expect(parsed).toEqual({
      ok: false,
      errors: [
        'snapshot.configurations: expected a list, got "none"',
        'snapshot.tickets[0].configurationName: no configuration "gone" in snapshot.configurations',
        'snapshot.tickets[0].status: expected one of QUEUED, SEARCHING, REQUIRES_ACCEPTANCE, PLACING, COMPLETED, FAILED, CANCELLED, TIMED_OUT, got "LOST"',
        'snapshot.tickets[0].startTimeMs: expected a number, got "soon"',
        'snapshot.tickets[0].players[0].PlayerId: expected a string, got undefined',
        'ledger.players: expected an object, got []',
      ],
    });
  });

  it('reports a rule set the Matchmaker can no longer compile', () => {
    const state = valid();
    state.snapshot.ruleSets = [{ name: 'r', arn: 'arn:aws:gamelift:us-east-1::matchmakingruleset/r', body: '{"teams": []}', creationTimeMs: 1 }];

    const parsed = parseHostState(JSON.stringify(state));

    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.errors[0]).toMatch(/^snapshot: the Matchmaker cannot restore it: RuleSetBody: /);
  });

  it('never throws, whatever it is given', () => {
    for (const text of ['', 'null', '[]', '"text"', '{"format": "peermatch.host", "version": 1}', undefined as unknown as string]) {
      const parsed = parseHostState(text);
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.errors.length).toBeGreaterThan(0);
    }
  });
});
