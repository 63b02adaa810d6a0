/**
 * Per-draft numeric accumulators: for one attribute under one party
 * aggregation, each team's player count, count of number values, sum, min
 * and max, updated as the search adds and removes tickets, so that a rule
 * check reads them in O(teams) with no allocation per tentative addition.
 *
 * The draft is a stack (add / removeLast), and so are these: an addition
 * saves the team's previous figures and a removal restores them, never
 * subtracts, so every sum is the left-to-right sum of the team's values in
 * view order (seated players, then tickets in the order they were added),
 * exactly what the interpreter computes.
 *
 * Values the accumulators cannot stand for exactly are counted as `odd`: a
 * value that is not a number (a string or list where a number is expected),
 * NaN, and -0 (min and max would not tell it from 0). A compiled operand
 * that meets one gives way to the interpreter. `inexact` counts values that
 * are not integers of at most 2^31: while a team has none, any grouping of
 * its sum is exact, so sums across teams may be added team by team.
 */
import type { PartyAggregation, ViewPlayer } from './prepared-ticket.ts';

const EXACT_LIMIT = 2 ** 31;
/** Figures saved per addition: team, players, count, sum, min, max, odd, inexact. */
const SAVED = 8;

export class TeamStats {
  readonly players: number[];
  readonly count: number[];
  readonly sum: number[];
  readonly min: number[];
  readonly max: number[];
  readonly odd: number[];
  readonly inexact: number[];
  /** Saved figures, SAVED per addition, `depth` additions deep: a typed stack (no array length changes per node). */
  private saved = new Float64Array(SAVED * 16);
  private depth = 0;

  constructor(
    teams: number,
    readonly aggregation: PartyAggregation,
    /** Undefined: players are counted, no values read. */
    readonly attribute: string | undefined,
  ) {
    this.players = new Array<number>(teams).fill(0);
    this.count = new Array<number>(teams).fill(0);
    this.sum = new Array<number>(teams).fill(0);
    this.min = new Array<number>(teams).fill(Number.POSITIVE_INFINITY);
    this.max = new Array<number>(teams).fill(Number.NEGATIVE_INFINITY);
    this.odd = new Array<number>(teams).fill(0);
    this.inexact = new Array<number>(teams).fill(0);
  }

  /** Adds players to `team` for good (a backfill's seated players): nothing to undo. */
  seat(team: number, players: readonly ViewPlayer[]): void {
    this.fold(team, players);
  }

  /** Adds a ticket's players (as this aggregation sees them) to `team`; `undo` takes them out again. */
  add(team: number, players: readonly ViewPlayer[]): void {
    const at = this.depth * SAVED;
    if (at + SAVED > this.saved.length) {
      const grown = new Float64Array(2 * this.saved.length);
      grown.set(this.saved);
      this.saved = grown;
    }
    const saved = this.saved;
    saved[at] = team;
    saved[at + 1] = this.players[team]!;
    saved[at + 2] = this.count[team]!;
    saved[at + 3] = this.sum[team]!;
    saved[at + 4] = this.min[team]!;
    saved[at + 5] = this.max[team]!;
    saved[at + 6] = this.odd[team]!;
    saved[at + 7] = this.inexact[team]!;
    this.depth++;
    this.fold(team, players);
  }

  /** Undoes the last `add`. */
  undo(): void {
    if (this.depth === 0) return;
    this.depth--;
    const at = this.depth * SAVED;
    const saved = this.saved;
    const team = saved[at]!;
    this.players[team] = saved[at + 1]!;
    this.count[team] = saved[at + 2]!;
    this.sum[team] = saved[at + 3]!;
    this.min[team] = saved[at + 4]!;
    this.max[team] = saved[at + 5]!;
    this.odd[team] = saved[at + 6]!;
    this.inexact[team] = saved[at + 7]!;
  }

  private fold(team: number, players: readonly ViewPlayer[]): void {
    this.players[team]! += players.length;
    const attribute = this.attribute;
    if (attribute === undefined) return;
    for (let i = 0; i < players.length; i++) {
      const attributes = players[i]!.attributes;
      if (!Object.hasOwn(attributes, attribute)) continue;
      const value = attributes[attribute];
      if (value === undefined || value === null) continue;
      if (typeof value !== 'number' || Number.isNaN(value) || Object.is(value, -0)) {
        this.odd[team]!++;
        continue;
      }
      this.count[team]!++;
      this.sum[team]! += value;
      if (value < this.min[team]!) this.min[team] = value;
      if (value > this.max[team]!) this.max[team] = value;
      if (!Number.isInteger(value) || Math.abs(value) > EXACT_LIMIT) this.inexact[team]!++;
    }
  }
}
