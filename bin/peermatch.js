#!/usr/bin/env node
// The `peermatch` command. From the installed package it runs the built
// JavaScript (lib/cli/main.js) with plain Node. In a clone of the repository
// (src/ present) it runs the TypeScript sources through tsx, so a fresh clone
// needs no build step before `npx peermatch ...`.
import { existsSync } from 'node:fs';

const sources = new URL('../src/cli/main.ts', import.meta.url);
let main;
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(sources.href));
} else {
  ({ main } = await import('../lib/cli/main.js'));
}
process.exitCode = await main(process.argv.slice(2));
