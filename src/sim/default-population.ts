/**
 * A sensible starting population for any rule set, read from the rule set
 * itself, so that the simulator (and `peermatch simulate` without
 * `--population`) can run a rule set the moment it is written:
 *
 * - arrivals: enough for its matches (1.5 × the match's maximum players per
 *   minute, between 20 and 600), for 60 minutes, solo players;
 * - numbers: values that rules compare against literally (`wantsToBeMonster
 *   = 1`) are picked among, the default weighted 3:1; numbers compared for
 *   equality across players (`=`/`!=` without a reference) are small
 *   integers; numbers under a distance limit are normal around the default
 *   (or 50) with the limit as spread (half of it for `batchDistance`, whose
 *   limit binds every player); any other number is normal around its default
 *   (sd 30%) or 50 (sd 15), never negative unless the default is;
 * - strings: the literal values rules mention and the default, the default
 *   weighted 3:1; the default alone (or `<name>-1`) when the rules mention
 *   no value, so that made-up values do not split the pool;
 * - string lists: the default's items and the values rules mention (`medic`),
 *   1 to n of them; a shared made-up vocabulary when there are none; a list
 *   whose default is empty stays empty (a block list);
 * - string-to-number maps: the default's keys with values 0 to 100;
 * - regions (only with a latency rule): three regions with in-region
 *   latencies under the rule's strictest `maxLatency`.
 */
import { expressionReferences } from '../core/expression/parse.ts';
import type { CompiledRuleSet, Operand, PlayerAttributeDef, Rule } from '../core/ruleset/types.ts';
import { compileOrThrow } from './rule-set-input.ts';
import type { AttributeDistribution, PopulationSpec, RegionSpec } from './types.ts';

/** What the rules say about one attribute. */
interface Hints {
  /** Literal values rules compare the attribute to, or look for in it. */
  mentioned: (string | number)[];
  /** Strictest distance limit on the attribute (distance, batchDistance). */
  spread?: number;
  /** Compared for equality or difference across players. */
  categorical: boolean;
}

const SHARED_VOCABULARY = ['alpha', 'bravo', 'charlie', 'delta'];

/**
 * A default population for `ruleSetBody` (JSON text, comments allowed).
 * Throws an `InvalidRequestException` naming the errors when the rule set is
 * invalid.
 */
export function defaultPopulation(ruleSetBody: string): PopulationSpec {
  const ruleSet = compileOrThrow(ruleSetBody);
  const hints = attributeHints(ruleSet);
  const attributes: Record<string, AttributeDistribution> = {};
  for (const def of ruleSet.playerAttributes) {
    attributes[def.name] = distributionFor(def, hints.get(def.name) ?? { mentioned: [], categorical: false });
  }
  const population: PopulationSpec = {
    arrivalsPerMinute: Math.min(600, Math.max(20, Math.ceil(ruleSet.maxPlayersTotal * 1.5))),
    durationMinutes: 60,
    attributes,
  };
  const latencyRules = ruleSet.rules.filter((rule): rule is Extract<Rule, { type: 'latency' }> => rule.type === 'latency');
  if (latencyRules.length > 0) {
    const limits = latencyRules.map((rule) => rule.maxLatency).filter((ms): ms is number => ms !== undefined);
    population.regions = defaultRegions(limits.length > 0 ? Math.min(...limits) : undefined);
  }
  return population;
}

function distributionFor(def: PlayerAttributeDef, hints: Hints): AttributeDistribution {
  switch (def.type) {
    case 'number':
      return numberDistribution(typeof def.default === 'number' ? def.default : undefined, hints);
    case 'string': {
      const fallback = typeof def.default === 'string' ? def.default : `${def.name}-1`;
      const values = unique([fallback, ...hints.mentioned.filter((v) => typeof v === 'string')]);
      // Values nobody mentions would only split the pool on made-up names: one value leaves it whole.
      if (values.length === 1) return { kind: 'constant', value: fallback };
      return { kind: 'choice', values: values.map((value, i) => ({ value, weight: i === 0 ? 3 : 1 })) };
    }
    case 'string_list': {
      const defaults = Array.isArray(def.default) ? def.default : undefined;
      const mentioned = hints.mentioned.filter((v): v is string => typeof v === 'string');
      if (defaults && defaults.length === 0 && mentioned.length === 0) return { kind: 'constant', value: [] };
      const values = unique([...(defaults ?? []), ...mentioned]);
      if (values.length === 0) values.push(...SHARED_VOCABULARY);
      const own = new Set(defaults ?? values);
      const maxCount = defaults ? Math.max(1, Math.min(defaults.length, values.length)) : values.length;
      return { kind: 'list', values: values.map((value) => ({ value, weight: own.has(value) ? 3 : 1 })), minCount: 1, maxCount };
    }
    case 'string_number_map': {
      const keys = def.default && typeof def.default === 'object' && !Array.isArray(def.default) ? Object.keys(def.default) : [];
      return {
        kind: 'map',
        keys: keys.length > 0 ? keys : ['first', 'second', 'third'],
        value: { kind: 'uniform', min: 0, max: 100, integer: true },
      };
    }
  }
}

function numberDistribution(fallback: number | undefined, hints: Hints): AttributeDistribution {
  const mentioned = unique(hints.mentioned.filter((v): v is number => typeof v === 'number'));
  if (mentioned.length > 0) {
    const values = fallback === undefined ? mentioned : unique([fallback, ...mentioned]);
    return { kind: 'choice', values: values.map((value, i) => ({ value, weight: fallback !== undefined && i === 0 ? 3 : 1 })) };
  }
  if (hints.categorical) {
    const base = Math.round(fallback ?? 1);
    return { kind: 'uniform', min: base, max: base + 7, integer: true };
  }
  const mean = fallback ?? 50;
  const sd = hints.spread ?? (fallback !== undefined ? Math.max(Math.abs(fallback) * 0.3, 1) : 15);
  return { kind: 'normal', mean, sd, ...(mean >= 0 ? { min: 0 } : {}) };
}

/** Reads every rule for what it says about each attribute. */
function attributeHints(ruleSet: CompiledRuleSet): Map<string, Hints> {
  const hints = new Map<string, Hints>();
  const hint = (name: string): Hints => {
    let h = hints.get(name);
    if (!h) hints.set(name, (h = { mentioned: [], categorical: false }));
    return h;
  };
  const narrow = (name: string, limit: number | undefined) => {
    if (limit === undefined || limit <= 0) return;
    const h = hint(name);
    h.spread = h.spread === undefined ? limit : Math.min(h.spread, limit);
  };
  for (const rule of ruleSet.rules) {
    switch (rule.type) {
      case 'distance':
        for (const name of attributesOf(rule.measurements, rule.referenceValue)) narrow(name, rule.maxDistance);
        break;
      case 'batchDistance':
        narrow(rule.batchAttribute, rule.maxDistance === undefined ? undefined : rule.maxDistance / 2);
        if (rule.maxDistance === undefined) hint(rule.batchAttribute).categorical = true;
        break;
      case 'comparison':
      case 'collection': {
        const names = attributesOf(rule.measurements);
        const literal = rule.referenceValue?.kind === 'literal' ? rule.referenceValue.value : undefined;
        for (const name of names) {
          if (literal !== undefined) hint(name).mentioned.push(...(Array.isArray(literal) ? literal : [literal]));
          if (rule.type === 'comparison' && !rule.referenceValue) hint(name).categorical = true;
        }
        break;
      }
      case 'latency':
      case 'absoluteSort':
      case 'distanceSort':
      case 'compound':
        break;
    }
  }
  return hints;
}

function attributesOf(measurements: Operand[], reference?: Operand): string[] {
  const names = new Set<string>();
  for (const operand of reference ? [...measurements, reference] : measurements) {
    if (operand.kind === 'expression') for (const ref of expressionReferences(operand.expr).attributes) names.add(ref.name);
  }
  return [...names];
}

/** Three regions, weighted 3:2:1, with in-region latency well under `maxLatencyMs`. */
function defaultRegions(maxLatencyMs: number | undefined): RegionSpec[] {
  const local = Math.max(5, Math.min(30, Math.round((maxLatencyMs ?? 100) * 0.6)));
  const names = ['us-east-1', 'eu-west-1', 'ap-northeast-1'];
  const between: Record<string, number> = {
    'us-east-1|eu-west-1': 80,
    'us-east-1|ap-northeast-1': 160,
    'eu-west-1|ap-northeast-1': 220,
  };
  const latency = (from: string, to: string) => (from === to ? local : (between[`${from}|${to}`] ?? between[`${to}|${from}`])!);
  return names.map((name, i) => ({
    name,
    weight: 3 - i,
    latencyMs: Object.fromEntries(names.map((to) => [to, latency(name, to)])),
  }));
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

/**
 * One population for comparing several rule sets side by side: the first
 * rule set's default population, with the attributes (and regions) only the
 * others declare added from theirs, and the highest of their arrival rates.
 * Each rule set is sent only the attributes it declares. Throws like
 * `defaultPopulation` for an invalid rule set; at least one body is required.
 */
export function sharedDefaultPopulation(ruleSetBodies: readonly string[]): PopulationSpec {
  const [first, ...rest] = ruleSetBodies.map(defaultPopulation);
  if (!first) throw new RangeError('sharedDefaultPopulation: at least one rule set is required');
  const shared: PopulationSpec = { ...first, attributes: { ...first.attributes } };
  for (const other of rest) {
    for (const [name, distribution] of Object.entries(other.attributes)) shared.attributes[name] ??= distribution;
    shared.regions ??= other.regions;
    shared.arrivalsPerMinute = Math.max(shared.arrivalsPerMinute, other.arrivalsPerMinute);
  }
  return shared;
}
