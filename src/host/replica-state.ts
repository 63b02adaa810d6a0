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
 * removed), anything else is replaced whole when it changed. The previous
 * state's records are kept and compared with the new ones: the same object
 * is unchanged at no cost (a state is never changed once saved, and the
 * Matchmaker's snapshot shares its unchanged records with the previous one),
 * another one is compared as JSON (`sameJson`, without writing text).
 */
import type { MatchmakerSnapshot } from '../core/matchmaker/index.ts';
import { sameJson } from '../core/same-json.ts';
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

/** Sections whose records never change once written (an answer is given once): compared by id only. */
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

/** One section as last sent: its shape and each entry. */
type SectionMemo =
  | KeyedMemo
  | { kind: 'map'; value: Json; size: number }
  | { kind: 'whole'; value: unknown };

/** A keyed section as last sent: the list itself (a saved state never changes) and its records by id. */
interface KeyedMemo {
  kind: 'keyed';
  key: string;
  list: readonly Json[];
  ids: Map<string, Json>;
}

/** Whether `before` (an entry of the previous state) and `now` are the same; `writeOnce`: by id only. */
function unchanged(before: unknown, now: unknown, writeOnce: boolean): boolean {
  return before === now || (before !== undefined && (writeOnce || sameJson(before, now)));
}

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
  if (Array.isArray(value) && previous?.kind === 'keyed') {
    const aligned = diffAligned(previous, value, writeOnce);
    if (aligned !== undefined) return aligned;
  }
  const key = Array.isArray(value) ? keyFieldOf(value) : undefined;
  if (Array.isArray(value) && key !== undefined) {
    // A section that was empty (no key to read) or keyed by another field starts over: everything, in order.
    const before = previous?.kind === 'keyed' && previous.key === key ? previous : undefined;
    const ids = new Map<string, Json>();
    const order: string[] = [];
    const upsert: unknown[] = [];
    for (const item of value as Json[]) {
      const id = item[key] as string;
      ids.set(id, item);
      order.push(id);
      if (!unchanged(before?.ids.get(id), item, writeOnce)) upsert.push(item);
    }
    const memo: SectionMemo = { kind: 'keyed', key, list: value as Json[], ids };
    if (before === undefined) return { memo, change: { kind: 'keyed', key, upsert, remove: [], order, reset: true } };
    const beforeOrder = before.list.map((item) => item[key] as string);
    const remove = beforeOrder.filter((id) => !ids.has(id));
    const reordered = !sameList(applyOrder(beforeOrder, remove, upsert.map((item) => (item as Json)[key] as string)), order);
    if (upsert.length === 0 && remove.length === 0 && !reordered) return { memo };
    return { memo, change: { kind: 'keyed', key, upsert, remove, ...(reordered ? { order } : {}) } };
  }
  if (isRecord(value)) {
    const before = previous?.kind === 'map' ? previous : undefined;
    if (before !== undefined && before.value === value) return { memo: before };
    // The previous object itself is the memo (a saved state never changes): no index to build.
    const upsert: [string, unknown][] = [];
    let size = 0;
    let kept = 0;
    for (const id in value) {
      size++;
      const entry = value[id];
      const old = before !== undefined && Object.hasOwn(before.value, id) ? before.value[id] : undefined;
      if (old !== undefined) kept++;
      if (!unchanged(old, entry, false)) upsert.push([id, entry]);
    }
    const memo: SectionMemo = { kind: 'map', value, size };
    if (before === undefined) return { memo, change: { kind: 'whole', value } };
    // Entries gone: looked for only when fewer of the previous ones are left.
    const remove = kept === before.size ? [] : Object.keys(before.value).filter((id) => !Object.hasOwn(value, id));
    if (upsert.length === 0 && remove.length === 0) return { memo };
    // `Object.fromEntries`: an id "__proto__" (ids come from the network) stays an entry.
    return { memo, change: { kind: 'map', upsert: Object.fromEntries(upsert), remove } };
  }

  const memo: SectionMemo = { kind: 'whole', value };
  if (previous?.kind === 'whole' && (previous.value === value || (previous.value !== undefined && sameJson(previous.value, value)))) return { memo };
  return { memo, change: { kind: 'whole', value } };
}

/** Most records an aligned diff looks for dropped from the front of a list (the oldest answers, once their bound is reached). */
const MAX_DROPPED_FROM_FRONT = 8;

/**
 * The common change of a keyed section, found in what changed rather than
 * in the section's size: the previous records in the same order (some
 * replaced), a few dropped from the front, new ones at the end. Answers
 * `undefined` for any other change, which the full comparison handles.
 */
function diffAligned(before: KeyedMemo, value: unknown[], writeOnce: boolean): { memo: SectionMemo; change?: SectionDelta } | undefined {
  const { key, list: previous, ids } = before;
  let dropped = 0;
  if (value.length > 0 && previous.length > 0 && value[0] !== previous[0]) {
    const firstId = isRecord(value[0]) ? value[0][key] : undefined;
    const limit = Math.min(previous.length, MAX_DROPPED_FROM_FRONT + 1);
    while (dropped < limit && previous[dropped]![key] !== firstId) dropped++;
    if (dropped === limit) dropped = 0;
  }
  const kept = previous.length - dropped;
  if (value.length < kept) return undefined;
  const upsert: unknown[] = [];
  /** Positions holding another object than before (changed or not): the index must point at the new one. */
  const replaced: number[] = [];
  for (let i = 0; i < kept; i++) {
    const item = value[i];
    const old = previous[i + dropped]!;
    if (item === old) continue;
    if (!isRecord(item) || item[key] !== old[key]) return undefined;
    replaced.push(i);
    if (!writeOnce && !sameJson(old, item)) upsert.push(item);
  }
  const added = new Set<string>();
  for (let i = kept; i < value.length; i++) {
    const item = value[i];
    const id = isRecord(item) ? item[key] : undefined;
    if (typeof id !== 'string' || ids.has(id) || added.has(id)) return undefined;
    added.add(id);
    upsert.push(item);
  }
  // Checked: the previous memo's index becomes this one's.
  const remove: string[] = [];
  for (let i = 0; i < dropped; i++) {
    const id = previous[i]![key] as string;
    remove.push(id);
    ids.delete(id);
  }
  for (const i of replaced) ids.set((value[i] as Json)[key] as string, value[i] as Json);
  for (let i = kept; i < value.length; i++) ids.set((value[i] as Json)[key] as string, value[i] as Json);
  const memo: SectionMemo = { kind: 'keyed', key, list: value as Json[], ids };
  if (upsert.length === 0 && remove.length === 0) return { memo };
  return { memo, change: { kind: 'keyed', key, upsert, remove } };
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
