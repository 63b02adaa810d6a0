/**
 * Standby lobby hosts against the real server and real Node hosts: a
 * headless primary killed with SIGKILL while 100 tickets are in flight, a
 * primary cut off from the relay (fenced, then back as a standby), an old
 * primary restarted, and a standby that acknowledges slowly.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { PeermatchClient } from '../src/client/peermatch-client.ts';
import { RelaySocket, type WebSocketLike } from '../src/client/relay-socket.ts';
import type { StartMatchmakingOutput } from '../src/core/matchmaker/types.ts';
import type { LobbyName } from '../src/net/protocol.ts';
import type { HostState } from '../src/host/host-store.ts';
import type { RunningServer } from '../src/server/main.ts';
import { tcpProxy } from './support/tcp-proxy.ts';
import { hostProcess as spawnHost, until } from './support/host-process.ts';
import { duelRuleSet } from './support/duel-rule-set.ts';
import { nodeLobbyFixtures } from './support/node-lobby.ts';


/** 1v1 on skill within 1, and every player's skill 1000 apart: tickets search and never match. */
const NEVER_MATCHES = duelRuleSet({ maxDistance: 1 });

const nodeWebSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;
const { cleanups, server, nodeHost } = nodeLobbyFixtures(NEVER_MATCHES, {
  configuration: { Name: 'peermatch', RequestTimeoutSeconds: 300, AcceptanceRequired: false },
});

function player(s: RunningServer, lobby: string, playerId: string): PeermatchClient {
  const created = new PeermatchClient({ serverUrl: s.url, lobby, playerId, webSocket: nodeWebSocket, peerFactory: null, requestTimeoutMs: 30_000 });
  cleanups.push(() => created.close());
  return created;
}

/** `peermatch host` in its own process, killed after the test. */
function hostProcess(args: string[], pattern: RegExp): ReturnType<typeof spawnHost> {
  const started = spawnHost(args, pattern);
  cleanups.push(() => {
    if (started.child.exitCode === null && started.child.signalCode === null) started.child.kill('SIGKILL');
  });
  return started;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'peermatch-failover-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('standby lobby hosts', { timeout: 90_000 }, () => {
  it('lose and duplicate no ticket when the headless primary is killed with SIGKILL while 100 tickets are in flight, and the old primary restarted joins as a standby', async () => {
    const s = await server();
    const dir = tempDir();
    const rules = join(dir, 'rules.json');
    writeFileSync(rules, NEVER_MATCHES);
    const stateFile = join(dir, 'primary.json');
    const args = ['--server', s.url, '--lobby', 'arena', '--ruleset', rules, '--state', stateFile, '--tick-interval', '100'];
    const primary = hostProcess(args, /registered \(new\) as the primary host \(term 1\)/);
    await primary.ready;
    const standby = await nodeHost(s, 'arena', { standby: true, token: s.lobbyStandbyCredential('arena')! });
    await standby.registered;
    await until('the standby holds the primary state', () => standby.replicaSeq > 0);
    expect(standby.role).toBe('standby');

    // Ten relay clients (a game's own client code), ten tickets each: six at once, four more the moment the primary is killed.
    const clients = Array.from({ length: 10 }, () => {
      const socket = new RelaySocket({ serverUrl: s.url, lobby: 'arena' as LobbyName, webSocket: nodeWebSocket, requestTimeoutMs: 30_000 });
      cleanups.push(() => socket.close());
      return socket;
    });
    await Promise.all(clients.map((client) => client.start()));
    let answered = 0;
    let killed: (() => void) | undefined;
    const send = (client: RelaySocket, c: number, t: number) => {
      const playerId = `p-${c}-${t}`;
      const input = { Players: [{ PlayerId: playerId, PeerId: `peer-${playerId}`, PlayerAttributes: { skill: { N: (c * 10 + t) * 1000 } } }] };
      return (client.request('startMatchmaking', input) as Promise<StartMatchmakingOutput>).then(({ MatchmakingTicket }) => {
        answered++;
        // The first answer kills the primary, with the rest of the first wave unanswered or on its way.
        killed?.();
        return { playerId, ticketId: MatchmakingTicket.TicketId };
      });
    };
    let answeredBeforeKill = 0;
    const firstWave = clients.flatMap((client, c) => Array.from({ length: 6 }, (_, t) => send(client, c, t)));
    await new Promise<void>((resolve) => {
      killed = () => {
        killed = undefined;
        answeredBeforeKill = answered;
        primary.child.kill('SIGKILL');
        resolve();
      };
    });
    // Sent as the primary dies: they wait in the relay, or reach the dying primary, and the standby answers what it did not.
    const secondWave = clients.flatMap((client, c) => Array.from({ length: 4 }, (_, t) => send(client, c, 6 + t)));
    const results = await Promise.all([...firstWave, ...secondWave]);
    console.log(`[failover] ${answeredBeforeKill} of 100 answered by the primary before SIGKILL, the rest after it`);

    await until('the standby is promoted', () => standby.role === 'primary');
    const { TicketList } = await standby.matchmaker.listTickets({});
    const held = TicketList.map((ticket) => ({ ticketId: ticket.TicketId, players: ticket.Players?.map((p) => p.PlayerId) }));
    // Not lost: every answered ticket is held. Not duplicated: one ticket per player.
    expect(held).toHaveLength(100);
    expect(new Set(held.map((t) => t.players?.[0])).size).toBe(100);
    expect(held.map((t) => t.ticketId).sort()).toEqual(results.map((r) => r.ticketId).sort());
    for (const { playerId, ticketId } of results) expect(held.find((t) => t.ticketId === ticketId)?.players).toEqual([playerId]);

    // The old primary, restarted from its state file, finds a newer primary and follows it.
    const restarted = hostProcess(args, /joined as a standby host \(term 2/);
    await restarted.ready;
    await until('the new primary streams to the old one', () => standby.standbys().some((s2) => s2.synced));
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as HostState;
    await until('the old primary saved the replica', () => {
      const now = JSON.parse(readFileSync(stateFile, 'utf8')) as HostState;
      return now.snapshot.tickets.length === 100;
    });
    expect(saved.term).toBe(1);
  });

  it('fence a primary cut off from the relay: a standby serves, and the old primary comes back as a standby that serves nothing', async () => {
    const s = await server();
    // The primary reaches the server through a TCP proxy the test can cut.
    const link = await tcpProxy(Number(new URL(s.url).port));
    cleanups.push(() => link.close());
    const primary = await nodeHost(s, 'fenced', { serverUrl: `http://127.0.0.1:${link.port}` });
    await primary.registered;
    const standby = await nodeHost(s, 'fenced', { standby: true, token: primary.token! });
    await standby.registered;
    await until('the standby holds the primary state', () => standby.replicaSeq > 0);
    const alice = player(s, 'fenced', 'alice');
    const bob = player(s, 'fenced', 'bob');
    await Promise.all([alice.connect(), bob.connect()]);
    const first = await alice.startMatchmaking({ Players: [{ PlayerId: 'alice', PlayerAttributes: { skill: { N: 1 } } }] });

    // Cut the primary off: its connection dies and new ones are refused for 1.5 s. It keeps running.
    link.cut(1500);
    await until('the standby is promoted', () => standby.role === 'primary');
    const second = await bob.startMatchmaking({ Players: [{ PlayerId: 'bob', PlayerAttributes: { skill: { N: 5000 } } }] });
    await until('the old primary is back, as a standby', () => primary.role === 'standby', 15_000);
    await expect(Promise.resolve(primary.matchmaker.listTickets({}))).rejects.toMatchObject({ name: 'NotPrimary' });
    await until('the old primary holds the new primary state', async () => {
      const state = await primary.exportState().catch(() => undefined);
      return state?.snapshot.tickets.some((t) => t.ticketId === second.MatchmakingTicket.TicketId) ?? false;
    });
    const { TicketList } = await standby.matchmaker.listTickets({});
    expect(TicketList.map((t) => t.TicketId).sort()).toEqual([first.MatchmakingTicket.TicketId, second.MatchmakingTicket.TicketId].sort());
  });

  it("serve on the relay's clock: a standby whose clock is 10 minutes off takes over without timing tickets out or making them younger", async () => {
    const s = await server();
    const primary = await nodeHost(s, 'skewed', { localClock: () => Date.now() - 3 * 60_000 });
    await primary.registered;
    // RequestTimeoutSeconds is 300: on its own clock this standby would find the ticket 10 minutes old and time it out.
    const ahead = await nodeHost(s, 'skewed', { standby: true, token: primary.token!, localClock: () => Date.now() + 10 * 60_000 });
    await ahead.registered;
    await until('the standby holds the primary state', () => ahead.replicaSeq > 0);
    const alice = player(s, 'skewed', 'alice');
    await alice.connect();
    const before = Date.now();
    const { MatchmakingTicket: ticket } = await alice.startMatchmaking({ Players: [{ PlayerId: 'alice', PlayerAttributes: { skill: { N: 1 } } }] });
    // The primary's clock is 3 minutes behind, but its StartTime is the relay's.
    expect(Math.abs(ticket.StartTime!.getTime() - before)).toBeLessThan(5_000);
    await until('the standby holds the ticket', () => ahead.replicaState()?.snapshot.tickets.length === 1);

    await primary.close();
    await until('the standby is promoted', () => ahead.role === 'primary');
    const late = await alice.startMatchmaking({ Players: [{ PlayerId: 'alice-2', PlayerAttributes: { skill: { N: 9000 } } }] });
    expect(Math.abs(late.MatchmakingTicket.StartTime!.getTime() - Date.now())).toBeLessThan(5_000);
    // Ticks pass (every 100 ms): the first ticket searches on, with its StartTime.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { TicketList } = await alice.describeMatchmaking({ TicketIds: [ticket.TicketId] });
    expect(TicketList[0]).toMatchObject({ Status: 'SEARCHING', StartTime: ticket.StartTime });
  });

  it('answer no player before the standby holds the change, even when it acknowledges slowly', async () => {
    const s = await server();
    const primary = await nodeHost(s, 'slow');
    await primary.registered;
    // The standby hears the primary 300 ms late, so its acknowledgements come late too.
    const slowLink = await tcpProxy(Number(new URL(s.url).port), { delayMs: 300 });
    cleanups.push(() => slowLink.close());
    const standby = await nodeHost(s, 'slow', { standby: true, token: primary.token!, serverUrl: `http://127.0.0.1:${slowLink.port}` });
    await standby.registered;
    await until('the standby holds the primary state', () => standby.replicaSeq > 0);

    for (let i = 0; i < 3; i++) {
      const client = player(s, 'slow', `player-${i}`);
      await client.connect();
      const heldBefore = standby.replicaSeq;
      const { MatchmakingTicket } = await client.startMatchmaking({ Players: [{ PlayerId: `player-${i}`, PlayerAttributes: { skill: { N: i * 1000 } } }] });
      // The answer is here: the standby holds the ticket already, a seq it did not hold when the request left.
      expect(standby.replicaSeq).toBeGreaterThan(heldBefore);
      expect(standby.replicaState()?.snapshot.tickets.map((t) => t.ticketId)).toContain(MatchmakingTicket.TicketId);
    }
  });
});
