import { defineConfig } from '@playwright/test';
import { peermatchUse } from 'peermatch/testing';

// The game's pages come from its own web server (here `vite preview` of the built game);
// the peermatch server and lobby host are started by the fixtures, one per test.
const port = Number(process.env.GAME_PORT ?? 4173);

export default defineConfig({
  testMatch: '*.spec.ts',
  timeout: 60_000,
  use: { ...peermatchUse(), baseURL: `http://127.0.0.1:${port}` },
  webServer: { command: `npx vite preview --port ${port} --strictPort --host 127.0.0.1`, url: `http://127.0.0.1:${port}` },
});
