/**
 * Drawing values from the simulator's distributions with an injected,
 * seeded random source (uniform in [0, 1)). Pure: the same source gives the
 * same draws. The specs are assumed valid (validate-population.ts checks
 * them first).
 */
import { assertNever } from '../core/assert-never.ts';
import type { AttributeValue } from '../core/ruleset/types.ts';
import type { AttributeDistribution } from './types.ts';

/** A uniform source in [0, 1), e.g. `seededRandom(seed)`. */
export type Random = () => number;

/** A standard normal draw (Box-Muller; one of the pair is used so draws stay independent of call order). */
export function standardNormal(random: Random): number {
  // 1 - u keeps the logarithm's argument in (0, 1].
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** An exponential draw with the given mean (Poisson inter-arrival times). */
export function exponential(random: Random, mean: number): number {
  return -Math.log(1 - random()) * mean;
}

/** The index of an item picked with probability proportional to its weight (weights > 0). */
export function pickIndex(weights: readonly number[], random: Random): number {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  let target = random() * total;
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i]!;
    if (target < 0) return i;
  }
  return weights.length - 1;
}

/** A uniform integer in [min, max] (both included). */
export function uniformInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** One value drawn from `distribution`. */
export function drawValue(distribution: AttributeDistribution, random: Random): AttributeValue {
  switch (distribution.kind) {
    case 'normal': {
      let value = distribution.mean + distribution.sd * standardNormal(random);
      if (distribution.min !== undefined) value = Math.max(distribution.min, value);
      if (distribution.max !== undefined) value = Math.min(distribution.max, value);
      return distribution.integer ? Math.round(value) : value;
    }
    case 'uniform': {
      if (distribution.integer) return uniformInt(random, Math.ceil(distribution.min), Math.floor(distribution.max));
      return distribution.min + random() * (distribution.max - distribution.min);
    }
    case 'choice':
      return distribution.values[pickIndex(distribution.values.map((v) => v.weight), random)]!.value;
    case 'list':
      return drawList(distribution, random);
    case 'map': {
      const entries: Record<string, number> = {};
      for (const key of distribution.keys) entries[key] = drawValue(distribution.value, random) as number;
      return entries;
    }
    case 'constant':
      return cloneValue(distribution.value);
    default:
      return assertNever(distribution, 'distribution');
  }
}

/** `count` distinct values picked by weight, without replacement, in the order picked. */
function drawList(distribution: Extract<AttributeDistribution, { kind: 'list' }>, random: Random): string[] {
  const pool = distribution.values.slice();
  const count = Math.min(pool.length, uniformInt(random, distribution.minCount, distribution.maxCount));
  const out: string[] = [];
  while (out.length < count) {
    const index = pickIndex(pool.map((v) => v.weight), random);
    out.push(pool[index]!.value);
    pool.splice(index, 1);
  }
  return out;
}

function cloneValue(value: AttributeValue): AttributeValue {
  if (Array.isArray(value)) return value.slice();
  if (typeof value === 'object') return { ...value };
  return value;
}

