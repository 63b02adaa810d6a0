/**
 * The replication stream's two ends (src/host/replication.ts) and its deltas
 * (replica-state.ts), wired to each other in memory with a manual clock.
 */
import { describe, expect, it, vi } from 'vitest';
import { ReplicaHolder } from '../src/host/replica-holder.ts';
import { DeltaTracker, type ReplicaState } from '../src/host/replica-state.ts';
import { ReplicaSink, ReplicationSource, toParts, type Outgoing } from '../src/host/replication.ts';
import type { ClientId, HostId, JsonObject } from '../src/net/protocol.ts';
import { MAX_FRAME_BYTES, utf8Length } from '../src/net/protocol.ts';
import { parseBoundedJson } from '../src/net/bounded-json.ts';
import { manualTimers } from './support/manual-timers.ts';

const A = 'standby-a' as HostId;
const B = 'standby-b' as HostId;

/** A small state with the sections a real one has. */
function stateWith(tickets: { ticketId: string; status: string; attr?: string }[], owners: Record<string, string> = {}): ReplicaState {
  return {
    snapshot: { format: 'peermatch.matchmaker', version: 1, takenAtMs: 1, region: 'r', accountId: 'a', ruleSets: [], configurations: [], tickets, matches: [], gameSessions: [], waitHistory: {} } as never,
    ledger: { tickets: Object.fromEntries(Object.entries(owners).map(([id, clientId]) => [id, { clientId }])), players: {}, gameSessions: {} } as never,
    answers: [],
  };
}

/** A standby's replica before its first delta (which holds everything). */
function emptyReplica(): ReplicaHolder {
  return new ReplicaHolder({} as ReplicaState);
}

function seeded(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

describe('state deltas', () => {
  it('rebuild every state of a random history exactly, record order included', () => {
    const random = seeded(7);
    const tracker = new DeltaTracker();
    const replica = emptyReplica();
    let tickets: { ticketId: string; status: string; attr?: string }[] = [];
    let owners: Record<string, string> = {};
    for (let step = 0; step < 300; step++) {
      const roll = random();
      if (roll < 0.4) tickets.push({ ticketId: `t${step}`, status: 'QUEUED' });
      else if (roll < 0.6 && tickets.length > 0) tickets.splice(Math.floor(random() * tickets.length), 1);
      else if (roll < 0.8 && tickets.length > 0) tickets[Math.floor(random() * tickets.length)]!.status = 'SEARCHING';
      else if (roll < 0.9) tickets = [...tickets].reverse();
      else owners = { ...owners, [`t${step}`]: `c${step % 3}` };
      if (random() < 0.2) owners = Object.fromEntries(Object.entries(owners).slice(1));
      const state = structuredClone(stateWith(tickets, owners));
      replica.apply(tracker.next(state));
      expect(replica.state()).toEqual(state);
    }
  });

  it("follow every state of a random history in a standby's holder, read at any step, and a change that does not fit changes nothing", () => {
    const random = seeded(11);
    const tracker = new DeltaTracker();
    const holder = emptyReplica();
    let tickets: { ticketId: string; status: string; attr?: string }[] = [];
    let owners: Record<string, string> = {};
    for (let step = 0; step < 400; step++) {
      const roll = random();
      if (roll < 0.4) tickets.push({ ticketId: `t${step}`, status: 'QUEUED' });
      else if (roll < 0.6 && tickets.length > 0) tickets.splice(Math.floor(random() * tickets.length), 1);
      else if (roll < 0.8 && tickets.length > 0) tickets[Math.floor(random() * tickets.length)] = { ...tickets[0]!, status: `S${step}` };
      else if (roll < 0.85) tickets = [...tickets].reverse();
      else if (roll < 0.9) tickets = [];
      else owners = { ...owners, [`t${step}`]: `c${step % 3}` };
      if (random() < 0.2) owners = Object.fromEntries(Object.entries(owners).slice(1));
      const state = structuredClone(stateWith(tickets, owners));
      holder.apply(tracker.next(state));
      // Read at some steps only: the plain state is built when asked for, and must follow every change since.
      if (random() < 0.3 || step === 399) expect(holder.state()).toEqual(state);
    }
    const before = structuredClone(holder.state());
    expect(() => holder.apply({ 'ledger.tickets': { kind: 'map', upsert: { x: { clientId: 'c' } }, remove: [] }, 'snapshot.tickets': { kind: 'keyed', key: 'ticketId', upsert: [], remove: [], order: ['nobody'] } })).toThrow(
      'replica delta snapshot.tickets: the order names "nobody", which it does not hold',
    );
    expect(holder.state()).toEqual(before);
  });

  it('rebuild every state of a history that shares unchanged records, drops the oldest and changes records back', () => {
    const random = seeded(23);
    const tracker = new DeltaTracker();
    const replica = emptyReplica();
    // Records are never changed in place: a change is a new object, the rest are shared with the previous state (as a host's saves are).
    let tickets: { ticketId: string; status: string }[] = [];
    let answers: { key: string; atMs: number }[] = [];
    const history: { ticketId: string; status: string }[] = [];
    for (let step = 0; step < 600; step++) {
      // One to three changes per save.
      for (let change = Math.floor(random() * 3); change >= 0; change--) {
        const roll = random();
        if (roll < 0.3) tickets = [...tickets, { ticketId: `t${step}-${change}`, status: 'QUEUED' }];
        else if (roll < 0.45 && tickets.length > 0) tickets = tickets.slice(1 + Math.floor(random() * 3));
        else if (roll < 0.55 && tickets.length > 0) tickets = tickets.filter((_, i) => i !== Math.floor(random() * tickets.length));
        else if (roll < 0.75 && tickets.length > 0) {
          const at = Math.floor(random() * tickets.length);
          const changed = { ...tickets[at]!, status: random() < 0.5 ? 'SEARCHING' : 'QUEUED' };
          history.push(tickets[at]!);
          tickets = tickets.map((ticket, i) => (i === at ? changed : ticket));
        } else if (roll < 0.8 && history.length > 0) {
          // An earlier version of a record comes back (A, then B, then A again).
          const old = history[Math.floor(random() * history.length)]!;
          tickets = tickets.map((ticket) => (ticket.ticketId === old.ticketId ? old : ticket));
        } else if (roll < 0.85) tickets = [...tickets].reverse();
      }
      answers = [...answers, { key: `a${step}`, atMs: step }].slice(-20);
      const state = { ...stateWith(tickets as never), answers: answers as never };
      replica.apply(tracker.next(state));
      expect(replica.state()).toEqual(JSON.parse(JSON.stringify(state)));
    }
  });

  it('send a record changed back to what it was, in a save that also reorders the list', () => {
    const tracker = new DeltaTracker();
    const a = { ticketId: 'a', status: 'QUEUED' };
    const b = { ticketId: 'b', status: 'QUEUED' };
    const aSearching = { ...a, status: 'SEARCHING' };
    const replica = emptyReplica();
    for (const tickets of [[a, b], [aSearching, b], [b, a]]) {
      const state = stateWith(tickets);
      replica.apply(tracker.next(state));
      expect(replica.state()).toEqual(state);
    }
  });

  it('carry only what changed', () => {
    const tracker = new DeltaTracker();
    tracker.next(stateWith([{ ticketId: 'a', status: 'QUEUED' }, { ticketId: 'b', status: 'QUEUED' }], { a: 'c1' }));
    const delta = tracker.next(stateWith([{ ticketId: 'a', status: 'SEARCHING' }, { ticketId: 'b', status: 'QUEUED' }], { a: 'c1' }));
    expect(Object.keys(delta)).toEqual(['snapshot.tickets']);
    expect(delta['snapshot.tickets']).toEqual({ kind: 'keyed', key: 'ticketId', upsert: [{ ticketId: 'a', status: 'SEARCHING' }], remove: [] });
  });
});

describe('stream parts', () => {
  it('fit a relay frame and its string bounds, even for text that escapes to twice its size', () => {
    const tickets = Array.from({ length: 400 }, (_, i) => ({ ticketId: `t${i}`, status: 'QUEUED', attr: '"\\'.repeat(200) + 'é'.repeat(100) }));
    const parts = toParts({ kind: 'snapshot', seq: 1, state: stateWith(tickets), pending: [] });
    expect(parts.length).toBeGreaterThan(4);
    for (const part of parts) {
      const text = JSON.stringify({ type: 'from-primary', term: 1, message: part });
      expect(utf8Length(text)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
      expect('value' in parseBoundedJson(text)).toBe(true);
    }
  });
});

/** A source and sinks wired through an in-memory "relay", with saves that finish when the test says. */
function wire(options: { ackTimeoutMs?: number; writeIntervalMs?: number } = {}) {
  const timers = manualTimers();
  const acks: { host: HostId; seq: number }[] = [];
  const saves: { host: HostId; state: ReplicaState; finish(): void }[] = [];
  const sinks = new Map<HostId, ReplicaSink>();
  const resyncs: string[] = [];
  let source: ReplicationSource;
  const makeSink = (host: HostId, autoSave: boolean) => {
    const sink = new ReplicaSink({
      ...(options.writeIntervalMs !== undefined ? { writeIntervalMs: options.writeIntervalMs } : {}),
      save: (state) =>
        new Promise<void>((resolve) => {
          if (autoSave) resolve();
          else saves.push({ host, state, finish: resolve });
        }),
      ack: (_term, seq) => {
        acks.push({ host, seq });
        source.onAck(host, seq);
      },
      resync: (reason) => {
        resyncs.push(reason);
        source.resync(host);
      },
    });
    sinks.set(host, sink);
    source.standbyJoined(host);
    return sink;
  };
  const dropped = new Set<HostId>();
  /** Standbys whose messages wait in `delayed` until the test delivers them (a slow link). */
  const slow = new Set<HostId>();
  const delayed: (() => void)[] = [];
  source = new ReplicationSource({
    ackTimeoutMs: options.ackTimeoutMs ?? 5000,
    setTimeout: (callback, ms) => timers.setTimeout(callback, ms),
    clearTimeout: (handle) => timers.clearTimeout(handle),
    send: (message: JsonObject, to?: HostId) => {
      for (const [host, sink] of sinks) {
        if ((to !== undefined && to !== host) || dropped.has(host)) continue;
        if (slow.has(host)) delayed.push(() => sink.onMessage(1, message));
        else sink.onMessage(1, message);
      }
    },
  });
  const deliverDelayed = () => {
    for (const deliver of delayed.splice(0)) deliver();
  };
  return { source, makeSink, acks, saves, timers, resyncs, dropped, slow, deliverDelayed };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const message = (n: number): Outgoing => ({ clientId: `c${n}` as ClientId, message: { type: 'response', requestId: `r${n}`, ok: true, value: n } });

describe('replication', () => {
  it('holds a save until a standby holds the change, so no player hears of it before', async () => {
    const { source, makeSink, slow, deliverDelayed } = wire();
    const sink = makeSink(A, true);
    // The first publish sends the snapshot; nothing is waited for (no standby synced yet).
    await source.publish(stateWith([]), []);
    await sink.settled();
    slow.add(A);
    let released = false;
    const published = source.publish(stateWith([{ ticketId: 't1', status: 'QUEUED' }]), [message(1)]).then(() => (released = true));
    await flush();
    expect(released).toBe(false);
    deliverDelayed();
    await published;
    expect(released).toBe(true);
    expect(sink.held?.state.snapshot.tickets).toEqual([{ ticketId: 't1', status: 'QUEUED' }]);
  });

  it('acknowledges before its own store has written, and writes only the newest state while a write runs', async () => {
    const { source, makeSink, saves } = wire({ writeIntervalMs: 0 });
    const sink = makeSink(A, false);
    await source.publish(stateWith([]), []);
    await flush();
    await source.publish(stateWith([{ ticketId: 't1', status: 'QUEUED' }]), []);
    await source.publish(stateWith([{ ticketId: 't1', status: 'SEARCHING' }]), []);
    expect(source.status()).toEqual([{ hostId: A, ackedSeq: 3, lag: 0, synced: true }]);
    // One write runs (the snapshot); the two later states collapse into one write of the newest.
    expect(saves).toHaveLength(1);
    saves.shift()!.finish();
    // The next write waits a turn of the event loop (an interval of 0).
    await flush();
    await flush();
    expect(saves.map((save) => save.state.snapshot.tickets)).toEqual([[{ ticketId: 't1', status: 'SEARCHING' }]]);
    saves.shift()!.finish();
    await sink.settled();
  });

  it('writes its own store at most once per write interval, the newest state, while every change is acknowledged at once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    try {
      const { source, makeSink, saves } = wire({ writeIntervalMs: 1000 });
      makeSink(A, false);
      await source.publish(stateWith([]), []);
      await vi.advanceTimersByTimeAsync(0);
      expect(saves).toHaveLength(1);
      saves.shift()!.finish();
      for (let n = 1; n <= 5; n++) {
        await source.publish(stateWith([{ ticketId: 't1', status: `S${n}` }]), []);
        await vi.advanceTimersByTimeAsync(100);
      }
      expect(source.status()).toEqual([{ hostId: A, ackedSeq: 6, lag: 0, synced: true }]);
      expect(saves).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(500);
      expect(saves.map((save) => save.state.snapshot.tickets)).toEqual([[{ ticketId: 't1', status: 'S5' }]]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps serving when the only standby stops acknowledging, after the ack timeout', async () => {
    const { source, makeSink, timers, slow } = wire({ ackTimeoutMs: 5000 });
    const sink = makeSink(A, true);
    await source.publish(stateWith([]), []);
    await sink.settled();
    slow.add(A);
    let released = false;
    const published = source.publish(stateWith([{ ticketId: 't1', status: 'QUEUED' }]), []).then(() => (released = true));
    timers.advance(4999);
    await flush();
    expect(released).toBe(false);
    timers.advance(1);
    await published;
    expect(source.status()).toEqual([{ hostId: A, ackedSeq: 1, lag: 1, synced: false }]);
  });

  it('gives a standby that missed a change a fresh snapshot, and it ends with the same state', async () => {
    const { source, makeSink, dropped, resyncs, timers } = wire();
    const sink = makeSink(A, true);
    await source.publish(stateWith([]), []);
    await sink.settled();
    dropped.add(A);
    const lost = source.publish(stateWith([{ ticketId: 't1', status: 'QUEUED' }]), []);
    timers.advance(5000);
    await lost;
    dropped.delete(A);
    await source.publish(stateWith([{ ticketId: 't1', status: 'QUEUED' }, { ticketId: 't2', status: 'QUEUED' }]), []);
    await sink.settled();
    expect(resyncs).toEqual(['expected seq 2 of term 1, got 3']);
    const final = stateWith([{ ticketId: 't1', status: 'QUEUED' }, { ticketId: 't2', status: 'QUEUED' }, { ticketId: 't3', status: 'QUEUED' }]);
    await source.publish(final, []);
    await sink.settled();
    expect(sink.held).toEqual({ state: final, seq: 4, term: 1 });
  });

  it('tells a standby which messages may not have reached the players', async () => {
    const { source, makeSink } = wire();
    const sink = makeSink(A, true);
    await source.publish(stateWith([]), []);
    await sink.settled();
    await source.publish(stateWith([{ ticketId: 't1', status: 'QUEUED' }]), [message(1)]);
    await sink.settled();
    expect(sink.unconfirmedMessages()).toEqual([message(1)]);
    // The next seq says seq 2's messages went out; seq 3's may not have.
    await source.publish(stateWith([{ ticketId: 't1', status: 'SEARCHING' }]), [message(2)]);
    await sink.settled();
    expect(sink.unconfirmedMessages()).toEqual([message(2)]);
    // A standby joining now gets those of the seq its snapshot is taken at.
    const late = makeSink(B, true);
    await source.publish(stateWith([{ ticketId: 't1', status: 'SEARCHING' }]), [message(3)]);
    await late.settled();
    expect(late.unconfirmedMessages()).toEqual([message(3)]);
  });

  it('waits for any one standby, not all of them', async () => {
    const { source, makeSink, slow } = wire();
    const a = makeSink(A, true);
    const b = makeSink(B, true);
    await source.publish(stateWith([]), []);
    await Promise.all([a.settled(), b.settled()]);
    // A's link stalls; B acknowledges at once.
    slow.add(A);
    await source.publish(stateWith([{ ticketId: 't1', status: 'QUEUED' }]), []);
    expect(source.status().find((s) => s.hostId === B)).toMatchObject({ ackedSeq: 2, lag: 0 });
    expect(source.status().find((s) => s.hostId === A)).toMatchObject({ ackedSeq: 1, lag: 1 });
  });
});
