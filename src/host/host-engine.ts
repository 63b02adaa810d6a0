/**
 * What a lobby host drives: a Matchmaker engine (in-process or in a Web
 * Worker, engines.ts) and the factory that makes one. Kept apart from
 * host-runtime.ts so the modules the runtime uses (primary-service.ts,
 * current-matchmaker.ts, engines.ts) can name them without an import cycle.
 */
import type { MatchmakerSnapshot } from '../core/matchmaker/index.ts';
import type * as Sdk from '../core/matchmaker/types.ts';
import type { ConsoleMatchmaker } from './matchmaker-like.ts';

/** A Matchmaker a host can drive: the service calls, plus setup, snapshot, timer and shutdown. */
export interface HostEngine {
  matchmaker: ConsoleMatchmaker & {
    createMatchmakingRuleSet(input: Sdk.CreateMatchmakingRuleSetInput): unknown;
    createMatchmakingConfiguration(input: Sdk.CreateMatchmakingConfigurationInput): unknown;
    describeMatchmakingConfigurations(
      input?: Sdk.DescribeMatchmakingConfigurationsInput,
    ): Sdk.DescribeMatchmakingConfigurationsOutput | Promise<Sdk.DescribeMatchmakingConfigurationsOutput>;
    describeMatchmakingRuleSets(
      input?: Sdk.DescribeMatchmakingRuleSetsInput,
    ): Sdk.DescribeMatchmakingRuleSetsOutput | Promise<Sdk.DescribeMatchmakingRuleSetsOutput>;
  };
  snapshot(): MatchmakerSnapshot | Promise<MatchmakerSnapshot>;
  /** Starts `tick()` every `intervalMs`; the engine does not tick before. */
  startTicking(intervalMs: number): void | Promise<void>;
  /**
   * Sets the engine's clock to the lobby's (the relay's): from now on it reads
   * `nowMs` plus the time passed, so ticket ages and timeouts carry on across
   * hosts whose own clocks disagree.
   */
  setClock(nowMs: number): void | Promise<void>;
  /** Stops the timer; the engine still answers every call (nothing moves until `startTicking` again). */
  stopTicking(): void | Promise<void>;
  close(): void | Promise<void>;
}

/** Makes an engine, restored from `snapshot` when there is one, not ticking yet. */
export type EngineFactory = ((snapshot: MatchmakerSnapshot | undefined) => Promise<HostEngine>) & {
  /**
   * Gets the next engine's thread ready ahead (a Worker loading its code
   * takes about a second): a standby host calls it, so that its promotion
   * waits only for the snapshot to be restored. Optional.
   */
  prewarm?(): void;
  /** Lets go of a prewarmed engine that was never used (the host closes). Optional. */
  discardPrewarmed?(): Promise<void>;
};
