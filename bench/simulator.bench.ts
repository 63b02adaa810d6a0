/**
 * Simulator benchmark: example 1 (aliens vs cowboys) at 20 arrivals per
 * simulated minute for 2,000 simulated minutes, ticking every simulated
 * second, through `simulate` (the real Matchmaker on an injected clock).
 * Reports simulated minutes per wall-clock second (median of runs) and the
 * speed-up over real time, so "thousands of simulated minutes in seconds"
 * is a measured claim.
 */
import { readFileSync } from 'node:fs';
import { simulate } from '../src/sim/simulate.ts';
import type { SimulationInput } from '../src/sim/types.ts';
import { fmt, median, repeat } from './stats.ts';

const RUNS = 3;
const MINUTES = 2000;

const input: SimulationInput = {
  ruleSetBody: readFileSync(new URL('../examples/rulesets/01-aliens-vs-cowboys.jsonc', import.meta.url), 'utf8'),
  configuration: { RequestTimeoutSeconds: 120 },
  population: {
    arrivalsPerMinute: 20,
    durationMinutes: MINUTES,
    attributes: { skill: { kind: 'normal', mean: 50, sd: 15, min: 0, max: 100 } },
  },
  seed: 1,
};

export function runSimulatorBench(): void {
  const results = repeat(RUNS, () => simulate(input, { now: () => performance.now() }));
  const rates = results.map((r) => r.simulatedMinutes / (r.wallClockMs / 1000));
  const first = results[0]!;
  console.log(`simulator: example 1 at 20 arrivals/minute for ${fmt(MINUTES, 0)} simulated minutes, 1 s ticks, ${RUNS} runs`);
  console.log(`  tickets:                  ${fmt(first.tickets, 0)} (${fmt((100 * first.matchedTickets) / first.tickets)}% matched), ${fmt(first.matches, 0)} matches`);
  console.log(`  wall time:                median ${fmt(median(results.map((r) => r.wallClockMs)), 0)} ms`);
  console.log(`  simulated min / wall s:   median ${fmt(median(rates), 0)} (min ${fmt(Math.min(...rates), 0)}, max ${fmt(Math.max(...rates), 0)})`);
  console.log(`  speed-up over real time:  median ${fmt(median(rates) * 60, 0)}x`);
}
