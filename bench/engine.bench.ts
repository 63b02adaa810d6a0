/**
 * Engine benchmark: one full matchmaking cycle over a pool of 10,000 tickets
 * on the guide's example 1 rule set (4v4 to 8v8, FairTeamSkill, EqualTeamSizes).
 * Reports the median over several runs of the cycle time and of tickets
 * matched per second, with the spread, because these machines are shared.
 */
import { readFileSync } from 'node:fs';
import { findMatches } from '../src/core/engine/find-matches.ts';
import { seededRandom } from '../src/core/engine/random.ts';
import type { PoolTicket } from '../src/core/engine/types.ts';
import { compileRuleSet } from '../src/core/ruleset/compile.ts';
import type { CompiledRuleSet } from '../src/core/ruleset/types.ts';
import { runEngineLimitsBench } from './engine-limits.bench.ts';
import { fmt, median, repeat } from './stats.ts';

const POOL_SIZE = 10_000;
const RUNS = 5;

function loadExample(file: string): CompiledRuleSet {
  const result = compileRuleSet(readFileSync(new URL(`../examples/rulesets/${file}`, import.meta.url), 'utf8'));
  if (!result.ruleSet) throw new Error(`${file} does not compile: ${JSON.stringify(result.errors)}`);
  return result.ruleSet;
}

/** 10,000 solo players, skills roughly normal around 50, arrived over the last 20 seconds. */
function skillPool(seed: number, nowMs: number): PoolTicket[] {
  const random = seededRandom(seed);
  return Array.from({ length: POOL_SIZE }, (_, i) => {
    const skill = Math.round(50 + 15 * (random() + random() + random() - 1.5) * 2);
    return {
      ticketId: `t${i}`,
      createdAtMs: nowMs - Math.floor(random() * 20_000),
      players: [{ playerId: `p${i}`, attributes: { skill } }],
    };
  });
}

export function runEngineBench(): void {
  const ruleSet = loadExample('01-aliens-vs-cowboys.jsonc');
  const nowMs = 1_000_000;
  const pool = skillPool(42, nowMs);
  const results = repeat(RUNS, () => {
    const started = performance.now();
    const { matches } = findMatches(ruleSet, { pool, nowMs, random: seededRandom(7) });
    const elapsedMs = performance.now() - started;
    const matched = matches.reduce((sum, match) => sum + match.teams.reduce((n, team) => n + team.players.length, 0), 0);
    return { elapsedMs, matched, matches: matches.length };
  });
  const times = results.map((r) => r.elapsedMs);
  const rates = results.map((r) => (r.matched / r.elapsedMs) * 1000);
  const { matched, matches } = results[0]!;
  console.log(`engine: one full cycle, ${fmt(POOL_SIZE, 0)} tickets, example 1 (aliens vs cowboys), ${RUNS} runs`);
  console.log(`  matches formed:           ${fmt(matches, 0)} (${fmt(matched, 0)} players matched, ${fmt((100 * matched) / POOL_SIZE)}%)`);
  console.log(`  cycle time:               median ${fmt(median(times))} ms (min ${fmt(Math.min(...times))}, max ${fmt(Math.max(...times))})`);
  console.log(`  tickets matched / second: median ${fmt(median(rates), 0)} (min ${fmt(Math.min(...rates), 0)}, max ${fmt(Math.max(...rates), 0)})`);
  runEngineLimitsBench();
}
