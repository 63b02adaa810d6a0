/**
 * Rule operands (`measurements`, `referenceValue`): literals and property
 * expressions, parsed, checked against the declared attributes and teams, and
 * typed so that each rule type can say whether they fit.
 */
import type { Operand } from './types.ts';
import type { JsonPath } from './jsonc.ts';
import type { CheckContext } from './validate-context.ts';
import type { AttributesInfo } from './validate-attributes.ts';
import type { TeamsInfo } from './validate-teams.ts';
import type { StaticType } from '../expression/parse.ts';
import { expressionReferences, parseOperand, staticType } from '../expression/parse.ts';
import { unknownAttribute } from './validate-algorithm.ts';
import { describeTeams } from './validate-teams.ts';
import { at, clip, describeValue, has, own, quote, suggestion } from './validate-context.ts';

export type { StaticType };
export { describeStaticType } from '../expression/parse.ts';

/** What operands are checked against. */
export interface OperandEnv {
  attributes: AttributesInfo;
  teams: TeamsInfo;
}

/** An operand that parsed and names only declared things; `type` is absent when it cannot be known. */
export interface CheckedOperand {
  operand: Operand;
  type?: StaticType;
}

/**
 * Check one `measurements` entry: it must be a string holding a property
 * expression. Parse errors point at the character; unknown attributes and
 * teams are errors naming what is declared. Returns undefined after an error.
 */
export function checkMeasurementText(
  ctx: CheckContext,
  value: unknown,
  path: JsonPath,
  env: OperandEnv,
): CheckedOperand | undefined {
  if (typeof value !== 'string') {
    ctx.error(path, `a measurement must be a property expression string, got ${describeValue(value)}`);
    return undefined;
  }
  const checked = checkOperandText(ctx, value, path, env);
  if (checked !== undefined && checked.operand.kind === 'literal') {
    ctx.error(
      path,
      `measurement ${quote(value)} is not a property expression; expected for example ` +
        `"teams[*].players.attributes[skill]" or "avg(teams[*].players.attributes[skill])"`,
    );
    return undefined;
  }
  return checked;
}

/**
 * Check a `referenceValue`: a number, a string (literal or property
 * expression) or an array of strings. Returns undefined after an error.
 */
export function checkReferenceValue(
  ctx: CheckContext,
  value: unknown,
  path: JsonPath,
  env: OperandEnv,
): CheckedOperand | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return { operand: { kind: 'literal', value }, type: { leaf: 'number', depth: 0 } };
  }
  if (typeof value === 'string') return checkOperandText(ctx, value, path, env);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
    return { operand: { kind: 'literal', value: [...(value as string[])] }, type: { leaf: 'string', depth: 1 } };
  }
  ctx.error(
    path,
    `referenceValue must be a number, a string, a list of strings or a property expression, got ${describeValue(value)}`,
  );
  return undefined;
}

/** Parse a string operand and check the names it uses. */
function checkOperandText(ctx: CheckContext, text: string, path: JsonPath, env: OperandEnv): CheckedOperand | undefined {
  const parsed = parseOperand(text);
  switch (parsed.kind) {
    case 'literal':
      return { operand: { kind: 'literal', value: parsed.value }, type: { leaf: 'string', depth: 0 } };
    case 'error':
      ctx.error(path, `cannot parse expression ${quote(text)}: ${clip(parsed.message)}`, { stringIndex: parsed.offset });
      return undefined;
    case 'expression':
      break;
    default:
      return undefined;
  }
  const before = ctx.errorCount;
  const refs = expressionReferences(parsed.expr);
  for (const attr of refs.attributes) {
    if (!env.attributes.declared.has(attr.name)) {
      ctx.error(path, unknownAttribute(attr.name, env.attributes), { stringIndex: attr.start });
    }
  }
  for (const team of refs.teams) {
    if (!env.teams.resolve.has(team.name)) {
      ctx.error(path, unknownTeam(team.name, env.teams), { stringIndex: team.start });
    }
  }
  if (ctx.errorCount !== before) return undefined;
  const operand: Operand = { kind: 'expression', source: text, expr: parsed.expr };
  const typed = staticType(parsed.expr, env.attributes.types, (name) => (env.teams.resolve.get(name)?.length ?? 2) > 1);
  if (!typed.ok) {
    ctx.error(path, `${clip(typed.message)} in expression ${quote(text)}`, { stringIndex: typed.offset });
    return undefined;
  }
  return typed.type.leaf === 'unknown' ? { operand } : { operand, type: typed.type };
}

/** Message for a team name that is neither a team definition nor an instance. */
export function unknownTeam(name: string, teams: TeamsInfo): string {
  const known = [...teams.resolve.keys()];
  return `unknown team ${quote(name)}${suggestion(name, known)}; teams: ${describeTeams(teams)}`;
}

/**
 * Read `measurements`: a string or a non-empty array of strings. Returns the
 * checked operands (undefined after any error, or when absent and not required).
 */
export function checkMeasurements(
  ctx: CheckContext,
  rule: Record<string, unknown>,
  path: JsonPath,
  env: OperandEnv,
  ruleType: string,
): CheckedOperand[] | undefined {
  const where = at(path, 'measurements');
  if (!has(rule, 'measurements')) {
    ctx.error(where, `${ruleType} rule needs measurements: the property expression(s) to evaluate`);
    return undefined;
  }
  const raw = own(rule, 'measurements');
  if (typeof raw === 'string') {
    const one = checkMeasurementText(ctx, raw, where, env);
    return one === undefined ? undefined : [one];
  }
  if (!Array.isArray(raw) || raw.length === 0) {
    ctx.error(where, `measurements must be a property expression string or a non-empty array of them, got ${quote(raw)}`);
    return undefined;
  }
  const before = ctx.errorCount;
  const checked = raw.map((m, i) => checkMeasurementText(ctx, m, at(where, i), env));
  return ctx.errorCount === before ? (checked as CheckedOperand[]) : undefined;
}

/** Where each measurement sits (string form: the property itself; array form: its entry). */
export function measurementPath(rule: Record<string, unknown>, path: JsonPath, index: number): JsonPath {
  return Array.isArray(own(rule, 'measurements')) ? at(path, 'measurements', index) : at(path, 'measurements');
}
