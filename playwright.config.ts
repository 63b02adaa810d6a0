import { defineConfig, devices } from '@playwright/test';
// The same Chromium settings a game's own tests get from `peermatch/testing`:
// the system Chromium when there is one, the WebRTC-on-loopback flags and permissions.
import { peermatchUse } from './src/testing/chromium.ts';

/** The dev server the browser tests load their pages from (vite.config.ts's root is the repo root). */
/** PEERMATCH_E2E_PORT lets several checkouts run their browser tests side by side. */
const PORT = Number(process.env.PEERMATCH_E2E_PORT ?? 5178);
const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 30_000,
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    baseURL: BASE_URL,
    permissions: peermatchUse().permissions,
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: peermatchUse().launchOptions,
      },
    },
  ],
  webServer: {
    command: `npx vite --config test/e2e/vite.config.ts --port ${PORT} --strictPort --host 127.0.0.1`,
    url: `${BASE_URL}/test/e2e/pages/worker.html`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
