import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import type { CliIo } from '../src/cli/main.ts';
import type { SimulationResult } from '../src/sim/types.ts';

const EXAMPLE_1 = readFileSync(join(import.meta.dirname, '..', 'examples', 'rulesets', '01-aliens-vs-cowboys.jsonc'), 'utf8');
const STRICT = EXAMPLE_1.replace('"name": "aliens_vs_cowboys"', '"name": "strict"').replace('"maxDistance": 10', '"maxDistance": 4');
const BROKEN = ['{', '  "ruleLanguageVersion": "1.0",', '  "teams": [{"name": "red", "minPlayers": 5, "maxPlayers": 3}]', '}'].join('\n');
const POPULATION = JSON.stringify({
  arrivalsPerMinute: 20,
  durationMinutes: 2,
  attributes: { skill: { kind: 'normal', mean: 50, sd: 20, min: 0, max: 100 } },
});

/** In-process I/O over an in-memory file system that records what the command prints and writes. */
function memoryIo(files: Record<string, string>, writable = true): CliIo & { out: string[]; err: string[]; written: Record<string, string> } {
  const out: string[] = [];
  const err: string[] = [];
  const written: Record<string, string> = {};
  return {
    out,
    err,
    written,
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    readTextFile: async (path) => {
      const text = files[path] ?? written[path];
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return text;
    },
    ...(writable
      ? {
          writeTextFile: async (path: string, text: string) => {
            if (path.startsWith('/read-only/')) throw new Error(`EACCES: permission denied, open '${path}'`);
            written[path] = text;
          },
        }
      : {}),
  };
}

describe('peermatch simulate', () => {
  it('prints the table of two rule sets side by side and writes the results as JSON', async () => {
    const io = memoryIo({ 'rules/loose.jsonc': EXAMPLE_1, 'rules/strict.jsonc': STRICT, 'pop.json': POPULATION });
    const code = await main(
      ['simulate', 'rules/loose.jsonc', 'rules/strict.jsonc', '--population', 'pop.json', '--seed', '3', '--json', 'out.json'],
      io,
    );
    expect(code).toBe(0);
    const table = io.out.join('\n').split('\n');
    expect(table[0]).toMatch(/^\s+loose\.jsonc\s+strict\.jsonc$/);
    expect(table.find((line) => line.startsWith('tickets'))).toMatch(/^tickets\s+(\d+)\s+\1$/);
    expect(table.some((line) => line.startsWith('time to match p50 (s)'))).toBe(true);
    const json = JSON.parse(io.written['out.json']!) as { inputs: { label: string; seed: number }[]; results: SimulationResult[] };
    expect(json.inputs.map((input) => [input.label, input.seed])).toEqual([['loose.jsonc', 3], ['strict.jsonc', 3]]);
    expect(json.results).toHaveLength(2);
    expect(json.results[0]!.tickets).toBe(json.results[1]!.tickets);
    expect(json.results[0]!.matches).toBeGreaterThan(0);
    expect(io.err.at(-1)).toBe('wrote out.json');
  });

  it('derives a population from the rule set and applies --minutes, --arrivals-per-minute, --timeout and --acceptance', async () => {
    const io = memoryIo({ 'one.jsonc': EXAMPLE_1 });
    const code = await main(
      ['simulate', 'one.jsonc', '--minutes', '1', '--arrivals-per-minute', '30', '--timeout', '60', '--acceptance', '10', '--json', 'o.json'],
      io,
    );
    expect(code).toBe(0);
    const json = JSON.parse(io.written['o.json']!);
    expect(json.inputs[0].population).toMatchObject({ durationMinutes: 1, arrivalsPerMinute: 30, attributes: { skill: { kind: 'normal' } } });
    expect(json.inputs[0].configuration).toEqual({ RequestTimeoutSeconds: 60, AcceptanceRequired: true, AcceptanceTimeoutSeconds: 10 });
    expect(io.err[0]).toBe('simulating one.jsonc: 1 minutes at 30 arrivals per minute...');
  });

  it('prints the rule-set errors with line and column and exits 1', async () => {
    const io = memoryIo({ 'broken.jsonc': BROKEN });
    expect(await main(['simulate', 'broken.jsonc'], io)).toBe(1);
    expect(io.err).toContain('broken.jsonc:3:43 teams[0].minPlayers: minPlayers 5 is greater than maxPlayers 3');
    expect(io.out).toEqual([]);
  });

  it('exits 1 with the problems of an invalid population file', async () => {
    const io = memoryIo({ 'one.jsonc': EXAMPLE_1, 'pop.json': JSON.stringify({ arrivalsPerMinute: 0, durationMinutes: 1, attributes: {} }) });
    expect(await main(['simulate', 'one.jsonc', '--population', 'pop.json'], io)).toBe(1);
    expect(io.err.at(-1)).toBe('peermatch simulate: one.jsonc: population.arrivalsPerMinute: expected a number > 0, got 0');
    const notJson = memoryIo({ 'one.jsonc': EXAMPLE_1, 'pop.json': '{ nope' });
    expect(await main(['simulate', 'one.jsonc', '--population', 'pop.json'], notJson)).toBe(1);
    expect(notJson.err.at(-1)).toMatch(/^peermatch simulate: pop\.json: not valid JSON: /);
  });

  it.each([
    [[], 'expected a RULESET file, got none'],
    [['a.jsonc', 'b.jsonc', 'c.jsonc'], 'at most two rule sets side by side, got 3: a.jsonc, b.jsonc, c.jsonc'],
    [['a.jsonc', '--minutes', 'soon'], '--minutes: expected a number > 0, got "soon"'],
    [['a.jsonc', '--seed', '1.5'], '--seed: expected an integer ≥ 0, got "1.5"'],
    [['a.jsonc', '--timeout', '0'], '--timeout: expected an integer > 0, got "0"'],
    [['a.jsonc', '--fast'], 'unknown option "--fast"'],
    [['a.jsonc', '--json'], '--json: expected a value'],
  ])('exits 2 with a usage message for %j', async (args, message) => {
    const io = memoryIo({ 'a.jsonc': EXAMPLE_1 });
    expect(await main(['simulate', ...args], io)).toBe(2);
    expect(io.err).toEqual([`peermatch simulate: ${message}`, 'Run "peermatch simulate --help" for the options.']);
  });

  it('exits 2 for an unreadable rule set, an unwritable JSON file, or I/O that cannot write', async () => {
    const missing = memoryIo({});
    expect(await main(['simulate', 'nowhere.jsonc'], missing)).toBe(2);
    expect(missing.err[0]).toMatch(/^peermatch simulate: cannot read nowhere\.jsonc: ENOENT/);
    const files = { 'one.jsonc': EXAMPLE_1, 'pop.json': POPULATION };
    const readOnly = memoryIo(files);
    expect(await main(['simulate', 'one.jsonc', '--population', 'pop.json', '--minutes', '0.5', '--json', '/read-only/o.json'], readOnly)).toBe(2);
    expect(readOnly.err.at(-1)).toMatch(/^peermatch simulate: cannot write \/read-only\/o\.json: EACCES/);
    const noWriter = memoryIo(files, false);
    expect(await main(['simulate', 'one.jsonc', '--json', 'o.json'], noWriter)).toBe(2);
    expect(noWriter.err[0]).toContain('--json: this environment cannot write files');
  });

  it('is listed in peermatch --help and prints its own help', async () => {
    const io = memoryIo({});
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out[0]).toMatch(/^\s+simulate\s+run a synthetic population/m);
    const help = memoryIo({});
    expect(await main(['simulate', '--help'], help)).toBe(0);
    expect(help.out[0]).toContain('--arrivals-per-minute N');
  });
});
