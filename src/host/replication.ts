/**
 * The primary lobby host's state stream to its standbys, both ends, with no
 * sockets, storage or timers of its own (all injected).
 *
 * The stream is numbered: every save of the primary is one `seq`, carrying
 * the change since the previous save (replica-state.ts) and the messages
 * that save releases to players. A standby that joins (or loses the thread)
 * gets a snapshot: the whole state at the current `seq`. A standby applies
 * each `seq` in order and acknowledges it once it holds it (`ack`, through
 * the relay, which notes it: the most up-to-date standby is the one
 * promoted), then writes it to its own store, coalescing while writes run.
 * Its store matters only when every host restarts; a promoted standby
 * serves from what it holds.
 *
 * The write-ahead rule across hosts: the primary's save of a `seq` resolves
 * only once one standby acknowledged it (when a synced standby exists), so a
 * reply or event reaches a player only after the change behind it is held by
 * a second host. A standby that has not acknowledged within `ackTimeoutMs`
 * stops being waited for (the lobby keeps serving) until it catches up.
 *
 * Messages a promoted standby must send again: each change says through
 * which `seq` the primary had already handed its messages to the relay
 * (`deliveredThrough`); the messages of later `seq`s may not have gone out,
 * so the new primary sends them again. Clients ignore what they already got
 * (a response to a settled request, an event id already seen).
 *
 * Every message travels as JSON text cut into `part`s that fit a relay frame.
 */
import { utf8Length, type ClientId, type HostId, type HostToClientMessage, type JsonObject } from '../net/protocol.ts';
import { MAX_FRAME_BYTES } from '../net/protocol.ts';
import { MAX_FRAME_STRING_LENGTH } from '../net/bounded-json.ts';
import { ReplicaHolder } from './replica-holder.ts';
import { DeltaTracker, type ReplicaState, type StateDelta } from './replica-state.ts';

/** A message to one client, as the primary's outbox holds it. */
export interface Outgoing {
  clientId: ClientId;
  message: HostToClientMessage;
}

/** The messages one `seq` released. */
export interface SeqMessages {
  seq: number;
  messages: Outgoing[];
}

/** What one `seq` carries, once its parts are joined. */
export type ReplicaPayload =
  | { kind: 'snapshot'; seq: number; state: ReplicaState; pending: SeqMessages[] }
  | { kind: 'change'; seq: number; delta: StateDelta; messages: Outgoing[]; deliveredThrough: number };

/** One frame's worth of a payload's JSON text. */
export interface ReplicaPart {
  kind: 'part';
  seq: number;
  index: number;
  count: number;
  data: string[];
}

/** Bytes of payload text per part, leaving room for the frame around it and for JSON escaping. */
const PART_BUDGET_BYTES = Math.floor(MAX_FRAME_BYTES / 2) - 1024;
/** Characters per string of a part (the relay bounds the length of every string). */
const PIECE_CHARS = Math.floor(MAX_FRAME_STRING_LENGTH / 2);

/** Cuts a payload into parts that each fit a relay frame. */
export function toParts(payload: ReplicaPayload): ReplicaPart[] {
  const text = JSON.stringify(payload);
  const groups: string[][] = [];
  let group: string[] = [];
  let groupBytes = 0;
  for (let at = 0; at < text.length; at += PIECE_CHARS) {
    const piece = text.slice(at, at + PIECE_CHARS);
    // Escaping can double a piece (quotes, backslashes); count it as encoded.
    const bytes = utf8Length(JSON.stringify(piece));
    if (group.length > 0 && groupBytes + bytes > PART_BUDGET_BYTES) {
      groups.push(group);
      group = [];
      groupBytes = 0;
    }
    group.push(piece);
    groupBytes += bytes;
  }
  groups.push(group);
  return groups.map((data, index) => ({ kind: 'part', seq: payload.seq, index, count: groups.length, data }));
}

/** One standby as the primary sees it. */
interface StandbyView {
  hostId: HostId;
  /** Highest `seq` it acknowledged. */
  ackedSeq: number;
  /** It holds the stream (acknowledged its snapshot) and keeps up: its acks are waited for. */
  synced: boolean;
  /** It needs a snapshot with the next `seq`. */
  needsSnapshot: boolean;
  /** The `seq` of the snapshot it was sent, if any (it is synced once it acknowledges that one). */
  snapshotSeq?: number;
}

/** What the primary's end needs. */
export interface ReplicationSourceOptions {
  /** Sends one stream message to one standby, or to every standby (`to` absent). */
  send(message: JsonObject, to?: HostId): void;
  /** How long a save waits for an acknowledgement before it stops waiting for the standbys that lag (ms); default 5000. */
  ackTimeoutMs?: number;
  setTimeout?(callback: () => void, ms: number): unknown;
  clearTimeout?(handle: unknown): void;
}

/** A standby's replication status, for the host console. */
export interface StandbyStatus {
  hostId: HostId;
  ackedSeq: number;
  /** How many `seq`s it is behind. */
  lag: number;
  synced: boolean;
}

/** The primary's end of the stream. */
export class ReplicationSource {
  private readonly standbys = new Map<HostId, StandbyView>();
  private readonly tracker = new DeltaTracker();
  private seq = 0;
  /** The last state published, for snapshots. */
  private state: ReplicaState | undefined;
  /** Messages of `seq`s not yet known to be handed to the relay. */
  private unconfirmed: SeqMessages[] = [];
  private deliveredThrough = 0;
  private waiting: { seq: number; resolve(): void; timer: unknown } | undefined;
  /** `caughtUp` calls waiting; each answers whether it is done. */
  private watchers: (() => boolean)[] = [];

  constructor(private readonly options: ReplicationSourceOptions) {}

  /** The last `seq` published. */
  get lastSeq(): number {
    return this.seq;
  }

  /** The standbys and how far each is. */
  status(): StandbyStatus[] {
    return [...this.standbys.values()].map(({ hostId, ackedSeq, synced }) => ({ hostId, ackedSeq, lag: Math.max(0, this.seq - ackedSeq), synced }));
  }

  /** A standby connected (or asked for a fresh start): it gets a snapshot with the next `seq`. */
  standbyJoined(hostId: HostId): void {
    this.standbys.set(hostId, { hostId, ackedSeq: 0, synced: false, needsSnapshot: true });
  }

  /** A standby lost the thread (`resync`): a snapshot follows with the next `seq`. */
  resync(hostId: HostId): void {
    const standby = this.standbys.get(hostId);
    if (standby === undefined) return this.standbyJoined(hostId);
    standby.synced = false;
    standby.needsSnapshot = true;
  }

  standbyLeft(hostId: HostId): void {
    this.standbys.delete(hostId);
    this.watchers = this.watchers.filter((check) => !check());
    this.settleIfAcked();
  }

  /** Whether some standby waits for a snapshot (the host should save soon). */
  get snapshotDue(): boolean {
    for (const standby of this.standbys.values()) if (standby.needsSnapshot) return true;
    return false;
  }

  /** Resolves once the standby `hostId` acknowledged every `seq` published so far (or left). */
  caughtUp(hostId: HostId): Promise<void> {
    const target = this.seq;
    return new Promise<void>((resolve) => {
      const check = (): boolean => {
        const standby = this.standbys.get(hostId);
        if (standby !== undefined && standby.ackedSeq < target) return false;
        resolve();
        return true;
      };
      if (!check()) this.watchers.push(check);
    });
  }

  /** A standby acknowledged `seq`. */
  onAck(hostId: HostId, seq: number): void {
    const standby = this.standbys.get(hostId);
    if (standby === undefined || seq <= standby.ackedSeq) return;
    standby.ackedSeq = seq;
    this.watchers = this.watchers.filter((check) => !check());
    // Synced once it holds its snapshot; a standby that lagged (no snapshot pending), once it caught up with the stream.
    if (!standby.needsSnapshot && seq >= (standby.snapshotSeq ?? this.seq)) standby.synced = true;
    this.settleIfAcked();
  }

  /**
   * Publishes the state as the next `seq`, with the messages this save
   * releases, and resolves once a synced standby acknowledged it (at once
   * when none is synced; after `ackTimeoutMs` at most).
   */
  publish(state: ReplicaState, messages: Outgoing[]): Promise<void> {
    const seq = ++this.seq;
    // Publishes run one at a time: the previous one's messages went out when it resolved.
    this.deliveredThrough = seq - 1;
    this.unconfirmed = this.unconfirmed.filter((entry) => entry.seq > this.deliveredThrough);
    if (messages.length > 0) this.unconfirmed.push({ seq, messages });
    const delta = this.tracker.next(state);
    this.state = state;
    const awaited = [...this.standbys.values()].filter((standby) => standby.synced);
    const streaming = [...this.standbys.values()].filter((standby) => !standby.needsSnapshot);
    if (streaming.length > 0) {
      const change: ReplicaPayload = { kind: 'change', seq, delta, messages, deliveredThrough: this.deliveredThrough };
      const parts = toParts(change);
      for (const standby of streaming) for (const part of parts) this.options.send(part as unknown as JsonObject, standby.hostId);
    }
    for (const standby of this.standbys.values()) if (standby.needsSnapshot) this.sendSnapshot(standby);
    if (awaited.length === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const setTimer = this.options.setTimeout ?? ((callback, ms) => setTimeout(callback, ms));
      const timer = setTimer(() => this.giveUpWaiting(), this.options.ackTimeoutMs ?? 5000);
      this.waiting = { seq, resolve, timer };
      this.settleIfAcked();
    });
  }

  private sendSnapshot(standby: StandbyView): void {
    if (this.state === undefined) return;
    const snapshot: ReplicaPayload = { kind: 'snapshot', seq: this.seq, state: this.state, pending: this.unconfirmed };
    // Marked before sending: an acknowledgement may come back at once.
    standby.needsSnapshot = false;
    standby.snapshotSeq = this.seq;
    standby.synced = false;
    for (const part of toParts(snapshot)) this.options.send(part as unknown as JsonObject, standby.hostId);
  }

  private settleIfAcked(): void {
    const waiting = this.waiting;
    if (waiting === undefined) return;
    let anyAwaited = false;
    for (const standby of this.standbys.values()) {
      if (standby.ackedSeq >= waiting.seq) return this.settle();
      if (standby.synced) anyAwaited = true;
    }
    // Every standby waited for left: nobody else can hold the change.
    if (!anyAwaited) this.settle();
  }

  private giveUpWaiting(): void {
    const waiting = this.waiting;
    if (waiting === undefined) return;
    for (const standby of this.standbys.values()) {
      if (standby.ackedSeq < waiting.seq) {
        standby.synced = false;
        // It is streamed to still; once its acks reach the stream's head it is waited for again.
        standby.snapshotSeq = undefined;
      }
    }
    this.settle();
  }

  private settle(): void {
    const waiting = this.waiting;
    if (waiting === undefined) return;
    this.waiting = undefined;
    (this.options.clearTimeout ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)))(waiting.timer);
    waiting.resolve();
  }
}

/** What the standby's end needs. */
export interface ReplicaSinkOptions {
  /**
   * Writes the replica to the standby's store: after the `seq` is
   * acknowledged, one write at a time, the newest state, at most once per
   * `writeIntervalMs`.
   */
  save(state: ReplicaState): Promise<void>;
  /**
   * Least time between two writes of the standby's store (ms); default 1000.
   * The standby's own store is on no player's path (a change counts as held
   * once the primary's store has it and a standby holds it in memory), but
   * writing a whole replica takes the thread for milliseconds in a large
   * lobby, and a write that runs when the next change arrives delays its
   * acknowledgement, so every player's answer.
   */
  writeIntervalMs?: number;
  /** Acknowledges `seq` of `term` to the relay. */
  ack(term: number, seq: number): void;
  /** The standby holds a newer replica now (just before acknowledging it); `held` answers it. */
  onHeld?(): void;
  /** Asks the primary for a fresh snapshot. */
  resync(reason: string): void;
  /** A failed save or an unreadable message (the standby asks for a snapshot after it). */
  onError?(error: unknown): void;
}

/** The standby's end of the stream. */
export class ReplicaSink {
  private term = -1;
  private seq = 0;
  private replica: ReplicaHolder | undefined;
  private pending: SeqMessages[] = [];
  private parts: { seq: number; data: string[][] } | undefined;
  private ready: ReplicaPayload[] = [];
  private working: Promise<void> | undefined;
  private writing: Promise<void> | undefined;
  private writeWanted = false;
  private lastWriteMs = -Infinity;
  /** Ends the wait before the next write (`settled()` wants it now). */
  private wake: (() => void) | undefined;
  /** Set after a gap: messages are dropped until the next snapshot. */
  private lost = false;

  constructor(private readonly options: ReplicaSinkOptions) {}

  /** The `seq` of the replica held (0 before any). */
  get heldSeq(): number {
    return this.replica === undefined ? 0 : this.seq;
  }

  /** The replica held (saved) so far, and the `seq` and term it is at. */
  get held(): { state: ReplicaState; seq: number; term: number } | undefined {
    return this.replica === undefined ? undefined : { state: this.replica.state(), seq: this.seq, term: this.term };
  }

  /** The messages a new primary sends again: those of `seq`s the old one may not have handed to the relay. */
  unconfirmedMessages(): Outgoing[] {
    return this.pending.flatMap((entry) => entry.messages);
  }

  /** Another primary (a new term): its snapshot follows; what was held stays until it comes. */
  primaryChanged(): void {
    this.parts = undefined;
    this.ready = [];
    this.lost = false;
  }

  /** A stream message (`from-primary`) under `term`. */
  onMessage(term: number, message: JsonObject): void {
    const part = readPart(message);
    if (part === undefined) return this.fail(`an unreadable stream message of term ${term}`);
    if (term !== this.term) {
      // A new primary's stream starts with a snapshot.
      this.term = term;
      this.parts = undefined;
      this.ready = [];
      this.lost = false;
    }
    if (this.parts === undefined || this.parts.seq !== part.seq) {
      if (part.index !== 0) return this.fail(`part ${part.index} of seq ${part.seq} came without its first part`);
      this.parts = { seq: part.seq, data: [] };
    }
    if (part.index !== this.parts.data.length) return this.fail(`part ${part.index} of seq ${part.seq} came out of order`);
    this.parts.data.push(part.data);
    if (this.parts.data.length < part.count) return;
    const text = this.parts.data.flat().join('');
    this.parts = undefined;
    let payload: ReplicaPayload;
    try {
      payload = JSON.parse(text) as ReplicaPayload;
    } catch (error) {
      return this.fail(`seq ${part.seq} is not JSON: ${(error as Error).message}`);
    }
    if (payload.kind === 'snapshot') {
      this.lost = false;
      this.ready = [];
    } else if (this.lost) {
      return;
    }
    this.ready.push(payload);
    this.kick();
  }

  /** Starts draining unless a drain runs; one that ends with payloads left (arrived as it finished) starts again. */
  private kick(): void {
    if (this.working !== undefined) return;
    this.working = this.drain().finally(() => {
      this.working = undefined;
      if (this.ready.length > 0) this.kick();
    });
  }

  /** Resolves once every payload received so far is applied and saved. */
  async settled(): Promise<void> {
    while (this.working !== undefined || this.writing !== undefined) {
      await this.working;
      this.wake?.();
      await this.writing;
    }
  }

  /**
   * Writes the state held now to the store, after the write running (if
   * any) and `writeIntervalMs` after the previous one began: only the newest
   * state is written.
   */
  private persist(): void {
    this.writeWanted = true;
    if (this.writing !== undefined) return;
    this.writing = (async () => {
      while (this.writeWanted && this.replica !== undefined) {
        // Never on the turn of an acknowledgement: it leaves first, and the write coalesces more.
        const waitMs = Math.max(0, this.lastWriteMs + (this.options.writeIntervalMs ?? 1000) - Date.now());
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, waitMs);
          this.wake = () => (clearTimeout(timer), resolve());
        });
        this.wake = undefined;
        this.writeWanted = false;
        this.lastWriteMs = Date.now();
        await this.options.save(this.replica.state()).catch((error: unknown) => this.options.onError?.(error));
      }
    })().finally(() => (this.writing = undefined));
  }

  private async drain(): Promise<void> {
    try {
      while (this.ready.length > 0) {
        const batch = this.ready;
        this.ready = [];
        let applied = false;
        // Each payload is committed as it is applied (the replica and `seq` move together): a failure leaves the last good one.
        for (const payload of batch) {
          if (payload.kind === 'snapshot') {
            this.replica = new ReplicaHolder(payload.state);
            this.seq = payload.seq;
            this.pending = payload.pending;
            applied = true;
            continue;
          }
          if (this.replica === undefined || payload.seq !== this.seq + 1) {
            this.lost = true;
            this.ready = [];
            this.options.resync(`expected seq ${this.seq + 1} of term ${this.term}, got ${payload.seq}${this.replica === undefined ? ' before any snapshot' : ''}`);
            break;
          }
          this.replica.apply(payload.delta);
          this.seq = payload.seq;
          applied = true;
          this.pending = this.pending.filter((entry) => entry.seq > payload.deliveredThrough);
          if (payload.messages.length > 0) this.pending.push({ seq: payload.seq, messages: payload.messages });
        }
        if (!applied) continue;
        this.options.onHeld?.();
        this.options.ack(this.term, this.seq);
        this.persist();
      }
    } catch (error) {
      this.options.onError?.(error);
      this.lost = true;
      this.ready = [];
      this.options.resync(`the replica could not be applied or saved: ${(error as Error).message}`);
    }
  }

  private fail(reason: string): void {
    this.parts = undefined;
    this.lost = true;
    this.ready = [];
    this.options.resync(reason);
  }
}

function readPart(message: JsonObject): ReplicaPart | undefined {
  const { kind, seq, index, count, data } = message as Partial<ReplicaPart>;
  if (kind !== 'part' || !Number.isSafeInteger(seq) || !Number.isSafeInteger(index) || !Number.isSafeInteger(count)) return undefined;
  if ((index as number) < 0 || (count as number) < 1 || (index as number) >= (count as number)) return undefined;
  if (!Array.isArray(data) || !data.every((piece) => typeof piece === 'string')) return undefined;
  return message as unknown as ReplicaPart;
}
