/**
 * The Node lobby host against the real server: raw WebSocket players join a
 * lobby through the relay, get matched with connection info, cannot touch
 * each other's tickets, and lose nothing when the host or the server restarts.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MatchmakingEvent } from '../src/core/matchmaker/index.ts';
import { connectionInfoOf } from '../src/net/connection-info.ts';
import type { RunningLobbyHost } from '../src/host/host-runtime.ts';
import { parseHostArguments, runHostCommand, startNodeHost, type NodeHostOptions } from '../src/host/node-host.ts';
import { startServer, type RunningServer } from '../src/server/main.ts';
import { isFlexEvent, RawPlayer } from './e2e/pages/host-raw-player.ts';
import { duelRuleSet } from './support/duel-rule-set.ts';

const ONE_V_ONE = new URL('../examples/rulesets/06-compare-across-players.jsonc', import.meta.url);
const SECRET = 'a-server-secret-for-the-host-tests';

/** Two teams of one; skills must be equal at first, within 100 after two seconds. */
const WIDENING_DUEL = duelRuleSet({ maxDistance: 0, widenTo: 100, widenAfterSeconds: 2 });

let dir: string;
let server: RunningServer | undefined;
const hosts: RunningLobbyHost[] = [];
const players: RawPlayer[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'peermatch-host-'));
  server = await startServer({ port: 0, staticDir: null, secret: SECRET });
});

afterEach(async () => {
  for (const player of players.splice(0)) player.close();
  for (const host of hosts.splice(0)) await host.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function startHost(options: Partial<NodeHostOptions> & { ruleSetBody: string }): Promise<RunningLobbyHost> {
  const host = await startNodeHost({
    serverUrl: server!.url,
    lobby: 'arena',
    stateFile: join(dir, 'host.json'),
    tickIntervalMs: 100,
    relay: { initialDelayMs: 50, maxDelayMs: 200 },
    ...options,
  });
  hosts.push(host);
  await host.registered;
  return host;
}

async function joinArena(): Promise<RawPlayer> {
  const player = new RawPlayer(server!.relayUrl, 'arena');
  players.push(player);
  await player.connect();
  return player;
}

function character(playerId: string, value: number) {
  return { PlayerId: playerId, PlayerAttributes: { character: { N: value } } };
}

describe('the Node host behind the real relay', { timeout: 20_000 }, () => {
  it.each([
    ['an in-process Matchmaker', false],
    ['a Matchmaker in a worker thread', true],
  ])('matches two players on a 1v1 with %s and names one of them as game host in both connection infos', async (_, thread) => {
    await startHost({ ruleSetBody: await readFile(ONE_V_ONE, 'utf8'), thread });
    const [alice, bob] = [await joinArena(), await joinArena()];

    await alice.ok('startMatchmaking', { TicketId: 't-alice', PeerId: 'peer-alice', Players: [character('alice', 1)] });
    await bob.ok('startMatchmaking', { TicketId: 't-bob', PeerId: 'peer-bob', Players: [character('bob', 2)] });
    const seen = await Promise.all(
      [alice, bob].map((p) => p.waitForEvent(isFlexEvent('MatchmakingSucceeded')) as Promise<MatchmakingEvent>),
    );

    const [forAlice, forBob] = seen.map((event) => connectionInfoOf(event));
    expect(forAlice).toBeDefined();
    expect(forBob).toEqual(forAlice);
    expect(['alice', 'bob']).toContain(forAlice!.gameHostPlayerId);
    expect(forAlice!.gameHostPeerId).toBe(`peer-${forAlice!.gameHostPlayerId}`);
    expect(forAlice!.players.map((p) => p.peerId).sort()).toEqual(['peer-alice', 'peer-bob']);
  });

  it('refuses a player who accepts, stops or describes another player\'s ticket', async () => {
    await startHost({
      ruleSetBody: await readFile(ONE_V_ONE, 'utf8'),
      configuration: { AcceptanceRequired: true, AcceptanceTimeoutSeconds: 30 },
    });
    const [alice, bob] = [await joinArena(), await joinArena()];
    await alice.ok('startMatchmaking', { TicketId: 't-alice', PeerId: 'peer-alice', Players: [character('alice', 1)] });
    await bob.ok('startMatchmaking', { TicketId: 't-bob', PeerId: 'peer-bob', Players: [character('bob', 2)] });
    await bob.waitForEvent(isFlexEvent('PotentialMatchCreated'));

    const accept = await bob.request('acceptMatch', { TicketId: 't-alice', PlayerIds: ['alice'], AcceptanceType: 'REJECT' });
    const stop = await bob.request('stopMatchmaking', { TicketId: 't-alice' });
    const describeOther = await bob.request('describeMatchmaking', { TicketIds: ['t-alice'] });

    expect(accept).toMatchObject({ ok: false, error: { name: 'InvalidRequestException' } });
    expect(stop).toMatchObject({ ok: false, error: { name: 'InvalidRequestException' } });
    expect(describeOther).toMatchObject({ ok: false, error: { name: 'NotFoundException' } });
    for (const response of [accept, stop, describeOther]) expect(JSON.stringify(response)).toContain('t-alice');
    await alice.ok('acceptMatch', { TicketId: 't-alice', PlayerIds: ['alice'], AcceptanceType: 'ACCEPT' });
    await bob.ok('acceptMatch', { TicketId: 't-bob', PlayerIds: ['bob'], AcceptanceType: 'ACCEPT' });
    await alice.waitForEvent(isFlexEvent('MatchmakingSucceeded'));
    await bob.waitForEvent(isFlexEvent('MatchmakingSucceeded'));
  });

  it('resumes from its state file after a restart mid-search: the ticket keeps its StartTime and completes', async () => {
    const ruleSetBody = await readFile(ONE_V_ONE, 'utf8');
    const first = await startHost({ ruleSetBody });
    const [alice, bob] = [await joinArena(), await joinArena()];
    const started = await alice.ok('startMatchmaking', { TicketId: 't-alice', PeerId: 'peer-alice', Players: [character('alice', 1)] });
    await alice.waitForEvent(isFlexEvent('MatchmakingSearching'));

    await first.close();
    hosts.splice(hosts.indexOf(first), 1);
    await new Promise((resolve) => setTimeout(resolve, 1200));
    const second = await startHost({ ruleSetBody });
    const described = await alice.ok('describeMatchmaking', { TicketIds: ['t-alice'] });
    await bob.ok('startMatchmaking', { TicketId: 't-bob', PeerId: 'peer-bob', Players: [character('bob', 2)] });
    const succeeded = (await alice.waitForEvent(isFlexEvent('MatchmakingSucceeded'))) as MatchmakingEvent;

    expect(second.restored).toBe(true);
    expect(second.token).toBe(first.token);
    expect(described.TicketList[0].Status).toBe('SEARCHING');
    expect(described.TicketList[0].StartTime).toBe(started.MatchmakingTicket.StartTime);
    const aliceTicket = succeeded.detail.tickets.find((t) => t.ticketId === 't-alice')!;
    expect(aliceTicket.startTime).toBe(started.MatchmakingTicket.StartTime);
    expect(connectionInfoOf(succeeded)).toBeDefined();
  });

  it('loses no ticket and no event when the server restarts mid-matchmaking', async () => {
    await startHost({ ruleSetBody: WIDENING_DUEL });
    const [alice, bob] = [await joinArena(), await joinArena()];
    const started = await alice.ok('startMatchmaking', { TicketId: 't-alice', PeerId: 'peer-alice', Players: [{ PlayerId: 'alice', PlayerAttributes: { skill: { N: 10 } } }] });
    await bob.ok('startMatchmaking', { TicketId: 't-bob', PeerId: 'peer-bob', Players: [{ PlayerId: 'bob', PlayerAttributes: { skill: { N: 50 } } }] });
    const port = server!.port;

    // Down before the expansion at 2 s lets the match form: it forms while no player is reachable.
    await server!.close();
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(alice.events.filter(isFlexEvent('MatchmakingSucceeded'))).toHaveLength(0);
    server = await startServer({ port, staticDir: null, secret: SECRET });
    const seen = (await Promise.all(
      [alice, bob].map((p) => p.waitForEvent(isFlexEvent('MatchmakingSucceeded'))),
    )) as MatchmakingEvent[];

    expect(seen.map((event) => connectionInfoOf(event)?.matchId)).toEqual([
      (seen[0]!.detail as { matchId: string }).matchId,
      (seen[0]!.detail as { matchId: string }).matchId,
    ]);
    expect(seen[0]!.detail.tickets.find((t) => t.ticketId === 't-alice')!.startTime).toBe(started.MatchmakingTicket.StartTime);
    const described = await alice.ok('describeMatchmaking', { TicketIds: ['t-alice'] });
    expect(described.TicketList[0].Status).toBe('COMPLETED');
  });
});

describe('peermatch host', () => {
  function io(files: Record<string, string>) {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      io: {
        stdout: (line: string) => out.push(line),
        stderr: (line: string) => err.push(line),
        readTextFile: async (path: string) => {
          if (!(path in files)) throw new Error(`ENOENT: ${path}`);
          return files[path]!;
        },
      },
    };
  }

  it('prints rule-set errors as FILE:LINE:COLUMN path: message and exits 1 without starting', async () => {
    const broken = '{\n  "name": "x",\n  "ruleLanguageVersion": "1.0",\n  "teams": [{ "name": "red", "minPlayers": 3, "maxPlayers": 1 }]\n}\n';
    const run = io({ 'broken.json': broken });

    const code = await runHostCommand(['--server', server!.url, '--lobby', 'arena', '--ruleset', 'broken.json'], run.io);

    expect(code).toBe(1);
    expect(run.err.some((line) => /^broken\.json:\d+:\d+ teams\[0\]\.\S*: /.test(line))).toBe(true);
    expect(run.out.join('\n')).not.toContain('registered');
  });

  it('refuses an unknown option and a bad backfill mode with exit code 2', async () => {
    const run = io({});

    expect(await runHostCommand(['--server', 'http://x', '--lobby', 'a', '--ruleset', 'f', '--frobnicate', '1'], run.io)).toBe(2);
    expect(await runHostCommand(['--server', 'http://x', '--lobby', 'a', '--ruleset', 'f', '--backfill', 'SOMETIMES'], run.io)).toBe(2);
    expect(run.err.join('\n')).toContain('--frobnicate');
    expect(run.err.join('\n')).toContain('SOMETIMES');
  });

  it('takes --save-interval in milliseconds, 0 to save at once, and refuses anything else naming the value', () => {
    const base = ['--server', 'http://x', '--lobby', 'a', '--ruleset', 'f'];
    expect(parseHostArguments([...base, '--save-interval', '0'])).toMatchObject({ saveIntervalMs: 0 });
    expect(parseHostArguments([...base, '--save-interval=50'])).toMatchObject({ saveIntervalMs: 50 });
    expect(parseHostArguments(base)).not.toHaveProperty('saveIntervalMs');
    for (const bad of ['-5', '1.5', 'soon', '60001']) {
      expect(parseHostArguments([...base, '--save-interval', bad])).toEqual({
        usage: `--save-interval: expected a whole number of milliseconds from 0 to 60000, got "${bad}"`,
      });
    }
  });

  it('hosts a lobby from the command line until told to stop, saving its state file', async () => {
    const run = io({ 'duel.json': WIDENING_DUEL });
    let stop!: () => void;
    const until = new Promise<void>((resolve) => (stop = resolve));
    const state = join(dir, 'cli-state.json');
    let registered: Promise<string> | undefined;

    const exited = runHostCommand(
      ['--server', server!.url, '--lobby', 'cli-lobby', '--ruleset', 'duel.json', '--backfill', 'AUTOMATIC', '--state', state, '--request-timeout', '60'],
      run.io,
      { until, onStarted: (host) => (registered = host.registered) },
    );
    await expect.poll(() => registered).toBeDefined();
    await registered;
    const player = new RawPlayer(server!.relayUrl, 'cli-lobby');
    players.push(player);
    await player.connect();
    await player.ok('startMatchmaking', { PeerId: 'peer-p', Players: [{ PlayerId: 'p' }] });
    stop();

    expect(await exited).toBe(0);
    const saved = JSON.parse(await readFile(state, 'utf8'));
    expect(saved.lobby).toBe('cli-lobby');
    expect(saved.snapshot.configurations[0]).toMatchObject({ BackfillMode: 'AUTOMATIC', RequestTimeoutSeconds: 60 });
    expect(saved.snapshot.tickets).toHaveLength(1);
    expect(run.out.join('\n')).toContain('registered');
  });
});
