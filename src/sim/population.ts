/**
 * The population generator: tickets arriving as a Poisson process over
 * `durationMinutes`, each a party of players with attributes drawn from
 * their distributions and latencies drawn around their region's typical
 * values. Pure and seeded: the same spec and seed give the same arrivals,
 * whatever rule set they later run against (so two rule sets can be compared
 * on the same players).
 */
import type { AttributeValue } from '../core/ruleset/types.ts';
import { seededRandom } from '../core/engine/random.ts';
import { drawValue, exponential, pickIndex, type Random } from './distributions.ts';
import type { PopulationSpec, RegionSpec } from './types.ts';

/** One simulated player. */
export interface SimPlayer {
  playerId: string;
  /** Drawn attributes (rules-language values); attributes the spec omits are left to the rule set's defaults. */
  attributes: Record<string, AttributeValue>;
  /** Latency to each region, whole milliseconds ≥ 1; absent when the spec has no regions. */
  latencyMs?: Record<string, number>;
  /** The region the player lives in; absent when the spec has no regions. */
  region?: string;
}

/** One ticket arrival. */
export interface Arrival {
  /** Simulated time of the `startMatchmaking` call, ms since the run began. */
  atMs: number;
  ticketId: string;
  /** One party: 1 or more players. */
  players: SimPlayer[];
}

/** Default relative spread of drawn latencies around the region's typical value. */
export const DEFAULT_LATENCY_JITTER = 0.2;

/**
 * Draws every arrival of the population, in time order, with ticket ids
 * `t1, t2, ...` and player ids `p1, p2, ...`. `spec` must be valid
 * (validatePopulation); the random streams are derived from `seed`.
 */
export function generateArrivals(spec: PopulationSpec, seed: number): Arrival[] {
  const timing = seededRandom(mix(seed, 1));
  const players = seededRandom(mix(seed, 2));
  const durationMs = spec.durationMinutes * 60_000;
  const meanGapMs = 60_000 / spec.arrivalsPerMinute;
  const arrivals: Arrival[] = [];
  let playerCount = 0;
  for (let atMs = exponential(timing, meanGapMs); atMs < durationMs; atMs += exponential(timing, meanGapMs)) {
    const size = partySize(spec, players);
    const region = spec.regions ? spec.regions[pickIndex(spec.regions.map((r) => r.weight), players)] : undefined;
    const party: SimPlayer[] = [];
    for (let i = 0; i < size; i++) party.push(drawPlayer(spec, `p${++playerCount}`, region, players));
    arrivals.push({ atMs: Math.round(atMs), ticketId: `t${arrivals.length + 1}`, players: party });
  }
  return arrivals;
}

function partySize(spec: PopulationSpec, random: Random): number {
  const sizes = spec.partySizes;
  if (!sizes || sizes.length === 0) return 1;
  return sizes[pickIndex(sizes.map((s) => s.weight), random)]!.size;
}

/** One player; attributes are drawn in the spec's key order so a seed reproduces them. */
export function drawPlayer(spec: PopulationSpec, playerId: string, region: RegionSpec | undefined, random: Random): SimPlayer {
  const attributes: Record<string, AttributeValue> = {};
  for (const [name, distribution] of Object.entries(spec.attributes)) attributes[name] = drawValue(distribution, random);
  if (!region) return { playerId, attributes };
  const jitter = spec.latencyJitter ?? DEFAULT_LATENCY_JITTER;
  const latencyMs: Record<string, number> = {};
  for (const [to, typical] of Object.entries(region.latencyMs)) {
    latencyMs[to] = Math.max(1, Math.round(typical * (1 + jitter * (2 * random() - 1))));
  }
  return { playerId, attributes, latencyMs, region: region.name };
}

/** A derived seed for an independent stream (so adding draws to one stream never shifts another). */
export function mix(seed: number, stream: number): number {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(stream, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}
