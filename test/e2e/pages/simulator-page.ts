/**
 * The page behind test/e2e/simulator-worker.spec.ts: exposes scenarios on
 * `window.peermatchSimulatorE2E` that run the simulator in a real Web Worker
 * (`runSimulationInWorker`) and answer plain data for Playwright.
 */
import { runSimulationInWorker } from '../../../src/sim/run-in-worker.ts';
import type { SimulationInput, SimulationResult } from '../../../src/sim/types.ts';

async function example1(): Promise<string> {
  const response = await fetch('/examples/rulesets/01-aliens-vs-cowboys.jsonc');
  if (!response.ok) throw new Error(`example 1: HTTP ${response.status}`);
  return response.text();
}

function input(ruleSetBody: string, minutes: number): SimulationInput {
  return {
    ruleSetBody,
    configuration: { RequestTimeoutSeconds: 120 },
    population: { arrivalsPerMinute: 20, durationMinutes: minutes, attributes: { skill: { kind: 'normal', mean: 50, sd: 20, min: 0, max: 100 } } },
    seed: 11,
  };
}

/** What a rejection looked like, as plain data. */
export interface Rejection {
  name: string;
  message: string;
}

async function rejectionOf(promise: Promise<unknown>): Promise<Rejection | null> {
  try {
    await promise;
    return null;
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
}

const api = {
  /** Example 1 and a stricter copy, side by side, with the progress reports seen. */
  async runExample1(): Promise<{ results: SimulationResult[]; progressReports: number; lastProgress: [number, number, number] | null }> {
    const loose = await example1();
    const strict = loose.replace('"maxDistance": 10', '"maxDistance": 4');
    let progressReports = 0;
    let lastProgress: [number, number, number] | null = null;
    const results = await runSimulationInWorker([input(loose, 20), { ...input(strict, 20), label: 'strict' }], {
      onProgress: (index, minutes, total) => {
        progressReports += 1;
        lastProgress = [index, minutes, total];
      },
    });
    return { results, progressReports, lastProgress };
  },

  /** A bad population: the run's InvalidRequestException crosses the worker boundary. */
  async runInvalid(): Promise<Rejection | null> {
    const bad = { ...input(await example1(), 1), population: { arrivalsPerMinute: -5, durationMinutes: 1, attributes: {} } };
    return rejectionOf(runSimulationInWorker([bad]));
  },

  /** A long run aborted at its first progress report. */
  async runAborted(): Promise<Rejection | null> {
    const controller = new AbortController();
    const run = runSimulationInWorker([input(await example1(), 2000)], { signal: controller.signal, onProgress: () => controller.abort() });
    return rejectionOf(run);
  },
};

/** The scenarios the spec calls through `page.evaluate`. */
export type PeermatchSimulatorE2E = typeof api;

(window as unknown as { peermatchSimulatorE2E: PeermatchSimulatorE2E }).peermatchSimulatorE2E = api;
document.querySelector('#status')!.textContent = 'ready';
