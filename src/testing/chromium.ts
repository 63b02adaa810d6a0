/**
 * The Chromium settings peer-to-peer browser tests need, for a game's own
 * `playwright.config.ts`:
 *
 * ```ts
 * import { defineConfig } from '@playwright/test';
 * import { peermatchUse } from 'peermatch/testing';
 * export default defineConfig({ use: { ...peermatchUse(), baseURL: 'http://127.0.0.1:5173' } });
 * ```
 *
 * WebRTC between browser contexts on one machine needs host ICE candidates
 * on loopback (`--allow-loopback-in-peer-connection`, and the camera and
 * microphone permissions, without which Chromium hides local addresses
 * behind mDNS names); the other flags keep a headless CI browser quiet.
 */
import { existsSync } from 'node:fs';

/** The command-line flags of every Chromium the tests launch. */
export const PEERMATCH_CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--allow-loopback-in-peer-connection',
];

/** The permissions every player context gets. */
export const PEERMATCH_PERMISSIONS: readonly string[] = ['camera', 'microphone'];

/**
 * The Chromium to run: `PLAYWRIGHT_CHROMIUM_PATH` when set, else Debian's
 * `/usr/bin/chromium` when it exists, else `undefined` (Playwright's own download).
 */
export function chromiumExecutablePath(): string | undefined {
  const fromEnv = process.env['PLAYWRIGHT_CHROMIUM_PATH'];
  if (fromEnv) return fromEnv;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

/** `launchOptions` for Playwright: the flags, and the executable when one was found. */
export function chromiumLaunchOptions(): { args: string[]; executablePath?: string } {
  const executablePath = chromiumExecutablePath();
  return { args: [...PEERMATCH_CHROMIUM_ARGS], ...(executablePath ? { executablePath } : {}) };
}

/** A `use` block (or part of one) for `playwright.config.ts`: launch options and permissions. */
export function peermatchUse(): { launchOptions: { args: string[]; executablePath?: string }; permissions: string[] } {
  return { launchOptions: chromiumLaunchOptions(), permissions: [...PEERMATCH_PERMISSIONS] };
}
