import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

/** The dev server the browser tests load their pages from (vite.config.ts's root is the repo root). */
const PORT = 5178;
const BASE_URL = `http://127.0.0.1:${PORT}`;

/**
 * A system Chromium when there is one (PLAYWRIGHT_CHROMIUM_PATH, else Debian's
 * /usr/bin/chromium); otherwise Playwright's own downloaded browser.
 */
const chromiumPath =
  process.env.PLAYWRIGHT_CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

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
    permissions: ['camera', 'microphone'],
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: chromiumPath,
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--allow-loopback-in-peer-connection',
          ],
        },
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
