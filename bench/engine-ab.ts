/**
 * A/B of the engine rows on a shared machine: an older tree (exported
 * beside the worktree, e.g. `git archive BASE | tar -x -C /tmp/base`, with
 * node_modules linked) and this one, both loaded in one process and run
 * alternately, so that load swings hit both alike. Prints each pair's
 * figures and the median of the after / before ratios.
 *
 *   node bin/run-ts.js bench/engine-ab.ts /tmp/base ex1|ex8|duel|ingest [pairs]
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [baseDir, row = 'ex1', pairsArg = '5'] = process.argv.slice(2);
if (!baseDir) throw new Error('usage: bench/engine-ab.ts <base tree> ex1|ex8|duel|ingest [pairs]');
const here = resolve(fileURLToPath(new URL('..', import.meta.url)));
const trees = [resolve(baseDir), here];
const loaded = await Promise.all(
  trees.map(async (root) => ({
    mm: await import(`${root}/src/core/matchmaker/index.ts`),
    rnd: await import(`${root}/src/core/engine/random.ts`),
  })),
);

const DUEL = JSON.stringify({
  name: 'duel',
  ruleLanguageVersion: '1.0',
  playerAttributes: [{ name: 'skill', type: 'number', default: 0 }],
  teams: [{ name: 'red', minPlayers: 1, maxPlayers: 1 }, { name: 'blue', minPlayers: 1, maxPlayers: 1 }],
  rules: [{ name: 'CloseSkill', type: 'distance', measurements: ['flatten(teams[*].players.attributes[skill])'], maxDistance: 50 }],
});
const example = (file: string) => readFileSync(`${here}/examples/rulesets/${file}`, 'utf8');
const body = row === 'ex8' ? example('08-monster-hunters-large.jsonc') : row === 'duel' ? DUEL : example('01-aliens-vs-cowboys.jsonc');
const count = row === 'ingest' ? 100_000 : row === 'duel' ? 30_000 : 10_000;
const random = loaded[0]!.rnd.seededRandom(11) as () => number;
const players = Array.from({ length: count }, (_, i) =>
  row === 'ex8'
    ? {
        PlayerId: `p${i}`,
        PlayerAttributes: { 'monster-kills': { N: Math.floor(20 * random()) } },
        LatencyInMs: { 'us-east-1': 20 + Math.floor(100 * random()), 'eu-west-1': 20 + Math.floor(100 * random()) },
      }
    : { PlayerId: `p${i}`, PlayerAttributes: { skill: { N: row === 'duel' ? random() * 1000 : Math.floor(random() * 1000) } } },
);

/**
 * Tickets matched (or, for `ingest`, calls) per second of wall time and per
 * second of this process's CPU time, one run on `tree`. The CPU figure is
 * steadier on a shared machine: other processes' load does not count in it.
 */
function once(tree: (typeof loaded)[number]): { wall: number; cpu: number } {
  const clock = { nowMs: 0 };
  const matchmaker = new tree.mm.Matchmaker({ now: () => clock.nowMs, random: tree.rnd.seededRandom(3), ticketRetentionSeconds: 3600 });
  matchmaker.createMatchmakingRuleSet({ Name: 'bench', RuleSetBody: body });
  matchmaker.createMatchmakingConfiguration({ Name: 'bench', RuleSetName: 'bench', RequestTimeoutSeconds: 3600, AcceptanceRequired: false });
  let matched = 0;
  matchmaker.on((event: { detail: { type: string; tickets: unknown[] } }) => {
    if (event.detail.type === 'MatchmakingSucceeded') matched += event.detail.tickets.length;
  });
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  players.forEach((player, i) => matchmaker.startMatchmaking({ ConfigurationName: 'bench', TicketId: `t${i}`, Players: [player] }));
  let lastMatchMs = 0;
  while (row !== 'ingest' && matched < 0.95 * count && clock.nowMs - lastMatchMs <= 120_000) {
    clock.nowMs += 1000;
    const before = matched;
    matchmaker.tick();
    if (matched > before) lastMatchMs = clock.nowMs;
  }
  const done = row === 'ingest' ? count : matched;
  const cpu = process.cpuUsage(cpuStarted);
  return { wall: (done / (performance.now() - started)) * 1000, cpu: (done / ((cpu.user + cpu.system) / 1000)) * 1000 };
}

const ratios: number[] = [];
const cpuRatios: number[] = [];
for (let pair = 0; pair < Number(pairsArg); pair++) {
  // Alternate which goes first, so that neither always runs on the other's garbage.
  const [before, after] = pair % 2 === 0 ? [once(loaded[0]!), once(loaded[1]!)] : ((a, b) => [b, a])(once(loaded[1]!), once(loaded[0]!));
  ratios.push(after.wall / before.wall);
  cpuRatios.push(after.cpu / before.cpu);
  console.log(
    `${row}: before ${before.wall.toFixed(0)}/s, after ${after.wall.toFixed(0)}/s, x${(after.wall / before.wall).toFixed(2)}` +
      ` (CPU time: ${before.cpu.toFixed(0)}/s against ${after.cpu.toFixed(0)}/s, x${(after.cpu / before.cpu).toFixed(2)})`,
  );
}
const middle = (values: number[]) => values.sort((a, b) => a - b)[values.length >> 1]!;
console.log(`${row}: median after / before x${middle(ratios).toFixed(2)} (CPU time x${middle(cpuRatios).toFixed(2)}) over ${ratios.length} pairs`);
