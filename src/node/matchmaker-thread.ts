/**
 * The `worker_threads` entry for a headless Node host: the same
 * `serveMatchmaker` as the browser worker, on `parentPort`. Started by
 * `startNodeMatchmaker` (node-worker.ts) through thread-bootstrap.mjs, which
 * passes the options in `workerData.options`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { PlacementHook } from '../core/matchmaker/placement-types.ts';
import { serveMatchmaker } from '../worker/rpc-server.ts';
import type { NodeMatchmakerOptions } from './node-matchmaker-options.ts';
import { nodePortEndpoint } from './port-endpoint.ts';

if (!parentPort) throw new Error('matchmaker-thread.ts runs only as a worker thread (startNodeMatchmaker)');

const options = (workerData as { options: NodeMatchmakerOptions }).options;

async function loadPlacement(specifier: string | undefined): Promise<PlacementHook | undefined> {
  if (specifier === undefined) return undefined;
  const module = (await import(specifier)) as { default?: unknown };
  if (typeof module.default !== 'function') {
    const error = new Error(`placementModule: ${specifier} has no default export function (the placement hook)`);
    error.name = 'InvalidRequestException';
    throw error;
  }
  return module.default as PlacementHook;
}

const placement = await loadPlacement(options.placementModule);
serveMatchmaker(nodePortEndpoint(parentPort), {
  tickIntervalMs: options.tickIntervalMs,
  matchmaker: {
    ...(options.region !== undefined ? { region: options.region } : {}),
    ...(placement ? { placement } : {}),
  },
  ...(options.snapshot ? { snapshot: options.snapshot } : {}),
});
