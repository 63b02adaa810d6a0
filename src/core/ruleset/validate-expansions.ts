/**
 * Validation and compilation of `expansions`: targets of the form
 * `rules[name].property` or `teams[a, b].property`, and steps whose wait
 * times strictly increase (the guide: "wait times are absolute").
 */
import type { Expansion, ExpansionStep, ExpansionTarget, RuleType } from './types.ts';
import type { JsonPath } from './jsonc.ts';
import type { CheckContext } from './validate-context.ts';
import type { RulesInfo, RuleSummary } from './validate-rules.ts';
import type { TeamsInfo } from './validate-teams.ts';
import { unknownTeam } from './validate-expressions.ts';
import { at, describeValue, has, isObject, list, own, quote, suggestion, warnUnknownProperties } from './validate-context.ts';

const TARGET = /^\s*(rules|teams)\s*\[([^\]]*)\]\s*\.\s*([^\s.[\]]+)\s*$/;
const TEAM_PROPERTIES = ['minPlayers', 'maxPlayers'] as const;

/** Numeric properties an expansion may change, per rule type (referenceValue only when written as a number). */
const EXPANDABLE: Record<RuleType, readonly string[]> = {
  distance: ['minDistance', 'maxDistance', 'referenceValue'],
  comparison: ['referenceValue'],
  collection: ['minCount', 'maxCount'],
  latency: ['maxLatency', 'maxDistance'],
  batchDistance: ['maxDistance'],
  absoluteSort: [],
  distanceSort: [],
  compound: [],
};

/** A target resolved enough to check step values against it. */
interface ResolvedTarget {
  target: ExpansionTarget;
  /** Key used to notice two expansions of the same thing. */
  keys: string[];
}

/**
 * Check `expansions` (optional; an array) against the rules and teams.
 * Returns the compiled expansions (steps sorted by wait time), or undefined
 * after an error.
 */
export function checkExpansions(
  ctx: CheckContext,
  root: Record<string, unknown>,
  rules: RulesInfo,
  teams: TeamsInfo,
): Expansion[] | undefined {
  if (!has(root, 'expansions')) return [];
  const raw = own(root, 'expansions');
  const path: JsonPath = ['expansions'];
  if (!Array.isArray(raw)) {
    ctx.error(path, `expansions must be an array, got ${describeValue(raw)}`);
    return undefined;
  }
  const before = ctx.errorCount;
  const seen = new Map<string, number>();
  const compiled: Expansion[] = [];
  raw.forEach((expansion, i) => {
    const one = checkExpansion(ctx, expansion, at(path, i), rules, teams);
    if (one === undefined) return;
    for (const key of one.keys) {
      const first = seen.get(key);
      if (first !== undefined && first !== i) {
        ctx.warning(at(path, i, 'target'), `expansions[${first}] already changes ${key}; the two expansions compete`);
      } else seen.set(key, i);
    }
    compiled.push(one.expansion);
  });
  return ctx.errorCount === before ? compiled : undefined;
}

function checkExpansion(
  ctx: CheckContext,
  expansion: unknown,
  path: JsonPath,
  rules: RulesInfo,
  teams: TeamsInfo,
): { expansion: Expansion; keys: string[] } | undefined {
  if (!isObject(expansion)) {
    ctx.error(path, `an expansion must be an object with target and steps, got ${describeValue(expansion)}`);
    return undefined;
  }
  warnUnknownProperties(ctx, expansion, path, ['target', 'steps'], 'expansion');
  const before = ctx.errorCount;
  const source = own(expansion, 'target');
  const resolved = readTarget(ctx, expansion, path, rules, teams);
  const steps = readSteps(ctx, expansion, path, resolved?.target);
  if (resolved !== undefined && steps !== undefined && resolved.target.kind === 'team') {
    warnTeamSizes(ctx, path, resolved.target, steps, teams);
  }
  if (ctx.errorCount !== before || resolved === undefined || steps === undefined || typeof source !== 'string') return undefined;
  const sorted = [...steps].sort((a, b) => a.waitTimeSeconds - b.waitTimeSeconds);
  return { expansion: { source, target: resolved.target, steps: sorted }, keys: resolved.keys };
}

function readTarget(
  ctx: CheckContext,
  expansion: Record<string, unknown>,
  path: JsonPath,
  rules: RulesInfo,
  teams: TeamsInfo,
): ResolvedTarget | undefined {
  const where = at(path, 'target');
  const form = 'expected "rules[RuleName].property" or "teams[TeamName, ...].minPlayers|maxPlayers"';
  if (!has(expansion, 'target')) {
    ctx.error(where, `expansion has no target; ${form}`);
    return undefined;
  }
  const text = own(expansion, 'target');
  const match = typeof text === 'string' ? TARGET.exec(text) : null;
  if (typeof text !== 'string' || match === null) {
    ctx.error(where, `target ${quote(text)} is not of the form ${form.replace('expected ', '')}`);
    return undefined;
  }
  const [, component, inside = '', property = ''] = match;
  const names = inside.split(',').map((n) => n.trim());
  if (names.some((n) => n === '')) {
    ctx.error(where, `target ${quote(text)} has an empty name inside [...]; ${form}`);
    return undefined;
  }
  return component === 'rules'
    ? ruleTarget(ctx, where, text, names, property, rules)
    : teamTarget(ctx, where, text, names, property, teams);
}

function ruleTarget(
  ctx: CheckContext,
  where: JsonPath,
  text: string,
  names: string[],
  property: string,
  rules: RulesInfo,
): ResolvedTarget | undefined {
  if (names.length !== 1) {
    ctx.error(where, `target ${quote(text)} names ${names.length} rules; an expansion changes one rule`);
    return undefined;
  }
  const name = names[0] ?? '';
  const rule = rules.byName.get(name);
  if (rule === undefined) {
    const known = [...rules.byName.keys()];
    ctx.error(where, `target ${quote(text)} names an unknown rule ${quote(name)}${suggestion(name, known)}; rules: ${list(known)}`);
    return undefined;
  }
  if (rule.type === undefined) return undefined; // the rule's own type error says enough
  const allowed = expandableProperties(rule);
  if (rule.type === 'compound') {
    ctx.error(where, `rule "${name}" is a compound rule, and compound rules cannot be expanded; expand the rules it combines instead`);
    return undefined;
  }
  if (!allowed.includes(property)) {
    const options = allowed.length === 0 ? `${rule.type} rules have no property an expansion can change` : `expandable properties: ${list(allowed)}`;
    const why = property === 'referenceValue' && EXPANDABLE[rule.type].includes(property) ? ' (its referenceValue is not a number)' : '';
    ctx.error(where, `cannot expand ${quote(property)} of ${rule.type} rule "${name}"${why}; ${options}`);
    return undefined;
  }
  return { target: { kind: 'rule', rule: name, property }, keys: [`rules[${name}].${property}`] };
}

function expandableProperties(rule: RuleSummary): readonly string[] {
  if (rule.type === undefined) return [];
  const all = EXPANDABLE[rule.type];
  return rule.numericReference ? all : all.filter((p) => p !== 'referenceValue');
}

function teamTarget(
  ctx: CheckContext,
  where: JsonPath,
  text: string,
  names: string[],
  property: string,
  teams: TeamsInfo,
): ResolvedTarget | undefined {
  const before = ctx.errorCount;
  const instances: string[] = [];
  for (const name of names) {
    const resolved = teams.resolve.get(name);
    if (resolved === undefined) ctx.error(where, `target ${quote(text)}: ${unknownTeam(name, teams)}`);
    else for (const instance of resolved) if (!instances.includes(instance)) instances.push(instance);
  }
  if (property !== 'minPlayers' && property !== 'maxPlayers') {
    ctx.error(where, `cannot expand team property ${quote(property)}${suggestion(property, TEAM_PROPERTIES)}; expandable: minPlayers, maxPlayers`);
  }
  if (ctx.errorCount !== before || (property !== 'minPlayers' && property !== 'maxPlayers')) return undefined;
  return { target: { kind: 'team', teams: instances, property }, keys: instances.map((t) => `teams[${t}].${property}`) };
}

/** Steps: a non-empty array of {waitTimeSeconds ≥ 0, value}, wait times strictly increasing. */
function readSteps(
  ctx: CheckContext,
  expansion: Record<string, unknown>,
  path: JsonPath,
  target: ExpansionTarget | undefined,
): ExpansionStep[] | undefined {
  const where = at(path, 'steps');
  const raw = own(expansion, 'steps');
  if (!Array.isArray(raw) || raw.length === 0) {
    const got = has(expansion, 'steps') ? `, got ${quote(raw)}` : '';
    ctx.error(where, `expansion needs steps: a non-empty array of { "waitTimeSeconds": ..., "value": ... }${got}`);
    return undefined;
  }
  const before = ctx.errorCount;
  const steps: ExpansionStep[] = [];
  let previous: { index: number; wait: number } | undefined;
  raw.forEach((step, i) => {
    const one = readStep(ctx, step, at(where, i), target);
    if (one === undefined) return;
    if (previous !== undefined && one.waitTimeSeconds <= previous.wait) {
      ctx.error(
        at(where, i, 'waitTimeSeconds'),
        `steps[${i}].waitTimeSeconds ${one.waitTimeSeconds} is not after steps[${previous.index}].waitTimeSeconds ` +
          `${previous.wait}; wait times are absolute and must strictly increase`,
      );
    }
    previous = { index: i, wait: one.waitTimeSeconds };
    steps.push(one);
  });
  return ctx.errorCount === before ? steps : undefined;
}

function readStep(ctx: CheckContext, step: unknown, path: JsonPath, target: ExpansionTarget | undefined): ExpansionStep | undefined {
  if (!isObject(step)) {
    ctx.error(path, `a step must be an object with waitTimeSeconds and value, got ${describeValue(step)}`);
    return undefined;
  }
  warnUnknownProperties(ctx, step, path, ['waitTimeSeconds', 'value'], 'expansion step');
  const before = ctx.errorCount;
  const wait = own(step, 'waitTimeSeconds');
  if (!has(step, 'waitTimeSeconds')) ctx.error(at(path, 'waitTimeSeconds'), 'step is missing waitTimeSeconds (seconds, a number ≥ 0)');
  else if (typeof wait !== 'number' || !Number.isFinite(wait) || wait < 0) {
    ctx.error(at(path, 'waitTimeSeconds'), `waitTimeSeconds must be a number of seconds ≥ 0, got ${describeValue(wait)}`);
  }
  const value = own(step, 'value');
  if (!has(step, 'value')) ctx.error(at(path, 'value'), 'step is missing value: the new value of the target');
  else if (typeof value !== 'number' || !Number.isFinite(value)) {
    ctx.error(at(path, 'value'), `value must be a number, got ${describeValue(value)}`);
  } else checkStepValue(ctx, at(path, 'value'), value, target);
  if (ctx.errorCount !== before || typeof wait !== 'number' || typeof value !== 'number') return undefined;
  return { waitTimeSeconds: wait, value };
}

/** Team sizes must stay whole numbers; distances, counts and latencies must not go negative. */
function checkStepValue(ctx: CheckContext, path: JsonPath, value: number, target: ExpansionTarget | undefined): void {
  if (target === undefined) return;
  if (target.kind === 'team') {
    const least = target.property === 'maxPlayers' ? 1 : 0;
    if (!Number.isInteger(value) || value < least) {
      ctx.error(path, `value ${value} for ${target.property} must be a whole number of at least ${least}`);
    }
  } else if (target.property !== 'referenceValue' && value < 0) {
    ctx.error(path, `value ${value} for ${target.property} must not be negative`);
  }
}

/** Warn when a step would make a team's minPlayers exceed its maxPlayers. */
function warnTeamSizes(
  ctx: CheckContext,
  path: JsonPath,
  target: Extract<ExpansionTarget, { kind: 'team' }>,
  steps: ExpansionStep[],
  teams: TeamsInfo,
): void {
  steps.forEach((step, i) => {
    for (const name of target.teams) {
      const team = teams.instances.find((t) => t.name === name);
      if (team === undefined) continue;
      const min = target.property === 'minPlayers' ? step.value : team.minPlayers;
      const max = target.property === 'maxPlayers' ? step.value : team.maxPlayers;
      if (min > max) {
        ctx.warning(
          at(path, 'steps', i, 'value'),
          `after ${step.waitTimeSeconds} s team "${name}" would have minPlayers ${min} greater than maxPlayers ${max}; ` +
            'no match could fill it',
        );
        return;
      }
    }
  });
}
