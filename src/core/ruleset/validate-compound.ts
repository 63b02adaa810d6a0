/**
 * The `compound` rule type: a logical statement over rules defined earlier
 * (guide: "The rules that you specify in this property must have been defined
 * earlier in your rule set. You can't use batchDistance rules in a compound
 * rule."). Sort rules order a batch instead of passing or failing a match, so
 * they cannot be combined either.
 */
import type { CompoundRule } from './types.ts';
import type { RuleCheck } from './validate-rule-common.ts';
import { parseCompoundStatement } from '../expression/compound.ts';
import { at, clip, describeValue, has, list, own, quote, suggestion } from './validate-context.ts';

const NOT_COMBINABLE: Record<string, string> = {
  batchDistance: 'batchDistance rules form batches and cannot be used in a compound rule',
  absoluteSort: 'sort rules order tickets and do not pass or fail a match, so they cannot be used in a compound rule',
  distanceSort: 'sort rules order tickets and do not pass or fail a match, so they cannot be used in a compound rule',
};

/**
 * Check `statement`: it parses (errors point at the character) and every rule
 * it names exists, is defined before this one, and can be combined.
 */
export function checkCompoundRule(check: RuleCheck): CompoundRule | undefined {
  const { ctx, raw, path } = check;
  const where = at(path, 'statement');
  if (!has(raw, 'statement')) {
    ctx.error(where, `compound rule "${check.base.name}" needs a statement, e.g. "and(RuleA, or(RuleB, RuleC))"`);
    return undefined;
  }
  const text = own(raw, 'statement');
  if (typeof text !== 'string') {
    ctx.error(where, `statement must be a string such as "and(RuleA, RuleB)", got ${describeValue(text)}`);
    return undefined;
  }
  const parsed = parseCompoundStatement(text);
  if (!parsed.ok) {
    ctx.error(where, `cannot parse statement ${quote(text)}: ${clip(parsed.message)}`, { stringIndex: parsed.offset });
    return undefined;
  }
  const before = ctx.errorCount;
  for (const ref of parsed.ruleNames) {
    const problem = referenceProblem(check, ref.name);
    if (problem !== undefined) ctx.error(where, problem, { stringIndex: ref.start });
  }
  if (ctx.errorCount !== before) return undefined;
  return { ...check.base, type: 'compound', statement: parsed.statement, statementSource: text };
}

/** Why a rule named in the statement cannot be used there, or undefined when it can. */
function referenceProblem(check: RuleCheck, name: string): string | undefined {
  const target = check.all.get(name);
  if (target === undefined) {
    const earlier = [...check.all.values()].filter((r) => r.index < check.index).map((r) => r.name);
    return `unknown rule ${quote(name)}${suggestion(name, earlier)}; rules defined before this one: ${list(earlier)}`;
  }
  if (target.index === check.index) return `compound rule "${name}" cannot refer to itself`;
  if (target.index > check.index) {
    return `rule "${name}" is defined after this compound rule (rules[${target.index}]); a compound rule may only use rules defined earlier`;
  }
  const reason = target.type === undefined ? undefined : NOT_COMBINABLE[target.type];
  return reason === undefined ? undefined : `rule "${name}" is a ${target.type} rule: ${reason}`;
}
