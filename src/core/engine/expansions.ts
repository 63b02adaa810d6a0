/**
 * Expansions: the rule set as it stands after a candidate match has waited a
 * while. Wait times are absolute (the guide: "wait times in rule set
 * expansions are absolute, not compounded"), so the effective value of a
 * target is the value of the last step whose `waitTimeSeconds` has passed.
 */
import type { CompiledRuleSet, Rule, TeamInstance } from '../ruleset/types.ts';

/** The rules and teams in force at one expansion level. */
export interface EffectiveRules {
  /** One entry per expansion: how many of its steps apply (0 = none). */
  levels: number[];
  /** Rules by name, with expanded numeric properties. */
  rules: Map<string, Rule>;
  /** Team instances with expanded min/max players, in rule-set order. */
  teams: TeamInstance[];
}

/**
 * Computes effective rule sets at a given age and caches them by expansion
 * level, so a search that asks thousands of times pays for each level once.
 */
export class ExpansionSchedule {
  private readonly cache = new Map<string, EffectiveRules>();
  /** Every step's wait time, distinct and ascending: how many have passed fixes every expansion's level. */
  private readonly thresholds: number[];
  /** Effective rules by the number of thresholds passed (the search asks on every tentative addition: no key string). */
  private readonly byStage: (EffectiveRules | undefined)[] = [];

  constructor(private readonly ruleSet: CompiledRuleSet) {
    const waits = new Set(ruleSet.expansions.flatMap((expansion) => expansion.steps.map((step) => step.waitTimeSeconds)));
    this.thresholds = [...waits].sort((a, b) => a - b);
  }

  /** The rule set in force for a candidate match whose wait time is `ageSeconds`. */
  at(ageSeconds: number): EffectiveRules {
    const stage = this.stageAt(ageSeconds);
    let effective = this.byStage[stage];
    if (!effective) {
      effective = this.atLevels(ageSeconds);
      this.byStage[stage] = effective;
    }
    return effective;
  }

  /**
   * How many distinct step wait times `ageSeconds` has passed: the stage that
   * fixes every expansion's level (`at` gives one set of rules per stage). It
   * only grows with age, so the stage of the newest (oldest) of several
   * tickets is the least (greatest) of theirs.
   */
  stageAt(ageSeconds: number): number {
    let stage = 0;
    while (stage < this.thresholds.length && this.thresholds[stage]! <= ageSeconds) stage++;
    return stage;
  }

  private atLevels(ageSeconds: number): EffectiveRules {
    const levels = this.ruleSet.expansions.map(
      (expansion) => expansion.steps.filter((step) => step.waitTimeSeconds <= ageSeconds).length,
    );
    const key = levels.join(',');
    let effective = this.cache.get(key);
    if (!effective) {
      effective = this.build(levels);
      this.cache.set(key, effective);
    }
    return effective;
  }

  /**
   * The wait time at which the next step of any expansion applies, after
   * `ageSeconds`; `undefined` when every step already applies.
   */
  nextStepAfter(ageSeconds: number): number | undefined {
    let next: number | undefined;
    for (const expansion of this.ruleSet.expansions) {
      for (const step of expansion.steps) {
        if (step.waitTimeSeconds > ageSeconds && (next === undefined || step.waitTimeSeconds < next)) {
          next = step.waitTimeSeconds;
        }
      }
    }
    return next;
  }

  private build(levels: number[]): EffectiveRules {
    const rules = new Map<string, Rule>();
    for (const rule of this.ruleSet.rules) rules.set(rule.name, rule);
    const teams = this.ruleSet.teams.map((team) => ({ ...team }));
    this.ruleSet.expansions.forEach((expansion, index) => {
      const level = levels[index]!;
      if (level === 0) return;
      const value = expansion.steps[level - 1]!.value;
      const target = expansion.target;
      if (target.kind === 'team') {
        for (const team of teams) {
          if (target.teams.includes(team.name)) team[target.property] = value;
        }
        return;
      }
      const rule = rules.get(target.rule);
      if (!rule) return;
      rules.set(target.rule, withProperty(rule, target.property, value));
    });
    return { levels, rules, teams };
  }
}

function withProperty(rule: Rule, property: string, value: number): Rule {
  if (property === 'referenceValue') {
    return { ...rule, referenceValue: { kind: 'literal', value } } as Rule;
  }
  return { ...rule, [property]: value } as Rule;
}
