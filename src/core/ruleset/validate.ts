/**
 * Rule-set validation: the one pass that both `validateRuleSet` and
 * `compileRuleSet` (compile.ts) run. Each section checker (`validate-*.ts`)
 * reports issues and returns its compiled part; the compiled rule set exists
 * only when no error was reported.
 */
import type { CompiledRuleSet } from './types.ts';
import type { JsonPath } from './jsonc.ts';
import type { RuleSetIssue, ValidationResult } from './validate-context.ts';
import { parseJsonc } from './jsonc.ts';
import { CheckContext, describeValue, formatPath, has, isObject, own, quote, warnUnknownProperties } from './validate-context.ts';
import { checkAttributes } from './validate-attributes.ts';
import { checkTeams, LARGE_MATCH_THRESHOLD } from './validate-teams.ts';
import { checkAlgorithm } from './validate-algorithm.ts';
import { checkRules } from './validate-rules.ts';
import { checkExpansions } from './validate-expansions.ts';

export type { RuleSetIssue, ValidationResult };

const ROOT_PROPERTIES = ['name', 'ruleLanguageVersion', 'playerAttributes', 'algorithm', 'teams', 'rules', 'expansions'] as const;

/** A validation result plus the compiled rule set, present iff `valid`. */
export type AnalysisResult = ValidationResult & { ruleSet?: CompiledRuleSet };

/**
 * Validate a FlexMatch rule set (rules language 1.0): the body as JSON text
 * (comments and trailing commas allowed; issues then carry line and column)
 * or as an already-parsed value. `valid` is true iff `errors` is empty;
 * warnings (unknown properties, values peermatch reads leniently) do not make
 * a rule set invalid. Never throws, whatever it is given.
 */
export function validateRuleSet(body: string | object): ValidationResult {
  const { valid, errors, warnings } = analyzeRuleSet(body);
  return { valid, errors, warnings };
}

/**
 * The shared pass behind `validateRuleSet` and `compileRuleSet`: every issue,
 * and the compiled rule set when there is no error. Never throws: an
 * unexpected failure inside a checker becomes an error at `$`.
 */
export function analyzeRuleSet(body: unknown): AnalysisResult {
  try {
    return analyze(body);
  } catch (e) {
    const reason = e instanceof RangeError ? 'the rule set is nested too deeply' : e instanceof Error ? e.message : String(e);
    return { valid: false, errors: [{ path: '$', message: `cannot validate the rule set: ${reason}` }], warnings: [] };
  }
}

function analyze(body: unknown): AnalysisResult {
  let ctx: CheckContext;
  let value: unknown;
  if (typeof body === 'string') {
    const parsed = parseJsonc(body);
    if (!parsed.ok) {
      const errors: RuleSetIssue[] = parsed.errors.map((e) => ({
        path: formatPath(e.path),
        message: e.message,
        line: e.line,
        column: e.column,
      }));
      return { valid: false, errors, warnings: [] };
    }
    ctx = new CheckContext(parsed.document.positions);
    value = parsed.document.value;
    for (const path of parsed.document.duplicateKeys) warnDuplicateKey(ctx, path);
  } else {
    ctx = new CheckContext();
    value = body;
  }
  const ruleSet = checkRoot(ctx, value);
  const valid = ctx.errors.length === 0;
  const result: AnalysisResult = { valid, errors: ctx.errors, warnings: ctx.warnings };
  if (valid && ruleSet !== undefined) result.ruleSet = ruleSet;
  return result;
}

function warnDuplicateKey(ctx: CheckContext, path: JsonPath): void {
  const key = String(path[path.length - 1]);
  ctx.warning(path, `property "${key}" is written more than once in ${formatPath(path.slice(0, -1))}; the last one is used`, 'key');
}

/** Check every section in dependency order and assemble the compiled rule set. */
function checkRoot(ctx: CheckContext, root: unknown): CompiledRuleSet | undefined {
  if (!isObject(root)) {
    ctx.error([], `a rule set must be a JSON object, got ${describeValue(root)}`);
    return undefined;
  }
  warnUnknownProperties(ctx, root, [], ROOT_PROPERTIES, 'the rule set');
  checkVersion(ctx, root);
  const name = own(root, 'name');
  if (has(root, 'name') && typeof name !== 'string') {
    ctx.error(['name'], `name must be a string (a label for your own use), got ${describeValue(name)}`);
  }
  const attributes = checkAttributes(ctx, root);
  const teams = checkTeams(ctx, root);
  const algorithm = checkAlgorithm(ctx, root, attributes, teams.maxPlayersTotal);
  const rules = checkRules(ctx, root, { attributes, teams }, teams.maxPlayersTotal);
  const expansions = checkExpansions(ctx, root, rules, teams);
  if (ctx.errors.length > 0 || algorithm === undefined || expansions === undefined || teams.maxPlayersTotal === undefined) {
    return undefined;
  }
  return {
    name: typeof name === 'string' ? name : '',
    ruleLanguageVersion: '1.0',
    playerAttributes: attributes.defs,
    algorithm,
    teamDefs: teams.defs,
    teams: teams.instances,
    rules: rules.rules,
    expansions,
    maxPlayersTotal: teams.maxPlayersTotal,
    isLargeMatch: teams.maxPlayersTotal > LARGE_MATCH_THRESHOLD,
  };
}

function checkVersion(ctx: CheckContext, root: Record<string, unknown>): void {
  const version = own(root, 'ruleLanguageVersion');
  if (!has(root, 'ruleLanguageVersion')) {
    ctx.error(['ruleLanguageVersion'], 'ruleLanguageVersion is required and must be "1.0"');
  } else if (version !== '1.0') {
    const hint = version === 1 || version === 1.0 ? ' (write it as the string "1.0")' : '';
    ctx.error(['ruleLanguageVersion'], `ruleLanguageVersion must be "1.0", got ${quote(version)}${hint}`);
  }
}
