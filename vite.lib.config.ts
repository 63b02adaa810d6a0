/**
 * The library build of `peermatch/lobby`: `src/lobby.ts` as one ES module,
 * `dist/lib/lobby.js`, with the package's dependencies left as imports (the
 * game's bundler resolves them from its own node_modules). Types come from
 * `tsc -p tsconfig.lib.json` into `dist/lib/types`; `scripts/lib-size.mjs`
 * prints the gzip size.
 *
 * ```sh
 * npx vite build --config vite.lib.config.ts && npx tsc -p tsconfig.lib.json && node scripts/lib-size.mjs
 * ```
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** Dependencies of the package: never bundled into the library. */
const EXTERNAL = [/^lit($|\/)/, /^@lit\//, /^peerjs($|\/)/, /^idb-keyval($|\/)/];

export default defineConfig({
  // index.html and host.html are the app's, not the library's.
  publicDir: false,
  build: {
    outDir: 'dist/lib',
    emptyOutDir: false,
    target: 'es2022',
    sourcemap: true,
    lib: {
      entry: resolve(import.meta.dirname, 'src/lobby.ts'),
      formats: ['es'],
      fileName: () => 'lobby.js',
    },
    rollupOptions: {
      external: EXTERNAL,
    },
  },
});
