/**
 * The rule-set simulator's input and output: a synthetic population of
 * players arriving over simulated time, run against a rule set and a
 * matchmaking configuration on an accelerated clock (the real Matchmaker,
 * with an injected clock and seeded random), summarised as time-to-match
 * percentiles over time, match quality per rule, timeouts and expansions.
 * Everything here is plain JSON: it crosses a Worker boundary and is written
 * by `peermatch simulate --json`.
 */

/** How one player attribute is drawn. */
export type AttributeDistribution =
  /** A number from a normal distribution, clamped to [min, max] when given, rounded when `integer`. */
  | { kind: 'normal'; mean: number; sd: number; min?: number; max?: number; integer?: boolean }
  /** A number uniform in [min, max]. */
  | { kind: 'uniform'; min: number; max: number; integer?: boolean }
  /** A string (or number) picked by weight. */
  | { kind: 'choice'; values: { value: string | number; weight: number }[] }
  /** A string list: `count` distinct values picked by weight (count drawn uniformly in [min, max]). */
  | { kind: 'list'; values: { value: string; weight: number }[]; minCount: number; maxCount: number }
  /** A string-to-number map: each key with a number drawn from `value`. */
  | { kind: 'map'; keys: string[]; value: Extract<AttributeDistribution, { kind: 'normal' | 'uniform' }> }
  /** The same value for every player. */
  | { kind: 'constant'; value: string | number | string[] | Record<string, number> };

/** A region players are in, and their latency to every region. */
export interface RegionSpec {
  name: string;
  /** Share of players in this region (relative weight). */
  weight: number;
  /** Typical latency from this region's players to each region, ms (a player's is drawn around it). */
  latencyMs: Record<string, number>;
}

/** The synthetic population. */
export interface PopulationSpec {
  /** Mean ticket arrivals per simulated minute (Poisson). */
  arrivalsPerMinute: number;
  /** Simulated minutes during which tickets arrive; the run continues until every ticket ended. */
  durationMinutes: number;
  /** Party sizes by weight (a ticket of size n carries n players); default all solo. */
  partySizes?: { size: number; weight: number }[];
  /** How each player attribute is drawn; attributes the rule set declares but this omits use its defaults. */
  attributes: Record<string, AttributeDistribution>;
  /** Regions and latencies; omitted: tickets carry no latency. */
  regions?: RegionSpec[];
  /** Relative spread of drawn latencies around the region's typical value (0.2 = ±20%); default 0.2. */
  latencyJitter?: number;
  /** Probability a player accepts a proposed match (when the configuration requires acceptance); default 1. */
  acceptRate?: number;
  /** Seconds a player takes to answer a proposal; default 5. */
  acceptDelaySeconds?: number;
}

/** The matchmaking configuration fields the simulator uses (AWS names). */
export interface SimulatedConfiguration {
  RequestTimeoutSeconds: number;
  AcceptanceRequired?: boolean;
  AcceptanceTimeoutSeconds?: number;
}

/** One simulation: a rule set, a configuration and a population. */
export interface SimulationInput {
  /** A label for tables and plots (default: the rule set's `name`). */
  label?: string;
  /** The FlexMatch rule set (JSON text, comments allowed). */
  ruleSetBody: string;
  configuration: SimulatedConfiguration;
  population: PopulationSpec;
  /** Seed of the population and the Matchmaker's random; same seed, same run. Default 1. */
  seed?: number;
  /** Simulated seconds between matchmaking ticks; default 1. */
  tickSeconds?: number;
  /** Width of the time-series buckets, simulated minutes; default: the run split into about 30 buckets. */
  bucketMinutes?: number;
}

/** Seconds-to-match percentiles. */
export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
}

/** One bucket of the time series (tickets by the minute they arrived in). */
export interface TimeBucket {
  /** Start of the bucket, simulated minutes since the run began. */
  startMinute: number;
  arrivals: number;
  /** Matches completed during the bucket. */
  matches: number;
  /** Tickets that timed out during the bucket. */
  timeouts: number;
  /** Time to match of the tickets that arrived in the bucket and were matched; null when none were. */
  timeToMatchSeconds: Percentiles | null;
}

/** The quality of the formed matches as one rule sees it. */
export interface RuleQuality {
  rule: string;
  type: string;
  /** What is measured, in words (`team avg(skill) spread`, `max latency ms`, ...). */
  metric: string;
  mean: number;
  p90: number;
  max: number;
  /** The rule's limit at its strictest (before expansions), for comparison; absent when none. */
  limit?: number;
  /** Matches that gave this rule something to measure (mean, p90 and max are 0 when none did). */
  measuredMatches?: number;
}

/** How often one expansion step was in effect when a match formed. */
export interface ExpansionUse {
  target: string;
  /** The step's value; `null` stands for the rule set's original value (no step applied). */
  value: unknown;
  /** The step's `waitTimeSeconds`; absent for the original value. */
  waitTimeSeconds?: number;
  /** Matches formed with this step as the loosest in effect among their tickets. */
  matches: number;
}

/** The outcome of one simulation. */
export interface SimulationResult {
  label: string;
  simulatedMinutes: number;
  tickets: number;
  players: number;
  /** Tickets that ended COMPLETED. */
  matchedTickets: number;
  timedOutTickets: number;
  /** Tickets cancelled because a player declined or did not answer in time. */
  failedAcceptanceTickets: number;
  matches: number;
  /** Average players per match. */
  meanMatchSize: number;
  timeToMatchSeconds: Percentiles | null;
  series: TimeBucket[];
  quality: RuleQuality[];
  expansions: ExpansionUse[];
  /** Wall-clock duration of the run, ms (measured by the caller's clock, not the core's). */
  wallClockMs: number;
  /** Things worth knowing that did not stop the run (population attributes the rule set does not declare). */
  warnings?: string[];
}
