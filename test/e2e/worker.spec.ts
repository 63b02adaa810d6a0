import { expect, test } from '@playwright/test';
import type { PeermatchE2E } from './pages/worker-page.ts';

declare global {
  interface Window {
    peermatchE2E?: PeermatchE2E;
  }
}

test.beforeEach(async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto('/test/e2e/pages/worker.html');
  await expect(page.locator('#status'), `page errors: ${problems.join('; ')}`).toHaveText('ready');
});

test('a Matchmaker in a Chromium Web Worker matches a 1v1 on its own timer and streams MatchmakingSucceeded to the page', async ({
  page,
}) => {
  const workerStarted = page.waitForEvent('worker');
  const outcome = await page.evaluate(() => window.peermatchE2E!.runDuel());

  expect((await workerStarted).url()).toContain('matchmaker.worker.ts');
  expect(outcome.succeededTicketIds).toEqual(['ticket-alice', 'ticket-bob']);
  expect(outcome.statuses).toEqual({ 'ticket-alice': 'COMPLETED', 'ticket-bob': 'COMPLETED' });
  expect(Object.values(outcome.teams).sort()).toEqual(['blue', 'red']);
  expect(outcome.eventTypes).toContain('MatchmakingSearching');
  expect(outcome.eventTypes).toContain('MatchmakingSucceeded');
  expect(outcome.startTimeIsDate).toBe(true);
});

test('AWS exception names cross the Web Worker boundary on rejected calls', async ({ page }) => {
  const { notFound, invalid } = await page.evaluate(() => window.peermatchE2E!.probeErrors());

  expect(notFound).toMatchObject({ name: 'NotFoundException', isError: true });
  expect(notFound.message).toContain('no-such-config');
  expect(invalid).toMatchObject({ name: 'InvalidRequestException', isError: true });
});

test('a searching ticket snapshotted in one Web Worker is restored and matched in another', async ({ page }) => {
  const result = await page.evaluate(() => window.peermatchE2E!.snapshotRoundTrip());

  expect(result.restoredStatus).toBe('SEARCHING');
  expect(result.matchedTicketIds).toEqual(['ticket-alice', 'ticket-bob']);
});

test('a call after close() rejects with WorkerGoneError', async ({ page }) => {
  const result = await page.evaluate(() => window.peermatchE2E!.callAfterClose());

  expect(result.before).toBe(0);
  expect(result.after.name).toBe(result.goneName);
  expect(result.after.message).toContain('closed');
});

test('a pending call rejects with WorkerGoneError when the worker script fails to load', async ({ page }) => {
  const result = await page.evaluate(() => window.peermatchE2E!.workerThatFailsToLoad());

  expect(result.call.name).toBe(result.goneName);
  expect(result.call.message).toContain('describeMatchmakingRuleSets');
  expect(result.faults).toContain(result.goneName);
});
