/**
 * The state a primary lobby host replicates to its standbys, and the deltas
 * between two versions of it (replication.ts sends them, numbered).
 *
 * A `ReplicaState` is what a host needs to take the lobby over without
 * losing or re-aging anything: the Matchmaker snapshot (tickets with their
 * StartTime, proposals with their acceptance deadline and who accepted), the
 * ledger (who owns which ticket) and the recent answers (so a request the
 * old primary answered is answered the same again, not run twice). It is the
 * persisted `HostState` without the lobby token, which stays with each host.
 *
 * Deltas work on "sections", two levels deep (`snapshot.tickets`,
 * `ledger.players`, `answers`): an array of records with an id field is a
 * keyed collection (records added, replaced or removed by id, plus the new
 * order when it changed), an object is a map (entries added, replaced or
 * removed), anything else is replaced whole when it changed. Comparing
 * records as JSON text costs one `JSON.stringify` per record, the same as
 * the save the primary does anyway; the previous texts are kept, so an
 * unchanged record is not copied.
 */
import type { MatchmakerSnapshot } from '../core/matchmaker/index.ts';
import type { LedgerState } from './ledger.ts';
import type { LobbyHostSettings } from './player-standbys.ts';
import type { AnswerRecord } from './recent-answers.ts';

/** What a standby holds of the lobby. Plain JSON. */
export interface ReplicaState {
  snapshot: MatchmakerSnapshot;
  ledger: LedgerState;
  answers: AnswerRecord[];
  /** The lobby's own settings (player standbys), kept by whichever host serves it; absent in older states. */
  settings?: LobbyHostSettings;
}

/** How one section changed. */
export type SectionDelta =
  | { kind: 'keyed'; key: string; upsert: unknown[]; remove: string[]; order?: string[]; reset?: true }
  | { kind: 'map'; upsert: Record<string, unknown>; remove: string[] }
  | { kind: 'whole'; value: unknown };

/** Sections that changed, by path (`snapshot.tickets`); a section absent did not change. */
export type StateDelta = Record<string, SectionDelta>;

/**
 * Sections whose records never change once written (an answer is given
 * once): compared by id only, without turning each record into text.
 */
const WRITE_ONCE_SECTIONS: ReadonlySet<string> = new Set(['answers']);

/** The id fields a record of a keyed section may have, in the order they are tried. */
const ID_FIELDS = ['ticketId', 'TicketId', 'matchId', 'gameSessionArn', 'GameSessionArn', 'name', 'Name', 'key', 'id'] as const;

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The sections of a state: `{ path: value }`, two levels deep. */
function sectionsOf(state: Json): Map<string, unknown> {
  const sections = new Map<string, unknown>();
  for (const [top, value] of Object.entries(state)) {
    if (isRecord(value)) for (const [inner, section] of Object.entries(value)) sections.set(`${top}.${inner}`, section);
    else sections.set(top, value);
  }
  return sections;
}

/** The id field shared by every record of `items`, when each has a distinct string value for it. */
function keyFieldOf(items: unknown[]): string | undefined {
  if (items.length === 0 || !items.every(isRecord)) return undefined;
  const first = items[0] as Json;
  for (const field of ID_FIELDS) {
    if (typeof first[field] !== 'string') continue;
    const seen = new Set<string>();
    let ok = true;
    for (const item of items as Json[]) {
      const id = item[field];
      if (typeof id !== 'string' || seen.has(id)) {
        ok = false;
        break;
      }
      seen.add(id);
    }
    if (ok) return field;
  }
  return undefined;
}

/** One section as last sent: its shape and the JSON text of each entry. */
type SectionMemo =
  | { kind: 'keyed'; key: string; texts: Map<string, string>; order: string[] }
  | { kind: 'map'; texts: Map<string, string> }
  | { kind: 'whole'; text: string };

/**
 * Computes deltas between successive states. `next(state)` answers the
 * delta from the previous state given to it (everything, the first time).
 */
export class DeltaTracker {
  private memo = new Map<string, SectionMemo>();

  /** Forgets the previous state: the next delta holds everything (a snapshot). */
  reset(): void {
    this.memo = new Map();
  }

  /** The delta from the previous state to `state`, which becomes the previous one. */
  next(state: ReplicaState): StateDelta {
    const delta: StateDelta = {};
    const nextMemo = new Map<string, SectionMemo>();
    for (const [path, value] of sectionsOf(state as unknown as Json)) {
      const previous = this.memo.get(path);
      const { memo, change } = diffSection(previous, value, WRITE_ONCE_SECTIONS.has(path));
      nextMemo.set(path, memo);
      if (change !== undefined) delta[path] = change;
    }
    for (const path of this.memo.keys()) if (!nextMemo.has(path)) delta[path] = { kind: 'whole', value: undefined };
    this.memo = nextMemo;
    return delta;
  }
}

function diffSection(previous: SectionMemo | undefined, value: unknown, writeOnce: boolean): { memo: SectionMemo; change?: SectionDelta } {
  const key = Array.isArray(value) ? keyFieldOf(value) : undefined;
  if (Array.isArray(value) && key !== undefined) {
    // A section that was empty (no key to read) or keyed by another field starts over: everything, in order.
    const before = previous?.kind === 'keyed' && previous.key === key ? previous : undefined;
    const texts = new Map<string, string>();
    const order: string[] = [];
    const upsert: unknown[] = [];
    for (const item of value as Json[]) {
      const id = item[key] as string;
      const known = before?.texts.get(id);
      const text = writeOnce ? '' : JSON.stringify(item);
      texts.set(id, text);
      order.push(id);
      if (known !== text) upsert.push(item);
    }
    const memo: SectionMemo = { kind: 'keyed', key, texts, order };
    if (before === undefined) return { memo, change: { kind: 'keyed', key, upsert, remove: [], order, reset: true } };
    const remove = before.order.filter((id) => !texts.has(id));
    const reordered = !sameList(applyOrder(before.order, remove, upsert.map((item) => (item as Json)[key] as string)), order);
    if (upsert.length === 0 && remove.length === 0 && !reordered) return { memo };
    return { memo, change: { kind: 'keyed', key, upsert, remove, ...(reordered ? { order } : {}) } };
  }
  if (isRecord(value)) {
    const before = previous?.kind === 'map' ? previous : undefined;
    const texts = new Map<string, string>();
    const upsert: Record<string, unknown> = {};
    let changed = false;
    for (const [id, entry] of Object.entries(value)) {
      const text = JSON.stringify(entry);
      texts.set(id, text);
      if (before?.texts.get(id) !== text) {
        upsert[id] = entry;
        changed = true;
      }
    }
    const memo: SectionMemo = { kind: 'map', texts };
    if (before === undefined) return { memo, change: { kind: 'whole', value } };
    const remove = [...before.texts.keys()].filter((id) => !texts.has(id));
    if (!changed && remove.length === 0) return { memo };
    return { memo, change: { kind: 'map', upsert, remove } };
  }
  const text = JSON.stringify(value) ?? 'undefined';
  const memo: SectionMemo = { kind: 'whole', text };
  if (previous?.kind === 'whole' && previous.text === text) return { memo };
  return { memo, change: { kind: 'whole', value } };
}

/** The ids after removing `remove` from `order` and appending the new ids of `upserted` (what a keyed apply does). */
function applyOrder(order: string[], remove: string[], upserted: string[]): string[] {
  const removed = new Set(remove);
  const result = order.filter((id) => !removed.has(id));
  const present = new Set(result);
  for (const id of upserted) if (!present.has(id)) result.push(id), present.add(id);
  return result;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

/**
 * Applies `delta` to `state` (a copy is returned; `state` is not changed).
 * A delta's first application, onto an empty object, builds the whole state.
 * Throws on a delta that does not fit (a keyed section over a non-array).
 */
export function applyDelta(state: Json, delta: StateDelta): Json {
  const next: Json = { ...state };
  for (const [path, change] of Object.entries(delta)) {
    const dot = path.indexOf('.');
    const top = dot < 0 ? path : path.slice(0, dot);
    const inner = dot < 0 ? undefined : path.slice(dot + 1);
    if (inner !== undefined) next[top] = { ...(isRecord(next[top]) ? (next[top] as Json) : {}) };
    const holder = inner === undefined ? next : (next[top] as Json);
    const field = inner ?? top;
    const applied = applySection(holder[field], change, path);
    if (applied === undefined) delete holder[field];
    else holder[field] = applied;
  }
  return next;
}

function applySection(current: unknown, change: SectionDelta, path: string): unknown {
  switch (change.kind) {
    case 'whole':
      return change.value;
    case 'map': {
      if (current !== undefined && !isRecord(current)) throw new Error(`replica delta ${path}: a map change over ${typeof current}`);
      const map: Json = { ...((current as Json | undefined) ?? {}) };
      for (const id of change.remove) delete map[id];
      Object.assign(map, change.upsert);
      return map;
    }
    case 'keyed': {
      if (current !== undefined && !Array.isArray(current)) throw new Error(`replica delta ${path}: a keyed change over ${typeof current}`);
      const byId = new Map<string, unknown>();
      // A section starting over (it was empty, or keyed otherwise) needs nothing of what was there.
      if (!change.reset) for (const item of (current as Json[] | undefined) ?? []) byId.set(item[change.key] as string, item);
      const removed = new Set(change.remove);
      const order = [...byId.keys()].filter((id) => !removed.has(id));
      const present = new Set(order);
      for (const item of change.upsert as Json[]) {
        const id = item[change.key] as string;
        byId.set(id, item);
        if (!present.has(id)) order.push(id), present.add(id);
      }
      const finalOrder = change.order ?? order;
      return finalOrder.map((id) => {
        if (!byId.has(id)) throw new Error(`replica delta ${path}: the order names ${JSON.stringify(id)}, which it does not hold`);
        return byId.get(id);
      });
    }
  }
}
