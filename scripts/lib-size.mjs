#!/usr/bin/env node
/**
 * Prints the size of the built library entry, raw and gzipped (node:zlib,
 * level 9, what a CDN serves): `node scripts/lib-size.mjs [FILE...]`
 * (default `dist/lib/lobby.js`). Exit code 1 when a file is missing.
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const files = process.argv.length > 2 ? process.argv.slice(2) : ['dist/lib/lobby.js'];
let missing = false;
for (const file of files) {
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    console.error(`${file}: ${error.code === 'ENOENT' ? 'not built (run the library build first)' : error.message}`);
    missing = true;
    continue;
  }
  const gzip = gzipSync(bytes, { level: 9 }).length;
  console.log(`${file}: ${(bytes.length / 1024).toFixed(1)} KiB, ${(gzip / 1024).toFixed(1)} KiB gzip (lit, peerjs and idb-keyval not included)`);
}
process.exit(missing ? 1 : 0);
