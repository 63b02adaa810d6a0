/**
 * The package as a game installs it: `npm pack` (prepack builds everything),
 * the tarball installed into a fresh temporary project with a fresh
 * `npm install`, and there, with the files of examples/game (the README shows
 * them): a 1v1 with `Matchmaker` from a plain .mjs; every entry's types under
 * the game's strict flags; a Vite build of a page embedding
 * `<peermatch-lobby>`; `peermatch/lobby` imported in Node (SSR); `peermatch
 * serve` from the installed package; and the Playwright test written with
 * `peermatch/testing`, ten runs of a 2v2 where everyone sends at once on
 * `peermatch-ready`. Prints what the lobby-only install pulls in.
 *
 * Slow (a few minutes: a build, two installs, forty browser contexts); the
 * npm cache makes the installs local.
 */
import { execFile, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const REPO = new URL('..', import.meta.url).pathname;
const EXAMPLE = join(REPO, 'examples/game');
/** Packages a game that embeds only the lobby must not get. */
const NOT_FOR_THE_LOBBY = ['peer', 'ws', '@codemirror/view', '@codemirror/state', 'uplot', 'tsx', 'esbuild', 'vite', 'typescript', '@playwright/test'];

/** The environment of the child processes: this process's, without npm's lifecycle variables. */
const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_')));

function run(command: string, args: string[], cwd: string, timeoutMs: number, extraEnv: Record<string, string> = {}): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, timeout: timeoutMs, env: { ...env, ...extraEnv }, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
}

/** The version this repository itself tests with, so the install comes from the npm cache. */
function ownVersion(name: string): string {
  return (JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Every installed package under `node_modules` (scoped and nested ones too). */
function installedPackages(dir: string): string[] {
  const found: string[] = [];
  const walk = (modules: string, prefix: string) => {
    let names: string[];
    try {
      names = readdirSync(modules);
    } catch {
      return;
    }
    for (const name of names) {
      if (name.startsWith('.')) continue;
      if (name.startsWith('@') && prefix === '') {
        walk(join(modules, name), `${name}/`);
        continue;
      }
      const path = join(modules, name);
      found.push(`${prefix}${name}`);
      walk(join(path, 'node_modules'), '');
    }
  };
  walk(join(dir, 'node_modules'), '');
  return found;
}

function sizeOf(path: string): number {
  const info = statSync(path);
  if (!info.isDirectory()) return info.size;
  return readdirSync(path).reduce((total, name) => total + sizeOf(join(path, name)), 0);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

let work = '';
let game = '';
let lobbyOnly = { packages: [] as string[], bytes: 0 };
/** What `peermatch serve` says before the game installed the server's packages. */
let serveWithoutServer = '';

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'peermatch-consumer-'));
  await run('npm', ['pack', '--pack-destination', work], REPO, 300_000);
  const tarball = join(work, readdirSync(work).find((name) => name.endsWith('.tgz'))!);
  game = join(work, 'game');
  cpSync(EXAMPLE, game, { recursive: true });
  writeFileSync(join(game, 'package.json'), JSON.stringify({ name: 'a-game', private: true, type: 'module' }, null, 2));
  // What a game that embeds only the lobby installs.
  await run('npm', ['install', '--no-audit', '--no-fund', tarball], game, 300_000);
  lobbyOnly = { packages: installedPackages(game), bytes: sizeOf(join(game, 'node_modules')) };
  console.log(`lobby-only install: ${lobbyOnly.packages.length} packages, ${(lobbyOnly.bytes / 1e6).toFixed(1)} MB (${lobbyOnly.packages.join(', ')})`);
  serveWithoutServer = await run(join(game, 'node_modules/.bin/peermatch'), ['serve', '--port', '0'], game, 60_000).then(
    ({ stdout }) => `exit 0: ${stdout}`,
    (error: Error) => error.message,
  );
  // What the game's own build and tests add.
  const tools = ['typescript', 'vite', '@playwright/test', 'peer', 'ws', '@types/node'].map((name) => `${name}@${ownVersion(name)}`);
  await run('npm', ['install', '--no-audit', '--no-fund', '--save-dev', ...tools], game, 300_000);
}, 900_000);

// Removing the fresh project's node_modules can take a while on a loaded machine.
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
}, 120_000);

describe('the packed package, installed into a fresh game project', { timeout: 600_000 }, () => {
  it('installs only what the lobby and the core need when a game takes just the package', () => {
    const names = lobbyOnly.packages;
    expect(names).toEqual(expect.arrayContaining(['peermatch', 'lit', 'peerjs', 'idb-keyval']));
    expect(names.filter((name) => NOT_FOR_THE_LOBBY.includes(name) || name.startsWith('@codemirror/'))).toEqual([]);
  });

  it('says what to install when peermatch serve runs without the optional server packages', () => {
    expect(serveWithoutServer).toContain('peermatch serve needs the optional packages peer and ws');
    expect(serveWithoutServer).toContain('run "npm install peer@1.0 ws@8"');
  });

  it('forms a 1v1 with Matchmaker from a plain .mjs file', async () => {
    const { stdout } = await run('node', ['duel.mjs'], game, 60_000);
    // An unseeded Matchmaker draws its own seed, so which of the two is red is up to it.
    const line = /^matched: (\w+) \((red|blue)\) vs (\w+) \((red|blue)\)$/m.exec(stdout);
    expect(line, stdout).not.toBeNull();
    expect([line![1], line![3]].sort()).toEqual(['ana', 'ben']);
    expect([line![2], line![4]].sort()).toEqual(['blue', 'red']);
  });

  it('compiles every entry under tsc --strict --exactOptionalPropertyTypes with skipLibCheck off', async () => {
    const { stdout } = await run('npx', ['tsc', '-p', 'tsconfig.json'], game, 180_000);
    expect(stdout).toBe('');
  });

  it('imports peermatch/lobby and peermatch/client in Node without registering or throwing', async () => {
    const script = [
      "const lobby = await import('peermatch/lobby');",
      "const client = await import('peermatch/client');",
      "console.log(typeof lobby.PeermatchLobby, typeof client.PeermatchClient, String(globalThis.customElements?.get('peermatch-lobby')));",
    ].join('\n');
    const { stdout } = await run('node', ['--input-type=module', '-e', script], game, 60_000);
    expect(stdout.trim()).toBe('function function undefined');
  });

  it('builds a Vite page that embeds <peermatch-lobby>', async () => {
    await run('npx', ['vite', 'build'], game, 180_000);
    const assets = readdirSync(join(game, 'dist/assets')).filter((name) => name.endsWith('.js'));
    const code = assets.map((name) => readFileSync(join(game, 'dist/assets', name), 'utf8')).join('\n');
    expect(code).toContain('peermatch-lobby');
    console.log(`the game's built page: ${assets.length} JavaScript files, ${(assets.reduce((total, name) => total + statSync(join(game, 'dist/assets', name)).size, 0) / 1024).toFixed(0)} KiB`);
  });

  it('serves the front door and host console it ships, and prints only URLs that answer', async () => {
    const port = await freePort();
    const child = spawn(join(game, 'node_modules/.bin/peermatch'), ['serve', '--port', String(port), '--state-file', 'none'], { cwd: game, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      await expect.poll(() => output, { timeout: 30_000 }).toContain('ticket relay');
      const urls = [...output.matchAll(/(?:host console|player lobby):\s+(\S+)/g)].map((m) => m[1]!);
      expect(urls).toHaveLength(2);
      for (const url of urls) {
        const response = await fetch(url);
        expect(`${url} ${response.status}`).toBe(`${url} 200`);
        expect(await response.text()).toContain('<html');
      }
    } finally {
      child.kill('SIGTERM');
    }
  });

  it("runs the README's Playwright tests ten times out of ten: a 2v2 where everyone sends at once on peermatch-ready, and the Worker", async () => {
    const port = await freePort();
    const { stdout } = await run('npx', ['playwright', 'test', '--repeat-each', '10', '--workers', '2', '--reporter', 'line'], game, 600_000, {
      GAME_PORT: String(port),
    });
    expect(stdout).toMatch(/20 passed/);
  });
});
