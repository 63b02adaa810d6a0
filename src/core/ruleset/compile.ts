/**
 * Compilation of a FlexMatch rule set into the form the engine runs
 * (`CompiledRuleSet`, types.ts): defaults filled in (quantity 1, strategy
 * exhaustiveSearch, batchingPreference random / largestPopulation,
 * expansionAgeSelection newest, backfillPriority normal, partyAggregation
 * avg / union), team instances expanded (`name_1 ... name_N`), expressions
 * parsed into operands, `measurements` as an array, numeric strings as
 * numbers, expansion team targets resolved to instance names, steps sorted.
 *
 * It is the same pass as validation (validate.ts): there is one set of checks.
 */
import type { CompiledRuleSet } from './types.ts';
import type { ValidationResult } from './validate.ts';
import { analyzeRuleSet } from './validate.ts';

/**
 * Validate and compile a rule set given as JSON(C) text or as a parsed value.
 * `ruleSet` is present iff `valid`; otherwise `errors` says why. Never throws.
 */
export function compileRuleSet(body: string | object): ValidationResult & { ruleSet?: CompiledRuleSet } {
  return analyzeRuleSet(body);
}
