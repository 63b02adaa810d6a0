/**
 * A lobby host in a real Chromium tab (Web Worker + IndexedDB) survives a
 * reload: raw WebSocket players from Node keep waiting through the real
 * relay, and every ticket completes with its original StartTime; a match
 * awaiting acceptance is still awaiting it after the reload.
 */
import { expect, test as base, type Page } from '@playwright/test';
import type { MatchmakingEvent } from '../../src/core/matchmaker/index.ts';
import { connectionInfoOf } from '../../src/net/connection-info.ts';
import { startServer, type RunningServer } from '../../src/server/main.ts';
import { isFlexEvent, RawPlayer } from './pages/host-raw-player.ts';
import { duelRuleSet } from '../support/duel-rule-set.ts';

const test = base.extend<{ server: RunningServer; players: RawPlayer[] }>({
  server: async ({}, use) => {
    const server = await startServer({ host: '127.0.0.1', port: 0, staticDir: null });
    await use(server);
    await server.close();
  },
  players: async ({}, use) => {
    const players: RawPlayer[] = [];
    await use(players);
    for (const player of players) player.close();
  },
});

/** Two teams of one; equal skills at first, within 100 after `widenAfterSeconds`. */
function duel(widenAfterSeconds: number): string {
  return duelRuleSet({ maxDistance: 0, widenTo: 100, widenAfterSeconds });
}

async function openHost(page: Page, server: RunningServer, lobby: string, ruleSet: string, extra = ''): Promise<void> {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  const query = `server=${encodeURIComponent(server.url)}&lobby=${lobby}&ruleset=${encodeURIComponent(ruleSet)}&tick=100${extra}`;
  await page.goto(`/test/e2e/pages/host.html?${query}`);
  await expect(page.locator('#status'), `page errors: ${problems.join('; ')}`).toHaveText('registered', { timeout: 15_000 });
}

async function joinPlayers(server: RunningServer, lobby: string, players: RawPlayer[], count: number): Promise<RawPlayer[]> {
  const joined: RawPlayer[] = [];
  for (let i = 0; i < count; i++) {
    const player = new RawPlayer(server.relayUrl, lobby);
    players.push(player);
    await player.connect();
    joined.push(player);
  }
  return joined;
}

function ticketInput(playerId: string, skill: number) {
  return { TicketId: `t-${playerId}`, PeerId: `peer-${playerId}`, Players: [{ PlayerId: playerId, PlayerAttributes: { skill: { N: skill } } }] };
}

test('tickets waiting through a host tab reload complete with their original StartTime', async ({ page, server, players }) => {
  const lobby = `reload-${Date.now()}`;
  await openHost(page, server, lobby, duel(4));
  await expect(page.locator('#restored')).toHaveText('false');
  const [alice, bob] = await joinPlayers(server, lobby, players, 2);
  const started = [
    await alice!.ok('startMatchmaking', ticketInput('alice', 10)),
    await bob!.ok('startMatchmaking', ticketInput('bob', 50)),
  ].map((output) => output.MatchmakingTicket.StartTime as string);
  await alice!.waitForEvent(isFlexEvent('MatchmakingSearching'));
  await bob!.waitForEvent(isFlexEvent('MatchmakingSearching'));

  await page.reload();
  await expect(page.locator('#status')).toHaveText('registered', { timeout: 15_000 });
  await expect(page.locator('#restored')).toHaveText('true');
  const described = await alice!.ok('describeMatchmaking', { TicketIds: ['t-alice'] });
  const succeeded = (await Promise.all(
    [alice!, bob!].map((player) => player.waitForEvent(isFlexEvent('MatchmakingSucceeded'), 15_000)),
  )) as MatchmakingEvent[];

  expect(described.TicketList[0].Status).toBe('SEARCHING');
  expect(described.TicketList[0].StartTime).toBe(started[0]);
  const startTimes = Object.fromEntries(succeeded[0]!.detail.tickets.map((ticket) => [ticket.ticketId, ticket.startTime]));
  expect(startTimes).toEqual({ 't-alice': started[0], 't-bob': started[1] });
  const connection = connectionInfoOf(succeeded[1]!);
  expect(connection?.gameHostPeerId).toBe('peer-alice');
  expect(connection).toEqual(connectionInfoOf(succeeded[0]!));
});

test('a match awaiting acceptance is still awaiting it after a host tab reload', async ({ page, server, players }) => {
  const lobby = `accept-${Date.now()}`;
  await openHost(page, server, lobby, duel(1), '&acceptance=60');
  const [alice, bob] = await joinPlayers(server, lobby, players, 2);
  await alice!.ok('startMatchmaking', ticketInput('alice', 10));
  await bob!.ok('startMatchmaking', ticketInput('bob', 10));
  const proposed = (await alice!.waitForEvent(isFlexEvent('PotentialMatchCreated'))) as MatchmakingEvent;
  await alice!.ok('acceptMatch', { TicketId: 't-alice', PlayerIds: ['alice'], AcceptanceType: 'ACCEPT' });

  await page.reload();
  await expect(page.locator('#status')).toHaveText('registered', { timeout: 15_000 });
  await expect(page.locator('#restored')).toHaveText('true');
  const pending = await bob!.ok('describeMatchmaking', { TicketIds: ['t-bob'] });
  await bob!.ok('acceptMatch', { TicketId: 't-bob', PlayerIds: ['bob'], AcceptanceType: 'ACCEPT' });
  const succeeded = (await bob!.waitForEvent(isFlexEvent('MatchmakingSucceeded'), 15_000)) as MatchmakingEvent;

  expect(pending.TicketList[0].Status).toBe('REQUIRES_ACCEPTANCE');
  expect((succeeded.detail as { matchId: string }).matchId).toBe((proposed.detail as { matchId: string }).matchId);
  expect(connectionInfoOf(succeeded)?.players.map((player) => player.playerId).sort()).toEqual(['alice', 'bob']);
});
