/**
 * The simulator tab's `ReactiveController`: runs one or two simulations in a
 * Worker (`runSimulationInWorker`), tracks their progress, cancels on demand
 * (an `AbortSignal`) and keeps the results or the refusal for the panel.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { runSimulationInWorker } from '../../sim/run-in-worker.ts';
import type { SimulationInput, SimulationResult } from '../../sim/types.ts';
import { describeError } from './console-controller.ts';

/** Where the simulator stands. */
export type SimulatorState =
  | { kind: 'idle' }
  | { kind: 'running'; labels: string[]; index: number; simulatedMinutes: number; totalMinutes: number }
  | { kind: 'done'; results: SimulationResult[] }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

/** See the file comment. */
export class SimulatorController implements ReactiveController {
  state: SimulatorState = { kind: 'idle' };
  private abort: AbortController | undefined;

  constructor(
    private readonly element: ReactiveControllerHost,
    private readonly run: typeof runSimulationInWorker = runSimulationInWorker,
  ) {
    element.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.cancel();
  }

  /** Runs `inputs` in order (a run already going is cancelled first). */
  async start(inputs: SimulationInput[]): Promise<void> {
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const labels = inputs.map((input, index) => input.label ?? `run ${index + 1}`);
    this.set({ kind: 'running', labels, index: 0, simulatedMinutes: 0, totalMinutes: 1 });
    try {
      const results = await this.run(inputs, {
        signal: abort.signal,
        onProgress: (index, simulatedMinutes, totalMinutes) => {
          if (this.abort === abort) this.set({ kind: 'running', labels, index, simulatedMinutes, totalMinutes });
        },
      });
      if (this.abort === abort) this.set({ kind: 'done', results });
    } catch (error) {
      if (this.abort !== abort) return;
      this.set(abort.signal.aborted ? { kind: 'cancelled' } : { kind: 'failed', message: describeError(error) });
    } finally {
      if (this.abort === abort) this.abort = undefined;
    }
  }

  /** Stops the running simulation (its worker ends); the state becomes `cancelled`. */
  cancel(): void {
    if (!this.abort) return;
    const abort = this.abort;
    abort.abort();
    this.abort = undefined;
    this.set({ kind: 'cancelled' });
  }

  private set(state: SimulatorState): void {
    this.state = state;
    this.element.requestUpdate();
  }
}
