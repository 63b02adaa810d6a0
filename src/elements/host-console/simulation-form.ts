/**
 * The simulator tab's population form as pure data: the inputs' text, filled
 * from a `PopulationSpec` (the rule set's `defaultPopulation`), and read back
 * into one, with a message per bad input (JSON syntax with its position,
 * numbers out of range). The deeper checks (attributes against the rule set)
 * are `simulate`'s own, reported when a run is refused.
 */
import type { HostConfiguration } from '../../host/host-runtime.ts';
import type { PopulationSpec, SimulatedConfiguration } from '../../sim/types.ts';

/** The population inputs as typed. */
export interface SimulationFormValues {
  arrivalsPerMinute: string;
  durationMinutes: string;
  /** JSON: `[{ "size": 1, "weight": 3 }, ...]`; empty: solo players. */
  partySizes: string;
  /** JSON: attribute name → distribution (types.ts `AttributeDistribution`). */
  attributes: string;
  /** JSON: `RegionSpec[]`; empty: no latencies. */
  regions: string;
  seed: string;
}

/** One input of the form. */
export type SimulationField = keyof SimulationFormValues;

/** The checked form. */
export type SimulationFormResult =
  | { ok: true; population: PopulationSpec; seed: number }
  | { ok: false; errors: Partial<Record<SimulationField, string>> };

/** The form's text for a population (JSON fields pretty-printed). */
export function simulationFormValues(population: PopulationSpec, seed = 1): SimulationFormValues {
  return {
    arrivalsPerMinute: String(population.arrivalsPerMinute),
    durationMinutes: String(population.durationMinutes),
    partySizes: population.partySizes ? JSON.stringify(population.partySizes) : '',
    attributes: JSON.stringify(population.attributes, null, 2),
    regions: population.regions ? JSON.stringify(population.regions, null, 2) : '',
    seed: String(seed),
  };
}

/**
 * Reads the form back. `extra` keeps the population fields the form does not
 * show (latency jitter, accept rate and delay) from the population it was
 * filled from. Never throws.
 */
export function readSimulationForm(values: SimulationFormValues, extra: Partial<PopulationSpec> = {}): SimulationFormResult {
  const errors: Partial<Record<SimulationField, string>> = {};
  const number = (field: SimulationField, label: string, min: number, max: number, integer: boolean): number | undefined => {
    const text = values[field].trim();
    const value = Number(text);
    if (text === '' || !Number.isFinite(value)) errors[field] = `${label}: "${text}" is not a number`;
    else if (value < min || value > max) errors[field] = `${label}: ${value} is outside ${min} to ${max}`;
    else if (integer && !Number.isInteger(value)) errors[field] = `${label}: ${value} is not a whole number`;
    else return value;
    return undefined;
  };
  const json = (field: SimulationField, label: string, expect: 'array' | 'object'): unknown => {
    const text = values[field].trim();
    if (text === '') return undefined;
    try {
      const value: unknown = JSON.parse(text);
      const isArray = Array.isArray(value);
      if (expect === 'array' ? !isArray : isArray || typeof value !== 'object' || value === null) {
        errors[field] = `${label}: expected a JSON ${expect}`;
        return undefined;
      }
      return value;
    } catch (error) {
      errors[field] = `${label}: ${jsonErrorWhere(text, error)}`;
      return undefined;
    }
  };
  const arrivalsPerMinute = number('arrivalsPerMinute', 'Arrivals per minute', 0.001, 100_000, false);
  const durationMinutes = number('durationMinutes', 'Minutes', 1, 100_000, false);
  const seed = number('seed', 'Seed', 0, 2 ** 31 - 1, true);
  const partySizes = json('partySizes', 'Party sizes', 'array');
  const attributes = json('attributes', 'Attributes', 'object');
  const regions = json('regions', 'Regions', 'array');
  if (values.attributes.trim() === '' && errors.attributes === undefined) errors.attributes = 'Attributes: a JSON object is required ({} for none)';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const population: PopulationSpec = {
    ...extra,
    arrivalsPerMinute: arrivalsPerMinute!,
    durationMinutes: durationMinutes!,
    attributes: attributes as PopulationSpec['attributes'],
  };
  if (partySizes !== undefined) population.partySizes = partySizes as NonNullable<PopulationSpec['partySizes']>;
  else delete population.partySizes;
  if (regions !== undefined) population.regions = regions as NonNullable<PopulationSpec['regions']>;
  else delete population.regions;
  return { ok: true, population, seed: seed! };
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

/** A JSON.parse error with its line and column when the engine gives a position. */
export function jsonErrorWhere(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const position = /position (\d+)/.exec(message);
  if (!position || /line \d+/.test(message)) return message;
  const offset = Number(position[1]);
  const before = text.slice(0, offset).split('\n');
  return `${message} (line ${before.length}, column ${before[before.length - 1]!.length + 1})`;
}
