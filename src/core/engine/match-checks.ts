/**
 * The checks a draft match goes through while it is built: on every tentative
 * addition (incremental rules, latency, team capacity) and once complete
 * (team minimums, rules that only hold for a whole match). Every check is
 * tallied per rule for the events' `ruleEvaluationMetrics`.
 */
import type { CompiledRuleSet, LatencyRule, Rule } from '../ruleset/types.ts';
import type { DraftMatch } from './draft-match.ts';
import { type EffectiveRules, ExpansionSchedule } from './expansions.ts';
import { matchRegions } from './latency.ts';
import { NecessaryConditions } from './necessary-conditions.ts';
import { type CheckPhase, type RuleCheck, checkRule } from './rule-checks.ts';
import { type RulePlan, latencyRules, planRules } from './rule-plan.ts';
import type { RuleEvaluationMetric } from './types.ts';

/** Most tentative additions of one engine pass (one configuration, one tick); see engine-memo.ts. */
export const PASS_NODE_BUDGET = 120_000;

/** Passed and failed counts per rule, in rule-set order. */
export class RuleTally {
  private readonly positions: ReadonlyMap<string, number>;
  private readonly passed: Int32Array;
  private readonly failed: Int32Array;

  constructor(private readonly ruleSet: CompiledRuleSet) {
    this.positions = rulePositions(ruleSet);
    this.passed = new Int32Array(ruleSet.rules.length);
    this.failed = new Int32Array(ruleSet.rules.length);
  }

  record(ruleName: string, passed: boolean): void {
    this.recordAt(this.positions.get(ruleName) ?? -1, passed);
  }

  /** `record` by the rule's position (`rulePositions`), -1 for a name the rule set does not list. */
  recordAt(position: number, passed: boolean): void {
    if (position < 0) return;
    if (passed) this.passed[position]!++;
    else this.failed[position]!++;
  }

  metrics(): RuleEvaluationMetric[] {
    return this.ruleSet.rules.map((rule, i) => ({ ruleName: rule.name, passedCount: this.passed[i]!, failedCount: this.failed[i]! }));
  }
}

const positionsByRuleSet = new WeakMap<CompiledRuleSet, ReadonlyMap<string, number>>();

/** Each rule's position in the rule set (first of a repeated name, as a Map built in order keeps it). */
export function rulePositions(ruleSet: CompiledRuleSet): ReadonlyMap<string, number> {
  let positions = positionsByRuleSet.get(ruleSet);
  if (!positions) {
    const built = new Map<string, number>();
    ruleSet.rules.forEach((rule, i) => {
      if (!built.has(rule.name)) built.set(rule.name, i);
    });
    positions = built;
    positionsByRuleSet.set(ruleSet, positions);
  }
  return positions;
}

/** A rule to check at one expansion level, with its tally position, found once per level (not per check). */
interface NamedRule {
  name: string;
  rule: Rule;
  position: number;
}

/** What the checks read at one expansion level. */
interface LevelChecks {
  /** The incremental rules, checked on every tentative addition. */
  incremental: NamedRule[];
  /** The incremental rules again, then the completion rules: checked once a draft is complete. */
  complete: NamedRule[];
  /** The latency rules in force. */
  latency: LatencyRule[];
}

/** A failed check: which rule, and why (see RuleCheck). */
export interface Blocker {
  rule: string;
  check: RuleCheck;
}

/** Everything about a rule set that the search needs, computed once per pass. */
export class MatchChecker {
  readonly plan: RulePlan;
  readonly schedule: ExpansionSchedule;
  /** Monotone stand-ins of the incremental rules for the search's look-ahead; null when none apply. */
  readonly conditions: NecessaryConditions | null;
  /** The most recent failed check, for diagnostics. */
  lastBlocker: Blocker | undefined;
  /**
   * Tentative additions left for this whole pass, checked between anchors. A
   * pool full of tickets that cannot match must not stall a tick: once spent,
   * the remaining anchors wait for the next pass, which takes them first.
   */
  nodesLeft: number;
  /** Set when a search stopped on its own node budget (it is deterministic: the same inputs stop the same way). */
  searchCut = false;
  /** The rules to check at each expansion level, found once. */
  private readonly levelChecks = new Map<EffectiveRules, LevelChecks>();

  constructor(
    readonly ruleSet: CompiledRuleSet,
    readonly nowMs: number,
    passNodeBudget = PASS_NODE_BUDGET,
  ) {
    this.nodesLeft = passNodeBudget;
    this.plan = planRules(ruleSet);
    this.schedule = new ExpansionSchedule(ruleSet);
    this.conditions = NecessaryConditions.of(ruleSet, this.plan, this.schedule);
  }

  /** Effective rules for the draft at its current wait time. */
  effective(draft: DraftMatch): EffectiveRules {
    return this.schedule.at(draft.ageSeconds(this.nowMs));
  }

  /**
   * Checks the draft after a tentative addition: team capacity at the draft's
   * expansion level, every incremental rule, and a common latency region.
   */
  passesIncremental(draft: DraftMatch, tally: RuleTally): boolean {
    const effective = this.effective(draft);
    for (let i = 0; i < effective.teams.length; i++) {
      const team = effective.teams[i]!;
      if (draft.counts[i]! > team.maxPlayers) {
        return this.block('teams', { pass: false, reason: `team ${team.name} is over maxPlayers ${team.maxPlayers}` });
      }
    }
    const checks = this.checksAt(effective);
    for (let i = 0; i < checks.incremental.length; i++) {
      if (!this.checkNamed(checks.incremental[i]!, draft, effective.rules, tally, 'partial')) return false;
    }
    // With no latency rule in force no region can fail, and the region itself is chosen once the draft is complete.
    if (checks.latency.length === 0) return true;
    return this.regionOf(draft, effective, tally) !== null;
  }

  /**
   * Checks a complete draft: team sizes within the expanded bounds and the
   * whole-match rules. Returns the match's region (undefined with no latency
   * data) or null when it fails.
   */
  completeRegion(draft: DraftMatch, tally: RuleTally): string | undefined | null {
    const effective = this.effective(draft);
    for (let i = 0; i < effective.teams.length; i++) {
      const team = effective.teams[i]!;
      const count = draft.counts[i]!;
      if (count < team.minPlayers || count > team.maxPlayers) {
        this.block('teams', {
          pass: false,
          reason: `team ${team.name} has ${count} players, needs ${team.minPlayers} to ${team.maxPlayers}`,
          gap: Math.max(team.minPlayers - count, 0),
        });
        return null;
      }
    }
    // Incremental rules again, now judging the lower bounds a partial check leaves open.
    const checks = this.checksAt(effective).complete;
    for (let i = 0; i < checks.length; i++) {
      if (!this.checkNamed(checks[i]!, draft, effective.rules, tally, 'complete')) return null;
    }
    return this.regionOf(draft, effective, tally);
  }

  private checkNamed(
    named: NamedRule,
    draft: DraftMatch,
    rules: ReadonlyMap<string, Rule>,
    tally: RuleTally,
    phase: CheckPhase,
  ): boolean {
    const check = checkRule(named.rule, draft, rules, phase);
    tally.recordAt(named.position, check.pass);
    return check.pass || this.block(named.name, check);
  }

  private checksAt(effective: EffectiveRules): LevelChecks {
    let checks = this.levelChecks.get(effective);
    if (!checks) {
      const positions = rulePositions(this.ruleSet);
      const named = (name: string): NamedRule => ({ name, rule: effective.rules.get(name)!, position: positions.get(name) ?? -1 });
      const incremental = [...this.plan.incremental].map(named);
      checks = {
        incremental,
        complete: [...incremental, ...[...this.plan.completion].map(named)],
        latency: latencyRules(this.plan, effective.rules),
      };
      this.levelChecks.set(effective, checks);
    }
    return checks;
  }

  /** Best region, undefined when no latency is known and none is required, null when the latency rules fail. */
  private regionOf(draft: DraftMatch, effective: EffectiveRules, tally: RuleTally): string | undefined | null {
    const latency = this.latencyFor(effective);
    // No rule and a ticket without latency data: no region is common to all (matchRegions would find none).
    if (latency.length === 0 && !draft.everyTicketHasLatency()) return undefined;
    const outcome = matchRegions(draft.tickets, latency, draft.sessionRegions);
    for (const rule of latency) tally.record(rule.name, outcome.failedRule !== rule.name);
    if (latency.length > 0 && outcome.regions.length === 0) {
      this.block(outcome.failedRule ?? latency[0]!.name, { pass: false, reason: 'no region where every player qualifies' });
      return null;
    }
    return outcome.regions[0]?.region;
  }

  private latencyFor(effective: EffectiveRules): LatencyRule[] {
    return this.checksAt(effective).latency;
  }

  private block(rule: string, check: RuleCheck): false {
    this.lastBlocker = { rule, check };
    return false;
  }
}
