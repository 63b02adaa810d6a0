/**
 * A match under construction: which tickets sit on which team, plus (for a
 * backfill) the seated players of the game session. The search adds and
 * removes tickets as it explores; rules read it through `view()`.
 */
import type { MatchView } from '../expression/evaluate.ts';
import type { CompiledRuleSet } from '../ruleset/types.ts';
import type { PartyAggregation, PreparedTicket, ViewPlayer } from './prepared-ticket.ts';
import { TeamStats } from './team-stats.ts';
import type { ProposedMatch, RuleEvaluationMetric } from './types.ts';

export class DraftMatch {
  /** Players per team, seated ones included. */
  readonly counts: number[];
  /** Tickets placed, in order, and each one's team: two parallel stacks (no object per tentative addition). */
  private readonly memberTickets: PreparedTicket[] = [];
  private readonly memberTeams: number[] = [];
  private readonly seated: ViewPlayer[][];
  private readonly views = new Map<PartyAggregation, MatchView>();
  /** Newest and oldest creation time after each member (index 0: the backfill ticket alone), so the draft's age costs O(1). */
  private readonly newestMs: number[];
  private readonly oldestMs: number[];
  /** Accumulators by aggregation and attribute ('' key: players only), kept in step with add / removeLast. */
  private readonly stats = new Map<PartyAggregation, Map<string | undefined, TeamStats>>();
  /** Every accumulator, for add / removeLast to update without walking the maps. */
  private readonly allStats: TeamStats[] = [];

  constructor(
    private readonly ruleSet: CompiledRuleSet,
    /** The backfill ticket whose seated players this match keeps, if any. */
    readonly backfill?: PreparedTicket,
  ) {
    this.seated = ruleSet.teams.map(() => []);
    for (const player of backfill?.ticket.backfill?.players ?? []) {
      const team = ruleSet.teams.findIndex((instance) => instance.name === player.team);
      if (team >= 0) this.seated[team]!.push({ playerId: player.playerId, attributes: player.attributes });
    }
    this.counts = this.seated.map((players) => players.length);
    this.newestMs = [backfill ? backfill.createdAtMs : Number.NEGATIVE_INFINITY];
    this.oldestMs = [backfill ? backfill.createdAtMs : Number.POSITIVE_INFINITY];
  }

  /**
   * For a backfill, the game session's regions (every region its seated
   * players reported); undefined otherwise or when they reported none.
   */
  get sessionRegions(): string[] | undefined {
    const latency = this.backfill?.latencyFor('avg');
    return latency ? Object.keys(latency) : undefined;
  }

  /** Tickets added so far (new players), in order. */
  get tickets(): PreparedTicket[] {
    return this.memberTickets.slice();
  }

  /** Whether every ticket placed reported latencies (a region can be common to all only then). */
  everyTicketHasLatency(): boolean {
    for (const ticket of this.memberTickets) if (ticket.latencyFor('avg') === undefined) return false;
    return true;
  }

  get size(): number {
    return this.counts.reduce((sum, count) => sum + count, 0);
  }

  /** Number of tickets placed, not counting the backfill ticket's seated players. */
  get ticketCount(): number {
    return this.memberTickets.length;
  }

  add(ticket: PreparedTicket, team: number): void {
    const depth = this.memberTickets.length;
    this.memberTickets.push(ticket);
    this.memberTeams.push(team);
    this.counts[team]! += ticket.size;
    this.newestMs[depth + 1] = Math.max(this.newestMs[depth]!, ticket.createdAtMs);
    this.oldestMs[depth + 1] = Math.min(this.oldestMs[depth]!, ticket.createdAtMs);
    for (let i = 0; i < this.allStats.length; i++) {
      const stats = this.allStats[i]!;
      stats.add(team, ticket.playersFor(stats.aggregation));
    }
    if (this.views.size > 0) this.views.clear();
  }

  removeLast(): void {
    const ticket = this.memberTickets.pop();
    if (!ticket) return;
    this.counts[this.memberTeams.pop()!]! -= ticket.size;
    for (let i = 0; i < this.allStats.length; i++) this.allStats[i]!.undo();
    if (this.views.size > 0) this.views.clear();
  }

  /** Takes every ticket out again (the seated players stay): the draft can serve the next search. */
  clear(): void {
    while (this.memberTickets.length > 0) this.removeLast();
  }

  /** Moves the tickets at member positions `a` and `b` to each other's team. */
  swapTeams(a: number, b: number): void {
    const teams = this.memberTeams;
    const [first, second] = [this.memberTickets[a]!, this.memberTickets[b]!];
    this.counts[teams[a]!]! += second.size - first.size;
    this.counts[teams[b]!]! += first.size - second.size;
    [teams[a], teams[b]] = [teams[b]!, teams[a]!];
    this.views.clear();
    // The accumulators' history no longer matches the teams: rebuilt on the next read.
    this.stats.clear();
    this.allStats.length = 0;
  }

  teamOf(position: number): number {
    return this.memberTeams[position]!;
  }

  /**
   * Wait time of the draft in seconds: the age of its newest ticket, or of its
   * oldest with `expansionAgeSelection: "oldest"`. A backfill ticket counts
   * as a ticket of the draft.
   */
  ageSeconds(nowMs: number): number {
    const depth = this.memberTickets.length;
    if (depth === 0 && !this.backfill) return 0;
    const created = this.ruleSet.algorithm.expansionAgeSelection === 'oldest' ? this.oldestMs[depth]! : this.newestMs[depth]!;
    return (nowMs - created) / 1000;
  }

  /** The team instances of the rule set, in order (what compiled operands resolve names against). */
  get teamInstances(): CompiledRuleSet['teams'] {
    return this.ruleSet.teams;
  }

  /** See `NumericSource.teamNumbers` (compiled-operand.ts): the numbers of one team, read without a view. */
  teamNumbers(aggregation: PartyAggregation, team: number, attribute: string | undefined, out: number[]): number {
    let players = 0;
    const seated = this.seated[team]!;
    for (let i = 0; i < seated.length; i++) {
      players++;
      if (attribute !== undefined && !pushNumber(seated[i]!, attribute, out)) return -1;
    }
    for (let m = 0; m < this.memberTickets.length; m++) {
      if (this.memberTeams[m] !== team) continue;
      const list = this.memberTickets[m]!.playersFor(aggregation);
      for (let i = 0; i < list.length; i++) {
        players++;
        if (attribute !== undefined && !pushNumber(list[i]!, attribute, out)) return -1;
      }
    }
    return players;
  }

  /** See `NumericSource.teamStats` (compiled-operand.ts): running per-team figures of one attribute. */
  teamStats(aggregation: PartyAggregation, attribute: string | undefined): TeamStats {
    let byAttribute = this.stats.get(aggregation);
    if (!byAttribute) {
      byAttribute = new Map();
      this.stats.set(aggregation, byAttribute);
    }
    let stats = byAttribute.get(attribute);
    if (!stats) {
      stats = new TeamStats(this.counts.length, aggregation, attribute);
      for (let team = 0; team < this.seated.length; team++) stats.seat(team, this.seated[team]!);
      for (let m = 0; m < this.memberTickets.length; m++) stats.add(this.memberTeams[m]!, this.memberTickets[m]!.playersFor(aggregation));
      byAttribute.set(attribute, stats);
      this.allStats.push(stats);
    }
    return stats;
  }

  /** The draft as property expressions see it, with a party aggregation applied. */
  view(aggregation: PartyAggregation): MatchView {
    let view = this.views.get(aggregation);
    if (!view) {
      view = {
        teams: this.ruleSet.teams.map((team, index) => ({
          name: team.name,
          definition: team.definition,
          players: [...this.seated[index]!],
        })),
      };
      for (let m = 0; m < this.memberTickets.length; m++) {
        view.teams[this.memberTeams[m]!]!.players.push(...this.memberTickets[m]!.playersFor(aggregation));
      }
      this.views.set(aggregation, view);
    }
    return view;
  }

  /** Freezes the draft into the engine's result shape. */
  toProposedMatch(region: string | undefined, metrics: RuleEvaluationMetric[]): ProposedMatch {
    const teams = this.ruleSet.teams.map((team, index) => ({
      name: team.name,
      players: this.seated[index]!.map((player) => ({
        playerId: player.playerId,
        ticketId: this.backfill!.id,
      })),
    }));
    for (let m = 0; m < this.memberTickets.length; m++) {
      const ticket = this.memberTickets[m]!;
      for (const player of ticket.ticket.players) teams[this.memberTeams[m]!]!.players.push({ playerId: player.playerId, ticketId: ticket.id });
    }
    const ticketIds = this.memberTickets.map((ticket) => ticket.id);
    if (this.backfill) ticketIds.unshift(this.backfill.id);
    // Fields set in the result's key order, optional ones only when present (no spread objects per match).
    const match: ProposedMatch = { ticketIds } as ProposedMatch;
    if (this.backfill) match.backfillTicketId = this.backfill.id;
    match.teams = teams;
    if (region !== undefined) match.region = region;
    match.ruleEvaluationMetrics = metrics;
    return match;
  }
}

/** Pushes `player`'s number value of `attribute` onto `out` (nothing if missing); false if the value is not a number. */
function pushNumber(player: ViewPlayer, attribute: string, out: number[]): boolean {
  if (!Object.hasOwn(player.attributes, attribute)) return true;
  const value = player.attributes[attribute];
  if (typeof value === 'number') out.push(value);
  else if (value !== undefined && value !== null) return false;
  return true;
}
