/**
 * The simulator form's population checked against a rule set with the
 * simulator's own `validatePopulation`, each problem kept exactly as it
 * words it (`population.attributes["skill"].sd: expected a number ≥ 0, got
 * -1`) and placed on the input it concerns, so the host sees it before Run
 * rather than as a refused run. Pure.
 */
import { issueText } from '../../core/issue.ts';
import { compileRuleSet } from '../../core/ruleset/compile.ts';
import type { PopulationSpec } from '../../sim/types.ts';
import { validatePopulation } from '../../sim/validate-population.ts';
import type { SimulationErrorKey } from './simulation-form.ts';

/** One problem: its full text (path and message), its path, and the input it belongs to (none: the form as a whole). */
export interface PopulationIssue {
  text: string;
  path: string;
  key?: SimulationErrorKey;
}

/** What checking the population against one rule set found. */
export type PopulationReview =
  /** The rule set does not compile: its errors, `path: message (line L, column C)`. */
  | { kind: 'rule-set-invalid'; errors: string[] }
  | { kind: 'checked'; errors: PopulationIssue[]; warnings: PopulationIssue[] };

/** Checks `population` against `ruleSetBody` (JSON text, comments allowed). Never throws. */
export function reviewPopulation(population: PopulationSpec, ruleSetBody: string): PopulationReview {
  const compiled = compileRuleSet(ruleSetBody);
  if (!compiled.ruleSet) {
    return {
      kind: 'rule-set-invalid',
      errors: compiled.errors.map(issueText),
    };
  }
  const check = validatePopulation(population, compiled.ruleSet);
  return { kind: 'checked', errors: check.errors.map(placeIssue), warnings: check.warnings.map(placeIssue) };
}

const PATH = /^population(?:\.[A-Za-z]+|\[\d+\]|\["(?:[^"\\]|\\.)*"\])*/;
const TOP_LEVEL_KEYS = new Set<SimulationErrorKey>([
  'arrivalsPerMinute',
  'durationMinutes',
  'partySizes',
  'attributes',
  'regions',
  'latencyJitter',
  'acceptRate',
  'acceptDelaySeconds',
]);

/** A `population.path: message` text with its path and the form input of that path. */
export function placeIssue(text: string): PopulationIssue {
  const path = PATH.exec(text)?.[0] ?? '';
  const party = /^population\.partySizes\[(\d+)\]\.(size|weight)$/.exec(path);
  if (party) return { text, path, key: `partySizes[${Number(party[1])}].${party[2] as 'size' | 'weight'}` };
  const top = /^population\.([A-Za-z]+)/.exec(path)?.[1] as SimulationErrorKey | undefined;
  return top !== undefined && TOP_LEVEL_KEYS.has(top) ? { text, path, key: top } : { text, path };
}

/**
 * The problems of a refused run's message, one per item: the simulator joins
 * them with "; " before each path (`population.…`, `configuration.…`,
 * `ruleSetBody: …`, `seed: …`).
 */
export function refusalProblems(message: string): string[] {
  return message.split(/; (?=(?:population|configuration|ruleSetBody|seed|tickSeconds|bucketMinutes)[.:[])/);
}
