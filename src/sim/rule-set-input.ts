/**
 * The simulator's rule-set input: JSON text (comments allowed), compiled by
 * the core, or refused as a whole with every error in the message.
 */
import { issueText } from '../core/issue.ts';
import { invalidRequest } from '../core/matchmaker/errors.ts';
import { compileRuleSet } from '../core/ruleset/compile.ts';
import type { CompiledRuleSet } from '../core/ruleset/types.ts';

/**
 * The compiled rule set. Throws an `InvalidRequestException` listing every
 * error as `path: message (line L, column C)` when `ruleSetBody` is not a
 * valid rule set (or not a string).
 */
export function compileOrThrow(ruleSetBody: unknown): CompiledRuleSet {
  if (typeof ruleSetBody !== 'string') {
    throw invalidRequest(`ruleSetBody: expected the rule set as JSON text, got ${ruleSetBody === null ? 'null' : typeof ruleSetBody}`);
  }
  const compiled = compileRuleSet(ruleSetBody);
  if (compiled.ruleSet) return compiled.ruleSet;
  const issues = compiled.errors.map(issueText);
  throw invalidRequest(`ruleSetBody: ${issues.length} error${issues.length === 1 ? '' : 's'}: ${issues.join('; ')}`);
}
