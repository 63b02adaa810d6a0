/**
 * `peermatch serve` hosts its demo lobby itself (the duel, 2 players, no
 * acceptance): two players who join it are matched with nothing else
 * running, `describeLobby` tells them how many a match needs and how many
 * wait, and a restarted server takes its demo lobby back (recovery token)
 * although the first run's host token is gone.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { CliIo } from '../src/cli/main.ts';
import { PeermatchClient } from '../src/client/peermatch-client.ts';
import type { WebSocketLike } from '../src/client/relay-socket.ts';
import type { RunningServer } from '../src/server/main.ts';
import { silentLogger } from '../src/server/logger.ts';
import { createServeCommand } from '../src/server/serve-command.ts';

let dir: string;
const clients: PeermatchClient[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'peermatch-demo-'));
  // The served folder has both pages, as the package's own build does: serve prints only URLs that answer.
  await writeFile(join(dir, 'index.html'), '<!doctype html><title>front door</title>');
  await writeFile(join(dir, 'host.html'), '<!doctype html><title>host console</title>');
});
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
});

function player(serverUrl: string, playerId: string): PeermatchClient {
  const client = new PeermatchClient({
    serverUrl,
    lobby: 'demo',
    playerId,
    peerFactory: null,
    requestTimeoutMs: 10_000,
    webSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
  });
  clients.push(client);
  return client;
}

async function waitForStatus(client: PeermatchClient, ticketId: string, status: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const { TicketList } = await client.describeMatchmaking({ TicketIds: [ticketId] });
    if (TicketList[0]?.Status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`ticket ${ticketId} never reached ${status}`);
}

/** Runs `peermatch serve` in-process until `during` settles; answers its output lines. */
async function serveWhile(args: string[], during: (server: RunningServer) => Promise<void>): Promise<string[]> {
  const out: string[] = [];
  const io: CliIo = { stdout: (line) => out.push(line), stderr: (line) => out.push(`ERR ${line}`), readTextFile: async () => '' };
  let failure: unknown;
  const command = createServeCommand({
    env: {},
    logger: silentLogger,
    waitForStop: async (server) => {
      await during(server).catch((error: unknown) => (failure = error));
      return 'SIGTERM';
    },
  });
  const code = await command.run(['--port', '0', '--static-dir', dir, ...args], io);
  if (failure) throw failure;
  expect(code).toBe(0);
  return out;
}

describe('the demo lobby peermatch serve hosts', () => {
  it('matches two players who join it, with nothing else running, and tells them the match needs 2', async () => {
    const out = await serveWhile(['--state-file', 'none'], async (server) => {
      const [ana, bo] = [player(server.url, 'ana'), player(server.url, 'bo')];
      await ana.connect();
      await bo.connect();
      expect(await ana.call('describeLobby', {})).toEqual({
        ConfigurationName: 'demo',
        RuleSetName: 'demo-rules',
        MinPlayersPerMatch: 2,
        MaxPlayersPerMatch: 2,
        MaxPlayersPerTeam: 1,
        PlayersWaiting: 0,
        AcceptanceRequired: false,
      });
      const first = await ana.startMatchmaking({ Players: [{ PlayerId: 'ana', PlayerAttributes: { skill: { N: 10 } } }] });
      await waitForStatus(ana, first.MatchmakingTicket.TicketId, 'SEARCHING');
      expect(await bo.call('describeLobby', {})).toMatchObject({ PlayersWaiting: 1 });
      const second = await bo.startMatchmaking({ Players: [{ PlayerId: 'bo', PlayerAttributes: { skill: { N: 12 } } }] });
      await waitForStatus(ana, first.MatchmakingTicket.TicketId, 'COMPLETED');
      await waitForStatus(bo, second.MatchmakingTicket.TicketId, 'COMPLETED');
    });
    const url = out[0]!.replace('peermatch server on ', '');
    expect(out).toContain(`  player lobby:  ${url}/?lobby=demo (hosted by this server: 12-duel.jsonc, 2 players per match; open it in two windows)`);
    expect(out).toContain(`  host console:  ${url}/host.html?lobby=my-lobby (to host a lobby of your own; players join at ${url}/?lobby=my-lobby)`);
  });

  it('is taken back by a restarted server although the first run kept no host token', async () => {
    const stateFile = join(dir, 'server-state.json');
    const ticket = async (server: RunningServer, playerId: string): Promise<void> => {
      const client = player(server.url, playerId);
      await client.connect();
      const { MatchmakingTicket } = await client.startMatchmaking({});
      expect(MatchmakingTicket.Status).toBe('QUEUED');
    };
    await serveWhile(['--state-file', stateFile], (server) => ticket(server, 'first-run'));
    const out = await serveWhile(['--state-file', stateFile], (server) => ticket(server, 'second-run'));
    expect(out.filter((line) => line.startsWith('ERR'))).toEqual([]);
    expect(out.some((line) => line.includes('hosted by this server'))).toBe(true);
  });

  it('says why it hosts no demo lobby when the rule set file cannot be read, and serves anyway', async () => {
    const missing = join(dir, 'missing.jsonc');
    const out = await serveWhile(['--state-file', 'none', '--demo-ruleset', missing], async () => undefined);
    expect(out).toContain(`ERR peermatch serve: the server does not host lobby "demo": --demo-ruleset ${missing}: cannot be read (ENOENT)`);
    expect(out.some((line) => line.startsWith('  host console:  ') && line.endsWith('/host.html?lobby=demo'))).toBe(true);
  });
});
