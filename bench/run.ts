/**
 * `npm run bench`: every benchmark of the project, one after another.
 * Figures are medians over repeated runs; compare ratios, not single times.
 */
import { runEngineBench } from './engine.bench.ts';
import { runFailoverBench } from './failover.bench.ts';
import { runMatchmakerBench } from './matchmaker.bench.ts';
import { runRelayBench } from './relay.bench.ts';
import { runSimulatorBench } from './simulator.bench.ts';
import { runSmallPoolsBench } from './small-pools.bench.ts';

const suites: [string, () => void | Promise<void>][] = [
  ['engine', runEngineBench],
  ['failover', runFailoverBench],
  ['matchmaker', runMatchmakerBench],
  ['relay', runRelayBench],
  ['simulator', runSimulatorBench],
  ['small-pools', runSmallPoolsBench],
];
const only = process.argv[2];

for (const [name, run] of suites) {
  if (only && only !== name) continue;
  await run();
  console.log('');
}
