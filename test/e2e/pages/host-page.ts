/**
 * The page behind test/e2e/host-reload.spec.ts: starts a browser lobby host
 * (Matchmaker in a Web Worker, state in IndexedDB) against the server named
 * in the query string, and shows where it stands in `#status`
 * (`registered`, or the error) and `#restored` (`true` after a reload that
 * found saved state).
 *
 * Query: `server` (http://127.0.0.1:PORT), `lobby`, `ruleset` (JSON text),
 * `acceptance` (seconds; acceptance required when given), `tick` (ms),
 * `playerstandbys` (any value: players' tabs may be standby hosts).
 */
import { startBrowserHost } from '../../../src/host/browser-host.ts';
import type { RunningLobbyHost } from '../../../src/host/host-runtime.ts';

declare global {
  interface Window {
    peermatchLobbyHost?: RunningLobbyHost;
  }
}

const status = document.querySelector('#status')!;
const restored = document.querySelector('#restored')!;
const query = new URLSearchParams(location.search);

async function main(): Promise<void> {
  const acceptance = query.get('acceptance');
  const host = await startBrowserHost({
    serverUrl: query.get('server') ?? '',
    lobby: query.get('lobby') ?? '',
    ruleSetBody: query.get('ruleset') ?? '',
    configuration: acceptance ? { AcceptanceRequired: true, AcceptanceTimeoutSeconds: Number(acceptance) } : {},
    tickIntervalMs: Number(query.get('tick') ?? 100),
    ...(query.has('playerstandbys') ? { playerStandbys: true } : {}),
    onError: (error) => console.error('peermatch host:', error),
  });
  window.peermatchLobbyHost = host;
  restored.textContent = String(host.restored);
  await host.registered;
  status.textContent = 'registered';
}

main().catch((error: unknown) => {
  status.textContent = `error: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
});
