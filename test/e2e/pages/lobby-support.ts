/**
 * What the lobby element's specs (test/e2e/lobby-*.spec.ts) share: small
 * team rule sets, the lobby test page's URL, state waits and screenshots
 * attached to the test report. Node side (Playwright), not a browser module.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import { pageUrl } from '../../../src/testing/index.ts';
import { openTeamsRuleSet } from '../../support/duel-rule-set.ts';

/** Two teams of `size` with no rules: any `2 * size` players make a match. */
export const teamsRuleSet = (size: number): string => openTeamsRuleSet(size);

/** The lobby test page for one player. */
export function lobbyPageUrl(server: string, lobby: string, player: string, extra: Record<string, string | number> = {}): string {
  return pageUrl('/test/e2e/pages/lobby.html', { server, lobby, player, ...extra });
}

/** The page's `<peermatch-lobby>`. */
export function lobbyOf(page: Page): Locator {
  return page.locator('peermatch-lobby');
}

/** Waits until the page's lobby shows `status` (its reflected attribute). */
export async function expectStatus(page: Page, status: string, timeout = 20_000): Promise<void> {
  await expect(lobbyOf(page), `status of ${page.url()}`).toHaveAttribute('status', status, { timeout });
}

/** The sentence the lobby's live region shows. */
export function statusLine(page: Page): Locator {
  return page.locator('peermatch-lobby [part~="status"]');
}

/** Saves a screenshot of the page's lobby as `NAME.png` in the test's output folder and attaches it to the report. */
export async function snap(page: Page, name: string): Promise<void> {
  const path = test.info().outputPath(`${name}.png`);
  await lobbyOf(page).screenshot({ path, animations: 'disabled' });
  await test.info().attach(`${name}.png`, { path, contentType: 'image/png' });
}

/** The data action of the button focused inside the lobby (`start`, `cancel`, `accept`, ...), or `undefined`. */
export function focusedAction(page: Page): Promise<string | undefined> {
  return page.evaluate(() => {
    const lobby = document.querySelector('peermatch-lobby');
    if (document.activeElement !== lobby) return undefined;
    return (lobby?.shadowRoot?.activeElement as HTMLElement | null)?.dataset['action'];
  });
}

/** The ticket id the lobby shows while searching. */
export function shownTicketId(page: Page): Promise<string | null> {
  return page.locator('peermatch-lobby [part~="ticket"]').getAttribute('data-ticket-id');
}
