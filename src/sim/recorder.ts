/**
 * Listens to a simulated Matchmaker's events and keeps what the summary
 * needs: when each ticket arrived and how it ended, the matches with their
 * size, quality per rule and the expansion step in effect. `summarize` turns
 * it into the `SimulationResult` fields.
 */
import { assertNever } from '../core/assert-never.ts';
import { ExpansionSchedule } from '../core/engine/expansions.ts';
import type { PoolTicket } from '../core/engine/types.ts';
import type { MatchmakingEvent, PotentialMatchCreatedDetail } from '../core/matchmaker/events.ts';
import type { CompiledRuleSet } from '../core/ruleset/types.ts';
import { ExpansionTally } from './expansion-use.ts';
import { MatchSubject } from './match-subject.ts';
import { ruleMeters, type RuleMeter } from './quality.ts';
import { mean, percentileOfSorted, percentiles } from './stats.ts';
import type { RuleQuality, SimulationResult, TimeBucket } from './types.ts';

/** Failure reasons that mean a player declined or did not answer in time. */
const ACCEPTANCE_FAILURES: ReadonlySet<string> = new Set(['REJECTED', 'ACCEPTANCE_TIMED_OUT', 'ACCEPTANCE_INCOMPLETE']);

type Ending = 'completed' | 'timedOut' | 'failedAcceptance' | 'other';

interface TicketLog {
  arrivalMs: number;
  players: number;
  endedAtMs?: number;
  ending?: Ending;
}

interface Proposal {
  formedAtMs: number;
  ticketIds: string[];
  teamOf: Map<string, string>;
}

/** A proposal that needs answers: called once per `PotentialMatchCreated` with acceptance required. */
export type AcceptanceRequest = (detail: PotentialMatchCreatedDetail) => void;

/** The outcome log of one run. */
export class Recorder {
  private readonly tickets = new Map<string, TicketLog>();
  private readonly poolTickets = new Map<string, PoolTicket>();
  private readonly proposals = new Map<string, Proposal>();
  private readonly meters: RuleMeter[];
  private readonly samples: number[][];
  private readonly schedule: ExpansionSchedule;
  private readonly expansions: ExpansionTally;
  private readonly matchTimesMs: number[] = [];
  private readonly matchSizes: number[] = [];
  /** Tickets that have not ended yet. */
  active = 0;

  constructor(
    private readonly ruleSet: CompiledRuleSet,
    private readonly nowMs: () => number,
    private readonly onAcceptanceRequired: AcceptanceRequest,
  ) {
    this.meters = ruleMeters(ruleSet);
    this.samples = this.meters.map(() => []);
    this.schedule = new ExpansionSchedule(ruleSet);
    this.expansions = new ExpansionTally(ruleSet);
  }

  /** A ticket was submitted (its players as the pool will hold them, defaults filled in). */
  arrived(ticket: PoolTicket): void {
    this.tickets.set(ticket.ticketId, { arrivalMs: ticket.createdAtMs, players: ticket.players.length });
    this.poolTickets.set(ticket.ticketId, ticket);
    this.active += 1;
  }

  /** Whether proposal `matchId` still waits for answers. */
  awaitsAnswers(matchId: string): boolean {
    return this.proposals.has(matchId);
  }

  /** The Matchmaker listener. */
  readonly listener = (event: MatchmakingEvent): void => {
    const detail = event.detail;
    switch (detail.type) {
      case 'PotentialMatchCreated': {
        const teamOf = new Map<string, string>();
        for (const ticket of detail.tickets) for (const p of ticket.players) if (p.team) teamOf.set(p.playerId, p.team);
        const ticketIds = detail.tickets.map((t) => t.ticketId);
        this.proposals.set(detail.matchId, { formedAtMs: this.nowMs(), ticketIds, teamOf });
        if (detail.acceptanceRequired) this.onAcceptanceRequired(detail);
        return;
      }
      case 'AcceptMatchCompleted':
        if (detail.acceptance !== 'Accepted') this.proposals.delete(detail.matchId);
        return;
      case 'MatchmakingSucceeded':
        this.succeeded(detail.matchId, detail.tickets.map((t) => t.ticketId));
        return;
      case 'MatchmakingTimedOut':
        for (const t of detail.tickets) this.ended(t.ticketId, 'timedOut');
        return;
      case 'MatchmakingFailed':
        for (const t of detail.tickets) this.ended(t.ticketId, ACCEPTANCE_FAILURES.has(detail.reason) ? 'failedAcceptance' : 'other');
        return;
      case 'MatchmakingCancelled':
        for (const t of detail.tickets) this.ended(t.ticketId, 'other');
        return;
      case 'MatchmakingSearching':
      case 'AcceptMatch':
        return;
      default:
        return assertNever(detail, 'event');
    }
  };

  private ended(ticketId: string, ending: Ending): void {
    const log = this.tickets.get(ticketId);
    if (!log || log.ending) return;
    log.ending = ending;
    log.endedAtMs = this.nowMs();
    this.active -= 1;
    this.poolTickets.delete(ticketId);
  }

  private succeeded(matchId: string, ticketIds: string[]): void {
    const proposal = this.proposals.get(matchId);
    this.proposals.delete(matchId);
    const tickets = ticketIds.map((id) => this.poolTickets.get(id)).filter((t): t is PoolTicket => t !== undefined);
    if (proposal) this.measure(proposal, tickets);
    this.matchTimesMs.push(this.nowMs());
    this.matchSizes.push(tickets.reduce((sum, t) => sum + t.players.length, 0));
    for (const id of ticketIds) this.ended(id, 'completed');
  }

  private measure(proposal: Proposal, tickets: PoolTicket[]): void {
    const subject = new MatchSubject({ tickets, teamOf: proposal.teamOf, formedAtMs: proposal.formedAtMs }, this.ruleSet);
    const effective = this.schedule.at(subject.ageSeconds());
    this.expansions.record(effective);
    this.meters.forEach((meter, index) => {
      const value = meter.measure(subject, effective);
      if (value !== undefined && Number.isFinite(value)) this.samples[index]!.push(value);
    });
  }

  /** The counts, percentiles, series, quality and expansions of the run so far. */
  summarize(bucketMinutes: number): Omit<SimulationResult, 'label' | 'simulatedMinutes' | 'wallClockMs'> {
    const logs = [...this.tickets.values()];
    const count = (ending: Ending) => logs.filter((log) => log.ending === ending).length;
    const waits = (list: TicketLog[]) =>
      list.filter((log) => log.ending === 'completed').map((log) => (log.endedAtMs! - log.arrivalMs) / 1000);
    return {
      tickets: logs.length,
      players: logs.reduce((sum, log) => sum + log.players, 0),
      matchedTickets: count('completed'),
      timedOutTickets: count('timedOut'),
      failedAcceptanceTickets: count('failedAcceptance'),
      matches: this.matchSizes.length,
      meanMatchSize: this.matchSizes.length === 0 ? 0 : mean(this.matchSizes),
      timeToMatchSeconds: percentiles(waits(logs)),
      series: this.series(logs, bucketMinutes, waits),
      quality: this.quality(),
      expansions: this.expansions.result(),
    };
  }

  private series(logs: TicketLog[], bucketMinutes: number, waits: (list: TicketLog[]) => number[]): TimeBucket[] {
    const widthMs = bucketMinutes * 60_000;
    // A loop, not Math.max(...spread): a long run has more tickets than a call may take arguments.
    let lastMs = 0;
    for (const log of logs) lastMs = Math.max(lastMs, log.endedAtMs ?? log.arrivalMs);
    const buckets = Array.from({ length: Math.floor(lastMs / widthMs) + 1 }, (_, i) => ({
      startMinute: i * bucketMinutes,
      arrived: [] as TicketLog[],
      matches: 0,
      timeouts: 0,
    }));
    const at = (ms: number) => buckets[Math.min(buckets.length - 1, Math.floor(ms / widthMs))]!;
    for (const log of logs) {
      at(log.arrivalMs).arrived.push(log);
      if (log.ending === 'timedOut') at(log.endedAtMs!).timeouts += 1;
    }
    for (const ms of this.matchTimesMs) at(ms).matches += 1;
    return buckets.map((b) => ({
      startMinute: b.startMinute,
      arrivals: b.arrived.length,
      matches: b.matches,
      timeouts: b.timeouts,
      timeToMatchSeconds: percentiles(waits(b.arrived)),
    }));
  }

  private quality(): RuleQuality[] {
    return this.meters.map((meter, index) => {
      const sorted = this.samples[index]!.slice().sort((a, b) => a - b);
      return {
        rule: meter.rule,
        type: meter.type,
        metric: meter.metric,
        mean: sorted.length === 0 ? 0 : mean(sorted),
        p90: sorted.length === 0 ? 0 : percentileOfSorted(sorted, 90),
        max: sorted.length === 0 ? 0 : sorted[sorted.length - 1]!,
        ...(meter.limit !== undefined ? { limit: meter.limit } : {}),
        measuredMatches: sorted.length,
      };
    });
  }
}

