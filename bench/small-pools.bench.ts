/**
 * Small-pool benchmark: the engine on pools of a few dozen tickets under
 * rule sets whose rules are costly or whose compatible players are a part of
 * the pool, the cases a live host sees between arrivals:
 *
 * - example 3 (three teams, collection and distance rules, latency): one
 *   engine pass over 20 tickets drawn from its default population;
 * - example 10 (compound rule) with `map` and `mode` each split 3:1 over two
 *   values: one pass over 61 tickets (about 34 share a map and mode, a match
 *   needs 20), and whether it forms a match;
 * - strict example 1 (FairTeamSkill maxDistance 1, skill sd 30, 30 arrivals
 *   a minute, no expansions): simulated minutes through `simulate`.
 *
 * Figures are medians over repeated runs.
 */
import { readFileSync } from 'node:fs';
import { findMatches } from '../src/core/engine/find-matches.ts';
import { seededRandom } from '../src/core/engine/random.ts';
import type { PoolTicket } from '../src/core/engine/types.ts';
import { compileRuleSet } from '../src/core/ruleset/compile.ts';
import type { CompiledRuleSet } from '../src/core/ruleset/types.ts';
import { defaultPopulation } from '../src/sim/default-population.ts';
import { generateArrivals } from '../src/sim/population.ts';
import { simulate } from '../src/sim/simulate.ts';
import type { PopulationSpec } from '../src/sim/types.ts';
import { fmt, median, repeat } from './stats.ts';

const RUNS = 5;

function exampleText(file: string): string {
  return readFileSync(new URL(`../examples/rulesets/${file}`, import.meta.url), 'utf8');
}

function compile(body: string): CompiledRuleSet {
  const result = compileRuleSet(body);
  if (!result.ruleSet) throw new Error(`rule set does not compile: ${JSON.stringify(result.errors)}`);
  return result.ruleSet;
}

/** The first `count` arrivals of `population` as a pool, seen `afterMs` after the last one arrived. */
function poolOf(population: PopulationSpec, count: number, seed: number, afterMs: number): { pool: PoolTicket[]; nowMs: number } {
  const arrivals = generateArrivals({ ...population, durationMinutes: 1000 }, seed).slice(0, count);
  const pool = arrivals.map((arrival) => ({
    ticketId: arrival.ticketId,
    createdAtMs: arrival.atMs,
    players: arrival.players.map((player) => ({
      playerId: player.playerId,
      attributes: player.attributes,
      ...(player.latencyMs ? { latencyMs: player.latencyMs } : {}),
    })),
  }));
  return { pool, nowMs: arrivals[arrivals.length - 1]!.atMs + afterMs };
}

function timePass(ruleSet: CompiledRuleSet, pool: PoolTicket[], nowMs: number): { ms: number; matches: number } {
  const started = performance.now();
  const { matches } = findMatches(ruleSet, { pool, nowMs, random: seededRandom(7) });
  return { ms: performance.now() - started, matches: matches.length };
}

/** Example 10 with map and mode each 3:1 over two values. */
export function example10Population(): PopulationSpec {
  const population = defaultPopulation(exampleText('10-compound-rule.jsonc'));
  const split = (a: string, b: string) => ({ kind: 'choice' as const, values: [{ value: a, weight: 3 }, { value: b, weight: 1 }] });
  return { ...population, attributes: { ...population.attributes, map: split('forest', 'desert'), mode: split('ctf', 'dm') } };
}

/** Example 1 with FairTeamSkill at 1 and no expansions. */
export const STRICT_EXAMPLE_1 = exampleText('01-aliens-vs-cowboys.jsonc')
  .replace('"name": "aliens_vs_cowboys"', '"name": "strict"')
  .replace('"maxDistance": 10', '"maxDistance": 1')
  .replace(/"expansions": \[[\s\S]*\]\s*\}\s*$/, '"expansions": []\n}\n');

export function runSmallPoolsBench(): void {
  const example3 = exampleText('03-three-team-game.jsonc');
  const three = poolOf(defaultPopulation(example3), 20, 3, 1000);
  const threeRuns = repeat(RUNS, () => timePass(compile(example3), three.pool, three.nowMs));
  console.log(`small pools: ${RUNS} runs each`);
  console.log(`  example 3, 20 tickets, one pass:        median ${fmt(median(threeRuns.map((r) => r.ms)))} ms, ${threeRuns[0]!.matches} matches`);

  const example10 = compile(exampleText('10-compound-rule.jsonc'));
  const ten = poolOf(example10Population(), 61, 10, 1000);
  const tenRuns = repeat(RUNS, () => timePass(example10, ten.pool, ten.nowMs));
  console.log(`  example 10, 61 tickets split 3:1, pass: median ${fmt(median(tenRuns.map((r) => r.ms)))} ms, ${tenRuns[0]!.matches} matches`);

  const minutes = Number(process.env.STRICT_MINUTES ?? 10);
  const strictRuns = repeat(Math.min(RUNS, 3), () =>
    simulate(
      {
        ruleSetBody: STRICT_EXAMPLE_1,
        configuration: { RequestTimeoutSeconds: 120 },
        population: { arrivalsPerMinute: 30, durationMinutes: minutes, attributes: { skill: { kind: 'normal', mean: 50, sd: 30, min: 0, max: 100 } } },
        seed: 1,
      },
      { now: () => performance.now() },
    ),
  );
  const strict = strictRuns[0]!;
  console.log(
    `  strict example 1, ${minutes} simulated min:   median ${fmt(median(strictRuns.map((r) => r.wallClockMs)), 0)} ms, ${strict.matches} matches, ${strict.matchedTickets}/${strict.tickets} matched`,
  );
}

if (process.argv[1]?.endsWith("small-pools.bench.ts")) runSmallPoolsBench();
