/**
 * A pool ticket prepared for one engine pass: party aggregations computed once
 * and cached, so that rule checks during the search are cheap.
 *
 * Party aggregation (the guide's `partyAggregation`): when a ticket holds
 * several players, a rule sees each of them with the party's aggregate in
 * place of their own value: `avg`/`min`/`max` of number attributes and
 * latencies, `union`/`intersection` of string lists. A solo ticket is seen as
 * it is.
 *
 * A backfill ticket has no new players; where batching and region filtering
 * need its values they come from its game session's current players (the
 * reference decision "Backfill and batching"): `valueFor` and `numberFor`
 * read the seated players, `latencyFor` gives the regions every seated player
 * reported (the session's region, which backfill requests carry).
 */
import type {
  AttributeValue,
  CollectionAggregation,
  CompiledRuleSet,
  NumericAggregation,
} from '../ruleset/types.ts';
import type { PoolPlayer, PoolTicket } from './types.ts';

export type PartyAggregation = NumericAggregation | CollectionAggregation;

/** A player as rules see it: id, attributes (party-aggregated) and team slot. */
export interface ViewPlayer {
  playerId: string;
  attributes: Record<string, AttributeValue>;
}

export class PreparedTicket {
  readonly id: string;
  readonly createdAtMs: number;
  /** New players to place. */
  readonly size: number;
  readonly isBackfill: boolean;
  /** The game session's current players (backfill), else empty. */
  private readonly seated: readonly PoolPlayer[];
  /** Views by aggregation, filled on first use (fields, not Maps: a pool prepares every ticket it holds). */
  private views: Partial<Record<PartyAggregation, ViewPlayer[]>> | undefined;
  private latencies: Partial<Record<NumericAggregation, Record<string, number> | null>> | undefined;
  /**
   * The candidate index that holds the ticket in the current pass, and its
   * slot there (candidate-index.ts): the index finds a ticket's slot without
   * a Map over the whole batch. Only that index reads or writes these.
   */
  indexOwner: object | undefined = undefined;
  indexSlot = -1;
  /** The large-match pass (its stamp, large-match.ts) that matched the ticket: asked per bucket entry, without a Set of ids. */
  matchedStamp = 0;
  /** The engine memo's pass that last saw the ticket in its pool (engine-memo.ts `begin`). */
  memoPass = 0;

  constructor(
    readonly ticket: PoolTicket,
    private readonly ruleSet: CompiledRuleSet,
  ) {
    this.id = ticket.ticketId;
    this.createdAtMs = ticket.createdAtMs;
    this.size = ticket.players.length;
    this.isBackfill = ticket.backfill !== undefined;
    this.seated = ticket.backfill?.players ?? [];
  }

  /** Wait time in seconds at `nowMs`. */
  ageSeconds(nowMs: number): number {
    return (nowMs - this.createdAtMs) / 1000;
  }

  /** The new players as a rule with this party aggregation sees them. */
  playersFor(aggregation: PartyAggregation): ViewPlayer[] {
    const views = (this.views ??= {});
    let view = views[aggregation];
    if (!view) {
      view = aggregatePlayers(this.ticket.players, aggregation, this.ruleSet);
      views[aggregation] = view;
    }
    return view;
  }

  /** One number for the party (the aggregate of a number attribute), or undefined. */
  numberFor(attribute: string, aggregation: NumericAggregation): number | undefined {
    if (this.isBackfill) {
      const numbers = this.seated.map((p) => p.attributes[attribute]).filter((v): v is number => typeof v === 'number');
      return numbers.length === 0 ? undefined : aggregateNumbers(numbers, aggregation);
    }
    const value = this.playersFor(aggregation)[0]?.attributes[attribute];
    return typeof value === 'number' ? value : undefined;
  }

  /** The party's first player's value of an attribute (strings, maps); a backfill's first seated player's. */
  valueFor(attribute: string): AttributeValue | undefined {
    return (this.ticket.players[0] ?? this.seated[0])?.attributes[attribute];
  }

  /**
   * The party's latency to each region under an aggregation. A region counts
   * only when every player of the party reported it. `undefined` when no
   * player reported latencies. For a backfill ticket: its seated players'
   * latencies (the game session's region).
   */
  latencyFor(aggregation: NumericAggregation): Record<string, number> | undefined {
    const latencies = (this.latencies ??= {});
    let latency = latencies[aggregation];
    if (latency === undefined) {
      const players = this.isBackfill ? this.seated : this.ticket.players;
      latency = aggregateLatency(players, aggregation) ?? null;
      latencies[aggregation] = latency;
    }
    return latency ?? undefined;
  }
}

function aggregatePlayers(
  players: readonly PoolPlayer[],
  aggregation: PartyAggregation,
  ruleSet: CompiledRuleSet,
): ViewPlayer[] {
  // A solo ticket is seen as it is: its pool players serve as the view (rules only read ids and attributes).
  if (players.length <= 1) return players as ViewPlayer[];
  const merged: Record<string, AttributeValue> = {};
  for (const definition of ruleSet.playerAttributes) {
    const values = players.map((player) => player.attributes[definition.name]);
    if (definition.type === 'number' && isNumeric(aggregation)) {
      const numbers = values.filter((value): value is number => typeof value === 'number');
      if (numbers.length > 0) merged[definition.name] = aggregateNumbers(numbers, aggregation);
    } else if (definition.type === 'string_list' && !isNumeric(aggregation)) {
      const lists = values.filter((value): value is string[] => Array.isArray(value));
      merged[definition.name] = aggregation === 'union' ? union(lists) : intersection(lists);
    }
  }
  return players.map((player) => ({
    playerId: player.playerId,
    attributes: { ...player.attributes, ...merged },
  }));
}

function isNumeric(aggregation: PartyAggregation): aggregation is NumericAggregation {
  return aggregation === 'avg' || aggregation === 'min' || aggregation === 'max';
}

/** `avg`, `min` or `max` of a non-empty list. */
export function aggregateNumbers(numbers: readonly number[], aggregation: NumericAggregation): number {
  switch (aggregation) {
    case 'min':
      return Math.min(...numbers);
    case 'max':
      return Math.max(...numbers);
    case 'avg':
      return numbers.reduce((sum, value) => sum + value, 0) / numbers.length;
  }
}

function union(lists: readonly string[][]): string[] {
  return [...new Set(lists.flat())];
}

function intersection(lists: readonly string[][]): string[] {
  if (lists.length === 0) return [];
  return lists[0]!.filter((item, index, first) => first.indexOf(item) === index && lists.every((list) => list.includes(item)));
}

function aggregateLatency(
  players: readonly PoolPlayer[],
  aggregation: NumericAggregation,
): Record<string, number> | undefined {
  const reported = players.map((player) => player.latencyMs).filter((latency) => latency !== undefined);
  if (reported.length === 0) return undefined;
  if (reported.length < players.length) return {};
  const regions = Object.keys(reported[0]!).filter((region) => reported.every((latency) => region in latency));
  const out: Record<string, number> = {};
  for (const region of regions) {
    out[region] = aggregateNumbers(reported.map((latency) => latency[region]!), aggregation);
  }
  return out;
}
