/**
 * The front door after `npm start`: the app built (`vite build`) and served
 * by `peermatch serve` (the same command, on a free port, with no state file
 * and the build in a temporary folder). Two windows on `/?lobby=demo` make a
 * match with nothing else done: the server hosts the demo lobby itself, the
 * page searches as it opens and says how many players a match needs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PEERMATCH_PERMISSIONS } from '../../src/testing/chromium.ts';
import { expect, test, waitForMatchReady } from './fixtures.ts';

const ROOT = join(import.meta.dirname, '..', '..');
let buildDir: string;
let server: ChildProcess | undefined;
let lobbyUrl: string;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  buildDir = mkdtempSync(join(tmpdir(), 'peermatch-front-door-'));
  const build = spawnSync('npx', ['vite', 'build', '--outDir', buildDir, '--emptyOutDir', '--logLevel', 'error'], { cwd: ROOT, encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
  server = spawn(process.execPath, ['bin/peermatch.js', 'serve', '--port', '0', '--state-file', 'none', '--static-dir', buildDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  lobbyUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`peermatch serve printed no player lobby within 60 s:\n${out}\n${err}`)), 60_000);
    server!.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    server!.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const found = /player lobby:\s+(\S+)/.exec(out);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    });
    server!.once('exit', (code) => reject(new Error(`peermatch serve exited with ${code}:\n${out}\n${err}`)));
  });
});

test.afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  rmSync(buildDir, { recursive: true, force: true });
});

test('two windows on the front door after npm start make a match, with nothing else done', async ({ players }) => {
  expect(lobbyUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?lobby=demo$/);
  const [first] = await players(1, { url: lobbyUrl });
  await expect(first!.locator('#lobby-line')).toHaveText('A match here needs 2 players; 1 is waiting.', { timeout: 15_000 });
  const [second] = await players(1, { url: lobbyUrl });
  const ready = await waitForMatchReady([first!, second!], { timeoutMs: 30_000 });
  expect(ready[0]!.matchId).toBe(ready[1]!.matchId);
  expect(ready.map((r) => r.role).sort()).toEqual(['game-host', 'player']);
  expect(ready.every((r) => r.open === r.connections && r.connections >= 1)).toBe(true);
  await expect(first!.locator('#game-line')).toBeVisible();
});

test('two windows of one browser are two players, and they make a match', async ({ browser }) => {
  const context = await browser.newContext({ permissions: [...PEERMATCH_PERMISSIONS] });
  try {
    const pages = [await context.newPage(), await context.newPage()];
    for (const page of pages) await page.goto(lobbyUrl);
    const names = await Promise.all(pages.map((page) => page.locator('#player-name').textContent()));
    expect(names[0]).not.toBe(names[1]);
    const ready = await waitForMatchReady(pages, { timeoutMs: 30_000 });
    expect(ready[0]!.matchId).toBe(ready[1]!.matchId);
  } finally {
    await context.close();
  }
});
