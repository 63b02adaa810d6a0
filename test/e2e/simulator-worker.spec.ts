import { expect, test } from '@playwright/test';
import type { PeermatchSimulatorE2E } from './pages/simulator-page.ts';

declare global {
  interface Window {
    peermatchSimulatorE2E?: PeermatchSimulatorE2E;
  }
}

test.beforeEach(async ({ page }) => {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto('/test/e2e/pages/simulator.html');
  await expect(page.locator('#status'), `page errors: ${problems.join('; ')}`).toHaveText('ready');
});

test('the simulator runs example 1 and a stricter copy side by side in a Chromium Web Worker', async ({ page }) => {
  const workerStarted = page.waitForEvent('worker');
  const { results, progressReports, lastProgress } = await page.evaluate(() => window.peermatchSimulatorE2E!.runExample1());

  expect((await workerStarted).url()).toContain('simulator.worker.ts');
  expect(results.map((r) => r.label)).toEqual(['aliens_vs_cowboys', 'strict']);
  const [loose, strict] = results;
  expect(strict!.tickets).toBe(loose!.tickets);
  for (const result of results) {
    expect(result.matches).toBeGreaterThan(0);
    expect(result.matchedTickets + result.timedOutTickets + result.failedAcceptanceTickets).toBe(result.tickets);
    expect(result.timeToMatchSeconds!.p50).toBeLessThanOrEqual(result.timeToMatchSeconds!.p99);
    expect(result.series.length).toBeGreaterThan(5);
    expect(result.quality.map((q) => q.rule)).toEqual(['FairTeamSkill', 'EqualTeamSizes']);
    expect(result.wallClockMs).toBeGreaterThan(0);
  }
  // No match is wider than the loosest maxDistance in force when it formed: 4, or an expansion step some match used.
  const usedLimits = strict!.expansions.filter((use) => use.matches > 0).map((use) => (use.value === null ? 4 : Number(use.value)));
  expect(strict!.quality[0]!.max).toBeLessThanOrEqual(Math.max(...usedLimits));
  expect(strict!.quality[0]!.p90).toBeLessThanOrEqual(loose!.quality[0]!.p90);
  expect(progressReports).toBeGreaterThan(100);
  expect(lastProgress![0]).toBe(1);
  expect(lastProgress![1]).toBe(lastProgress![2]);
});

test('a bad population rejects with the InvalidRequestException raised inside the worker', async ({ page }) => {
  const rejection = await page.evaluate(() => window.peermatchSimulatorE2E!.runInvalid());
  expect(rejection).toEqual({ name: 'InvalidRequestException', message: 'population.arrivalsPerMinute: expected a number > 0, got -5' });
});

test('aborting a long simulation terminates the worker and rejects with AbortError', async ({ page }) => {
  const rejection = await page.evaluate(() => window.peermatchSimulatorE2E!.runAborted());
  expect(rejection).toMatchObject({ name: 'AbortError' });
});
