/**
 * Players' tabs as standby hosts (`playerStandbys`), against the real
 * server and real Node hosts: the offer in `describeLobby` answers (absent
 * unless the owner turns it on, withdrawn at `max`), what the offered
 * credential admits (a standby, never the lobby), and the offer surviving a
 * promotion (the promoted host, started without the option, offers the same
 * credential to the next players).
 */
import { describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { PeermatchClient } from '../src/client/peermatch-client.ts';
import type { WebSocketLike } from '../src/client/relay-socket.ts';
import type { RunningLobbyHost } from '../src/host/host-runtime.ts';
import { memoryHostStore } from '../src/host/host-store.ts';
import { parseHostArguments, runHostCommand } from '../src/host/node-host.ts';
import { lobbySettingsOf } from '../src/host/player-standbys.ts';
import { openHost } from '../src/server/relay-node-socket.ts';
import type { RunningServer } from '../src/server/main.ts';
import { duelRuleSet } from './support/duel-rule-set.ts';
import { until } from './support/host-process.ts';
import { nodeLobbyFixtures } from './support/node-lobby.ts';

const RULES = duelRuleSet({ maxDistance: 1 });
const nodeWebSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;
const { cleanups, server, nodeHost } = nodeLobbyFixtures(RULES);

async function player(s: RunningServer, lobby: string, playerId: string): Promise<PeermatchClient> {
  const created = new PeermatchClient({ serverUrl: s.url, lobby, playerId, webSocket: nodeWebSocket, peerFactory: null, requestTimeoutMs: 30_000 });
  cleanups.push(() => created.close());
  await created.connect();
  return created;
}

/** The offer a player reads in the lobby's `describeLobby` answer now. */
async function offerOf(client: PeermatchClient): Promise<{ token: string } | undefined> {
  return (await client.call('describeLobby', {})).standbyOffer;
}

describe("players' tabs as standby hosts", { timeout: 60_000 }, () => {
  it('are not offered the standby credential unless the lobby owner turns playerStandbys on', async () => {
    const s = await server();
    const closed = await nodeHost(s, 'closed');
    await closed.registered;
    const open = await nodeHost(s, 'open', { playerStandbys: true });
    await open.registered;

    const ana = await player(s, 'closed', 'ana');
    const answer = await ana.call('describeLobby', {});
    expect(answer).toMatchObject({ ConfigurationName: 'peermatch', MinPlayersPerMatch: 2 });
    expect(answer).not.toHaveProperty('standbyOffer');

    const bo = await player(s, 'open', 'bo');
    expect(await offerOf(bo)).toEqual({ token: open.standbyToken });
    expect(open.standbyToken).toMatch(/^standby-[A-Za-z0-9_-]{43}$/);
    expect(open.standbyToken).toBe(s.lobbyStandbyCredential('open'));
  });

  it('withdraw the offer while the lobby has max standby hosts, and offer it again when one leaves', async () => {
    const s = await server();
    const primary = await nodeHost(s, 'capped', { playerStandbys: { max: 1 } });
    await primary.registered;
    const ana = await player(s, 'capped', 'ana');
    const offer = await offerOf(ana);
    expect(offer).toBeDefined();

    const standby = await nodeHost(s, 'capped', { standby: true, token: offer!.token });
    await standby.registered;
    await until('the primary knows its standby', () => primary.standbys().length === 1);
    expect(await offerOf(ana)).toBeUndefined();

    await standby.close();
    await until('the standby is gone', () => primary.standbys().length === 0);
    expect(await offerOf(ana)).toEqual(offer);
  });

  it('refuse a bad playerStandbys option with the value and the limit', async () => {
    const s = await server();
    await expect(nodeHost(s, 'bad', { playerStandbys: { max: 0 } })).rejects.toThrow('playerStandbys.max: expected a whole number from 1 to 64, got 0');
    await expect(nodeHost(s, 'bad', { playerStandbys: 'yes' as never })).rejects.toThrow('playerStandbys: expected true, false or { max }, got "yes"');
  });

  it('let the holder of the offered credential join only as a standby: never take a served lobby, never claim a free one', async () => {
    const s = await server();
    const primary = await nodeHost(s, 'arena', { playerStandbys: true });
    await primary.registered;
    const token = (await offerOf(await player(s, 'arena', 'ana')))!.token;

    // Without asking for standby, with the lobby's current term even: a standby of the primary.
    const raw = await openHost(s.relayUrl, 'arena', token, { term: primary.term! });
    cleanups.push(() => raw.host.close());
    expect(raw.registered).toMatchObject({ role: 'standby', primary: primary.hostId, token });
    const host = await nodeHost(s, 'arena', { token, store: memoryHostStore() });
    await host.registered;
    expect(host.role).toBe('standby');
    expect(primary.role).toBe('primary');
    await expect(Promise.resolve(host.matchmaker.listTickets({}))).rejects.toMatchObject({ name: 'NotPrimary' });

    // Another lobby, free: the credential claims nothing.
    await expect(openHost(s.relayUrl, 'elsewhere', token)).rejects.toThrow('BAD_TOKEN');
    const stranger = await nodeHost(s, 'elsewhere', { token });
    await expect(stranger.registered).rejects.toThrow('lobby "elsewhere": BAD_TOKEN');
  });

  it('refuse a standby beyond the relay limit once, clearly, and it stops knocking', async () => {
    const s = await server({ maxStandbysPerLobby: 1 });
    const primary = await nodeHost(s, 'full', { playerStandbys: true });
    await primary.registered;
    const token = (await offerOf(await player(s, 'full', 'ana')))!.token;
    const first = await nodeHost(s, 'full', { standby: true, token });
    await first.registered;
    const statuses: string[] = [];
    const second = await nodeHost(s, 'full', { standby: true, token, onStatus: (status) => statuses.push(status.status) });
    await expect(second.registered).rejects.toThrow('lobby "full": LOBBY_FULL: register: lobby "full" already has 1 standby hosts, the limit (maxStandbysPerLobby) is 1');
    expect(second.role).toBe('closed');
    // One attempt, no reconnecting after it.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(statuses.filter((status) => status === 'connecting').length).toBeLessThanOrEqual(1);
    expect(primary.standbys().map((standby) => standby.hostId)).toEqual([first.hostId]);
  });

  it('keep the offer across a promotion: the promoted player standby offers the same credential, which admits the next standby', async () => {
    const s = await server();
    const primary = await nodeHost(s, 'relay-race', { playerStandbys: true });
    await primary.registered;
    const ana = await player(s, 'relay-race', 'ana');
    const { MatchmakingTicket: ticket } = await ana.startMatchmaking({ Players: [{ PlayerId: 'ana', PlayerAttributes: { skill: { N: 1 } } }] });
    const token = (await offerOf(ana))!.token;

    // Ana's own tab volunteers, as <peermatch-lobby> does: the credential, standby, memory, no playerStandbys of its own.
    const volunteer = await nodeHost(s, 'relay-race', { standby: true, token, store: memoryHostStore(), ruleSetBody: '' });
    await volunteer.registered;
    expect(volunteer.standbyToken).toBe(token);
    await until('the volunteer holds the lobby', () => volunteer.replicaState()?.snapshot.tickets.length === 1);

    await primary.close();
    await until('the volunteer is promoted', () => volunteer.role === 'primary');
    expect(volunteer.standbyToken).toBe(token);
    expect(await offerOf(ana)).toEqual({ token });
    const { TicketList } = await ana.describeMatchmaking({ TicketIds: [ticket.TicketId] });
    expect(TicketList).toHaveLength(1);
    expect(TicketList[0]!.StartTime).toEqual(ticket.StartTime);

    // The next player's tab joins the promoted one with the credential it offers.
    const bo = await player(s, 'relay-race', 'bo');
    const next = await nodeHost(s, 'relay-race', { standby: true, token: (await offerOf(bo))!.token, store: memoryHostStore(), ruleSetBody: '' });
    await next.registered;
    expect(next.role).toBe('standby');
    await until('the promoted volunteer streams to the next one', () => volunteer.standbys().some((standby) => standby.synced));
  });

  it("come back as primary after a restart once promoted, from the saved term proof, which the term alone does not do", async () => {
    const s = await server();
    const primary = await nodeHost(s, 'comeback', { playerStandbys: true });
    await primary.registered;
    const ana = await player(s, 'comeback', 'ana');
    const { MatchmakingTicket: ticket } = await ana.startMatchmaking({ Players: [{ PlayerId: 'ana', PlayerAttributes: { skill: { N: 1 } } }] });
    const token = (await offerOf(ana))!.token;
    const cell: Parameters<typeof memoryHostStore>[0] = {};
    const volunteer = await nodeHost(s, 'comeback', { standby: true, token, store: memoryHostStore(cell), ruleSetBody: '' });
    await volunteer.registered;
    await until('the volunteer holds the lobby', () => volunteer.replicaState()?.snapshot.tickets.length === 1);

    await primary.close();
    await until('the volunteer is promoted', () => volunteer.role === 'primary');
    const term = volunteer.term!;
    await until('the volunteer saved its term and proof', () => cell.state?.term === term && cell.state.termProof !== undefined);
    expect(cell.state!.termProof).toMatch(/^term-[A-Za-z0-9_-]{43}$/);
    await volunteer.close();

    // Another tab that holds the credential and heard the term: a standby, not the lobby's primary.
    const usurper = await openHost(s.relayUrl, 'comeback', token, { term });
    cleanups.push(() => usurper.host.close());
    expect(usurper.registered).toMatchObject({ role: 'standby', term, primary: null });

    const restarted = await nodeHost(s, 'comeback', { standby: true, token, store: memoryHostStore(cell), ruleSetBody: '' });
    await restarted.registered;
    expect(restarted.role).toBe('primary');
    expect(restarted.term).toBe(term + 1);
    // It serves from the state it saved: the ticket kept its StartTime.
    const { TicketList } = await ana.describeMatchmaking({ TicketIds: [ticket.TicketId] });
    expect(TicketList.map((t) => t.StartTime)).toEqual([ticket.StartTime]);
  });

  it('leave the owner primary after a restart from a saved state without a term proof, or with a damaged one', async () => {
    const s = await server();
    const cell: Parameters<typeof memoryHostStore>[0] = {};
    const owner = await nodeHost(s, 'older', { store: memoryHostStore(cell) });
    await owner.registered;
    await until('the owner saved its term and proof', () => cell.state?.term === 1 && cell.state.termProof !== undefined);
    await owner.close();

    // A state saved before term proofs: the lobby token alone makes the primary again.
    delete cell.state!.termProof;
    const older = await nodeHost(s, 'older', { store: memoryHostStore(cell) });
    await older.registered;
    expect(older.role).toBe('primary');
    expect(older.term).toBe(2);
    await until('the proof of term 2 is saved', () => cell.state?.term === 2 && cell.state.termProof !== undefined);
    await older.close();

    cell.state = { ...cell.state!, termProof: 42 as never };
    const damaged = await nodeHost(s, 'older', { store: memoryHostStore(cell) });
    await damaged.registered;
    expect(damaged.role).toBe('primary');
    expect(damaged.term).toBe(3);
  });

  it("keep the lobby's tick interval across a promotion unless the host that takes over is given its own", async () => {
    const s = await server();
    const primary = await nodeHost(s, 'slow-ticks', { playerStandbys: true, tickIntervalMs: 250 });
    await primary.registered;
    const ana = await player(s, 'slow-ticks', 'ana');
    const token = (await offerOf(ana))!.token;
    // A player's tab volunteers with no tick interval of its own, as <peermatch-lobby> does.
    const store = memoryHostStore();
    const volunteer = await nodeHost(s, 'slow-ticks', { standby: true, token, store, ruleSetBody: '', tickIntervalMs: undefined });
    await volunteer.registered;
    await until('the volunteer holds the lobby', () => volunteer.replicaSeq > 0);
    expect(volunteer.replicaState()?.settings).toEqual({ playerStandbys: {}, tickIntervalMs: 250 });

    await primary.close();
    await until('the volunteer is promoted', () => volunteer.role === 'primary');
    await ana.startMatchmaking({ Players: [{ PlayerId: 'ana', PlayerAttributes: { skill: { N: 1 } } }] });
    await until('the promoted volunteer has saved', async () => (await store.load())?.settings?.tickIntervalMs !== undefined);
    expect((await store.load())?.settings).toEqual({ playerStandbys: {}, tickIntervalMs: 250 });

    // A host started with its own interval sets the lobby's.
    const consoleStore = memoryHostStore();
    const console = await nodeHost(s, 'slow-ticks', { standby: true, token, store: consoleStore, tickIntervalMs: 40 });
    await console.registered;
    await until('the console holds the lobby', () => console.replicaSeq > 0);
    await volunteer.close();
    await until('the console is promoted', () => console.role === 'primary');
    await until('the console serves with its own interval', async () => (await consoleStore.load())?.settings?.tickIntervalMs === 40);
  });

  it('refuse a tick interval that is not a whole number of milliseconds from 1 to an hour', async () => {
    const s = await server();
    for (const bad of [0, 1.5, -3, 3_600_001]) {
      await expect(nodeHost(s, 'bad-ticks', { tickIntervalMs: bad })).rejects.toThrow(
        `tickIntervalMs: expected a whole number of milliseconds from 1 to 3600000, got ${bad}`,
      );
    }
  });

  it('stop offering when the host that takes over is started with playerStandbys false', async () => {
    const s = await server();
    const primary = await nodeHost(s, 'owner-says-no', { playerStandbys: true });
    await primary.registered;
    const console = await nodeHost(s, 'owner-says-no', { standby: true, token: primary.token!, playerStandbys: false });
    await console.registered;
    await until('the standby holds the lobby', () => console.replicaSeq > 0);
    expect(console.replicaState()?.settings).toEqual({ playerStandbys: {}, tickIntervalMs: 100 });
    const ana = await player(s, 'owner-says-no', 'ana');
    expect(await offerOf(ana)).toBeDefined();

    await primary.close();
    await until('the standby is promoted', () => console.role === 'primary');
    expect(await offerOf(ana)).toBeUndefined();
  });

  it('are offered by peermatch host --player-standbys, and a bad MAX is a usage error naming it', async () => {
    const base = ['--server', 'http://127.0.0.1:1', '--lobby', 'a', '--ruleset', 'rules.json', '--state', 'none'];
    expect(parseHostArguments([...base, '--player-standbys'])).toMatchObject({ playerStandbys: true });
    expect(parseHostArguments([...base, '--player-standbys=2'])).toMatchObject({ playerStandbys: { max: 2 } });
    expect(parseHostArguments([...base, '--no-player-standbys'])).toMatchObject({ playerStandbys: false });
    expect(parseHostArguments(base)).not.toHaveProperty('playerStandbys');
    expect(parseHostArguments([...base, '--player-standbys=0'])).toEqual({ usage: '--player-standbys: expected a whole number of standby hosts from 1 to 64, got "0"' });

    const s = await server();
    const lines: string[] = [];
    const io = { stdout: (line: string) => lines.push(line), stderr: (line: string) => lines.push(line), readTextFile: async () => RULES };
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    let started: RunningLobbyHost | undefined;
    const exited = runHostCommand(['--server', s.url, '--lobby', 'cli', '--ruleset', 'rules.json', '--state', 'none', '--player-standbys'], io, {
      until: stopped,
      onStarted: (host) => (started = host),
    });
    cleanups.push(async () => {
      stop();
      await exited;
    });
    await until('the host started', () => started !== undefined);
    await started!.registered;
    expect(await offerOf(await player(s, 'cli', 'ana'))).toEqual({ token: started!.standbyToken });
  });

  it("take the lobby's saved setting unless the host is given the option, and read a damaged setting as off", () => {
    expect(lobbySettingsOf(undefined, undefined)).toEqual({});
    expect(lobbySettingsOf(undefined, { playerStandbys: { max: 2 } })).toEqual({ playerStandbys: { max: 2 } });
    expect(lobbySettingsOf(false, { playerStandbys: {} })).toEqual({});
    expect(lobbySettingsOf({ max: 3 }, {})).toEqual({ playerStandbys: { max: 3 } });
    expect(lobbySettingsOf(undefined, { playerStandbys: { max: -1 } })).toEqual({});
    expect(lobbySettingsOf(undefined, { playerStandbys: 7 as never })).toEqual({});
  });
});
