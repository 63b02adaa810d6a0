/**
 * A standby's replica, kept so that applying a change costs what the change
 * holds, not what the lobby holds: a standby acknowledges each change before
 * any player is answered, so copying a section for one new record (the whole
 * ticket list for one ticket, 2,000 remembered answers for one more) would
 * sit on every player's path. Keyed and map sections are held in `Map`s; a
 * `Map` keeps insertion order, which is the order a keyed delta means (a
 * replaced record keeps its place, a new one goes last, `order` when given
 * replaces it). The plain state is built only when asked for (a store
 * write, a promotion), then kept until the next change.
 *
 * A change is checked whole before any of it is applied: one that does not
 * fit throws and leaves the replica as it was.
 */
import type { ReplicaState, SectionDelta, StateDelta } from './replica-state.ts';

type Json = Record<string, unknown>;

type Section =
  | { kind: 'keyed'; key: string; items: Map<string, unknown> }
  | { kind: 'map'; entries: Map<string, unknown> }
  | { kind: 'whole'; value: unknown };

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** See the file comment. */
export class ReplicaHolder {
  /** By path (`snapshot.tickets`, `answers`), as replica-state.ts cuts a state into sections. */
  private readonly sections = new Map<string, Section>();
  /** Top-level fields that are objects of sections (`snapshot`, `ledger`): present even when all their sections are gone. */
  private readonly tops = new Set<string>();
  /** The plain state, until the next change. */
  private built: ReplicaState | undefined;

  /** A holder of `state` (a snapshot from the primary); it is not copied and must not change. */
  constructor(state: ReplicaState) {
    for (const [top, value] of Object.entries(state)) {
      if (isRecord(value)) {
        this.tops.add(top);
        for (const [inner, section] of Object.entries(value)) this.sections.set(`${top}.${inner}`, { kind: 'whole', value: section });
      } else this.sections.set(top, { kind: 'whole', value });
    }
    this.built = state;
  }

  /** The replica as plain JSON; built once per change, when asked for. */
  state(): ReplicaState {
    if (this.built !== undefined) return this.built;
    const state: Json = {};
    for (const top of this.tops) state[top] = {};
    for (const [path, section] of this.sections) {
      const value = valueOf(section);
      if (value === undefined) continue;
      const dot = path.indexOf('.');
      if (dot < 0) {
        state[path] = value;
        continue;
      }
      const top = path.slice(0, dot);
      if (!isRecord(state[top])) state[top] = {};
      (state[top] as Json)[path.slice(dot + 1)] = value;
    }
    return (this.built = state as unknown as ReplicaState);
  }

  /** Applies `delta` (what `DeltaTracker.next` answered on the primary); throws, changing nothing, when it does not fit. */
  apply(delta: StateDelta): void {
    const entries = Object.entries(delta);
    for (const [path, change] of entries) this.check(path, change);
    for (const [path, change] of entries) {
      this.sections.set(path, this.applied(path, change));
      const dot = path.indexOf('.');
      if (dot >= 0) this.tops.add(path.slice(0, dot));
    }
    this.built = undefined;
  }

  private check(path: string, change: SectionDelta): void {
    const section = this.sections.get(path);
    const current = section === undefined ? undefined : section.kind === 'whole' ? section.value : undefined;
    if (change.kind === 'keyed' && section?.kind !== 'keyed' && current !== undefined && !Array.isArray(current)) {
      throw new Error(`replica delta ${path}: a keyed change over ${typeof current}`);
    }
    if (change.kind === 'map' && section?.kind !== 'map' && current !== undefined && !isRecord(current)) {
      throw new Error(`replica delta ${path}: a map change over ${typeof current}`);
    }
    if (change.kind !== 'keyed' || change.order === undefined) return;
    // Every id the new order names must be held once the change is applied.
    const upserted = new Set((change.upsert as Json[]).map((item) => item[change.key]));
    const removed = new Set(change.remove);
    const held = change.reset ? undefined : this.keyed(path, change.key);
    for (const id of change.order) {
      if (upserted.has(id) || (held?.has(id) === true && !removed.has(id))) continue;
      throw new Error(`replica delta ${path}: the order names ${JSON.stringify(id)}, which it does not hold`);
    }
  }

  private applied(path: string, change: SectionDelta): Section {
    switch (change.kind) {
      case 'whole':
        return { kind: 'whole', value: change.value };
      case 'map': {
        const section = this.sections.get(path);
        const entries = section?.kind === 'map' ? section.entries : new Map(Object.entries((section?.kind === 'whole' ? (section.value as Json | undefined) : undefined) ?? {}));
        for (const id of change.remove) entries.delete(id);
        for (const [id, entry] of Object.entries(change.upsert)) entries.set(id, entry);
        return { kind: 'map', entries };
      }
      case 'keyed': {
        // A section starting over (it was empty, or keyed otherwise) needs nothing of what was there.
        const items = change.reset ? new Map<string, unknown>() : this.keyed(path, change.key);
        for (const id of change.remove) items.delete(id);
        for (const item of change.upsert as Json[]) items.set(item[change.key] as string, item);
        if (change.order === undefined) return { kind: 'keyed', key: change.key, items };
        return { kind: 'keyed', key: change.key, items: new Map(change.order.map((id) => [id, items.get(id)])) };
      }
    }
  }

  /** The records of the keyed section at `path` by `key`: its own map, or one built now when it was held otherwise. */
  private keyed(path: string, key: string): Map<string, unknown> {
    const section = this.sections.get(path);
    if (section?.kind === 'keyed' && section.key === key) return section.items;
    const list = (section === undefined ? [] : valueOf(section)) as Json[] | undefined;
    return new Map((Array.isArray(list) ? list : []).map((item) => [item[key] as string, item]));
  }
}

function valueOf(section: Section): unknown {
  switch (section.kind) {
    case 'whole':
      return section.value;
    case 'map':
      return Object.fromEntries(section.entries);
    case 'keyed':
      return [...section.items.values()];
  }
}
