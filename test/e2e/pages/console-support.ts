/**
 * What the host console's specs share (Node side, Playwright): driving the
 * console's rule-set editor.
 */
import type { Page } from '@playwright/test';

/** Replaces the editor's text (as choosing an example or loading a saved rule set does). */
export async function setRuleSet(page: Page, body: string): Promise<void> {
  await page.evaluate((text) => {
    const console = document.querySelector('peermatch-host-console')!;
    const panel = console.shadowRoot!.querySelector('peermatch-console-rule-set') as unknown as { setBody(body: string): void };
    panel.setBody(text);
  }, body);
}
