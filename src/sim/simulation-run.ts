/**
 * The simulated clock: a `Matchmaker` with an injected clock and seeded
 * random, fed the population's arrivals and the players' answers each at its
 * own simulated moment, and ticked every `tickSeconds` until the arrival
 * window is over and every ticket has ended. Nothing is skipped: every tick
 * runs, so the engine sees exactly what a host ticking at that pace would.
 */
import { seededRandom } from '../core/engine/random.ts';
import type { PoolTicket } from '../core/engine/types.ts';
import { internalError, invalidRequest } from '../core/matchmaker/errors.ts';
import type { PotentialMatchCreatedDetail } from '../core/matchmaker/events.ts';
import { Matchmaker } from '../core/matchmaker/matchmaker.ts';
import type { AttributeValue as SdkAttributeValue, Player } from '../core/matchmaker/types.ts';
import type { AttributeValue, CompiledRuleSet } from '../core/ruleset/types.ts';
import { generateArrivals, mix, type Arrival } from './population.ts';
import { Recorder } from './recorder.ts';
import type { SimulationInput } from './types.ts';

/** The configuration's (and rule set's) name inside the simulated Matchmaker. */
export const CONFIGURATION = 'simulation';
const DEFAULT_ACCEPT_DELAY_SECONDS = 5;

/** A player's answer to a proposal, due at `atMs`. */
interface Answer {
  atMs: number;
  matchId: string;
  ticketId: string;
  playerId: string;
  accept: boolean;
}

/** One run's state; `runToEnd` once. The caller creates the rule set and configuration in `matchmaker` first. */
export class SimulationRun {
  /** The simulated clock, ms since the run began. */
  nowMs = 0;
  readonly matchmaker: Matchmaker;
  readonly recorder: Recorder;
  private readonly arrivals: Arrival[];
  private readonly answers: Answer[] = [];
  private readonly acceptRandom: () => number;
  private next = 0;

  constructor(
    private readonly input: SimulationInput,
    private readonly ruleSet: CompiledRuleSet,
  ) {
    const seed = input.seed ?? 1;
    // Drawn before anything reads the rule set: the same population and seed give the same arrivals for any rule set.
    this.arrivals = generateArrivals(input.population, seed);
    this.acceptRandom = seededRandom(mix(seed, 4));
    this.matchmaker = new Matchmaker({ now: () => this.nowMs, random: seededRandom(mix(seed, 3)), ticketRetentionSeconds: 0 });
    this.recorder = new Recorder(ruleSet, () => this.nowMs, (detail) => this.planAnswers(detail));
    this.matchmaker.on(this.recorder.listener);
  }

  /** Ticks until the arrival window is over and every ticket ended; `afterTick(nowMs)` after each tick. */
  runToEnd(afterTick: (nowMs: number) => void): void {
    const tickMs = (this.input.tickSeconds ?? 1) * 1000;
    const { configuration, population } = this.input;
    const durationMs = population.durationMinutes * 60_000;
    // Every ticket ends by its request timeout (one in acceptance by the acceptance timeout): far past both is a bug.
    const limitMs = durationMs + 2000 * (configuration.RequestTimeoutSeconds + (configuration.AcceptanceTimeoutSeconds ?? 0) + 60);
    for (let tickAtMs = 0; this.next < this.arrivals.length || this.recorder.active > 0 || tickAtMs <= durationMs; tickAtMs += tickMs) {
      if (tickAtMs > limitMs) throw internalError(`simulation: ${this.recorder.active} tickets still active at minute ${limitMs / 60_000}`);
      this.deliverUntil(tickAtMs);
      this.nowMs = tickAtMs;
      this.matchmaker.tick();
      afterTick(tickAtMs);
    }
  }

  /** Arrivals and answers due by `tickAtMs`, in time order, each at its own moment. */
  private deliverUntil(tickAtMs: number): void {
    const due = dueAnswers(this.answers, tickAtMs);
    let answered = 0;
    for (;;) {
      const arrival = this.arrivals[this.next];
      const answer = due[answered];
      const arrivalDue = arrival !== undefined && arrival.atMs <= tickAtMs;
      if (arrivalDue && (answer === undefined || arrival.atMs <= answer.atMs)) {
        this.nowMs = arrival.atMs;
        this.submit(arrival);
        this.next += 1;
      } else if (answer !== undefined) {
        answered += 1;
        this.nowMs = answer.atMs;
        if (this.recorder.awaitsAnswers(answer.matchId)) {
          const { ticketId, playerId, accept } = answer;
          this.matchmaker.acceptMatch({ TicketId: ticketId, PlayerIds: [playerId], AcceptanceType: accept ? 'ACCEPT' : 'REJECT' });
        }
      } else {
        return;
      }
    }
  }

  private submit(arrival: Arrival): void {
    const players: Player[] = arrival.players.map((player) => ({
      PlayerId: player.playerId,
      // Only declared attributes are sent (FlexMatch leaves others out); the rest were drawn to keep the population fixed.
      PlayerAttributes: Object.fromEntries(
        this.ruleSet.playerAttributes
          .filter((def) => def.name in player.attributes)
          .map((def) => [def.name, sdkValue(player.attributes[def.name]!)]),
      ),
      ...(player.latencyMs ? { LatencyInMs: player.latencyMs } : {}),
    }));
    try {
      this.matchmaker.startMatchmaking({ ConfigurationName: CONFIGURATION, TicketId: arrival.ticketId, Players: players });
    } catch (error) {
      const size = `${players.length} player${players.length === 1 ? '' : 's'}`;
      throw invalidRequest(`population: ticket ${arrival.ticketId} (${size}) was refused: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.recorder.arrived(poolTicket(this.ruleSet, arrival));
  }

  /**
   * Each player of a proposal answers after `acceptDelaySeconds` × [0.5, 1.5),
   * accepting with probability `acceptRate`; an answer that would come at or
   * after the deadline is never given (the player "did not answer in time").
   */
  private planAnswers(detail: PotentialMatchCreatedDetail): void {
    const { population } = this.input;
    const acceptRate = population.acceptRate ?? 1;
    const delayMs = (population.acceptDelaySeconds ?? DEFAULT_ACCEPT_DELAY_SECONDS) * 1000;
    const deadlineMs = detail.acceptanceTimeout !== undefined ? this.nowMs + detail.acceptanceTimeout * 1000 : Infinity;
    for (const ticket of detail.tickets) {
      for (const player of ticket.players) {
        const accept = this.acceptRandom() < acceptRate;
        const atMs = this.nowMs + Math.round(delayMs * (0.5 + this.acceptRandom()));
        if (atMs < deadlineMs) this.answers.push({ atMs, matchId: detail.matchId, ticketId: ticket.ticketId, playerId: player.playerId, accept });
      }
    }
  }
}

/** The ticket as the engine's pool holds it: declared attributes with the rule set's defaults filled in. */
function poolTicket(ruleSet: CompiledRuleSet, arrival: Arrival): PoolTicket {
  return {
    ticketId: arrival.ticketId,
    createdAtMs: arrival.atMs,
    players: arrival.players.map((player) => {
      const attributes: Record<string, AttributeValue> = {};
      for (const def of ruleSet.playerAttributes) {
        const value = player.attributes[def.name] ?? def.default;
        if (value !== undefined) attributes[def.name] = value;
      }
      return { playerId: player.playerId, attributes, ...(player.latencyMs ? { latencyMs: player.latencyMs } : {}) };
    }),
  };
}

function sdkValue(value: AttributeValue): SdkAttributeValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: value };
  if (Array.isArray(value)) return { SL: value };
  return { SDM: value };
}

/** Removes the answers due by `tickAtMs` from `answers` and returns them in time order. */
function dueAnswers(answers: Answer[], tickAtMs: number): Answer[] {
  if (answers.length === 0) return [];
  const due: Answer[] = [];
  let kept = 0;
  for (const answer of answers) {
    if (answer.atMs <= tickAtMs) due.push(answer);
    else answers[kept++] = answer;
  }
  answers.length = kept;
  return due.sort((a, b) => a.atMs - b.atMs);
}
