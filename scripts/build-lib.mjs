#!/usr/bin/env node
/**
 * The package build of every public entry (`npm run build:lib`): tsc with
 * tsconfig.build.json compiles src/ to lib/ (JavaScript and .d.ts), then this
 * script finishes what tsc leaves as `.ts`:
 * - `new URL('./x.ts', import.meta.url)` in JavaScript (the Worker and thread
 *   entries), so a game's bundler and Node find the built file;
 * - relative `.ts` specifiers in declarations (tsc rewrites them only in JavaScript).
 * Exit code 1 when tsc fails.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'lib');
rmSync(out, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (result.status !== 0) process.exit(1);

const URL_TS = /new URL\((['"])(\.{1,2}\/[^'"]+)\.ts\1, import\.meta\.url\)/g;
const SPECIFIER_TS = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\.ts\2/g;

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

let rewritten = 0;
for (const file of files(out)) {
  const text = readFileSync(file, 'utf8');
  let next = text;
  if (file.endsWith('.d.ts')) next = text.replace(SPECIFIER_TS, (_, lead, quote, path) => `${lead}${quote}${path}.js${quote}`);
  else if (file.endsWith('.js')) next = text.replace(URL_TS, (_, quote, path) => `new URL(${quote}${path}.js${quote}, import.meta.url)`);
  if (next !== text) {
    writeFileSync(file, next);
    rewritten++;
  }
}
const count = files(out).length;
console.log(`lib/: ${count} files (${rewritten} with .ts specifiers rewritten)`);
