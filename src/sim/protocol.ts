/**
 * The wire between a page and the simulator Web Worker, declared once as a
 * union on `type`, with the one guard both sides run on whatever arrives.
 * A worker serves one `run` and is then terminated by the page.
 *
 * page → worker: `run` (the inputs, run in order).
 * worker → page: `progress` (about a hundred per input), `result` (one per
 * input, in order), then `done`; or `error` (the run stopped: a bad input,
 * with the AWS exception name, or a bad message).
 */
import { formatValue } from '../core/format-value.ts';
import type { SimulationInput, SimulationResult } from './types.ts';

/** Run every input in order. */
export interface RunMessage {
  type: 'run';
  inputs: SimulationInput[];
}

/** How far input `index` has got, in simulated minutes. */
export interface ProgressMessage {
  type: 'progress';
  index: number;
  simulatedMinutes: number;
  totalMinutes: number;
}

/** The result of input `index`. */
export interface ResultMessage {
  type: 'result';
  index: number;
  result: SimulationResult;
}

/** Every input has its result. */
export interface DoneMessage {
  type: 'done';
}

/** The run stopped; `name` is the exception name (`InvalidRequestException` for a bad input). */
export interface ErrorMessage {
  type: 'error';
  name: string;
  message: string;
}

/** Every message, either direction. */
export type SimulatorMessage = RunMessage | ProgressMessage | ResultMessage | DoneMessage | ErrorMessage;

/** Why a value is not a `SimulatorMessage`. */
export interface SimulatorMessageIssue {
  issue: string;
}

const describe = (value: unknown): string => formatValue(value, 80);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isIndex = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isMinutes = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/**
 * The message typed, or the first issue naming the field (`index: expected a
 * non-negative integer, got -1`). Payloads (`inputs`, `result`) are checked
 * for their container shape only: `simulate` validates inputs itself.
 */
export function parseSimulatorMessage(value: unknown): SimulatorMessage | SimulatorMessageIssue {
  if (!isRecord(value)) return { issue: `message: expected an object with a "type", got ${describe(value)}` };
  switch (value.type) {
    case 'run':
      if (!Array.isArray(value.inputs) || !value.inputs.every(isRecord)) {
        return { issue: `inputs: expected a list of simulation inputs, got ${describe(value.inputs)}` };
      }
      return { type: 'run', inputs: value.inputs as unknown as SimulationInput[] };
    case 'progress':
      if (!isIndex(value.index)) return { issue: `index: expected a non-negative integer, got ${describe(value.index)}` };
      if (!isMinutes(value.simulatedMinutes) || !isMinutes(value.totalMinutes)) {
        return { issue: `simulatedMinutes/totalMinutes: expected minutes ≥ 0, got ${describe([value.simulatedMinutes, value.totalMinutes])}` };
      }
      return { type: 'progress', index: value.index, simulatedMinutes: value.simulatedMinutes, totalMinutes: value.totalMinutes };
    case 'result':
      if (!isIndex(value.index)) return { issue: `index: expected a non-negative integer, got ${describe(value.index)}` };
      if (!isRecord(value.result)) return { issue: `result: expected a simulation result, got ${describe(value.result)}` };
      return { type: 'result', index: value.index, result: value.result as unknown as SimulationResult };
    case 'done':
      return { type: 'done' };
    case 'error':
      if (typeof value.name !== 'string' || typeof value.message !== 'string') {
        return { issue: `error: expected { name, message } strings, got ${describe([value.name, value.message])}` };
      }
      return { type: 'error', name: value.name, message: value.message };
    default:
      return { issue: `type: expected one of "run", "progress", "result", "done", "error", got ${describe(value.type)}` };
  }
}

/** True when `parseSimulatorMessage` refused the value. */
export function isSimulatorMessageIssue(value: SimulatorMessage | SimulatorMessageIssue): value is SimulatorMessageIssue {
  return 'issue' in value;
}
