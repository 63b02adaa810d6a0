/**
 * The engine near its limit (issue 9): every row of the issue's table,
 * measured as a user would, through the public `Matchmaker` API in one
 * process. Figures are medians of repeated runs; every ratio is taken inside
 * one run (the measured work and its floor side by side), and the median of
 * those ratios is reported.
 *
 * Rows:
 * - example 1, 10,000 tickets, skills uniform 0..999, all submitted at t=0,
 *   ticks one simulated second apart until 95% are matched: tickets matched
 *   per second of wall time, ingest included;
 * - example 8, the same with its attributes and latencies;
 * - 1v1 (`distance`, `maxDistance` 50 on skill), 100,000 tickets: wall time
 *   of the ticks / time to sort the 100,000 skills (`Float64Array.sort`);
 * - 1v1 match quality: mean skill gap of the pairs formed / the optimal
 *   pairing of the same tickets (sorted, neighbours paired);
 * - growth of the 1v1 ticks' time from 10,000 to 100,000 tickets (exponent);
 * - `startMatchmaking` calls per second, validation included;
 * - game sessions a host holds after a simulated day.
 */
import { readFileSync } from 'node:fs';
import { seededRandom } from '../src/core/engine/random.ts';
import { Matchmaker, type Player } from '../src/core/matchmaker/index.ts';
import { fmt, median, repeat } from './stats.ts';

const RUNS = 3;

const ONE_V_ONE = JSON.stringify({
  name: 'duel',
  ruleLanguageVersion: '1.0',
  playerAttributes: [{ name: 'skill', type: 'number', default: 0 }],
  teams: [
    { name: 'red', minPlayers: 1, maxPlayers: 1 },
    { name: 'blue', minPlayers: 1, maxPlayers: 1 },
  ],
  rules: [{ name: 'CloseSkill', type: 'distance', measurements: ['flatten(teams[*].players.attributes[skill])'], maxDistance: 50 }],
});

function exampleBody(file: string): string {
  return readFileSync(new URL(`../examples/rulesets/${file}`, import.meta.url), 'utf8');
}

/** A matchmaker with one configuration `bench` over `body`, on a clock the caller moves. */
function service(body: string, clock: { nowMs: number }, retentionSeconds = 3600): Matchmaker {
  const matchmaker = new Matchmaker({ now: () => clock.nowMs, random: seededRandom(3), ticketRetentionSeconds: retentionSeconds });
  matchmaker.createMatchmakingRuleSet({ Name: 'bench', RuleSetBody: body });
  matchmaker.createMatchmakingConfiguration({ Name: 'bench', RuleSetName: 'bench', RequestTimeoutSeconds: 3600, AcceptanceRequired: false });
  return matchmaker;
}

interface Drain {
  /** Wall time of ingest and ticks (ms). */
  totalMs: number;
  /** Wall time of the ticks alone (ms). */
  ticksMs: number;
  matched: number;
  ticks: number;
  /** Every match's players' skills, for the quality row. */
  pairs: number[][];
}

/**
 * Submits `players` at t=0, then ticks one simulated second apart until
 * `share` of them are matched or 120 simulated seconds pass without a match.
 */
function drain(body: string, players: Player[], share: number, skillOf?: (player: Player) => number): Drain {
  const clock = { nowMs: 0 };
  const matchmaker = service(body, clock);
  let matched = 0;
  const pairs: number[][] = [];
  const byId = new Map<string, Player>();
  matchmaker.on((event) => {
    if (event.detail.type !== 'MatchmakingSucceeded') return;
    matched += event.detail.tickets.length;
    if (skillOf) pairs.push(event.detail.tickets.flatMap((t) => t.players.map((p) => skillOf(byId.get(p.playerId)!))));
  });
  if (skillOf) for (const player of players) byId.set(player.PlayerId, player);
  const started = performance.now();
  players.forEach((player, i) => matchmaker.startMatchmaking({ ConfigurationName: 'bench', TicketId: `t${i}`, Players: [player] }));
  const ticksStarted = performance.now();
  let ticks = 0;
  let lastMatchMs = 0;
  while (matched < share * players.length && clock.nowMs - lastMatchMs <= 120_000) {
    clock.nowMs += 1000;
    const before = matched;
    matchmaker.tick();
    ticks++;
    if (matched > before) lastMatchMs = clock.nowMs;
  }
  const ended = performance.now();
  return { totalMs: ended - started, ticksMs: ended - ticksStarted, matched, ticks, pairs };
}

function skillPlayers(count: number, seed: number, real = false): Player[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => ({
    PlayerId: `p${i}`,
    PlayerAttributes: { skill: { N: real ? random() * 1000 : Math.floor(random() * 1000) } },
  }));
}

function monsterPlayers(count: number, seed: number): Player[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => ({
    PlayerId: `p${i}`,
    PlayerAttributes: { 'monster-kills': { N: Math.floor(20 * random()) } },
    LatencyInMs: { 'us-east-1': 20 + Math.floor(100 * random()), 'eu-west-1': 20 + Math.floor(100 * random()) },
  }));
}

const skillOf = (player: Player): number => player.PlayerAttributes!['skill']!.N!;

/** Time to sort the skills of `players` (the floor of any matching that pairs near values). */
function sortFloorMs(players: readonly Player[]): number {
  const skills = Float64Array.from(players, skillOf);
  const started = performance.now();
  skills.sort();
  return performance.now() - started;
}

/** Mean gap of neighbours paired after sorting: the optimal 1v1 pairing of these skills. */
function optimalMeanGap(skills: number[]): number {
  const sorted = Float64Array.from(skills).sort();
  let sum = 0;
  for (let i = 0; i + 1 < sorted.length; i += 2) sum += sorted[i + 1]! - sorted[i]!;
  return sum / Math.floor(sorted.length / 2);
}

function throughputRow(label: string, body: string, players: () => Player[]): void {
  const results = repeat(RUNS, () => drain(body, players(), 0.95));
  const rates = results.map((r) => (r.matched / r.totalMs) * 1000);
  const first = results[0]!;
  console.log(`  ${label}: median ${fmt(median(rates), 0)} tickets matched/s (min ${fmt(Math.min(...rates), 0)}, max ${fmt(Math.max(...rates), 0)}); ` +
    `${fmt(first.matched, 0)} matched in ${first.ticks} ticks, median wall ${fmt(median(results.map((r) => r.totalMs)), 0)} ms`);
}

function duelRows(): void {
  const results = repeat(RUNS, () => {
    const small = skillPlayers(10_000, 21, true);
    const large = skillPlayers(100_000, 22, true);
    const floorMs = sortFloorMs(large);
    const smallRun = drain(ONE_V_ONE, small, 0.95);
    const largeRun = drain(ONE_V_ONE, large, 0.95, skillOf);
    const matchedSkills = largeRun.pairs.flat();
    const gap = largeRun.pairs.reduce((sum, pair) => sum + Math.abs(pair[0]! - pair[1]!), 0) / largeRun.pairs.length;
    return {
      floorMs,
      ticksMs: largeRun.ticksMs,
      ratio: largeRun.ticksMs / floorMs,
      quality: gap / optimalMeanGap(matchedSkills),
      gap,
      optimal: optimalMeanGap(matchedSkills),
      exponent: Math.log10(largeRun.ticksMs / smallRun.ticksMs),
      smallMs: smallRun.ticksMs,
      matched: largeRun.matched,
    };
  });
  const m = (pick: (r: (typeof results)[number]) => number) => median(results.map(pick));
  console.log(`  1v1, 100,000 tickets (${fmt(results[0]!.matched, 0)} matched): ticks ${fmt(m((r) => r.ticksMs), 0)} ms, ` +
    `sort floor ${fmt(m((r) => r.floorMs), 2)} ms; ticks / sort: median ${fmt(m((r) => r.ratio), 0)}x ` +
    `(min ${fmt(Math.min(...results.map((r) => r.ratio)), 0)}, max ${fmt(Math.max(...results.map((r) => r.ratio)), 0)})`);
  console.log(`  1v1 quality: mean gap ${fmt(m((r) => r.gap), 3)}, optimal ${fmt(m((r) => r.optimal), 4)}; ratio median ${fmt(m((r) => r.quality), 2)}x`);
  console.log(`  1v1 growth 10k -> 100k: ticks ${fmt(m((r) => r.smallMs), 0)} ms -> ${fmt(m((r) => r.ticksMs), 0)} ms, exponent median ${fmt(m((r) => r.exponent), 2)}`);
}

function ingestRow(): void {
  const body = exampleBody('01-aliens-vs-cowboys.jsonc');
  const players = skillPlayers(100_000, 31);
  const rates = repeat(RUNS, () => {
    const matchmaker = service(body, { nowMs: 0 });
    const started = performance.now();
    for (let i = 0; i < players.length; i++) {
      matchmaker.startMatchmaking({ ConfigurationName: 'bench', TicketId: `t${i}`, Players: [players[i]!] });
    }
    return (players.length / (performance.now() - started)) * 1000;
  });
  console.log(`  startMatchmaking, 100,000 calls, validation included: median ${fmt(median(rates), 0)} calls/s (min ${fmt(Math.min(...rates), 0)}, max ${fmt(Math.max(...rates), 0)})`);
}

/** Two players a simulated minute for a simulated day, finished tickets kept one hour. */
function memoryRow(): void {
  const clock = { nowMs: 0 };
  const matchmaker = service(ONE_V_ONE, clock, 3600);
  for (let minute = 0; minute < 24 * 60; minute++) {
    for (const side of [0, 1]) {
      matchmaker.startMatchmaking({ ConfigurationName: 'bench', Players: [{ PlayerId: `m${minute}-${side}`, PlayerAttributes: { skill: { N: 500 } } }] });
    }
    clock.nowMs += 60_000;
    matchmaker.tick();
  }
  const sessions = matchmaker.describeGameSessions({}).GameSessions.length;
  console.log(`  a simulated day (2,880 tickets, 1,440 matches, retention 1 h): game sessions held at the end: ${fmt(sessions, 0)}`);
}

export function runEngineLimitsBench(): void {
  console.log(`engine near its limit (issue 9), through the Matchmaker API, ${RUNS} runs after a warm-up, medians`);
  throughputRow('example 1, 10,000 tickets at t=0, to 95% matched', exampleBody('01-aliens-vs-cowboys.jsonc'), () => skillPlayers(10_000, 11));
  throughputRow('example 8, 10,000 tickets at t=0, to 95% matched', exampleBody('08-monster-hunters-large.jsonc'), () => monsterPlayers(10_000, 12));
  duelRows();
  ingestRow();
  memoryRow();
}
