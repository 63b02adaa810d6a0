/**
 * The dev server of the browser tests: the repo's vite.config.ts, plus two
 * settings that keep a test page from reloading under Playwright:
 * - the dependency scan starts from the test pages *and* the two worker
 *   entries (Vite's scanner does not follow `new Worker(new URL(...))`, so a
 *   dependency only a worker imports would be found late and force a full
 *   reload);
 * - no HMR, so edits to the sources during a run do not reload the page.
 */
import { fileURLToPath } from 'node:url';
import { mergeConfig } from 'vite';
import base from '../../vite.config.ts';

export default mergeConfig(base, {
  root: fileURLToPath(new URL('../..', import.meta.url)),
  server: { hmr: false },
  optimizeDeps: {
    entries: ['test/e2e/pages/*.html', 'src/worker/matchmaker.worker.ts', 'src/sim/simulator.worker.ts'],
  },
});
