/**
 * A formed match as the engine's rule checks see it: its tickets prepared
 * with party aggregation (engine/prepared-ticket.ts) and its teams in
 * rule-set order, so the simulator measures a match exactly the way the
 * engine judged it.
 */
import { PreparedTicket, type PartyAggregation, type ViewPlayer } from '../core/engine/prepared-ticket.ts';
import type { RuleSubject } from '../core/engine/rule-checks.ts';
import type { PoolTicket } from '../core/engine/types.ts';
import type { MatchView } from '../core/expression/evaluate.ts';
import type { CompiledRuleSet } from '../core/ruleset/types.ts';

/** One formed match: its tickets (as the pool held them) and which team each player is on. */
export interface FormedMatch {
  tickets: PoolTicket[];
  /** Player id -> team instance name. */
  teamOf: ReadonlyMap<string, string>;
  /** Simulated time the match formed (ms). */
  formedAtMs: number;
}

/** A `RuleSubject` over a formed match. */
export class MatchSubject implements RuleSubject {
  readonly tickets: readonly PreparedTicket[];
  private readonly views = new Map<PartyAggregation, MatchView>();

  constructor(
    readonly match: FormedMatch,
    private readonly ruleSet: CompiledRuleSet,
  ) {
    this.tickets = match.tickets.map((ticket) => new PreparedTicket(ticket, ruleSet));
  }

  /** The match with each player's attributes as a rule with `aggregation` sees them. */
  view(aggregation: PartyAggregation): MatchView {
    let view = this.views.get(aggregation);
    if (!view) {
      const byTeam = new Map<string, ViewPlayer[]>(this.ruleSet.teams.map((team) => [team.name, []]));
      for (const ticket of this.tickets) {
        for (const player of ticket.playersFor(aggregation)) byTeam.get(this.match.teamOf.get(player.playerId) ?? '')?.push(player);
      }
      view = {
        teams: this.ruleSet.teams.map((team) => ({
          name: team.name,
          definition: team.definition,
          players: byTeam.get(team.name)!,
        })),
      };
      this.views.set(aggregation, view);
    }
    return view;
  }

  /** Every player of the match as a rule with `aggregation` sees them. */
  players(aggregation: PartyAggregation): ViewPlayer[] {
    return this.view(aggregation).teams.flatMap((team) => team.players);
  }

  /** The match's wait time in seconds, as the engine's expansions count it (newest or oldest ticket). */
  ageSeconds(): number {
    const stamps = this.match.tickets.map((ticket) => ticket.createdAtMs);
    if (stamps.length === 0) return 0;
    const created = this.ruleSet.algorithm.expansionAgeSelection === 'oldest' ? Math.min(...stamps) : Math.max(...stamps);
    return (this.match.formedAtMs - created) / 1000;
  }
}
