/**
 * Players behind NATs, on real networks built with Linux network namespaces
 * (nat-network.ts): the peermatch server, a lobby host and coturn in a
 * "public" namespace; homes behind symmetric NAT routers; Chromium running
 * inside the home namespaces (an `ip netns exec` wrapper as Playwright's
 * executable). The lobby element uses the STUN/TURN servers and credentials
 * the server hands out, with no game code.
 *
 * - players in different homes reach `peermatch-ready` through TURN, and the
 *   diagnostics say "relayed", in the lobby and in the lobby host's record
 *   (each client's `reportConnections`, logged by `peermatch host`);
 * - two players in the same home connect directly (host candidates);
 * - a home's public address changes under a live relayed match (its NAT
 *   mappings are gone): ICE restarts and the match stays connected;
 * - with a server whose TURN secret is not coturn's, they fail saying the TURN server refused the credentials
 *   (and the lobby host's record says so);
 * - with coturn stopped, players in different homes fail, naming the missing relay, in bounded time
 *   (and the lobby host's record says so).
 *
 * Needs root (namespaces, iptables) and coturn; skipped with a message otherwise.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import { hasCoturn, startCoturn, type RunningCoturn } from '../support/coturn.ts';
import { prerequisite } from '../support/prerequisites.ts';
import { expect, lobbyRecordOf, openPlayers, PEERMATCH_CHROMIUM_ARGS, test, waitForMatchReady, type Players } from './fixtures.ts';
import { buildNatNetwork, canBuildNamespaces, NETNS_PREFIX, PUBLIC_IP, PUBLIC_NS, sweepStaleNamespaces, type NatNetwork } from './nat-network.ts';
import { startHostIn, startServeIn, type NsProcess } from './nat-services.ts';
import { lobbyPageUrl, teamsRuleSet } from './pages/lobby-support.ts';

const A1 = `${NETNS_PREFIX}a1`;
const A2 = `${NETNS_PREFIX}a2`;
const B1 = `${NETNS_PREFIX}b1`;
const TURN_PORT = 3478;
const SERVER_PORT = 8080;
const SERVER_URL = `http://${PUBLIC_IP}:${SERVER_PORT}`;
const SECRET = `nat-test-${Date.now()}-secret-0123456789`;
const HANDOFF_MS = 15_000;

test.describe.configure({ mode: 'serial' });
test.skip(!prerequisite(canBuildNamespaces(), 'root with ip netns and iptables'), 'the NAT tests build Linux network namespaces and iptables rules: run them as root (CI does)');
test.skip(!prerequisite(hasCoturn(), 'coturn (turnserver)'), 'the NAT tests need coturn (apt-get install coturn)');

let net: NatNetwork | undefined;
let coturn: RunningCoturn | undefined;
let server: NsProcess | undefined;
const browsers = new Map<string, Browser>();
const cleanups: (() => Promise<unknown>)[] = [];

test.beforeAll(async () => {
  test.setTimeout(120_000);
  const stale = sweepStaleNamespaces();
  if (stale.length > 0) console.log(`removed stale namespaces of an earlier run: ${stale.join(', ')}`);
  net = buildNatNetwork({ a: 2, b: 1 });
  coturn = await startCoturn({ ip: PUBLIC_IP, port: TURN_PORT, secret: SECRET, netns: PUBLIC_NS });
  server = await startServeIn(PUBLIC_NS, PUBLIC_IP, SERVER_PORT, { ip: PUBLIC_IP, port: TURN_PORT, secret: SECRET });
  for (const [ns, wrapper] of net.chromiumIn) {
    // The test page comes from loopback and the server sits on a private address (both must, on one machine):
    // Chromium's Local Network Access checks would block that; a deployed game's public page reaching a public server has no such step.
    const args = [...PEERMATCH_CHROMIUM_ARGS, '--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights,BlockInsecurePrivateNetworkRequests'];
    browsers.set(ns, await chromium.launch({ executablePath: wrapper, args }));
  }
});

test.afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  await Promise.all([...browsers.values()].map((browser) => browser.close().catch(() => undefined)));
  browsers.clear();
  await server?.stop().catch(() => undefined);
  await coturn?.stop().catch(() => undefined);
  net?.remove();
  net = undefined;
});

/** Hosts `lobby` (1v1, no rules) from the public namespace; its log has a line per player's connection report. */
async function hostLobby(lobby: string, serverUrl = SERVER_URL): Promise<NsProcess> {
  const host = await startHostIn(PUBLIC_NS, serverUrl, lobby, teamsRuleSet(1));
  cleanups.push(() => host.stop());
  return host;
}

/** Waits until the lobby host's log has a connection-report line matching `line` (see host-activity.ts). */
async function expectHostRecord(host: NsProcess, line: RegExp): Promise<void> {
  await expect.poll(() => host.output().split('\n').find((text) => line.test(text)) ?? host.output().slice(-600), { timeout: 15_000 }).toMatch(line);
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Opens one player page per namespace; the page's own files come from the test's dev server (routed, not networked). */
async function playersIn(namespaces: string[], lobby: string, baseURL: string, serverUrl = SERVER_URL): Promise<Page[]> {
  const pages: Page[] = [];
  for (const ns of namespaces) {
    const opened: Players = await openPlayers(browsers.get(ns)!, 1, {
      url: lobbyPageUrl(serverUrl, lobby, `${ns}-player`, { ice: 'server', handoff: HANDOFF_MS }),
      context: { baseURL },
      // The dev server listens on the host's loopback, which a namespace cannot reach: Playwright fetches those files.
      prepare: async (context) => {
        await context.route((url) => url.origin === new URL(baseURL).origin, async (route) => route.fulfill({ response: await route.fetch() }));
      },
    });
    cleanups.push(() => opened.close());
    pages.push(opened.pages[0]!);
  }
  for (const page of pages) await expect(page.getByRole('button', { name: 'Find a match' })).toBeVisible({ timeout: 30_000 });
  return pages;
}

async function findMatch(pages: Page[]): Promise<number> {
  const clickedAt = Date.now();
  await Promise.all(pages.map((page) => page.getByRole('button', { name: 'Find a match' }).click()));
  return clickedAt;
}

test('players in different homes behind symmetric NATs reach ready through TURN, and the diagnostics say relayed, also to the lobby host', async ({ baseURL }) => {
  test.setTimeout(120_000);
  const host = await hostLobby('nat-relay');
  const pages = await playersIn([A1, B1], 'nat-relay', baseURL!);
  const clickedAt = await findMatch(pages);
  const ready = await waitForMatchReady(pages, { timeoutMs: 60_000 });
  console.log(`through TURN: ready ${Date.now() - clickedAt} ms after Find a match; ${JSON.stringify(ready.map((r) => r.network))}`);
  for (const r of ready) {
    expect(r.open).toBe(1);
    expect(r.network).toHaveLength(1);
    expect(r.network![0]!.path).toBe('relayed');
    expect(r.network![0]!.roundTripTimeMs).toBeGreaterThanOrEqual(0);
  }
  for (const page of pages) await expect(page.locator('peermatch-lobby [part~="network"]')).toHaveText(/^Connected relayed by a TURN server(, \d+ ms round trip)?\.$/);
  // Each player's client reported it to the lobby host, which keeps it with the match (the host console shows the same).
  for (const [self, other] of [[A1, B1], [B1, A1]]) {
    await expectHostRecord(host, new RegExp(`match ${escape(ready[0]!.matchId)}: ${escape(`${self}-player`)} ready: to ${escape(`${other}-player`)} relayed \\(\\w+/\\w+\\), [\\d.]+ ms round trip`));
  }
});

test("a home whose public address changes under a relayed match restarts ICE and stays connected", async ({ baseURL }) => {
  test.setTimeout(120_000);
  await hostLobby('nat-restart');
  const pages = await playersIn([A1, B1], 'nat-restart', baseURL!);
  await findMatch(pages);
  await waitForMatchReady(pages, { timeoutMs: 60_000 });
  const home = net!.homes.find((h) => h.name === 'a')!;
  const movedIp = home.wanIp.replace(/\.2$/, '.3');
  // A new public address (a DSL reconnect, a mobile handover): the router drops its NAT mappings, the relay allocation is stranded.
  const movedAt = Date.now();
  net!.exec(home.router, 'ip', 'addr', 'del', `${home.wanIp}/24`, 'dev', home.wanDevice);
  net!.exec(home.router, 'ip', 'addr', 'add', `${movedIp}/24`, 'dev', home.wanDevice);
  net!.exec(home.router, 'ip', 'route', 'replace', 'default', 'via', home.wanIp.replace(/\.2$/, '.1'));
  try {
    await expect
      .poll(
        async () => {
          const networks = await Promise.all(pages.map((page) => page.evaluate(() => window.lobbyPage!.network())));
          return networks.every((n) => n.length === 1 && n[0]!.iceRestarts >= 1 && n[0]!.path === 'relayed');
        },
        { timeout: 45_000, intervals: [500] },
      )
      .toBe(true);
    console.log(`ICE restart: connected again ${Date.now() - movedAt} ms after the address change`);
    for (const page of pages) expect(await page.evaluate(() => window.lobbyPage!.openConnections())).toBe(1);
    expect((await lobbyRecordOf(pages[0]!)).last?.status).toBe('ready');
  } finally {
    net!.exec(home.router, 'ip', 'addr', 'del', `${movedIp}/24`, 'dev', home.wanDevice);
    net!.exec(home.router, 'ip', 'addr', 'add', `${home.wanIp}/24`, 'dev', home.wanDevice);
    net!.exec(home.router, 'ip', 'route', 'replace', 'default', 'via', home.wanIp.replace(/\.2$/, '.1'));
  }
});

test('two players in the same home connect directly', async ({ baseURL }) => {
  test.setTimeout(120_000);
  await hostLobby('nat-lan');
  const pages = await playersIn([A1, A2], 'nat-lan', baseURL!);
  await findMatch(pages);
  const ready = await waitForMatchReady(pages, { timeoutMs: 60_000 });
  console.log(`same home: ${JSON.stringify(ready.map((r) => r.network))}`);
  for (const r of ready) expect(r.network?.map((n) => [n.path, n.localCandidateType, n.remoteCandidateType])).toEqual([['direct', 'host', 'host']]);
});

test("with a server whose TURN secret is not coturn's, players in different homes fail saying the TURN server refused the credentials", async ({ baseURL }) => {
  test.setTimeout(120_000);
  const otherPort = SERVER_PORT + 1;
  const misconfigured = await startServeIn(PUBLIC_NS, PUBLIC_IP, otherPort, { ip: PUBLIC_IP, port: TURN_PORT, secret: `${SECRET}-not-coturns` });
  cleanups.push(() => misconfigured.stop());
  const serverUrl = `http://${PUBLIC_IP}:${otherPort}`;
  const host = await hostLobby('nat-badsecret', serverUrl);
  const pages = await playersIn([A1, B1], 'nat-badsecret', baseURL!, serverUrl);
  await findMatch(pages);
  for (const page of pages) {
    await expect.poll(async () => (await lobbyRecordOf(page)).last?.status, { timeout: HANDOFF_MS + 30_000 }).toBe('failed');
  }
  for (const page of pages) {
    const failure = (await lobbyRecordOf(page)).last!.failure;
    expect(failure?.step).toBe('turn-credentials');
    expect(failure?.reason).toMatch(/^the TURN server turn:10\.77\.1\.1:3478\?transport=udp refused the credentials \(401 /);
  }
  for (const ns of [A1, B1]) await expectHostRecord(host, new RegExp(`: ${escape(`${ns}-player`)} failed at turn-credentials: the TURN server `));
});

test('with coturn stopped, players in different homes fail naming the missing relay, within the hand-off time limit', async ({ baseURL }) => {
  test.setTimeout(120_000);
  await coturn!.stop();
  const host = await hostLobby('nat-norelay');
  const pages = await playersIn([A1, B1], 'nat-norelay', baseURL!);
  const clickedAt = await findMatch(pages);
  for (const page of pages) {
    await expect.poll(async () => (await lobbyRecordOf(page)).last?.status, { timeout: HANDOFF_MS + 30_000 }).toBe('failed');
  }
  const failedAfterMs = Date.now() - clickedAt;
  console.log(`without a relay: both failed ${failedAfterMs} ms after Find a match`);
  for (const page of pages) {
    const last = (await lobbyRecordOf(page)).last!;
    expect(last.reason).toBe('connection-failed');
    expect(last.failure?.step).toBe('turn-unreachable');
    expect(last.failure?.reason).toMatch(new RegExp(`^no TURN relay was reachable \\(turn:${PUBLIC_IP.replace(/\./g, '\\.')}:${TURN_PORT}\\?transport=udp: `));
    await expect(page.locator('peermatch-lobby [part~="failure"]')).toContainText('no TURN relay was reachable');
  }
  for (const ns of [A1, B1]) await expectHostRecord(host, new RegExp(`: ${escape(`${ns}-player`)} failed at turn-unreachable: no TURN relay was reachable`));
});
