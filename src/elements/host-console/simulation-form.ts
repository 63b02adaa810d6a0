/**
 * The simulator tab's form as pure data: the inputs' text, filled from a
 * `PopulationSpec` (the rule set's `defaultPopulation`) and a simulated
 * configuration (the Rule set tab's), and read back into both, with a
 * message per bad input naming the value typed and the range allowed (JSON
 * syntax errors with their line and column). The checks against the rule
 * set (attributes it declares, latency rules needing regions) are
 * `validatePopulation`'s, placed on these inputs by population-issues.ts.
 */
import type { HostConfiguration } from '../../host/host-runtime.ts';
import type { PopulationSpec, SimulatedConfiguration } from '../../sim/types.ts';
import { MAX_PARTY_SIZE } from '../../sim/validate-population.ts';
import { parseIntegerField } from './config-form.ts';

/** One party size as typed: a ticket of `size` players, drawn with relative `weight`. */
export interface PartySizeValues {
  size: string;
  weight: string;
}

/** The simulator's inputs as typed (numbers are text until checked). */
export interface SimulationFormValues {
  arrivalsPerMinute: string;
  durationMinutes: string;
  seed: string;
  /** None: every ticket is one player. */
  partySizes: PartySizeValues[];
  /** JSON: attribute name → distribution (types.ts `AttributeDistribution`). */
  attributes: string;
  /** JSON: `RegionSpec[]`; empty: no latencies. */
  regions: string;
  /** Empty: the default (0.2). */
  latencyJitter: string;
  /** Empty: the default (1, everyone accepts). */
  acceptRate: string;
  /** Empty: the default (5 s). */
  acceptDelaySeconds: string;
  requestTimeoutSeconds: string;
  acceptanceRequired: boolean;
  /** Used only when `acceptanceRequired`. */
  acceptanceTimeoutSeconds: string;
}

/** The configuration part of the form. */
export type SimulationConfigValues = Pick<SimulationFormValues, 'requestTimeoutSeconds' | 'acceptanceRequired' | 'acceptanceTimeoutSeconds'>;

/** Where a message is shown: an input of the form, or one input of a party-size row. */
export type SimulationErrorKey = keyof SimulationFormValues | `partySizes[${number}].size` | `partySizes[${number}].weight`;

/** The checked form: what to simulate, or a message per bad input. */
export type SimulationFormResult =
  | { ok: true; population: PopulationSpec; seed: number; configuration: SimulatedConfiguration }
  | { ok: false; errors: Partial<Record<SimulationErrorKey, string>> };

/** Most simulated seconds a player may take to answer a proposal in the form (a day). */
const MAX_ACCEPT_DELAY_SECONDS = 86_400;

/** The form's text for a population, a seed and a configuration (JSON fields pretty-printed, absent options empty). */
export function simulationFormValues(population: PopulationSpec, seed = 1, configuration: SimulatedConfiguration = { RequestTimeoutSeconds: 300 }): SimulationFormValues {
  const optional = (value: number | undefined) => (value === undefined ? '' : String(value));
  return {
    arrivalsPerMinute: String(population.arrivalsPerMinute),
    durationMinutes: String(population.durationMinutes),
    seed: String(seed),
    partySizes: (population.partySizes ?? []).map((entry) => ({ size: String(entry.size), weight: String(entry.weight) })),
    attributes: JSON.stringify(population.attributes, null, 2),
    regions: population.regions ? JSON.stringify(population.regions, null, 2) : '',
    latencyJitter: optional(population.latencyJitter),
    acceptRate: optional(population.acceptRate),
    acceptDelaySeconds: optional(population.acceptDelaySeconds),
    ...simulationConfigValues(configuration),
  };
}

/** The configuration inputs' text for a configuration (the acceptance timeout defaults to 30 s as the host's). */
export function simulationConfigValues(configuration: SimulatedConfiguration): SimulationConfigValues {
  return {
    requestTimeoutSeconds: String(configuration.RequestTimeoutSeconds),
    acceptanceRequired: configuration.AcceptanceRequired === true,
    acceptanceTimeoutSeconds: String(configuration.AcceptanceTimeoutSeconds ?? 30),
  };
}

/** Reads the form back: the population, seed and configuration, or every bad input's message. Never throws. */
export function readSimulationForm(values: SimulationFormValues): SimulationFormResult {
  const errors: Partial<Record<SimulationErrorKey, string>> = {};
  /** The number read, or undefined with its message kept. */
  const take = (key: SimulationErrorKey, read: number | string): number | undefined => {
    if (typeof read === 'number') return read;
    errors[key] = read;
    return undefined;
  };
  const number = (key: keyof SimulationFormValues, label: string, range: NumberRange) => take(key, readNumber(label, String(values[key]), range));
  const optional = (key: keyof SimulationFormValues, label: string, range: NumberRange) =>
    String(values[key]).trim() === '' ? undefined : number(key, label, range);
  const json = (key: 'attributes' | 'regions', label: string, expect: 'array' | 'object'): unknown => {
    const read = readJson(label, values[key], expect);
    if (read.ok) return read.value;
    errors[key] = read.message;
    return undefined;
  };

  const arrivalsPerMinute = number('arrivalsPerMinute', 'Arrivals per minute', { min: 0.001, max: 100_000 });
  const durationMinutes = number('durationMinutes', 'Minutes', { min: 1, max: 100_000 });
  const seed = take('seed', parseIntegerField('Seed', values.seed, 0, 2 ** 31 - 1));
  const partySizes = values.partySizes.map((entry, i) => ({
    size: take(`partySizes[${i}].size`, parseIntegerField(`Party ${i + 1} size`, entry.size, 1, MAX_PARTY_SIZE)),
    weight: take(`partySizes[${i}].weight`, readNumber(`Party ${i + 1} weight`, entry.weight, { min: 0, max: 1e9, minExclusive: true })),
  }));
  const attributes = json('attributes', 'Attributes', 'object');
  if (values.attributes.trim() === '' && errors.attributes === undefined) errors.attributes = 'Attributes: a JSON object is required ({} for none)';
  const regions = json('regions', 'Regions', 'array');
  const latencyJitter = optional('latencyJitter', 'Latency jitter', { min: 0, max: 1, maxExclusive: true });
  const acceptRate = optional('acceptRate', 'Accept rate', { min: 0, max: 1 });
  const acceptDelaySeconds = optional('acceptDelaySeconds', 'Answer delay', { min: 0, max: MAX_ACCEPT_DELAY_SECONDS });
  const requestTimeout = take('requestTimeoutSeconds', parseIntegerField('Request timeout', values.requestTimeoutSeconds, 1, 43200));
  const acceptanceTimeout = values.acceptanceRequired
    ? take('acceptanceTimeoutSeconds', parseIntegerField('Acceptance timeout', values.acceptanceTimeoutSeconds, 1, 600))
    : undefined;
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const population: PopulationSpec = {
    arrivalsPerMinute: arrivalsPerMinute!,
    durationMinutes: durationMinutes!,
    attributes: attributes as PopulationSpec['attributes'],
  };
  if (partySizes.length > 0) population.partySizes = partySizes.map((entry) => ({ size: entry.size!, weight: entry.weight! }));
  if (regions !== undefined) population.regions = regions as NonNullable<PopulationSpec['regions']>;
  if (latencyJitter !== undefined) population.latencyJitter = latencyJitter;
  if (acceptRate !== undefined) population.acceptRate = acceptRate;
  if (acceptDelaySeconds !== undefined) population.acceptDelaySeconds = acceptDelaySeconds;
  const configuration: SimulatedConfiguration = { RequestTimeoutSeconds: requestTimeout! };
  if (values.acceptanceRequired) {
    configuration.AcceptanceRequired = true;
    configuration.AcceptanceTimeoutSeconds = acceptanceTimeout!;
  }
  return { ok: true, population, seed: seed!, configuration };
}

/** The simulator's configuration from the console's (the fields it uses; defaults as the host's). */
export function simulatedConfiguration(configuration: HostConfiguration | undefined): SimulatedConfiguration {
  const out: SimulatedConfiguration = { RequestTimeoutSeconds: configuration?.RequestTimeoutSeconds ?? 300 };
  if (configuration?.AcceptanceRequired) {
    out.AcceptanceRequired = true;
    out.AcceptanceTimeoutSeconds = configuration.AcceptanceTimeoutSeconds ?? 30;
  }
  return out;
}

/** The bounds of a number input (inclusive unless said otherwise). */
interface NumberRange {
  min: number;
  max: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}

/** A number in `range` from an input's text, or the message to show (naming the input and the value typed). */
function readNumber(label: string, text: string, range: NumberRange): number | string {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value)) return `${label}: "${trimmed}" is not a number`;
  if (range.minExclusive ? value <= range.min : value < range.min) {
    return range.minExclusive ? `${label}: ${value} must be greater than ${range.min}` : `${label}: ${value} is outside ${range.min} to ${range.max}`;
  }
  if (range.maxExclusive ? value >= range.max : value > range.max) {
    return range.maxExclusive ? `${label}: ${value} must be less than ${range.max}` : `${label}: ${value} is outside ${range.min} to ${range.max}`;
  }
  return value;
}

/** A JSON array or object from a textarea (undefined when empty), or the message to show. */
function readJson(label: string, text: string, expect: 'array' | 'object'): { ok: true; value: unknown } | { ok: false; message: string } {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    const value: unknown = JSON.parse(text);
    const isArray = Array.isArray(value);
    if (expect === 'array' ? !isArray : isArray || typeof value !== 'object' || value === null) return { ok: false, message: `${label}: expected a JSON ${expect}` };
    return { ok: true, value };
  } catch (error) {
    return { ok: false, message: `${label}: ${jsonErrorWhere(text, error)}` };
  }
}

/** A JSON.parse error with its line and column when the engine gives a position. */
export function jsonErrorWhere(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  if (!position || /line \d+/.test(message)) return message;
  const offset = Number(position[1]);
  const before = text.slice(0, offset).split('\n');
  return `${message} (line ${before.length}, column ${before[before.length - 1]!.length + 1})`;
}
