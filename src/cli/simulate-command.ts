/**
 * `peermatch simulate RULESET [RULESET2] [options]`: runs one rule set (or
 * two side by side, on the same population and seed) through the simulator
 * and prints the results table (`formatSimulationTable`); `--json FILE`
 * also writes the inputs and results as JSON. Exit code 0 after a run, 1 when
 * a rule set or the population is invalid (rule-set problems are printed as
 * `FILE:LINE:COLUMN path: message`, like `peermatch validate`), 2 for a
 * usage error or an unreadable or unwritable file.
 */
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT_USAGE, type CliIo, type Command } from './command.ts';
import { expected, parseArgsProblem, usageErrorLines } from './usage.ts';
import { formatIssue } from './validate-command.ts';
import { validateRuleSet } from '../core/ruleset/validate.ts';
import { sharedDefaultPopulation } from '../sim/default-population.ts';
import { formatSimulationTable } from '../sim/format-table.ts';
import { simulate } from '../sim/simulate.ts';
import type { PopulationSpec, SimulatedConfiguration, SimulationInput, SimulationResult } from '../sim/types.ts';

const HELP = [
  'usage: peermatch simulate RULESET.jsonc [RULESET2.jsonc] [options]',
  '',
  'Runs a synthetic population of players against the rule set(s) on an accelerated clock and prints',
  'time to match, timeouts, match quality per rule and expansions used. Two rule sets run side by side',
  'on the same population and seed.',
  '',
  'options:',
  '  --population FILE           population spec (JSON); default: one derived from the rule set(s)',
  '  --minutes N                 simulated minutes of arrivals (default: the population\'s, 60)',
  '  --arrivals-per-minute N     mean ticket arrivals per simulated minute (default: the population\'s)',
  '  --timeout SECONDS           RequestTimeoutSeconds of the configuration (default 120)',
  '  --acceptance SECONDS        require acceptance, with this AcceptanceTimeoutSeconds (default: none)',
  '  --seed N                    seed of the population and the matchmaker (default 1)',
  '  --json FILE                 also write { inputs, results } as JSON to FILE',
  '',
  'Exit code: 0 done, 1 invalid rule set or population, 2 usage error or unreadable/unwritable file.',
].join('\n');

/** The `simulate` subcommand, for main's command table. */
export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'run a synthetic population against one or two rule sets and print time to match and match quality',
  run: runSimulate,
};

/** Parsed command line. */
interface SimulateArgs {
  files: string[];
  population?: string;
  minutes?: number;
  arrivalsPerMinute?: number;
  timeoutSeconds: number;
  acceptanceSeconds?: number;
  seed: number;
  json?: string;
}

class UsageError extends Error {}

async function runSimulate(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(HELP);
    return 0;
  }
  let parsed: SimulateArgs;
  try {
    parsed = parseCommandLine(args);
    if (parsed.json !== undefined && !io.writeTextFile) throw new UsageError('--json: this environment cannot write files');
  } catch (error) {
    for (const line of usageErrorLines('simulate', error instanceof Error ? error.message : String(error))) io.stderr(line);
    return EXIT_USAGE;
  }
  // The output file is checked before the simulation, not after minutes of it.
  if (parsed.json !== undefined && io.checkWritable) {
    const problem = await io.checkWritable(parsed.json);
    if (problem !== undefined) {
      io.stderr(`peermatch simulate: --json ${parsed.json}: cannot write (${problem})`);
      return EXIT_USAGE;
    }
  }
  const bodies: string[] = [];
  for (const file of parsed.files) {
    const text = await readOrReport(file, io);
    if (text === undefined) return EXIT_USAGE;
    bodies.push(text);
  }
  if (!rulesValid(parsed.files, bodies, io)) return 1;
  const population = await loadPopulation(parsed, bodies, io);
  if (typeof population === 'number') return population;
  const inputs = bodies.map((ruleSetBody, index): SimulationInput => ({
    label: basename(parsed.files[index]!),
    ruleSetBody,
    configuration: configurationOf(parsed),
    population,
    seed: parsed.seed,
  }));
  const results: SimulationResult[] = [];
  for (const input of inputs) {
    io.stderr(`simulating ${input.label}: ${population.durationMinutes} minutes at ${population.arrivalsPerMinute} arrivals per minute...`);
    try {
      const result = simulate(input, { now: () => performance.now() });
      for (const warning of result.warnings ?? []) io.stderr(`${input.label}: warning: ${warning}`);
      results.push(result);
    } catch (error) {
      io.stderr(`peermatch simulate: ${input.label}: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
  }
  io.stdout(formatSimulationTable(results));
  if (parsed.json !== undefined) {
    const text = `${JSON.stringify({ inputs: inputs.map(({ ruleSetBody: _, ...rest }) => rest), results }, null, 2)}\n`;
    try {
      await io.writeTextFile!(parsed.json, text);
    } catch (error) {
      io.stderr(`peermatch simulate: cannot write ${parsed.json}: ${error instanceof Error ? error.message : String(error)}`);
      return EXIT_USAGE;
    }
    io.stderr(`wrote ${parsed.json}`);
  }
  return 0;
}

function parseCommandLine(args: string[]): SimulateArgs {
  let values: Record<string, string | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        population: { type: 'string' },
        minutes: { type: 'string' },
        'arrivals-per-minute': { type: 'string' },
        timeout: { type: 'string' },
        acceptance: { type: 'string' },
        seed: { type: 'string' },
        json: { type: 'string' },
      },
    }) as { values: Record<string, string | undefined>; positionals: string[] });
  } catch (error) {
    throw new UsageError(parseArgsProblem(error));
  }
  if (positionals.length === 0) throw new UsageError('expected a RULESET file, got none');
  if (positionals.length > 2) throw new UsageError(`at most two rule sets side by side, got ${positionals.length}: ${positionals.join(', ')}`);
  /** The option as a number: an integer when `integer`, > 0 (or ≥ 0 with `zeroAllowed`); undefined when absent. */
  const number = (name: string, integer: boolean, zeroAllowed = false): number | undefined => {
    const raw = values[name];
    if (raw === undefined) return undefined;
    const value = Number(raw);
    const ok = raw.trim() !== '' && Number.isFinite(value) && (zeroAllowed ? value >= 0 : value > 0) && (!integer || Number.isInteger(value));
    if (!ok) throw new UsageError(expected(`--${name}`, `${integer ? 'an integer' : 'a number'} ${zeroAllowed ? '≥ 0' : '> 0'}`, raw));
    return value;
  };
  return {
    files: positionals,
    ...(values.population !== undefined ? { population: values.population } : {}),
    ...optional('minutes', number('minutes', false)),
    ...optional('arrivalsPerMinute', number('arrivals-per-minute', false)),
    timeoutSeconds: number('timeout', true) ?? 120,
    ...optional('acceptanceSeconds', number('acceptance', true)),
    seed: number('seed', true, true) ?? 1,
    ...(values.json !== undefined ? { json: values.json } : {}),
  };
}

function optional<K extends string>(key: K, value: number | undefined): { [P in K]?: number } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: number };
}

async function readOrReport(file: string, io: CliIo): Promise<string | undefined> {
  try {
    return await io.readTextFile(file);
  } catch (error) {
    io.stderr(`peermatch simulate: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/** Prints every rule-set error as `validate` does; false when some rule set has errors. */
function rulesValid(files: string[], bodies: string[], io: CliIo): boolean {
  let valid = true;
  bodies.forEach((body, index) => {
    const { errors } = validateRuleSet(body);
    for (const issue of errors) io.stderr(formatIssue(files[index]!, issue, false));
    if (errors.length > 0) {
      io.stderr(`${files[index]}: ${errors.length} error${errors.length === 1 ? '' : 's'}`);
      valid = false;
    }
  });
  return valid;
}

/** The population file (or the rule sets' default) with the command-line overrides; an exit code on failure. */
async function loadPopulation(parsed: SimulateArgs, bodies: string[], io: CliIo): Promise<PopulationSpec | number> {
  let population: PopulationSpec;
  if (parsed.population === undefined) {
    population = sharedDefaultPopulation(bodies);
  } else {
    const text = await readOrReport(parsed.population, io);
    if (text === undefined) return EXIT_USAGE;
    try {
      population = JSON.parse(text) as PopulationSpec;
    } catch (error) {
      io.stderr(`peermatch simulate: ${parsed.population}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
      return 1;
    }
    if (typeof population !== 'object' || population === null || Array.isArray(population)) {
      io.stderr(`peermatch simulate: ${parsed.population}: expected a population object, got ${JSON.stringify(population)}`);
      return 1;
    }
  }
  return {
    ...population,
    ...(parsed.minutes !== undefined ? { durationMinutes: parsed.minutes } : {}),
    ...(parsed.arrivalsPerMinute !== undefined ? { arrivalsPerMinute: parsed.arrivalsPerMinute } : {}),
  };
}

function configurationOf(parsed: SimulateArgs): SimulatedConfiguration {
  return parsed.acceptanceSeconds === undefined
    ? { RequestTimeoutSeconds: parsed.timeoutSeconds, AcceptanceRequired: false }
    : { RequestTimeoutSeconds: parsed.timeoutSeconds, AcceptanceRequired: true, AcceptanceTimeoutSeconds: parsed.acceptanceSeconds };
}
