/**
 * Service benchmark: 10,000 tickets through `startMatchmaking` and one-second
 * ticks until every ticket has finished, on the guide's example 1 (small
 * matches, exhaustive search) and example 8 (large matches, balanced). Reports
 * tickets per second of wall time (median of runs) and the simulated time it
 * took, so a change in either the engine or the service shows up here.
 */
import { readFileSync } from 'node:fs';
import { seededRandom } from '../src/core/engine/random.ts';
import { Matchmaker } from '../src/core/matchmaker/index.ts';
import { fmt, median, repeat } from './stats.ts';

const TICKETS = 10_000;
const RUNS = 3;

interface Scenario {
  label: string;
  file: string;
  attributes: (random: () => number) => Record<string, { N: number }>;
  latency?: (random: () => number) => Record<string, number>;
}

const scenarios: Scenario[] = [
  {
    label: 'example 1 (aliens vs cowboys, 8 to 16 players)',
    file: '01-aliens-vs-cowboys.jsonc',
    attributes: (random) => ({ skill: { N: Math.round(40 + 20 * random()) } }),
  },
  {
    label: 'example 8 (monster hunters, up to 155 players)',
    file: '08-monster-hunters-large.jsonc',
    attributes: (random) => ({ 'monster-kills': { N: Math.floor(20 * random()) } }),
    latency: (random) => ({ 'us-east-1': 20 + Math.floor(100 * random()), 'eu-west-1': 20 + Math.floor(100 * random()) }),
  },
];

function runScenario(scenario: Scenario): { elapsedMs: number; simulatedSeconds: number; completed: number } {
  let nowMs = 0;
  const random = seededRandom(11);
  const matchmaker = new Matchmaker({ now: () => nowMs, random: seededRandom(3) });
  const body = readFileSync(new URL(`../examples/rulesets/${scenario.file}`, import.meta.url), 'utf8');
  matchmaker.createMatchmakingRuleSet({ Name: 'bench', RuleSetBody: body });
  matchmaker.createMatchmakingConfiguration({
    Name: 'bench',
    RuleSetName: 'bench',
    RequestTimeoutSeconds: 600,
    AcceptanceRequired: false,
  });
  let completed = 0;
  matchmaker.on((event) => {
    if (event.detail.type === 'MatchmakingSucceeded') completed += event.detail.tickets.length;
  });
  const started = performance.now();
  // Tickets arrive over the first 20 simulated seconds while the matchmaker ticks.
  let submitted = 0;
  let lastMatchMs = 0;
  // Stop when all have matched, or 30 simulated seconds passed with no match after the last arrival
  // (the rest are fewer than a match's minimum even after every expansion).
  while (completed < TICKETS && (submitted < TICKETS || nowMs - lastMatchMs <= 30_000)) {
    const before = completed;
    const arrivals = Math.min(TICKETS - submitted, TICKETS / 20);
    for (let i = 0; i < arrivals; i++, submitted++) {
      matchmaker.startMatchmaking({
        ConfigurationName: 'bench',
        TicketId: `t${submitted}`,
        Players: [
          {
            PlayerId: `p${submitted}`,
            PlayerAttributes: scenario.attributes(random),
            ...(scenario.latency ? { LatencyInMs: scenario.latency(random) } : {}),
          },
        ],
      });
    }
    matchmaker.tick();
    if (completed > before) lastMatchMs = nowMs;
    nowMs += 1000;
  }
  return { elapsedMs: performance.now() - started, simulatedSeconds: nowMs / 1000, completed };
}

export function runMatchmakerBench(): void {
  for (const scenario of scenarios) {
    const results = repeat(RUNS, () => runScenario(scenario));
    const rates = results.map((r) => (r.completed / r.elapsedMs) * 1000);
    const { completed, simulatedSeconds } = results[0]!;
    console.log(`matchmaker: ${fmt(TICKETS, 0)} tickets through startMatchmaking and ticks, ${scenario.label}, ${RUNS} runs`);
    console.log(`  completed:          ${fmt(completed, 0)} tickets (${fmt(TICKETS - completed, 0)} left, too few for a match), ${fmt(simulatedSeconds, 0)} simulated seconds`);
    console.log(`  wall time:          median ${fmt(median(results.map((r) => r.elapsedMs)), 0)} ms`);
    console.log(`  tickets / second:   median ${fmt(median(rates), 0)} (min ${fmt(Math.min(...rates), 0)}, max ${fmt(Math.max(...rates), 0)})`);
  }
}
