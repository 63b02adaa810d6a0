import { afterEach, describe, expect, it } from 'vitest';
import type { MatchmakerSnapshot } from '../src/core/matchmaker/index.ts';
import { nodeWorkerLink, spawnMatchmakerThread, startNodeMatchmaker, type NodeMatchmakerOptions } from '../src/node/node-worker.ts';
import type { ResponseMessage } from '../src/worker/protocol.ts';
import { connectMatchmaker, WORKER_GONE_ERROR, type RemoteMatchmaker } from '../src/worker/rpc-client.ts';
import { connectionInfoOf, ticketConnectionOf } from '../src/net/connection-info.ts';
import {
  DUEL_CONFIGURATION,
  DUEL_RULE_SET,
  nextEvent,
  probeErrors,
  rejection,
  runDuel,
  setUpDuel,
  startDuelTicket,
} from './e2e/pages/duel-scenario.ts';

const open: RemoteMatchmaker[] = [];

function start(options: NodeMatchmakerOptions = {}): RemoteMatchmaker {
  const remote = startNodeMatchmaker(options);
  open.push(remote);
  return remote;
}

afterEach(async () => {
  await Promise.all(open.splice(0).map((remote) => remote.close()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `promise`, or a rejection naming `what` after `ms`, so a failing test fails fast instead of hanging. */
function within<T>(promise: Promise<T>, what: string, ms = 5000): Promise<T> {
  return Promise.race([promise, sleep(ms).then(() => Promise.reject(new Error(`${what}: nothing within ${ms} ms`)))]);
}

describe('a Matchmaker in a Node worker thread', { timeout: 20_000 }, () => {
  it('matches two close-skill tickets on its own timer and streams MatchmakingSucceeded out', async () => {
    const outcome = await runDuel(start({ tickIntervalMs: 50 }));

    expect(outcome.succeededTicketIds).toEqual(['ticket-alice', 'ticket-bob']);
    expect(outcome.statuses).toEqual({ 'ticket-alice': 'COMPLETED', 'ticket-bob': 'COMPLETED' });
    expect(Object.values(outcome.teams).sort()).toEqual(['blue', 'red']);
    expect(outcome.eventTypes).toContain('MatchmakingSearching');
    expect(outcome.eventTypes.indexOf('PotentialMatchCreated')).toBeLessThan(outcome.eventTypes.indexOf('MatchmakingSucceeded'));
    expect(outcome.startTimeIsDate).toBe(true);
  });

  it('rejects an unknown configuration with NotFoundException and a bad request with InvalidRequestException', async () => {
    const { notFound, invalid } = await probeErrors(start({ tickIntervalMs: null }));

    expect(notFound).toMatchObject({ name: 'NotFoundException', isError: true });
    expect(notFound.message).toContain('no-such-config');
    expect(invalid).toMatchObject({ name: 'InvalidRequestException', isError: true });
    expect(invalid.message).toContain('TicketIds');
  });

  it('leaves tickets QUEUED while ticking is stopped, and a remote tick() matches them', async () => {
    const remote = start({ tickIntervalMs: 50 });
    await remote.stopTicking();
    await setUpDuel(remote);
    await startDuelTicket(remote, 'ticket-alice', 'alice', 20);
    await startDuelTicket(remote, 'ticket-bob', 'bob', 22);
    await sleep(200);
    const before = await remote.describeMatchmaking({ TicketIds: ['ticket-alice', 'ticket-bob'] });
    expect(before.TicketList.map((ticket) => ticket.Status)).toEqual(['QUEUED', 'QUEUED']);

    const tick = await remote.tick();

    expect(tick.proposedMatchIds).toHaveLength(1);
    const after = await remote.describeMatchmaking({ TicketIds: ['ticket-alice', 'ticket-bob'] });
    expect(after.TicketList.map((ticket) => ticket.Status)).toEqual(['COMPLETED', 'COMPLETED']);
  });

  it('starts ticking when asked after being started without a timer', async () => {
    const remote = start({ tickIntervalMs: null });
    await setUpDuel(remote);
    const succeeded = nextEvent(remote, (event) => event.detail.type === 'MatchmakingSucceeded', 5000);
    await startDuelTicket(remote, 'ticket-alice', 'alice', 20);
    await startDuelTicket(remote, 'ticket-bob', 'bob', 22);

    await remote.startTicking(30);

    expect((await succeeded).detail.tickets).toHaveLength(2);
  });

  it('keeps a searching ticket across a snapshot restored into a new worker', async () => {
    const first = start({ tickIntervalMs: 50 });
    await setUpDuel(first);
    await startDuelTicket(first, 'ticket-alice', 'alice', 20);
    await nextEvent(first, (event) => event.detail.type === 'MatchmakingSearching', 5000);
    const snapshot = await first.snapshot();
    await first.close();

    const second = start({ tickIntervalMs: 50, snapshot });
    const restored = await second.describeMatchmaking({ TicketIds: ['ticket-alice'] });
    expect(restored.TicketList.map((ticket) => [ticket.TicketId, ticket.Status])).toEqual([['ticket-alice', 'SEARCHING']]);
    const succeeded = nextEvent(second, (event) => event.detail.type === 'MatchmakingSucceeded', 5000);
    await startDuelTicket(second, 'ticket-bob', 'bob', 25);
    expect((await succeeded).detail.tickets.map((ticket) => ticket.ticketId).sort()).toEqual(['ticket-alice', 'ticket-bob']);
  });

  it('replaces the hosted matchmaker on restore(), and refuses a non-snapshot with InvalidRequestException', async () => {
    const source = start({ tickIntervalMs: null });
    await setUpDuel(source);
    await startDuelTicket(source, 'ticket-alice', 'alice', 20);
    const snapshot = await source.snapshot();

    const target = start({ tickIntervalMs: null });
    await target.restore(snapshot);
    const configs = await target.describeMatchmakingConfigurations({});
    expect(configs.Configurations.map((config) => config.Name)).toEqual([DUEL_CONFIGURATION]);
    expect((await target.describeMatchmaking({ TicketIds: ['ticket-alice'] })).TicketList).toHaveLength(1);

    const refused = await rejection(() => target.restore({ format: 'something-else' } as unknown as MatchmakerSnapshot));
    expect(refused.name).toBe('InvalidRequestException');
    expect((await target.describeMatchmaking({ TicketIds: ['ticket-alice'] })).TicketList).toHaveLength(1);
  });

  it("runs on the clock setClock gives it, across a restore: tickets start at that time and age from it", async () => {
    const remote = start({ tickIntervalMs: null });
    await setUpDuel(remote);
    const lobbyNow = Date.now() + 3_600_000;
    await remote.setClock(lobbyNow);
    const { MatchmakingTicket: ticket } = await startDuelTicket(remote, 'ticket-alice', 'alice', 20);
    expect(Math.abs(ticket.StartTime!.getTime() - lobbyNow)).toBeLessThan(2_000);

    // RequestTimeoutSeconds is 60: an hour ahead of the real clock, the ticket is still young on the remote's clock.
    await remote.restore(await remote.snapshot());
    await remote.tick();
    const { TicketList } = await remote.describeMatchmaking({ TicketIds: ['ticket-alice'] });
    expect(TicketList[0]).toMatchObject({ Status: 'SEARCHING', StartTime: ticket.StartTime });
  });

  it('streams backfill results as game-session updates', async () => {
    const remote = start({ tickIntervalMs: 50 });
    await setUpDuel(remote);
    const arn = 'arn:aws:gamelift:us-east-1::gamesession/fleet-1/gs-1';
    const updated = new Promise<string>((resolve) => remote.onUpdateGameSession(arn, (update) => resolve(update.updateReason)));
    await remote.startMatchBackfill({
      ConfigurationName: DUEL_CONFIGURATION,
      GameSessionArn: arn,
      Players: [{ PlayerId: 'dave', Team: 'red', PlayerAttributes: { skill: { N: 20 } } }],
    });
    await startDuelTicket(remote, 'ticket-erin', 'erin', 21);

    expect(await within(updated, 'game-session update')).toBe('MATCHMAKING_DATA_UPDATED');
  });
});

describe('the worker wire', { timeout: 20_000 }, () => {
  it('answers a malformed message with an error and keeps serving', async () => {
    const worker = spawnMatchmakerThread({ tickIntervalMs: null });
    const link = nodeWorkerLink(worker);
    const remote = connectMatchmaker(link);
    open.push(remote);
    const raw: ResponseMessage[] = [];
    link.addEventListener('message', ({ data }) => raw.push(data as ResponseMessage));
    const faults: Error[] = [];
    remote.onFault((error) => faults.push(error));

    link.postMessage({ type: 'call', id: 900_001, method: 'constructor', args: [] });
    link.postMessage({ type: 'call', id: 900_002, method: 'tick', args: 'not-a-list' });
    link.postMessage({ type: 'set-clock', id: 900_003, nowMs: 'noon' });
    link.postMessage('garbage');
    const valid = await remote.validateMatchmakingRuleSet({ RuleSetBody: '{"not": "a rule set"}' });

    expect(valid).toEqual({ Valid: false });
    expect(raw.find((m) => m.type === 'error' && m.id === 900_001)).toMatchObject({
      name: 'InvalidRequestException',
      message: expect.stringContaining('method: "constructor" is not a Matchmaker method'),
    });
    expect(raw.find((m) => m.type === 'error' && m.id === 900_002)).toMatchObject({
      name: 'InvalidRequestException',
      message: expect.stringContaining('args:'),
    });
    expect(raw.find((m) => m.type === 'error' && m.id === 900_003)).toMatchObject({
      name: 'InvalidRequestException',
      message: expect.stringContaining('nowMs: expected milliseconds since the epoch (a non-negative integer), got "noon"'),
    });
    expect(raw.find((m) => m.type === 'fault')).toMatchObject({ source: 'message', name: 'InvalidRequestException' });
    expect(faults.some((error) => error.name === 'InvalidRequestException')).toBe(true);
  });

  it('rejects pending calls with WorkerGoneError when the worker is terminated', async () => {
    const worker = spawnMatchmakerThread({ tickIntervalMs: null });
    const remote = connectMatchmaker(nodeWorkerLink(worker));
    // Posted while the thread is still loading, so it cannot have been answered yet.
    const pending = rejection(() => remote.describeMatchmakingRuleSets({}));
    await worker.terminate();

    const error = await within(pending, 'rejection of the pending call');
    expect(error.name).toBe(WORKER_GONE_ERROR);
    expect(error.message).toContain('describeMatchmakingRuleSets');
    expect((await rejection(() => remote.listTickets({}))).name).toBe(WORKER_GONE_ERROR);
  });

  it('rejects calls after close() with WorkerGoneError', async () => {
    const remote = startNodeMatchmaker({ tickIntervalMs: null });
    await remote.describeMatchmakingRuleSets({});
    await remote.close();

    const error = await rejection(() => remote.describeMatchmakingRuleSets({}));
    expect(error).toMatchObject({ name: WORKER_GONE_ERROR, message: expect.stringContaining('closed') });
  });

  it('reports a thread started from a bad snapshot as gone, naming the core error', async () => {
    const remote = start({ snapshot: { format: 'nope' } as unknown as MatchmakerSnapshot });

    const error = await within(rejection(() => remote.describeMatchmakingRuleSets({})), 'rejection of the call');
    expect(error.name).toBe(WORKER_GONE_ERROR);
    expect(error.message).toContain('InvalidRequestException: snapshot');
  });
});

describe('peer-to-peer through the worker', { timeout: 20_000 }, () => {
  it('carries the core\'s connection info out as data and reports a player gone, refilled by automatic backfill', async () => {
    const remote = start({ tickIntervalMs: null });
    await remote.createMatchmakingRuleSet({ Name: 'duel', RuleSetBody: DUEL_RULE_SET });
    await remote.createMatchmakingConfiguration({
      Name: 'auto',
      RuleSetName: 'duel',
      RequestTimeoutSeconds: 60,
      AcceptanceRequired: false,
      BackfillMode: 'AUTOMATIC',
    });
    const succeeded = nextEvent(remote, (event) => event.detail.type === 'MatchmakingSucceeded', 5000);
    for (const [id, skill] of [['alice', 20], ['bob', 22]] as const) {
      await remote.startMatchmaking({
        ConfigurationName: 'auto',
        TicketId: `ticket-${id}`,
        Players: [{ PlayerId: id, PeerId: `peer-${id}`, PlayerAttributes: { skill: { N: skill } } }],
      });
    }
    await remote.tick();
    const connection = connectionInfoOf(await within(succeeded, 'MatchmakingSucceeded'))!;
    const [described] = (await remote.describeMatchmaking({ TicketIds: ['ticket-bob'] })).TicketList;

    expect(connection.gameHostPeerId).toBe('peer-alice');
    expect(connection.successorPlayerIds).toEqual(['bob']);
    expect(ticketConnectionOf(described!)).toEqual({
      matchId: connection.matchId,
      gameSessionArn: connection.gameSessionArn,
      gameHostPeerId: 'peer-alice',
      gameHostPlayerId: 'alice',
      successorPlayerIds: ['bob'],
    });

    const reported = await remote.reportPlayerLeft({ GameSessionArn: connection.gameSessionArn, PlayerId: 'bob' });
    const [refill] = (await remote.describeMatchmaking({ TicketIds: [reported.BackfillTicketId!] })).TicketList;
    expect(refill!.Players.map((player) => [player.PlayerId, player.PeerId])).toEqual([['alice', 'peer-alice']]);
    expect(await rejection(() => remote.reportPlayerLeft({ GameSessionArn: connection.gameSessionArn, PlayerId: 'bob' }))).toMatchObject({
      name: 'InvalidRequestException',
    });
  });
});
