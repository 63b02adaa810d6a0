/**
 * Which expansion step was in effect when each match formed: from the
 * match's wait time (its newest ticket's age, or its oldest with
 * `expansionAgeSelection: "oldest"`, as the engine counts it) and the rule
 * set's expansion steps (engine/expansions.ts).
 */
import type { EffectiveRules } from '../core/engine/expansions.ts';
import type { CompiledRuleSet } from '../core/ruleset/types.ts';
import type { ExpansionUse } from './types.ts';

/** Counts matches per expansion step; `record` once per match, `result` at the end. */
export class ExpansionTally {
  /** counts[expansion][level]: level 0 is the original value, level n the n-th step. */
  private readonly counts: number[][];

  constructor(private readonly ruleSet: CompiledRuleSet) {
    this.counts = ruleSet.expansions.map((expansion) => new Array<number>(expansion.steps.length + 1).fill(0));
  }

  /** One match formed under `effective` (the expansion levels at its age). */
  record(effective: EffectiveRules): void {
    effective.levels.forEach((level, index) => {
      this.counts[index]![level]! += 1;
    });
  }

  /** Every expansion's every step (the original value first, as `value: null`), with its match count. */
  result(): ExpansionUse[] {
    return this.ruleSet.expansions.flatMap((expansion, index) =>
      this.counts[index]!.map((matches, level): ExpansionUse => {
        const step = level === 0 ? undefined : expansion.steps[level - 1]!;
        return step
          ? { target: expansion.source, value: step.value, waitTimeSeconds: step.waitTimeSeconds, matches }
          : { target: expansion.source, value: null, matches };
      }),
    );
  }
}
