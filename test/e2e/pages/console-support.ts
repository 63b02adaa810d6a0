/**
 * What the host console's specs share (Node side, Playwright): driving the
 * console's rule-set editor, starting a console tab as a lobby's primary or
 * standby host in a context of its own, its exported state, and when it
 * starts serving.
 */
import { readFile } from 'node:fs/promises';
import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import type { HostStateExport } from '../../../src/host/host-state-transfer.ts';
import { pageUrl } from '../../../src/testing/index.ts';

/** Replaces the editor's text (as choosing an example or loading a saved rule set does). */
export async function setRuleSet(page: Page, body: string): Promise<void> {
  await page.evaluate((text) => {
    const console = document.querySelector('peermatch-host-console')!;
    const panel = console.shadowRoot!.querySelector('peermatch-console-rule-set') as unknown as { setBody(body: string): void };
    panel.setBody(text);
  }, body);
}

/** The console's status line. */
export const consoleStatus = (page: Page): Locator => page.locator('[role="status"][part="status"]');

/** A host console tab in a browser context of its own, and the page errors it raised. */
export interface ConsoleTab {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors, for the failure message (a console must raise none). */
  errors: string[];
}

/** How `openHostConsole` starts the console's host. */
export interface HostConsoleStart {
  ruleSetBody: string;
  /** Acceptance timeout in seconds; absent: players need not accept. */
  acceptanceTimeoutSeconds?: number;
  tickIntervalMs?: number;
  /** Join as a standby host with this lobby token or standby credential. */
  standbyToken?: string;
  /** Check "Let players' tabs be standby hosts" (a primary). */
  playerStandbys?: boolean;
}

/**
 * Opens the host console for `lobby` in a new context, fills in the rule set
 * and configuration, presses Start (with "Join as a standby host" checked
 * and the token typed in for a standby) and waits for the host's role in
 * the status line.
 */
export async function openHostConsole(browser: Browser, serverUrl: string, lobby: string, start: HostConsoleStart): Promise<ConsoleTab> {
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(pageUrl('/test/e2e/pages/console.html', { server: serverUrl, lobby }));
  await setRuleSet(page, start.ruleSetBody);
  await expect(page.locator('[part="problems-none"]')).toBeVisible();
  if (start.acceptanceTimeoutSeconds !== undefined) {
    await page.locator('input[name="acceptanceRequired"]').check();
    await page.locator('input[name="acceptanceTimeoutSeconds"]').fill(String(start.acceptanceTimeoutSeconds));
  }
  if (start.tickIntervalMs !== undefined) await page.locator('input[name="tickIntervalMs"]').fill(String(start.tickIntervalMs));
  if (start.playerStandbys) await page.getByLabel("Let players' tabs be standby hosts").check();
  if (start.standbyToken !== undefined) {
    await page.getByLabel('Join as a standby host').check();
    await page.locator('input[name="lobby-token"]').fill(start.standbyToken);
  }
  await page.locator('button.start').click();
  const expected = start.standbyToken !== undefined ? `Standby host of lobby "${lobby}"` : `Hosting lobby "${lobby}"`;
  await expect(consoleStatus(page), errors.join('; ')).toContainText(expected, { timeout: 15_000 });
  return { context, page, errors };
}

/** The role the console's Live tab shows (`primary`, `standby`, ...). */
export const consoleRole = (page: Page): Locator => page.locator('[part="role"]');

/** The state the console's "Export state" button downloads. */
export async function exportedState(page: Page): Promise<HostStateExport> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('button.export').click()]);
  return JSON.parse(await readFile(await download.path(), 'utf8')) as HostStateExport;
}

/**
 * Resolves with the page's `Date.now()` when its console first shows the
 * role `primary` (checked every 10 ms from the moment this is called).
 */
export async function whenPrimary(page: Page, timeoutMs = 30_000): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const hosts = document.querySelector('peermatch-host-console')?.shadowRoot?.querySelector('peermatch-console-hosts');
      const role = hosts?.shadowRoot?.querySelector('[part="role"]')?.getAttribute('data-role');
      return role === 'primary' ? Date.now() : false;
    },
    undefined,
    { polling: 10, timeout: timeoutMs },
  );
  return (await handle.jsonValue()) as number;
}

/** The ticket count per status the console's live view shows. */
export function shownCount(page: Page, status: string): Locator {
  return page.locator(`[part="status-counts"] li[data-status="${status}"] strong`);
}
