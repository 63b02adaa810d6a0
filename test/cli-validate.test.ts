import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import type { CliIo } from '../src/cli/main.ts';

const ROOT = join(import.meta.dirname, '..');
const TMP = mkdtempSync(join(tmpdir(), 'peermatch-cli-'));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

const BROKEN = [
  '{',
  '  "ruleLanguageVersion": "1.0",',
  '  "teams": [{"name": "red", "minPlayers": 5, "maxPlayers": 3}],',
  '  "rulez": []',
  '}',
].join('\n');

function tempFile(name: string, text: string): string {
  const file = join(TMP, name);
  writeFileSync(file, text);
  return file;
}

function peermatch(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, ['bin/peermatch.js', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** In-process I/O that records what a command prints. */
function memoryIo(files: Record<string, string> = {}): CliIo & { out: string[]; err: string[] } {
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
  };
}

describe('peermatch validate (spawned)', () => {
  it('prints each problem as FILE:LINE:COLUMN path: message, a summary, and exits 1 on errors', () => {
    const file = tempFile('broken.jsonc', BROKEN);
    const { status, stdout } = peermatch('validate', file);
    expect(stdout.split('\n')).toEqual([
      `${file}:3:43 teams[0].minPlayers: minPlayers 5 is greater than maxPlayers 3`,
      `${file}:4:3 rulez: warning: unknown property "rulez" in the rule set, ignored (did you mean "rules"?); ` +
        'known properties: name, ruleLanguageVersion, playerAttributes, algorithm, teams, rules, expansions',
      `${file}: 1 error, 1 warning`,
      '',
    ]);
    expect(status).toBe(1);
  });

  it('exits 0 on all twelve example rule sets (the guide\'s eleven and the duel)', () => {
    const examples = readdirSync(join(ROOT, 'examples', 'rulesets')).map((f) => join('examples', 'rulesets', f));
    const { status, stdout } = peermatch('validate', ...examples);
    expect(status).toBe(0);
    expect(stdout.split('\n').filter((l) => /: valid/.test(l))).toHaveLength(12);
  });

  it('exits 2 and names the file and the OS error when a file cannot be read', () => {
    const missing = join(TMP, 'missing.json');
    const { status, stderr } = peermatch('validate', missing);
    expect(status).toBe(2);
    expect(stderr).toContain(`peermatch validate: cannot read ${missing}: ENOENT`);
  });
});

describe('peermatch command line (in process)', () => {
  it('--help lists the commands and exits 0', async () => {
    const io = memoryIo();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out.join('\n')).toMatch(/usage: peermatch <command>[\s\S]*validate/);
  });

  it('no command is a usage error (exit 2)', async () => {
    const io = memoryIo();
    expect(await main([], io)).toBe(2);
    expect(io.err.join('\n')).toContain('usage: peermatch');
  });

  it('an unknown command is a usage error naming it', async () => {
    const io = memoryIo();
    expect(await main(['simulat'], io)).toBe(2);
    expect(io.err[0]).toContain('unknown command "simulat"');
  });

  it('validate without files, or with an unknown option, is a usage error', async () => {
    expect(await main(['validate'], memoryIo())).toBe(2);
    const io = memoryIo({ 'a.json': '{}' });
    expect(await main(['validate', '--strict', 'a.json'], io)).toBe(2);
    expect(io.err[0]).toContain('unknown option "--strict"');
  });

  it('validate --help prints its usage and exits 0', async () => {
    const io = memoryIo();
    expect(await main(['validate', '--help'], io)).toBe(0);
    expect(io.out[0]?.split('\n')[0]).toBe('usage: peermatch validate FILE...');
  });

  it('a file with only warnings is valid, says so with the count, and exits 0', async () => {
    const io = memoryIo({ 'w.json': '{"ruleLanguageVersion": "1.0", "teams": [{"name": "a", "minPlayers": 1, "maxPlayers": 2, "size": 3}]}' });
    expect(await main(['validate', 'w.json'], io)).toBe(0);
    expect(io.out[0]).toMatch(/^w\.json:1:90 teams\[0\]\.size: warning: unknown property "size" in team/);
    expect(io.out[1]).toBe('w.json: valid, 1 warning');
  });

  it('malformed JSON is reported with its position and counts as an error', async () => {
    const io = memoryIo({ 'bad.json': '{\n  "teams": [,]\n}' });
    expect(await main(['validate', 'bad.json'], io)).toBe(1);
    expect(io.out).toEqual(['bad.json:2:13 teams[0]: malformed JSON: expected a value, found ","', 'bad.json: 1 error']);
  });

  it('an unreadable file among readable ones still validates the others and exits 2', async () => {
    const io = memoryIo({ 'ok.json': '{"ruleLanguageVersion": "1.0", "teams": [{"name": "a", "minPlayers": 1, "maxPlayers": 2}]}' });
    expect(await main(['validate', 'gone.json', 'ok.json'], io)).toBe(2);
    expect(io.err).toEqual([`peermatch validate: cannot read gone.json: ENOENT: no such file or directory, open 'gone.json'`]);
    expect(io.out).toEqual(['ok.json: valid']);
  });
});
