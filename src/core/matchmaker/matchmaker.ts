/**
 * The `Matchmaker`: FlexMatch standalone mode as a pure, synchronous service.
 * Method names are the AWS GameLift operations in camelCase, inputs and
 * outputs the AWS SDK v3 shapes (types.ts), errors `Error`s named after the
 * AWS exceptions (errors.ts). Time comes from the injected `now()`, random
 * ids and batching from the injected `random()`; nothing runs unless a method
 * is called: the host calls `tick()` on its own schedule (a Worker interval,
 * a test loop) and listens with `on()`.
 *
 * Non-AWS additions, for hosts: `tick()`, `on()`, `onUpdateGameSession()`
 * (the server SDK callback as a subscription), `describeGameSessions()`
 * (the sessions this matchmaker knows), `listTickets()` (every ticket held,
 * for a host console), `explainMatchmaking()` (why a ticket is not matched
 * yet), `snapshot()` / `Matchmaker.restore()`.
 */
import { unseededRandom } from '../engine/random.ts';
import { acceptMatch } from './acceptance.ts';
import { startMatchBackfill } from './backfill.ts';
import { stopMatchBackfill, stopMatchmaking } from './cancellation.ts';
import { ConfigurationRegistry, toSdkConfiguration } from './configurations.ts';
import type { MatchmakerContext } from './context.ts';
import { runCycle, type TickResult } from './cycle.ts';
import { invalidRequest, show } from './errors.ts';
import { EventBus, type GameSessionUpdateListener, type MatchmakingEventListener } from './events.ts';
import { explainMatchmaking } from './explain.ts';
import type { ExplainMatchmakingInput, ExplainMatchmakingOutput } from './explain-types.ts';
import { toSdkGameSession } from './game-sessions.ts';
import { ArnFactory } from './ids.ts';
import type { PlacementHook } from './placement.ts';
import { reportPlayerLeft } from './player-left.ts';
import { changeGameHost } from './game-host-change.ts';
import { RuleSetRegistry, toSdkRuleSet } from './rule-sets.ts';
import { checkSnapshot, loadSnapshot, takeSnapshot, type MatchmakerSnapshot } from './snapshot.ts';
import { startMatchmaking } from './start-matchmaking.ts';
import { TicketStore, toSdkTicket, type TicketRecord } from './tickets.ts';
import type * as Sdk from './types.ts';
import { WaitHistory } from './wait-estimate.ts';

export interface MatchmakerOptions {
  /** Current time in ms. Default: a clock frozen at 0 (the core reads no system clock); hosts pass `Date.now`. */
  now?: () => number;
  /**
   * Uniform in [0, 1). Default: a generator seeded once from the platform's
   * secure random source, so two matchmakers never issue the same ids; pass
   * `seededRandom(seed)` for reproducible runs.
   */
  random?: () => number;
  /** The region of the ARNs and events. Default `us-east-1`. */
  region?: string;
  /** The account of the ARNs and events. Default empty (`arn:aws:gamelift:us-east-1::...`). */
  accountId?: string;
  /** Called when a match is ready to place; see placement.ts. Default: a synthetic game session ARN. */
  placement?: PlacementHook;
  /** How long a finished ticket stays describable (and its id taken), in seconds. Default 3600. */
  ticketRetentionSeconds?: number;
  /**
   * Receives what a listener threw; delivery to the other listeners goes on
   * either way. Without it, the method whose events the listener was handling
   * (`tick()`, `acceptMatch()`, ...) finishes its work, then throws the
   * listener's error (an `AggregateError` for several).
   */
  onListenerError?: (error: unknown) => void;
}

const EMPTY: Sdk.EmptyOutput = {};

export class Matchmaker {
  private readonly ctx: MatchmakerContext;
  private readonly retentionMs: number;
  /** Depth of nested public calls (listeners may call back in); listener errors surface at depth 0. */
  private depth = 0;
  private ticking = false;

  constructor(options: MatchmakerOptions = {}) {
    const region = options.region ?? 'us-east-1';
    if (typeof region !== 'string' || !/^[a-z0-9-]+$/.test(region)) {
      throw invalidRequest(`region: expected a region name such as "us-east-1", got ${show(region)}`);
    }
    const accountId = options.accountId ?? '';
    const arns = new ArnFactory(region, accountId);
    const ruleSets = new RuleSetRegistry(arns);
    this.retentionMs = (options.ticketRetentionSeconds ?? 3600) * 1000;
    this.ctx = {
      now: options.now ?? (() => 0),
      random: options.random ?? unseededRandom(),
      region,
      accountId,
      arns,
      ruleSets,
      configurations: new ConfigurationRegistry(arns, ruleSets),
      tickets: new TicketStore(),
      matches: new Map(),
      gameSessions: new Map(),
      waits: new WaitHistory(),
      bus: new EventBus(options.onListenerError),
      placement: options.placement,
    };
  }

  /**
   * A matchmaker resumed from `snapshot()`. Region and account come from the
   * snapshot (its ARNs embed them); clock, random source, placement hook and
   * listeners come from `options` and new `on()` calls.
   */
  static restore(snapshot: MatchmakerSnapshot, options: Omit<MatchmakerOptions, 'region' | 'accountId'> = {}): Matchmaker {
    const checked = checkSnapshot(snapshot);
    const matchmaker = new Matchmaker({ ...options, region: checked.region, accountId: checked.accountId });
    loadSnapshot(matchmaker.ctx, checked);
    matchmaker.ctx.waits.load(checked.waitHistory ?? {});
    return matchmaker;
  }

  /**
   * The whole state as plain JSON (see snapshot.ts). `reuse`: a snapshot
   * this matchmaker gave before, unchanged since; the new one shares its
   * unchanged records (cheaper for a host that saves after every change).
   */
  snapshot(options: { reuse?: MatchmakerSnapshot } = {}): MatchmakerSnapshot {
    return takeSnapshot(this.ctx, options.reuse);
  }

  // --- Rule sets -------------------------------------------------------------

  createMatchmakingRuleSet(input: Sdk.CreateMatchmakingRuleSetInput): Sdk.CreateMatchmakingRuleSetOutput {
    return { RuleSet: toSdkRuleSet(this.ctx.ruleSets.create(input, this.ctx.now())) };
  }

  describeMatchmakingRuleSets(input: Sdk.DescribeMatchmakingRuleSetsInput = {}): Sdk.DescribeMatchmakingRuleSetsOutput {
    return this.ctx.ruleSets.describe(input);
  }

  /** `{ Valid }` only, as AWS answers; `validateRuleSet()` gives the issues with paths and positions. */
  validateMatchmakingRuleSet(input: Sdk.ValidateMatchmakingRuleSetInput): Sdk.ValidateMatchmakingRuleSetOutput {
    return this.ctx.ruleSets.validate(input?.RuleSetBody);
  }

  /** Refused (`InvalidRequestException`) while a configuration uses the rule set. */
  deleteMatchmakingRuleSet(input: Sdk.DeleteMatchmakingRuleSetInput): Sdk.EmptyOutput {
    this.ctx.ruleSets.delete(input?.Name, (name) => this.ctx.configurations.usingRuleSet(name));
    return EMPTY;
  }

  // --- Configurations --------------------------------------------------------

  createMatchmakingConfiguration(input: Sdk.CreateMatchmakingConfigurationInput): Sdk.CreateMatchmakingConfigurationOutput {
    return { Configuration: toSdkConfiguration(this.ctx.configurations.create(input, this.ctx.now())) };
  }

  describeMatchmakingConfigurations(
    input: Sdk.DescribeMatchmakingConfigurationsInput = {},
  ): Sdk.DescribeMatchmakingConfigurationsOutput {
    return this.ctx.configurations.describe(input);
  }

  /** Refuses a rule-set change that would strand active tickets (configurations.ts). */
  updateMatchmakingConfiguration(input: Sdk.UpdateMatchmakingConfigurationInput): Sdk.UpdateMatchmakingConfigurationOutput {
    const name = this.ctx.configurations.get('Name', input?.Name).Name;
    const active = this.activeTickets(name).length > 0;
    return { Configuration: toSdkConfiguration(this.ctx.configurations.update(input, active)) };
  }

  /** Refused while the configuration has active tickets. */
  deleteMatchmakingConfiguration(input: Sdk.DeleteMatchmakingConfigurationInput): Sdk.EmptyOutput {
    const name = this.ctx.configurations.get('Name', input?.Name).Name;
    this.ctx.configurations.delete(name, (n) => this.activeTickets(n).length);
    this.ctx.waits.forget(name);
    return EMPTY;
  }

  // --- Tickets ---------------------------------------------------------------

  /** Queues a ticket (QUEUED until the next `tick()`); see start-matchmaking.ts for the refusals. */
  startMatchmaking(input: Sdk.StartMatchmakingInput): Sdk.StartMatchmakingOutput {
    return this.run(() => ({ MatchmakingTicket: this.view(startMatchmaking(this.ctx, input)) }));
  }

  /** 1 to 10 ticket ids; unknown (or forgotten) ids are left out of `TicketList`, as AWS does. */
  describeMatchmaking(input: Sdk.DescribeMatchmakingInput): Sdk.DescribeMatchmakingOutput {
    const ids: unknown = input?.TicketIds;
    if (!Array.isArray(ids) || ids.length < 1 || ids.length > 10) {
      throw invalidRequest(`TicketIds: expected 1 to 10 ticket ids, got ${show(ids)}`);
    }
    ids.forEach((id: unknown, index) => {
      if (typeof id !== 'string') throw invalidRequest(`TicketIds[${index}]: expected a string, got ${show(id)}`);
    });
    const tickets = (ids as string[]).map((id) => this.ctx.tickets.get(id)).filter((t): t is TicketRecord => !!t);
    return { TicketList: tickets.map((ticket) => this.view(ticket)) };
  }

  /** Cancels an active ticket (`MatchmakingCancelled`; `BACKFILL_CANCELLED` for a backfill ticket). */
  stopMatchmaking(input: Sdk.StopMatchmakingInput): Sdk.EmptyOutput {
    return this.run(() => {
      stopMatchmaking(this.ctx, input);
      return EMPTY;
    });
  }

  /** Answers for players of one REQUIRES_ACCEPTANCE ticket; see acceptance.ts. */
  acceptMatch(input: Sdk.AcceptMatchInput): Sdk.EmptyOutput {
    return this.run(() => {
      acceptMatch(this.ctx, input);
      return EMPTY;
    });
  }

  /** Queues a backfill ticket for a game session (any ARN fitting the pattern); see backfill.ts. */
  startMatchBackfill(input: Sdk.StartMatchBackfillInput): Sdk.StartMatchBackfillOutput {
    return this.run(() => ({ MatchmakingTicket: this.view(startMatchBackfill(this.ctx, input)) }));
  }

  /** The server SDK's `StopMatchBackfill`: cancels a backfill ticket. */
  stopMatchBackfill(input: Sdk.StopMatchBackfillInput): Sdk.EmptyOutput {
    return this.run(() => {
      stopMatchBackfill(this.ctx, input);
      return EMPTY;
    });
  }

  /**
   * Non-AWS: unseats a player who left a game session; with automatic
   * backfill the core refills the slot (its running automatic ticket is
   * replaced). See player-left.ts.
   */
  reportPlayerLeft(input: Sdk.ReportPlayerLeftInput): Sdk.ReportPlayerLeftOutput {
    return this.run(() => reportPlayerLeft(this.ctx, input));
  }

  /**
   * Non-AWS: names a new game host for a peer-to-peer game session whose
   * game host left (a successor took over). See game-host-change.ts.
   */
  changeGameHost(input: Sdk.ChangeGameHostInput): Sdk.ChangeGameHostOutput {
    return this.run(() => changeGameHost(this.ctx, input));
  }

  // --- Running it (non-AWS) ---------------------------------------------------

  /** One matchmaking cycle at `now()`; see cycle.ts. Refused from inside a listener of a running tick. */
  tick(): TickResult {
    if (this.ticking) throw invalidRequest('tick: called from a listener while a tick is running');
    return this.run(() => {
      this.ticking = true;
      try {
        return runCycle(this.ctx, this.retentionMs);
      } finally {
        this.ticking = false;
      }
    });
  }

  /** Every FlexMatch event, synchronously, in order. Returns the unsubscribe function. */
  on(listener: MatchmakingEventListener): () => void {
    return this.ctx.bus.on(listener);
  }

  /**
   * The server SDK's `onUpdateGameSession`, as a subscription: backfill
   * results (`MATCHMAKING_DATA_UPDATED`, `BACKFILL_FAILED`,
   * `BACKFILL_TIMED_OUT`, `BACKFILL_CANCELLED`) for one game session, or for
   * all when no ARN is given. Returns the unsubscribe function.
   */
  onUpdateGameSession(listener: GameSessionUpdateListener): () => void;
  onUpdateGameSession(gameSessionArn: string, listener: GameSessionUpdateListener): () => void;
  onUpdateGameSession(first: string | GameSessionUpdateListener, second?: GameSessionUpdateListener): () => void {
    if (typeof first === 'function') return this.ctx.bus.onUpdate(first);
    if (typeof second !== 'function') throw invalidRequest('onUpdateGameSession: a listener function is required');
    return this.ctx.bus.onUpdate(second, first);
  }

  /** Non-AWS scope: the game sessions this matchmaker placed or a backfill named, optionally one by ARN. */
  describeGameSessions(input: Sdk.DescribeGameSessionsInput = {}): Sdk.DescribeGameSessionsOutput {
    const sessions = [...this.ctx.gameSessions.values()].filter(
      (session) => input.GameSessionId === undefined || session.arn === input.GameSessionId,
    );
    return { GameSessions: sessions.map(toSdkGameSession) };
  }

  /** Non-AWS: every ticket held (active, and finished within the retention), oldest first, for a host console. */
  listTickets(input: Sdk.ListTicketsInput = {}): Sdk.ListTicketsOutput {
    const statuses = input.Statuses ? new Set(input.Statuses) : undefined;
    const tickets = this.ctx.tickets
      .all()
      .filter((t) => input.ConfigurationName === undefined || t.configurationName === input.ConfigurationName)
      .filter((t) => statuses === undefined || statuses.has(t.status));
    return { TicketList: tickets.map((ticket) => this.view(ticket)) };
  }

  /**
   * Non-AWS: why a ticket is not matched yet, at `now()` (explain.ts): for a
   * SEARCHING ticket the closest candidate match, the rule that refuses it
   * and by how much, and the expansion step that lifts it; a sentence for
   * any other status. Changes nothing. `NotFoundException` for an unknown ticket.
   */
  explainMatchmaking(input: ExplainMatchmakingInput): ExplainMatchmakingOutput {
    return explainMatchmaking(this.ctx, input);
  }

  /**
   * Runs an operation that may emit. Once the outermost one has finished its
   * work, listener errors (without `onListenerError`) are thrown to its caller.
   */
  private run<T>(operation: () => T): T {
    this.depth += 1;
    let result: T;
    try {
      result = operation();
    } catch (error) {
      // The operation's own error is the one the caller must see.
      this.depth -= 1;
      if (this.depth === 0) this.ctx.bus.takeUncaught();
      throw error;
    }
    this.depth -= 1;
    if (this.depth === 0) {
      const errors = this.ctx.bus.takeUncaught();
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw new AggregateError(errors, `matchmaking event listeners threw ${errors.length} times`);
    }
    return result;
  }

  private activeTickets(configurationName: string): TicketRecord[] {
    return this.ctx.tickets.active().filter((ticket) => ticket.configurationName === configurationName);
  }

  private view(ticket: TicketRecord): Sdk.MatchmakingTicket {
    const live = ticket.backfill ? undefined : this.ctx.waits.estimateSeconds(ticket.configurationName, this.ctx.now());
    return toSdkTicket(ticket, live);
  }
}
