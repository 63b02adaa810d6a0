/**
 * The rule-set simulator's public API: `simulate` (synchronous, pure; Node,
 * tests, a worker), `runSimulationInWorker` (browser, off the main thread),
 * default populations read from a rule set, population checks, and the
 * results table (as rows for any renderer, or as text). Two rule sets are compared by running each with the same
 * `population` and `seed`: the arrivals are drawn before the rule set is
 * consulted, so both see exactly the same players at the same moments.
 */
export type * from './types.ts';
export { simulate, type SimulateOptions } from './simulate.ts';
export { defaultPopulation, sharedDefaultPopulation } from './default-population.ts';
export { validatePopulation, type PopulationCheck } from './validate-population.ts';
export { generateArrivals, type Arrival, type SimPlayer } from './population.ts';
export { formatSimulationTable } from './format-table.ts';
export { simulationTableRows, MISSING_CELL, type SimulationTableRow } from './table-rows.ts';
export { runSimulationInWorker, type RunInWorkerOptions, type SimulatorWorkerLike } from './run-in-worker.ts';
export { serveSimulations, type SimulatorEndpoint } from './serve-simulations.ts';
export { parseSimulatorMessage, type SimulatorMessage } from './protocol.ts';
