/**
 * The command line's common ground: `--version`, one wording for usage errors
 * in every command (the option and the value named), and output paths
 * checked before long work.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { main, processIo, type CliIo } from '../src/cli/main.ts';

function io(files: Record<string, string> = {}): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (line) => out.push(line),
    stderr: (line) => err.push(line),
    readTextFile: async (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return text;
    },
    writeTextFile: async () => undefined,
    checkWritable: processIo().checkWritable!,
  };
}

const RULES = readFileSync(new URL('../examples/rulesets/01-aliens-vs-cowboys.jsonc', import.meta.url), 'utf8');

describe('the peermatch command line', () => {
  it('prints the package version for --version', async () => {
    const run = io();
    const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await main(['--version'], run)).toBe(0);
    expect(run.out).toEqual([version]);
  });

  it.each([
    ['validate', ['--nope', 'a.json']],
    ['simulate', ['a.jsonc', '--nope']],
    ['serve', ['--nope']],
    ['host', ['--server', 'http://127.0.0.1:1', '--lobby', 'a', '--ruleset', 'a.jsonc', '--nope']],
  ])('words an unknown option the same way in %s', async (command, args) => {
    const run = io();
    expect(await main([command, ...args], run)).toBe(2);
    expect(run.err).toEqual([`peermatch ${command}: unknown option "--nope"`, `Run "peermatch ${command} --help" for the options.`]);
  });

  it('names the value of a --server that is not a URL', async () => {
    const run = io();
    expect(await main(['host', '--server', 'not-a-url', '--lobby', 'a', '--ruleset', 'a.jsonc'], run)).toBe(2);
    expect(run.err[0]).toBe('peermatch host: --server: expected an http(s) URL such as http://127.0.0.1:8080, got "not-a-url"');
  });

  it('refuses an unwritable simulate --json path before simulating', async () => {
    const run = io({ 'one.jsonc': RULES });
    expect(await main(['simulate', 'one.jsonc', '--json', '/no-such-folder/out.json'], run)).toBe(2);
    expect(run.err).toEqual(['peermatch simulate: --json /no-such-folder/out.json: cannot write (ENOENT: no such directory /no-such-folder)']);
    expect(run.out).toEqual([]);
  });

  it('an unknown command names it and points to --help', async () => {
    const run = io();
    expect(await main(['simulat'], run)).toBe(2);
    expect(run.err).toEqual(['peermatch: unknown command "simulat"', 'Run "peermatch --help" for the commands.']);
  });
});
