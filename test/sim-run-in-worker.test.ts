import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSimulatorMessage } from '../src/sim/protocol.ts';
import { runSimulationInWorker, type SimulatorWorkerLike } from '../src/sim/run-in-worker.ts';
import { serveSimulations } from '../src/sim/serve-simulations.ts';
import type { SimulationInput } from '../src/sim/types.ts';

const EXAMPLE_1 = readFileSync(join(import.meta.dirname, '..', 'examples', 'rulesets', '01-aliens-vs-cowboys.jsonc'), 'utf8');
const input = (overrides: Partial<SimulationInput> = {}): SimulationInput => ({
  ruleSetBody: EXAMPLE_1,
  configuration: { RequestTimeoutSeconds: 120 },
  population: { arrivalsPerMinute: 20, durationMinutes: 1, attributes: { skill: { kind: 'normal', mean: 50, sd: 10 } } },
  ...overrides,
});

/** A worker double: the real `serveSimulations` on the far side, messages structured-cloned and delivered a task later. */
function loopbackWorker(): SimulatorWorkerLike & { terminated: boolean } {
  const toPage: ((event: { data: unknown }) => void)[] = [];
  const toWorker: ((event: { data: unknown }) => void)[] = [];
  const worker = {
    terminated: false,
    postMessage: (message: unknown) => setTimeout(() => !worker.terminated && toWorker.forEach((l) => l({ data: structuredClone(message) }))),
    addEventListener: (type: string, listener: (event: { data: unknown }) => void) => {
      if (type === 'message') toPage.push(listener);
    },
    terminate: () => void (worker.terminated = true),
  };
  serveSimulations(
    {
      postMessage: (message) => setTimeout(() => !worker.terminated && toPage.forEach((l) => l({ data: structuredClone(message) }))),
      addEventListener: (_type, listener) => toWorker.push(listener),
    },
    () => 0,
  );
  return worker as SimulatorWorkerLike & { terminated: boolean };
}

describe('runSimulationInWorker', () => {
  it('resolves to one result per input, in order, with progress on the way, and terminates the worker', async () => {
    const worker = loopbackWorker();
    const progress: number[] = [];
    const results = await runSimulationInWorker([input({ label: 'a' }), input({ label: 'b', seed: 2 })], {
      createWorker: () => worker,
      onProgress: (index) => progress.push(index),
    });
    expect(results.map((r) => r.label)).toEqual(['a', 'b']);
    expect(results.every((r) => r.matches > 0)).toBe(true);
    expect(new Set(progress)).toEqual(new Set([0, 1]));
    expect(worker.terminated).toBe(true);
  });

  it('rejects with the InvalidRequestException of a bad input', async () => {
    const bad = input({ population: { arrivalsPerMinute: -1, durationMinutes: 1, attributes: {} } });
    await expect(runSimulationInWorker([bad], { createWorker: loopbackWorker })).rejects.toMatchObject({
      name: 'InvalidRequestException',
      message: 'population.arrivalsPerMinute: expected a number > 0, got -1',
    });
  });

  it('rejects with an AbortError and terminates the worker when aborted mid-run, or at once when already aborted', async () => {
    const worker = loopbackWorker();
    const controller = new AbortController();
    const run = runSimulationInWorker([input()], { createWorker: () => worker, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(worker.terminated).toBe(true);
    let started = false;
    const aborted = runSimulationInWorker([input()], { signal: AbortSignal.abort(), createWorker: () => ((started = true), loopbackWorker()) });
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    expect(started).toBe(false);
  });
});

describe('the simulator wire protocol', () => {
  it('names the field of a malformed message', () => {
    expect(parseSimulatorMessage({ type: 'progress', index: -1, simulatedMinutes: 1, totalMinutes: 2 })).toEqual({
      issue: 'index: expected a non-negative integer, got -1',
    });
    expect(parseSimulatorMessage({ type: 'launch' })).toEqual({
      issue: 'type: expected one of "run", "progress", "result", "done", "error", got "launch"',
    });
    expect(parseSimulatorMessage({ type: 'run', inputs: [1] })).toEqual({ issue: 'inputs: expected a list of simulation inputs, got [1]' });
    expect(parseSimulatorMessage({ type: 'done' })).toEqual({ type: 'done' });
  });
});
