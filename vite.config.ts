import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  build: {
    // The app the server serves: the player page and the host page.
    rollupOptions: {
      input: {
        lobby: resolve(import.meta.dirname, 'index.html'),
        host: resolve(import.meta.dirname, 'host.html'),
      },
    },
  },
  // The workers import packages the dependency scanner does not see through `new Worker(new URL(...))`.
  optimizeDeps: { entries: ['index.html', 'host.html', 'src/worker/matchmaker.worker.ts', 'src/sim/simulator.worker.ts'] },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
