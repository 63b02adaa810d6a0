/**
 * The replication stream's two ends (src/host/replication.ts) and its deltas
 * (replica-state.ts), wired to each other in memory with a manual clock.
 */
import { describe, expect, it } from 'vitest';
import { applyDelta, DeltaTracker, type ReplicaState } from '../src/host/replica-state.ts';
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
    let replica: Record<string, unknown> = {};
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
      replica = applyDelta(replica, tracker.next(state));
      expect(replica).toEqual(state);
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
function wire(options: { ackTimeoutMs?: number } = {}) {
  const timers = manualTimers();
  const acks: { host: HostId; seq: number }[] = [];
  const saves: { host: HostId; state: ReplicaState; finish(): void }[] = [];
  const sinks = new Map<HostId, ReplicaSink>();
  const resyncs: string[] = [];
  let source: ReplicationSource;
  const makeSink = (host: HostId, autoSave: boolean) => {
    const sink = new ReplicaSink({
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
  source = new ReplicationSource({
    ackTimeoutMs: options.ackTimeoutMs ?? 5000,
    setTimeout: (callback, ms) => timers.setTimeout(callback, ms),
    clearTimeout: (handle) => timers.clearTimeout(handle),
    send: (message: JsonObject, to?: HostId) => {
      for (const [host, sink] of sinks) if ((to === undefined || to === host) && !dropped.has(host)) sink.onMessage(1, message);
    },
  });
  return { source, makeSink, acks, saves, timers, resyncs, dropped };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const message = (n: number): Outgoing => ({ clientId: `c${n}` as ClientId, message: { type: 'response', requestId: `r${n}`, ok: true, value: n } });

describe('replication', () => {
  it('holds a save until a standby has saved the change, so no player hears of it before', async () => {
    const { source, makeSink, saves } = wire();
    const sink = makeSink(A, false);
    // The first publish sends the snapshot; nothing is waited for (no standby synced yet).
    await source.publish(stateWith([]), []);
    await flush();
    saves.shift()!.finish();
    await sink.settled();
    let released = false;
    const published = source.publish(stateWith([{ ticketId: 't1', status: 'QUEUED' }]), [message(1)]).then(() => (released = true));
    await flush();
    expect(saves).toHaveLength(1);
    expect(released).toBe(false);
    saves.shift()!.finish();
    await published;
    expect(released).toBe(true);
    expect(sink.held?.state.snapshot.tickets).toEqual([{ ticketId: 't1', status: 'QUEUED' }]);
  });

  it('keeps serving when the only standby stops acknowledging, after the ack timeout', async () => {
    const { source, makeSink, saves, timers } = wire({ ackTimeoutMs: 5000 });
    makeSink(A, false);
    await source.publish(stateWith([]), []);
    await flush();
    saves.shift()!.finish();
    await flush();
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
    const { source, makeSink, saves } = wire();
    makeSink(A, false);
    makeSink(B, true);
    await source.publish(stateWith([]), []);
    await flush();
    saves.shift()!.finish();
    await flush();
    // A never finishes its next save; B acknowledges at once.
    await source.publish(stateWith([{ ticketId: 't1', status: 'QUEUED' }]), []);
    expect(source.status().find((s) => s.hostId === B)).toMatchObject({ ackedSeq: 2, lag: 0 });
  });
});
