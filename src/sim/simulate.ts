/**
 * One simulation: a synthetic population (population.ts) run against a rule
 * set and configuration through the real `Matchmaker`, on a simulated clock
 * that advances tick by tick (`tickSeconds`), with players answering
 * proposals (`acceptRate`, `acceptDelaySeconds`) when the configuration
 * requires acceptance. Pure and reproducible: the clock is simulated, every
 * random draw comes from streams seeded by `input.seed`; the caller's `now`
 * only measures `wallClockMs`. The population is drawn before the rule set
 * is consulted, so two rule sets run with the same population and seed see
 * exactly the same players arriving at the same moments.
 */
import { invalidRequest } from '../core/matchmaker/errors.ts';
import type { Matchmaker } from '../core/matchmaker/matchmaker.ts';
import type { CompiledRuleSet } from '../core/ruleset/types.ts';
import { compileOrThrow } from './rule-set-input.ts';
import { CONFIGURATION, SimulationRun } from './simulation-run.ts';
import { niceBucketMinutes } from './stats.ts';
import type { SimulationInput, SimulationResult } from './types.ts';
import { validatePopulation } from './validate-population.ts';

/** Options of `simulate`. */
export interface SimulateOptions {
  /** A wall clock in ms (`performance.now`), read only to fill `wallClockMs`; default: always 0. */
  now?: () => number;
  /**
   * Called about a hundred times during the run with the simulated minutes
   * so far and the longest the run can take (arrival window plus request and
   * acceptance timeouts; the first never above the second), then once at its
   * end with the run's actual length as both.
   */
  onProgress?(simulatedMinutes: number, totalMinutes: number): void;
}


/**
 * Runs `input` to the end (every ticket matched, timed out or failed) and
 * summarises it. Throws an `Error` named `InvalidRequestException` whose
 * message names the path and value when the rule set, the configuration or
 * the population is invalid (`ruleSetBody: rules[0].maxDistance: ... (line
 * 9, column 5)`, `population.arrivalsPerMinute: expected a number > 0, got
 * -1`).
 */
export function simulate(input: SimulationInput, options: SimulateOptions = {}): SimulationResult {
  const wallClock = options.now ?? (() => 0);
  const startedWallMs = wallClock();
  const { ruleSet, warnings } = checkInput(input);
  const run = new SimulationRun(input, ruleSet);
  setUp(run.matchmaker, input);
  const { RequestTimeoutSeconds, AcceptanceTimeoutSeconds } = input.configuration;
  const totalMinutes = input.population.durationMinutes + (RequestTimeoutSeconds + (AcceptanceTimeoutSeconds ?? 0)) / 60;
  const progressStepMs = (totalMinutes * 60_000) / 100;
  let nextProgressMs = progressStepMs;
  run.runToEnd((nowMs) => {
    if (!options.onProgress || nowMs < nextProgressMs) return;
    options.onProgress(Math.min(nowMs / 60_000, totalMinutes), totalMinutes);
    nextProgressMs += progressStepMs;
  });
  const simulatedMinutes = run.nowMs / 60_000;
  // The run's true length is known now: the last report is complete.
  options.onProgress?.(simulatedMinutes, simulatedMinutes);
  const bucketMinutes = input.bucketMinutes ?? niceBucketMinutes(Math.max(simulatedMinutes, 1));
  return {
    label: input.label ?? (ruleSet.name || 'rule set'),
    simulatedMinutes,
    ...run.recorder.summarize(bucketMinutes),
    wallClockMs: wallClock() - startedWallMs,
    ...(warnings.length > 0 ? { warnings } : {}),
  };
}

/** Validates everything but the configuration (the Matchmaker judges that); returns the compiled rule set. */
function checkInput(input: SimulationInput): { ruleSet: CompiledRuleSet; warnings: string[] } {
  if (typeof input !== 'object' || input === null) throw invalidRequest(`simulation: expected an input object, got ${String(input)}`);
  const ruleSet = compileOrThrow(input.ruleSetBody);
  const { errors: problems, warnings } = validatePopulation(input.population, ruleSet);
  const positive = (value: unknown) => value === undefined || (typeof value === 'number' && Number.isFinite(value) && value > 0);
  if (input.seed !== undefined && !Number.isInteger(input.seed)) problems.push(`seed: expected an integer, got ${String(input.seed)}`);
  if (!positive(input.tickSeconds)) problems.push(`tickSeconds: expected a number > 0, got ${String(input.tickSeconds)}`);
  if (!positive(input.bucketMinutes)) problems.push(`bucketMinutes: expected a number > 0, got ${String(input.bucketMinutes)}`);
  if (typeof input.configuration !== 'object' || input.configuration === null) {
    problems.push(`configuration: expected { RequestTimeoutSeconds, AcceptanceRequired?, AcceptanceTimeoutSeconds? }, got ${String(input.configuration)}`);
  }
  if (problems.length > 0) throw invalidRequest(problems.join('; '));
  return { ruleSet, warnings };
}

/** The rule set and configuration, created in the Matchmaker (its refusals become `configuration.` errors). */
function setUp(matchmaker: Matchmaker, input: SimulationInput): void {
  matchmaker.createMatchmakingRuleSet({ Name: CONFIGURATION, RuleSetBody: input.ruleSetBody });
  const { RequestTimeoutSeconds, AcceptanceRequired, AcceptanceTimeoutSeconds } = input.configuration;
  try {
    matchmaker.createMatchmakingConfiguration({
      Name: CONFIGURATION,
      RuleSetName: CONFIGURATION,
      RequestTimeoutSeconds,
      AcceptanceRequired: AcceptanceRequired ?? false,
      ...(AcceptanceTimeoutSeconds !== undefined ? { AcceptanceTimeoutSeconds } : {}),
    });
  } catch (error) {
    throw invalidRequest(`configuration.${error instanceof Error ? error.message : String(error)}`);
  }
}
