/**
 * `<peermatch-host-console>` in Chromium, hosting a lobby on the real
 * peermatch server: the rule-set editor marks an invalid rule set at its
 * line; the console starts hosting; raw WebSocket players from Node join
 * through the relay with skills too far apart to match; the live view shows
 * the pool and explains a blocked ticket (the blocking rule, its gap and the
 * expansion that lifts it); pause holds new tickets QUEUED until resume;
 * export then import restores the tickets; the simulator tab is loaded on
 * first open, takes the Rule set tab's configuration until edited, names
 * every bad input (party sizes, accept rate, the population against the rule
 * set by path and value), runs example 1 and draws its plots. Every state is
 * attached as a screenshot.
 */
import { writeFile } from 'node:fs/promises';
import type { Locator, Page, TestInfo } from '@playwright/test';
import { expect, pageUrl, test } from './fixtures.ts';
import { RawPlayer } from './pages/host-raw-player.ts';
import { duelRuleSet } from '../support/duel-rule-set.ts';
import { setRuleSet } from './pages/console-support.ts';

/** A 1v1 rule set: equal skills at first (maxDistance 0), within 100 after 600 s of waiting. Pretty-printed, one key per line, so errors have lines to mark. */
const DUEL = JSON.stringify(JSON.parse(duelRuleSet({ maxDistance: 0, widenTo: 100, widenAfterSeconds: 600 })), null, 2);

/** Attaches a full-page screenshot (also kept as a file in the test's output folder). */
async function shot(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}


function ticketRow(page: Page, ticketId: string): Locator {
  return page.locator(`tr[data-ticket-id="${ticketId}"]`);
}

async function joinAndStart(server: string, lobby: string, players: RawPlayer[], name: string, skill: number): Promise<RawPlayer> {
  const player = new RawPlayer(server, lobby);
  players.push(player);
  await player.connect();
  await player.ok('startMatchmaking', { TicketId: `t-${name}`, PeerId: `peer-${name}`, Players: [{ PlayerId: name, PlayerAttributes: { skill: { N: skill } } }] });
  return player;
}

test.describe('the host console', () => {
  const players: RawPlayer[] = [];
  test.afterEach(() => {
    for (const player of players.splice(0)) player.close();
  });

  test('marks an invalid rule set, hosts a lobby, shows the pool and explains a blocked ticket; pauses, exports and imports', async ({
    page,
    peermatchServer,
  }, testInfo) => {
    test.setTimeout(90_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    const lobby = `console-${Date.now()}`;
    await page.goto(pageUrl('/test/e2e/pages/console.html', { server: peermatchServer.url, lobby }));
    await expect(page.locator('.cm-content')).toBeVisible({ timeout: 20_000 }); // a cold dev server transforms CodeMirror first

    // An invalid rule set: the error is marked at its line, in the editor and in the problems list.
    const invalid = DUEL.replace('"maxDistance": 0', '"maxDistance": "near"');
    const badLine = invalid.split('\n').findIndex((line) => line.includes('"near"')) + 1;
    await setRuleSet(page, invalid);
    const problem = page.locator(`li.error[data-line="${badLine}"]`);
    await expect(problem).toContainText('maxDistance');
    await expect(page.locator('.cm-lintRange-error').first()).toBeVisible();
    await expect(page.locator('.cm-lint-marker-error').first()).toBeVisible();
    await expect(page.locator('button.start')).toBeDisabled();
    await problem.locator('button').click();
    await expect(page.locator('.cm-activeLine')).toContainText('"near"');
    await shot(page, testInfo, '1-invalid-rule-set');

    // A configuration input out of range is named next to it and blocks Start.
    await page.locator('input[name="requestTimeoutSeconds"]').fill('0');
    await expect(page.locator('#config-requestTimeoutSeconds-error')).toHaveText('Request timeout: 0 is outside 1 to 43200');
    await page.locator('input[name="requestTimeoutSeconds"]').fill('900');

    await setRuleSet(page, DUEL);
    await expect(page.locator('[part="problems-none"]')).toBeVisible();
    await expect(page.locator('button.start')).toBeEnabled();
    await page.locator('button.start').click();
    await expect(page.locator('[role="status"][part="status"]'), `page errors: ${problems.join('; ')}`).toContainText(`Hosting lobby "${lobby}"`, {
      timeout: 15_000,
    });
    await expect(page.locator('#tab-live')).toHaveAttribute('aria-selected', 'true');

    // Two players whose skills are 40 apart: the pool holds them, SEARCHING.
    const alice = await joinAndStart(peermatchServer.relayUrl, lobby, players, 'alice', 10);
    const bob = await joinAndStart(peermatchServer.relayUrl, lobby, players, 'bob', 50);
    await expect(ticketRow(page, 't-alice')).toHaveAttribute('data-status', 'SEARCHING', { timeout: 10_000 });
    await expect(ticketRow(page, 't-bob')).toHaveAttribute('data-status', 'SEARCHING');
    await expect(page.locator('[part="status-counts"] [data-status="SEARCHING"] strong')).toHaveText('2');
    await expect(page.locator('ol.log')).toContainText('MatchmakingSearching');
    await shot(page, testInfo, '2-pool');

    // Opening the ticket (keyboard: focus the row, Enter) explains it.
    await ticketRow(page, 't-alice').focus();
    await page.keyboard.press('Enter');
    const blocking = page.locator('[part="explanation-blocking"]');
    await expect(blocking).toContainText('FairSkill', { timeout: 10_000 });
    await expect(blocking).toContainText('40');
    await expect(page.locator('[part="explanation-expansion"]')).toContainText('rules[FairSkill].maxDistance');
    await expect(page.locator('[part="explanation-expansion"]')).toContainText('lifts the block');
    await expect(page.locator('[part="explanation-candidate"]')).toContainText('alice');
    await shot(page, testInfo, '3-explanation');
    await page.locator('[part="explanation"] button').click();
    await expect(page.locator('[part="explanation"]')).toHaveCount(0);

    // Pause: a new ticket stays QUEUED until resume.
    await page.locator('button.pause').click();
    await expect(page.locator('[part="status"]')).toContainText('Paused');
    await joinAndStart(peermatchServer.relayUrl, lobby, players, 'carol', 90);
    await expect(ticketRow(page, 't-carol')).toHaveAttribute('data-status', 'QUEUED', { timeout: 10_000 });
    await page.waitForTimeout(2500); // a few tick intervals: still QUEUED while paused
    await expect(ticketRow(page, 't-carol')).toHaveAttribute('data-status', 'QUEUED');
    await shot(page, testInfo, '4-paused');
    await page.locator('button.resume').click();
    await expect(ticketRow(page, 't-carol')).toHaveAttribute('data-status', 'SEARCHING', { timeout: 10_000 });

    // Export, cancel bob's ticket, import: bob's ticket is back in the pool.
    const downloading = page.waitForEvent('download');
    await page.locator('button.export').click();
    const download = await downloading;
    const exported = testInfo.outputPath('host-state.json');
    await download.saveAs(exported);
    await bob.ok('stopMatchmaking', { TicketId: 't-bob' });
    await expect(ticketRow(page, 't-bob')).toHaveAttribute('data-status', 'CANCELLED', { timeout: 10_000 });

    // A file that is not a host state is refused with parseHostState's errors, nothing changed.
    await page.locator('input[type="file"]').setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{ "format": "nope" }') });
    await expect(page.locator('[part="import-errors"]')).toContainText('format');
    await expect(ticketRow(page, 't-bob')).toHaveAttribute('data-status', 'CANCELLED');
    await shot(page, testInfo, '5-import-refused');

    await page.locator('input[type="file"]').setInputFiles(exported);
    await expect(page.locator('[part="status"]')).toContainText('Imported the host state', { timeout: 15_000 });
    await expect(page.locator('[part="status"]')).toContainText('restored');
    await expect(ticketRow(page, 't-bob')).toHaveAttribute('data-status', 'SEARCHING', { timeout: 10_000 });
    await expect(ticketRow(page, 't-alice')).toHaveAttribute('data-status', 'SEARCHING');
    const described = await alice.ok('describeMatchmaking', { TicketIds: ['t-alice'] });
    expect(described.TicketList[0].Status).toBe('SEARCHING');
    await shot(page, testInfo, '6-imported');

    // Partners for alice and bob: two matches complete; the live view lists them, their sessions and wait times.
    await joinAndStart(peermatchServer.relayUrl, lobby, players, 'dave', 10);
    await joinAndStart(peermatchServer.relayUrl, lobby, players, 'erin', 50);
    await expect(page.locator('[part="status-counts"] [data-status="COMPLETED"] strong')).toHaveText('4', { timeout: 10_000 });
    await expect(page.locator('[part="completed-matches"] li')).toHaveCount(2);
    await expect(page.locator('[part="game-sessions"] tbody tr')).toHaveCount(2);
    await expect(page.locator('.wait-chart canvas')).toBeVisible();
    await ticketRow(page, 't-carol').click();
    await expect(page.locator('[part="explanation-summary"]')).not.toBeEmpty({ timeout: 10_000 });
    await shot(page, testInfo, '7-matches');
    if (process.env.PEERMATCH_WRITE_DOCS) await writeFile('docs/host-console.png', await page.screenshot());
    expect(problems).toEqual([]);
  });

  test('saves a rule set under a name, loads it after a reload and deletes it', async ({ page }, testInfo) => {
    await page.goto(pageUrl('/test/e2e/pages/console.html', { lobby: 'saved' }));
    await expect(page.locator('.cm-content')).toBeVisible({ timeout: 20_000 }); // a cold dev server transforms CodeMirror first
    await page.locator('select.examples').selectOption('03-three-team-game');
    await expect(page.locator('.cm-content')).toContainText('three_team_game');
    await page.locator('input.save-name').fill('my three teams');
    await page.locator('button.save').click();
    await expect(page.locator('select.saved option[value="my three teams"]')).toHaveCount(1);

    await page.reload();
    await expect(page.locator('.cm-content')).toContainText('aliens_vs_cowboys');
    await page.locator('select.saved').selectOption('my three teams');
    await page.getByRole('button', { name: 'Load', exact: true }).click();
    await expect(page.locator('.cm-content')).toContainText('three_team_game');
    await shot(page, testInfo, 'saved-rule-set-loaded');
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await expect(page.locator('select.saved option[value="my three teams"]')).toHaveCount(0);
  });

  test('the simulator runs example 1 and draws its plots', async ({ page }, testInfo) => {
    test.setTimeout(90_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${pageUrl('/test/e2e/pages/console.html', { lobby: 'simulator' })}#simulator`);
    await expect(page.locator('#tab-simulator')).toHaveAttribute('aria-selected', 'true', { timeout: 20_000 });
    await expect(page.locator('textarea[name="attributes"]')).toHaveValue(/skill/, { timeout: 10_000 });
    // A long run can be cancelled while its progress bar runs.
    await page.locator('input[name="durationMinutes"]').fill('5000');
    await page.locator('button.run').click();
    await expect(page.locator('[part="progress"]')).toBeVisible();
    await page.locator('button.cancel').click();
    await expect(page.locator('[part="simulator"]')).toContainText('Cancelled.');

    // Example 1 against itself as rule set B: two result columns on the same population.
    await page.locator('input[name="durationMinutes"]').fill('20');
    await page.locator('select.rule-set-b').selectOption('example:01-aliens-vs-cowboys');
    await page.locator('button.run').click();
    await expect(page.locator('.sim-percentile-chart canvas')).toBeVisible({ timeout: 60_000 });
    await expect(page.locator('.sim-matches-chart canvas')).toBeVisible();
    const rows = page.locator('[part="simulation-table"] tbody tr');
    await expect(rows.first()).toContainText('tickets');
    expect(await rows.count()).toBeGreaterThan(8);
    await expect(page.locator('[part="simulation-table"]')).toContainText('time to match p90');
    await expect(page.locator('[part="simulation-table"] thead th')).toHaveCount(3);
    await shot(page, testInfo, 'simulator-results');
    expect(problems).toEqual([]);
  });

  test('the simulator loads on first open, follows the Rule set tab configuration until edited, and names every bad input', async ({ page }, testInfo) => {
    test.setTimeout(90_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(pageUrl('/test/e2e/pages/console.html', { lobby: 'simulator-form' }));
    await expect(page.locator('.cm-content')).toBeVisible({ timeout: 20_000 });
    // First paint: neither the simulator nor uPlot has been fetched.
    const loaded = () =>
      page.evaluate(() => ({
        simulator: customElements.get('peermatch-simulator-panel') !== undefined,
        uplot: performance.getEntriesByType('resource').some((entry) => /node_modules\/(\.vite\/deps\/uplot|uplot\/)/i.test(entry.name)),
      }));
    expect(await loaded()).toEqual({ simulator: false, uplot: false });

    const ruleSetTab = page.locator('peermatch-console-rule-set');
    await ruleSetTab.locator('input[name="requestTimeoutSeconds"]').fill('900');
    await ruleSetTab.locator('input[name="acceptanceRequired"]').check();
    await ruleSetTab.locator('input[name="acceptanceTimeoutSeconds"]').fill('45');

    await page.locator('#tab-simulator').click();
    const sim = page.locator('peermatch-simulator-panel');
    await expect(sim.locator('textarea[name="attributes"]')).toHaveValue(/skill/, { timeout: 20_000 });
    expect((await loaded()).simulator).toBe(true);
    await expect(sim.locator('input[name="requestTimeoutSeconds"]')).toHaveValue('900');
    await expect(sim.locator('input[name="acceptanceRequired"]')).toBeChecked();
    await expect(sim.locator('input[name="acceptanceTimeoutSeconds"]')).toHaveValue('45');

    // Edited here, the configuration stops following the Rule set tab, until asked to again.
    await sim.locator('input[name="requestTimeoutSeconds"]').fill('60');
    await expect(sim.locator('[part="simulator-config"]')).toContainText('Changed here');
    await page.locator('#tab-rule-set').click();
    await ruleSetTab.locator('input[name="requestTimeoutSeconds"]').fill('1000');
    await page.locator('#tab-simulator').click();
    await expect(sim.locator('input[name="requestTimeoutSeconds"]')).toHaveValue('60');
    await sim.locator('button.config-reset').click();
    await expect(sim.locator('input[name="requestTimeoutSeconds"]')).toHaveValue('1000');
    await sim.locator('input[name="requestTimeoutSeconds"]').fill('120');
    await sim.locator('input[name="acceptanceTimeoutSeconds"]').fill('700');
    await expect(sim.locator('#sim-acceptanceTimeoutSeconds-error')).toHaveText('Acceptance timeout: 700 is outside 1 to 600');
    await sim.locator('input[name="acceptanceTimeoutSeconds"]').fill('20');

    // Party sizes: rows to add and remove, each input checked.
    const run = sim.locator('button.run');
    await sim.locator('button.add-party').click();
    await sim.locator('button.add-party').click();
    await expect(sim.locator('input[name="partySizes[1].size"]')).toHaveValue('2');
    await sim.locator('input[name="partySizes[1].size"]').fill('0');
    await expect(sim.locator('#sim-party-1-error')).toHaveText('Party 2 size: 0 is outside 1 to 100');
    await expect(run).toBeDisabled();
    await sim.locator('input[name="partySizes[1].size"]').fill('2');
    await sim.locator('input[name="partySizes[1].weight"]').fill('3');
    await sim.locator('button.add-party').click();
    await sim.getByRole('button', { name: 'Remove party 3' }).click();
    await expect(sim.locator('.party')).toHaveCount(2);

    await sim.locator('input[name="acceptRate"]').fill('1.5');
    await expect(sim.locator('#sim-acceptRate-error')).toHaveText('Accept rate: 1.5 is outside 0 to 1');
    await expect(run).toBeDisabled();
    await sim.locator('input[name="acceptRate"]').fill('0.8');
    await sim.locator('input[name="acceptDelaySeconds"]').fill('3');

    // The population against rule set A: validatePopulation's own words, path and value.
    const attributes = await sim.locator('textarea[name="attributes"]').inputValue();
    await sim.locator('textarea[name="attributes"]').fill('{ "skill": { "kind": "choice", "values": [{ "value": "high", "weight": 1 }] } }');
    const expected = 'population.attributes["skill"].values[0].value: expected a number value, got "high"';
    await expect(sim.locator('#sim-attributes-error')).toHaveText(expected);
    await expect(sim.locator('[part="population-problems"]')).toContainText(expected);
    await expect(run).toBeDisabled();
    await shot(page, testInfo, 'simulator-form-problems');
    await sim.locator('textarea[name="attributes"]').fill(attributes);
    await expect(sim.locator('[part="population-problems"]')).toHaveCount(0);

    // A short run with parties and acceptance: more players than tickets, some proposals declined.
    await sim.locator('input[name="durationMinutes"]').fill('5');
    await expect(run).toBeEnabled();
    await run.click();
    const table = sim.locator('[part="simulation-table"]');
    await expect(table).toBeVisible({ timeout: 60_000 });
    const cell = async (label: string) => Number((await table.locator('tr', { has: page.locator(`th:text-is("${label}")`) }).locator('td').first().innerText()).split(' ')[0]!.replace(/,/g, ''));
    expect(await cell('players')).toBeGreaterThan(await cell('tickets'));
    expect(await cell('failed acceptance')).toBeGreaterThan(0);
    await expect(sim.locator('.sim-matches-chart canvas')).toBeVisible();
    expect((await loaded()).uplot).toBe(true);
    await shot(page, testInfo, 'simulator-form-results');
    expect(problems).toEqual([]);
  });
});
