/**
 * The AWS SDK, unchanged: the real `@aws-sdk/client-gamelift` command objects
 * sent through peermatch's `GameLiftClient` to an in-process Matchmaker, a
 * Matchmaker in a Node thread, and a lobby over the real relay (real server,
 * real Node host); the SDK-written service in examples/aws-sdk runs against
 * each with only the client's construction changed.
 */
import * as sdk from '@aws-sdk/client-gamelift';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { MatchmakingService } from '../examples/aws-sdk/matchmaking-service.ts';
import { PeermatchClient } from '../src/client/peermatch-client.ts';
import type { WebSocketLike } from '../src/client/relay-socket.ts';
import { startNodeHost } from '../src/host/node-host.ts';
import {
  GameLiftClient,
  InternalServiceException,
  InvalidRequestException,
  Matchmaker,
  NotFoundException,
  StartMatchmakingCommand,
  DescribeMatchmakingCommand,
  type StartMatchmakingCommandInput,
} from '../src/index.ts';
import { startNodeMatchmaker } from '../src/node/node-worker.ts';
import { startServer } from '../src/server/main.ts';
import { duelRuleSet } from './support/duel-rule-set.ts';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A Matchmaker on the wall clock, ticking every 50 ms like a host would. */
function tickingMatchmaker(): Matchmaker {
  const mm = new Matchmaker({ now: () => Date.now() });
  const timer = setInterval(() => mm.tick(), 50);
  cleanups.push(() => clearInterval(timer));
  return mm;
}

/** Creates the duel rule set and configuration with the SDK's own commands. */
async function setUpDuel(gamelift: GameLiftClient, acceptanceRequired: boolean): Promise<void> {
  await gamelift.send(new sdk.CreateMatchmakingRuleSetCommand({ Name: 'duel', RuleSetBody: duelRuleSet() }));
  await gamelift.send(
    new sdk.CreateMatchmakingConfigurationCommand({
      Name: 'duel',
      RuleSetName: 'duel',
      RequestTimeoutSeconds: 60,
      AcceptanceRequired: acceptanceRequired,
      AcceptanceTimeoutSeconds: 30,
      BackfillMode: 'MANUAL',
      FlexMatchMode: 'STANDALONE',
    }),
  );
}

const player = (id: string, skill: number): sdk.Player => ({ PlayerId: id, PlayerAttributes: { skill: { N: skill } } });

describe('GameLiftClient against an in-process Matchmaker', () => {
  it('runs the SDK-written service (start, poll describe, accept) to a completed 1v1 for both players', async () => {
    const gamelift = new GameLiftClient({ matchmaker: tickingMatchmaker() });
    await setUpDuel(gamelift, true);
    const service = new MatchmakingService(gamelift, 20);
    const [ana, bo] = await Promise.all([service.findMatch('duel', player('ana', 10)), service.findMatch('duel', player('bo', 12))]);
    expect(ana.Status).toBe('COMPLETED');
    expect(bo.Status).toBe('COMPLETED');
    expect(ana.GameSessionConnectionInfo?.GameSessionArn).toBe(bo.GameSessionConnectionInfo?.GameSessionArn);
    expect(ana.GameSessionConnectionInfo?.MatchedPlayerSessions?.map((s) => s.PlayerId)).toEqual(['ana']);
    expect(bo.GameSessionConnectionInfo?.MatchedPlayerSessions?.map((s) => s.PlayerId)).toEqual(['bo']);
  });

  it('answers the SDK output shapes with $metadata and Date fields', async () => {
    const gamelift = new GameLiftClient({ matchmaker: tickingMatchmaker() });
    await setUpDuel(gamelift, false);
    const started = await gamelift.send(new sdk.StartMatchmakingCommand({ ConfigurationName: 'duel', Players: [player('ana', 10)] }));
    expect(started.$metadata).toMatchObject({ httpStatusCode: 200, attempts: 1, totalRetryDelay: 0 });
    expect(started.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(started.MatchmakingTicket?.StartTime).toBeInstanceOf(Date);
    const configs = await gamelift.send(new sdk.DescribeMatchmakingConfigurationsCommand({}));
    expect(configs.Configurations?.map((c) => c.Name)).toEqual(['duel']);
    const valid = await gamelift.send(new sdk.ValidateMatchmakingRuleSetCommand({ RuleSetBody: duelRuleSet() }));
    expect(valid.Valid).toBe(true);
    const stopped = await gamelift.send(new sdk.StopMatchmakingCommand({ TicketId: started.MatchmakingTicket?.TicketId }));
    expect(stopped).toEqual({ $metadata: expect.objectContaining({ httpStatusCode: 200 }) });
  });

  it('rejects an unknown ticket with a NotFoundException that both peermatch and the SDK recognise', async () => {
    const gamelift = new GameLiftClient({ matchmaker: tickingMatchmaker() });
    const error = await gamelift.send(new sdk.AcceptMatchCommand({ TicketId: 'nope', PlayerIds: ['ana'], AcceptanceType: 'ACCEPT' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundException);
    expect(error).toBeInstanceOf(sdk.NotFoundException);
    expect(error).not.toBeInstanceOf(sdk.InvalidRequestException);
    expect(error).toMatchObject({ name: 'NotFoundException', $fault: 'client', $metadata: { httpStatusCode: 400 }, message: expect.stringContaining('"nope"') });
    expect((error as NotFoundException).$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a request missing a field the SDK marks required, naming the operation and the field', async () => {
    const gamelift = new GameLiftClient({ matchmaker: tickingMatchmaker() });
    const error = await gamelift.send(new sdk.StopMatchmakingCommand({ TicketId: undefined })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestException);
    expect((error as Error).message).toBe('StopMatchmaking: TicketId is required, got undefined');
  });

  it('refuses a command of an operation peermatch does not run, naming it', async () => {
    const gamelift = new GameLiftClient({ matchmaker: tickingMatchmaker() });
    const error = await gamelift.send(new sdk.ListFleetsCommand({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestException);
    expect((error as Error).message).toMatch(/^send: "ListFleets" is not a GameLift matchmaking operation peermatch runs/);
  });

  it('takes peermatch’s own command classes with SDK-typed (all-optional) inputs and the callback form', async () => {
    const gamelift = new GameLiftClient({ matchmaker: tickingMatchmaker() });
    await setUpDuel(gamelift, false);
    const input: sdk.StartMatchmakingCommandInput = { ConfigurationName: 'duel', Players: [player('ana', 10)] };
    const asOurs: StartMatchmakingCommandInput = input;
    const { MatchmakingTicket } = await gamelift.send(new StartMatchmakingCommand(asOurs));
    const described = await new Promise<unknown>((resolve, reject) => {
      gamelift.send(new DescribeMatchmakingCommand({ TicketIds: [MatchmakingTicket.TicketId] }), (error, output) =>
        error ? reject(error) : resolve(output?.TicketList[0]?.TicketId),
      );
    });
    expect(described).toBe(MatchmakingTicket.TicketId);
  });

  it('refuses a construction with neither a matchmaker nor a client', () => {
    expect(() => new GameLiftClient({} as never)).toThrow(/^GameLiftClient: expected \{ matchmaker \} or \{ client \}, got \{\}$/);
  });
});

describe('GameLiftClient against a Matchmaker in a Node thread', () => {
  it('runs the SDK-written service and rebuilds exception classes that crossed the thread', async () => {
    const remote = startNodeMatchmaker({ tickIntervalMs: 50 });
    cleanups.push(() => remote.close());
    const gamelift = new GameLiftClient({ matchmaker: remote });
    await setUpDuel(gamelift, true);
    const service = new MatchmakingService(gamelift, 20);
    const [ana, bo] = await Promise.all([service.findMatch('duel', player('ana', 10)), service.findMatch('duel', player('bo', 12))]);
    expect([ana.Status, bo.Status]).toEqual(['COMPLETED', 'COMPLETED']);
    const error = await gamelift.send(new sdk.DescribeMatchmakingRuleSetsCommand({ Names: ['missing'] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundException);
    expect(error).toBeInstanceOf(sdk.NotFoundException);
    expect(error).not.toBeInstanceOf(InternalServiceException);
  });
});

describe('GameLiftClient against a lobby over the relay', () => {
  async function lobby(acceptanceRequired: boolean): Promise<string> {
    const server = await startServer({ host: '127.0.0.1', port: 0, staticDir: null });
    cleanups.push(() => server.close());
    const host = await startNodeHost({
      serverUrl: server.url,
      lobby: 'sdk',
      ruleSetBody: duelRuleSet(),
      configuration: { Name: 'duel', RequestTimeoutSeconds: 60, AcceptanceRequired: acceptanceRequired, AcceptanceTimeoutSeconds: 30 },
      tickIntervalMs: 50,
      relay: { initialDelayMs: 50, maxDelayMs: 200 },
    });
    cleanups.push(() => host.close());
    await host.registered;
    return server.url;
  }

  function playerClient(serverUrl: string, playerId: string): PeermatchClient {
    const client = new PeermatchClient({
      serverUrl,
      lobby: 'sdk',
      playerId,
      peerFactory: null,
      requestTimeoutMs: 10_000,
      webSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    });
    cleanups.push(() => client.close());
    return client;
  }

  it('runs the SDK-written service for two players, each through its own client, to one completed match', async () => {
    const serverUrl = await lobby(true);
    const services = ['ana', 'bo'].map((id) => new MatchmakingService(new GameLiftClient({ client: playerClient(serverUrl, id) }), 20));
    const [ana, bo] = await Promise.all([services[0]!.findMatch('duel', player('ana', 10)), services[1]!.findMatch('duel', player('bo', 12))]);
    expect([ana.Status, bo.Status]).toEqual(['COMPLETED', 'COMPLETED']);
    expect(ana.GameSessionConnectionInfo?.GameSessionArn).toBe(bo.GameSessionConnectionInfo?.GameSessionArn);
    expect(ana.StartTime).toBeInstanceOf(Date);
  });

  it('turns the host’s refusal into the AWS exception class on the player’s side', async () => {
    const serverUrl = await lobby(false);
    const gamelift = new GameLiftClient({ client: playerClient(serverUrl, 'ana') });
    const error = await gamelift.send(new sdk.DescribeMatchmakingCommand({ TicketIds: ['someone-elses'] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundException);
    expect(error).toBeInstanceOf(sdk.NotFoundException);
    expect(error).toMatchObject({ $fault: 'client', message: expect.stringContaining('someone-elses') });
  });

  it('refuses rule-set and configuration commands from a player, saying they belong to the host', async () => {
    const serverUrl = await lobby(false);
    const gamelift = new GameLiftClient({ client: playerClient(serverUrl, 'ana') });
    const error = await gamelift.send(new sdk.CreateMatchmakingRuleSetCommand({ Name: 'x', RuleSetBody: duelRuleSet() })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestException);
    expect((error as Error).message).toMatch(/^CreateMatchmakingRuleSet: a lobby player cannot send this over the relay/);
  });
});

describe('the README’s AWS SDK example', () => {
  it('runs as written (with `peermatch` meaning this checkout) and prints what its comments say', async () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Porting GameLift client code from the AWS SDK'));
    const block = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toContain("new GameLiftClient({ matchmaker })");
    const file = join(import.meta.dirname, `.readme-aws-sdk-${process.pid}.ts`);
    writeFileSync(file, block!.replace("from 'peermatch'", "from '../src/index.ts'"));
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await import(/* @vite-ignore */ file);
      expect(log.mock.calls).toEqual([
        ['QUEUED', 200],
        ['NotFoundException', 'client'],
      ]);
    } finally {
      log.mockRestore();
      rmSync(file, { force: true });
    }
  });
});
