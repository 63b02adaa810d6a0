#!/usr/bin/env node
// The `peermatch` command. It runs the TypeScript sources directly through
// tsx, so a fresh clone needs no build step before `npx peermatch ...`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
