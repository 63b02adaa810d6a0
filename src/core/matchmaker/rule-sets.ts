/**
 * The rule sets a matchmaker holds: `createMatchmakingRuleSet`,
 * `describeMatchmakingRuleSets`, `validateMatchmakingRuleSet`,
 * `deleteMatchmakingRuleSet`. Each body is compiled once, when it is created.
 */
import { issueText } from '../issue.ts';
import { compileRuleSet } from '../ruleset/compile.ts';
import type { CompiledRuleSet } from '../ruleset/types.ts';
import { invalidRequest, notFound, show } from './errors.ts';
import { checkName, type ArnFactory } from './ids.ts';
import { paginate } from './paging.ts';
import type {
  CreateMatchmakingRuleSetInput,
  DescribeMatchmakingRuleSetsInput,
  DescribeMatchmakingRuleSetsOutput,
  MatchmakingRuleSet,
  ValidateMatchmakingRuleSetOutput,
} from './types.ts';

/** A stored rule set (plain data apart from `compiled`, which is rebuilt on restore). */
export interface RuleSetRecord {
  name: string;
  arn: string;
  body: string;
  creationTimeMs: number;
  compiled: CompiledRuleSet;
}

/** Maximum `RuleSetBody` length in the GameLift API. */
const MAX_BODY_LENGTH = 65535;

/**
 * Compiles a rule set body or refuses it with every error, one per line:
 * `RuleSetBody: invalid rule set: rules[0].maxDistance: ... (line 5, column 3)`.
 */
export function compileOrThrow(body: unknown): CompiledRuleSet {
  if (typeof body !== 'string' || body.length === 0 || body.length > MAX_BODY_LENGTH) {
    throw invalidRequest(`RuleSetBody: a JSON string of 1 to ${MAX_BODY_LENGTH} characters is required, got ${show(body)}`);
  }
  const result = compileRuleSet(body);
  if (!result.valid || result.ruleSet === undefined) {
    const errors = result.errors.map(issueText);
    throw invalidRequest(`RuleSetBody: invalid rule set: ${errors.join('; ') || 'the rule set did not compile'}`);
  }
  return result.ruleSet;
}

/** The rule sets of one matchmaker, by name, in creation order. */
export class RuleSetRegistry {
  private readonly byName = new Map<string, RuleSetRecord>();

  constructor(private readonly arns: ArnFactory) {}

  create(input: CreateMatchmakingRuleSetInput, nowMs: number): RuleSetRecord {
    const name = checkName('Name', input?.Name);
    if (this.byName.has(name)) throw invalidRequest(`Name: a rule set named ${show(name)} already exists`);
    const compiled = compileOrThrow(input.RuleSetBody);
    const record: RuleSetRecord = {
      name,
      arn: this.arns.ruleSet(name),
      body: input.RuleSetBody,
      creationTimeMs: nowMs,
      compiled,
    };
    this.byName.set(name, record);
    return record;
  }

  /** Restores a stored rule set (recompiling its body). */
  restore(record: Omit<RuleSetRecord, 'compiled'>): void {
    this.byName.set(record.name, { ...record, compiled: compileOrThrow(record.body) });
  }

  /** The rule set named (or ARN'd) by `field`, or `NotFoundException`. */
  get(field: string, nameOrArn: unknown): RuleSetRecord {
    // A stored name is valid by construction: the common case skips parsing (every request and tick asks).
    const stored = typeof nameOrArn === 'string' ? this.byName.get(nameOrArn) : undefined;
    if (stored) return stored;
    const name = this.arns.nameFrom(field, nameOrArn, 'matchmakingruleset');
    const record = this.byName.get(name);
    if (!record) throw notFound(`${field}: no rule set named ${show(name)}`);
    return record;
  }

  all(): RuleSetRecord[] {
    return [...this.byName.values()];
  }

  describe(input: DescribeMatchmakingRuleSetsInput = {}): DescribeMatchmakingRuleSetsOutput {
    const records =
      input.Names === undefined
        ? this.all()
        : input.Names.map((name, index) => this.get(`Names[${index}]`, name));
    const { page, nextToken } = paginate(records, input.Limit, input.NextToken);
    const output: DescribeMatchmakingRuleSetsOutput = { RuleSets: page.map(toSdkRuleSet) };
    if (nextToken !== undefined) output.NextToken = nextToken;
    return output;
  }

  /** AWS answers `{ Valid: true }` or `{ Valid: false }`; `validateRuleSet` gives the issues. */
  validate(body: unknown): ValidateMatchmakingRuleSetOutput {
    if (typeof body !== 'string' || body.length === 0 || body.length > MAX_BODY_LENGTH) {
      throw invalidRequest(`RuleSetBody: a JSON string of 1 to ${MAX_BODY_LENGTH} characters is required, got ${show(body)}`);
    }
    return { Valid: compileRuleSet(body).valid };
  }

  /** Deletes a rule set unless `usedBy` names a configuration that uses it. */
  delete(nameOrArn: unknown, usedBy: (ruleSetName: string) => string | undefined): void {
    const record = this.get('Name', nameOrArn);
    const configuration = usedBy(record.name);
    if (configuration !== undefined) {
      throw invalidRequest(
        `Name: rule set ${show(record.name)} is used by matchmaking configuration ${show(configuration)}; ` +
          'delete or update that configuration first',
      );
    }
    this.byName.delete(record.name);
  }
}

export function toSdkRuleSet(record: RuleSetRecord): MatchmakingRuleSet {
  return {
    RuleSetName: record.name,
    RuleSetArn: record.arn,
    RuleSetBody: record.body,
    CreationTime: new Date(record.creationTimeMs),
  };
}

/**
 * The most players a team instance can ever hold: its `maxPlayers`, or a
 * larger value an expansion step gives it.
 */
export function teamCapacity(ruleSet: CompiledRuleSet, teamName: string): number {
  const team = ruleSet.teams.find((t) => t.name === teamName);
  if (!team) return 0;
  let capacity = team.maxPlayers;
  for (const expansion of ruleSet.expansions) {
    const target = expansion.target;
    if (target.kind !== 'team' || target.property !== 'maxPlayers' || !target.teams.includes(teamName)) continue;
    for (const step of expansion.steps) capacity = Math.max(capacity, step.value);
  }
  return capacity;
}

const largest = new WeakMap<CompiledRuleSet, { name: string; capacity: number }>();

/** The team instance with the largest capacity (for "party too big" refusals); computed once per rule set. */
export function largestTeam(ruleSet: CompiledRuleSet): { name: string; capacity: number } {
  let best = largest.get(ruleSet);
  if (best) return best;
  best = { name: '', capacity: 0 };
  for (const team of ruleSet.teams) {
    const capacity = teamCapacity(ruleSet, team.name);
    if (capacity > best.capacity) best = { name: team.name, capacity };
  }
  largest.set(ruleSet, best);
  return best;
}
