/**
 * The expansion steps still ahead of a refused candidate match, and which of
 * them lifts the refusal. Each step is judged with the rule set as it stands
 * at the step's wait time (every expansion due by then applied: wait times
 * are absolute), through a probe the caller supplies.
 */
import type { CompiledRuleSet, CompoundExpr, Expansion } from '../ruleset/types.ts';
import type { EffectiveRules, ExpansionSchedule } from './expansions.ts';
import type { ExpansionOutlook } from './explain-result.ts';

/** Most future steps probed for one explanation. */
const MAX_STEPS_PROBED = 16;

/**
 * The next step among `expansions` after `ageSeconds` (the candidate's wait)
 * and, when it does not lift the refusal, the first later one that does.
 * `lifts` is called with the effective rules at each step's wait time.
 */
export function expansionOutlook(
  schedule: ExpansionSchedule,
  expansions: readonly Expansion[],
  ageSeconds: number,
  lifts: (effective: EffectiveRules) => boolean,
): { nextExpansion?: ExpansionOutlook; liftingExpansion?: ExpansionOutlook } {
  const steps = expansions
    .flatMap((expansion, order) =>
      expansion.steps
        .filter((step) => step.waitTimeSeconds > ageSeconds)
        .map((step) => ({ source: expansion.source, order, ...step })),
    )
    .sort((a, b) => a.waitTimeSeconds - b.waitTimeSeconds || a.order - b.order)
    .slice(0, MAX_STEPS_PROBED);
  const outlooks = steps.map(
    (step): ExpansionOutlook => ({
      target: step.source,
      value: step.value,
      atWaitSeconds: step.waitTimeSeconds,
      inSeconds: Math.max(0, step.waitTimeSeconds - ageSeconds),
      lifts: lifts(schedule.at(step.waitTimeSeconds)),
    }),
  );
  const nextExpansion = outlooks[0];
  if (!nextExpansion) return {};
  const liftingExpansion = nextExpansion.lifts ? undefined : outlooks.find((outlook) => outlook.lifts);
  return { nextExpansion, ...(liftingExpansion ? { liftingExpansion } : {}) };
}

/**
 * The expansions that can change `ruleName`'s verdict: those targeting the
 * rule itself and, for a compound rule, the rules its statement names.
 */
export function expansionsOfRule(ruleSet: CompiledRuleSet, ruleName: string): Expansion[] {
  const names = new Set<string>();
  const visit = (name: string): void => {
    if (names.has(name)) return;
    names.add(name);
    const rule = ruleSet.rules.find((candidate) => candidate.name === name);
    if (rule?.type === 'compound') forEachRuleName(rule.statement, visit);
  };
  visit(ruleName);
  return ruleSet.expansions.filter((expansion) => expansion.target.kind === 'rule' && names.has(expansion.target.rule));
}

/** The expansions of team sizes (`minPlayers`, or `maxPlayers`, of any team). */
export function teamExpansions(ruleSet: CompiledRuleSet, property?: 'minPlayers' | 'maxPlayers'): Expansion[] {
  return ruleSet.expansions.filter(
    (expansion) => expansion.target.kind === 'team' && (property === undefined || expansion.target.property === property),
  );
}

function forEachRuleName(statement: CompoundExpr, visit: (name: string) => void): void {
  switch (statement.op) {
    case 'rule':
      visit(statement.name);
      return;
    case 'not':
      forEachRuleName(statement.arg, visit);
      return;
    default:
      for (const arg of statement.args) forEachRuleName(arg, visit);
  }
}
