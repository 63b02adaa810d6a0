/**
 * The worker side of the simulator protocol, apart from the worker global so
 * it can run anywhere a message endpoint exists (a Worker, a MessagePort, a
 * test double).
 */
import { isSimulatorMessageIssue, parseSimulatorMessage, type SimulatorMessage } from './protocol.ts';
import { simulate } from './simulate.ts';

/** What the server needs of its side of the channel. */
export interface SimulatorEndpoint {
  postMessage(message: SimulatorMessage): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/**
 * Serves `run` messages on `endpoint`: each input in order, `progress`,
 * `result` per input, then `done`, or one `error` (`{ name, message }`) when
 * an input is refused or the message is malformed. `now` is the wall clock
 * that fills `wallClockMs`.
 */
export function serveSimulations(endpoint: SimulatorEndpoint, now: () => number): void {
  endpoint.addEventListener('message', (event) => {
    const message = parseSimulatorMessage(event.data);
    if (isSimulatorMessageIssue(message)) {
      endpoint.postMessage({ type: 'error', name: 'InvalidRequestException', message: `simulator message: ${message.issue}` });
      return;
    }
    if (message.type !== 'run') {
      endpoint.postMessage({ type: 'error', name: 'InvalidRequestException', message: `simulator message: expected "run", got "${message.type}"` });
      return;
    }
    try {
      message.inputs.forEach((input, index) => {
        const result = simulate(input, {
          now,
          onProgress: (simulatedMinutes, totalMinutes) =>
            endpoint.postMessage({ type: 'progress', index, simulatedMinutes, totalMinutes }),
        });
        endpoint.postMessage({ type: 'result', index, result });
      });
      endpoint.postMessage({ type: 'done' });
    } catch (error) {
      const name = error instanceof Error ? error.name : 'Error';
      endpoint.postMessage({ type: 'error', name, message: error instanceof Error ? error.message : String(error) });
    }
  });
}
