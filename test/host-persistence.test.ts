/**
 * The lobby host's persistence pieces: batched saves that hold replies back
 * until saved, the stores (one suite over each), and parking messages for
 * clients that are away.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Matchmaker } from '../src/core/matchmaker/index.ts';
import type { ClientId, HostId, HostToClientMessage } from '../src/net/protocol.ts';
import { ClientMailbox } from '../src/host/client-mailbox.ts';
import { fileHostStore } from '../src/host/host-store-file.ts';
import { HOST_STATE_FORMAT, HOST_STATE_VERSION, memoryHostStore, type HostState, type HostStore } from '../src/host/host-store.ts';
import { Ledger } from '../src/host/ledger.ts';
import { PersistedOutbox } from '../src/host/persisted-outbox.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe('batched saves', () => {
  it('holds a reply back until the save covering its change has finished', async () => {
    const saves: ReturnType<typeof deferred>[] = [];
    const delivered: string[] = [];
    const outbox = new PersistedOutbox<string>({
      intervalMs: 10,
      save: () => {
        const save = deferred();
        saves.push(save);
        return save.promise;
      },
      deliver: (message) => delivered.push(message),
    });

    outbox.send('before any change');
    outbox.changed();
    outbox.send('ticket accepted');
    await tick(30);

    expect(delivered).toEqual(['before any change']);
    expect(saves).toHaveLength(1);
    saves[0]!.resolve();
    await tick();
    expect(delivered).toEqual(['before any change', 'ticket accepted']);
  });

  it('coalesces the changes made during a save into one next save, keeping the replies in order', async () => {
    const saves: ReturnType<typeof deferred>[] = [];
    const delivered: string[] = [];
    const outbox = new PersistedOutbox<string>({
      intervalMs: 5,
      save: () => {
        const save = deferred();
        saves.push(save);
        return save.promise;
      },
      deliver: (message) => delivered.push(message),
    });

    outbox.changed();
    outbox.send('a');
    await tick(10);
    for (const name of ['b', 'c', 'd']) {
      outbox.changed();
      outbox.send(name);
    }
    saves[0]!.resolve();
    await tick(20);

    expect(delivered).toEqual(['a']);
    expect(saves).toHaveLength(2);
    saves[1]!.resolve();
    await tick();
    expect(delivered).toEqual(['a', 'b', 'c', 'd']);
  });

  it('delivers the held replies even when a save fails, and reports the failure', async () => {
    const errors: unknown[] = [];
    const delivered: string[] = [];
    const outbox = new PersistedOutbox<string>({
      intervalMs: 1,
      save: () => Promise.reject(new Error('disk full')),
      deliver: (message) => delivered.push(message),
      onError: (error) => errors.push(error),
    });

    outbox.changed();
    outbox.send('reply');
    await outbox.flush();

    expect(delivered).toEqual(['reply']);
    expect(String(errors[0])).toContain('disk full');
  });
});

function sampleState(lobby: string): HostState {
  const matchmaker = new Matchmaker({ now: () => 1_000 });
  matchmaker.createMatchmakingRuleSet({
    Name: 'r',
    RuleSetBody: JSON.stringify({ ruleLanguageVersion: '1.0', teams: [{ name: 'a', minPlayers: 1, maxPlayers: 2 }] }),
  });
  const ledger = Ledger.from(undefined);
  ledger.addTicket('t1', 'client-1', ['p1']);
  return {
    format: HOST_STATE_FORMAT,
    version: HOST_STATE_VERSION,
    lobby,
    token: 'x'.repeat(43),
    savedAtMs: 1_000,
    snapshot: matchmaker.snapshot(),
    ledger: ledger.toJSON(),
  };
}

const dir = await mkdtemp(join(tmpdir(), 'peermatch-store-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const stores: { name: string; make(lobby: string): HostStore }[] = [
  { name: 'memory', make: () => memoryHostStore() },
  { name: 'JSON file', make: (lobby) => fileHostStore(join(dir, `${lobby}-${Math.random()}.json`), lobby) },
];

for (const { name, make } of stores) {
  describe(`the ${name} host store`, () => {
    it('loads nothing before the first save', async () => {
      expect(await make('arena').load()).toBeUndefined();
    });

    it('loads back what it saved, ledger and snapshot included', async () => {
      const store = make('arena');
      const state = sampleState('arena');

      await store.save(state);
      const loaded = await store.load();

      expect(loaded).toEqual(state);
      expect(Ledger.from(loaded!.ledger).ticket('t1')).toEqual({ clientId: 'client-1' });
    });
  });
}

describe('the JSON file host store', () => {
  it('refuses a state file saved for another lobby, naming both lobbies', async () => {
    const path = join(dir, 'other.json');
    await writeFile(path, JSON.stringify(sampleState('elsewhere')));

    await expect(fileHostStore(path, 'arena').load()).rejects.toThrow(/lobby: saved for "elsewhere", not "arena"/);
  });

  it('leaves no temporary file behind after a save', async () => {
    const path = join(dir, 'clean.json');
    await fileHostStore(path, 'arena').save(sampleState('arena'));

    expect(JSON.parse(await readFile(path, 'utf8')).lobby).toBe('arena');
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(dir)).filter((file) => file.startsWith('clean.json.'))).toEqual([]);
  });
});

describe('the client mailbox', () => {
  const event = (n: number): HostToClientMessage => ({ type: 'response', requestId: `r${n}`, ok: true, value: n });

  it('parks messages for a client the relay does not have and delivers them in order when it joins again', () => {
    let up = true;
    const sent: [ClientId, HostToClientMessage][] = [];
    const mailbox = new ClientMailbox({ send: (clientId, message) => up && (sent.push([clientId, message]), true) });
    const alice = 'alice' as ClientId;
    mailbox.onFrame({ type: 'registered', lobby: 'l' as never, token: 't', created: true, clients: [alice], role: 'primary', term: 1, hostId: 'h1' as HostId, standbys: [], primary: null });

    mailbox.deliver(alice, event(1));
    mailbox.disconnected();
    up = false;
    mailbox.deliver(alice, event(2));
    up = true;
    mailbox.onFrame({ type: 'registered', lobby: 'l' as never, token: 't', created: false, clients: [], role: 'primary', term: 1, hostId: 'h1' as HostId, standbys: [], primary: null });
    mailbox.deliver(alice, event(3));
    expect(sent.map(([, m]) => (m as { value: number }).value)).toEqual([1]);
    mailbox.onFrame({ type: 'client-joined', clientId: alice, resumed: true });

    expect(sent.map(([, m]) => (m as { value: number }).value)).toEqual([1, 2, 3]);
    expect(mailbox.waiting(alice)).toBe(0);
  });

  it('keeps at most maxPerClient messages for an absent client, dropping the oldest', () => {
    const sent: number[] = [];
    const mailbox = new ClientMailbox({ send: (_, m) => (sent.push((m as { value: number }).value), true), maxPerClient: 2 });
    const bob = 'bob' as ClientId;

    for (const n of [1, 2, 3]) mailbox.deliver(bob, event(n));
    mailbox.onFrame({ type: 'client-joined', clientId: bob, resumed: false });

    expect(sent).toEqual([2, 3]);
  });
});
