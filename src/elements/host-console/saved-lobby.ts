/**
 * What a reloaded host console resumes by itself: the lobby's saved state in
 * this browser (one that registered, so it holds the token) as a start
 * request with the lobby's own configuration, rule set and tick interval, or
 * the replica it held as a standby (see `savedLobbyStart`).
 */
import type { HostConfiguration } from '../../host/host-runtime.ts';
import { tickIntervalOf, type LobbyHostSettings } from '../../host/lobby-settings.ts';

/** How a host starts: the rule set and configuration (a restored lobby keeps its own). */
export interface StartRequest {
  ruleSetBody: string;
  configuration: HostConfiguration;
  /** Milliseconds between matchmaking cycles; default 1000. Remembered per lobby in this browser. */
  tickIntervalMs?: number;
  /** The lobby token to register with (after a refusal: the lobby's token or the operator's recovery token). */
  token?: string;
  /** Join as a standby host (`token` then holds the lobby token or the standby credential). */
  standby?: boolean;
  /** Let players' tabs be standby hosts (`playerStandbys`); absent: the lobby keeps its setting. */
  playerStandbys?: boolean;
}

/** The tick interval last started with for `lobby` in this browser; default 1000 ms. */
export function rememberedTickInterval(lobby: string): number {
  const value = Number(globalThis.localStorage?.getItem(tickIntervalKey(lobby)));
  return Number.isInteger(value) && value > 0 ? value : 1000;
}

/** Remembers the tick interval `lobby` was started with. */
export function rememberTickInterval(lobby: string, tickIntervalMs: number): void {
  globalThis.localStorage?.setItem(tickIntervalKey(lobby), String(tickIntervalMs));
}

/**
 * The start request that resumes `lobby` in this browser, or `undefined` when
 * there is nothing to resume:
 * - the replica this browser held as a standby, when it served the lobby as
 *   primary later than this browser's own saved state did (a promoted standby
 *   that reloaded): it comes back as a standby with its credential, and the
 *   relay makes it primary again from its saved term proof if no other host took over;
 * - else this browser's saved state as primary, with its own configuration
 *   and rule set;
 * - else the replica it held as a standby: it joins again as a standby.
 * The tick interval is the lobby's own (saved with its state), else the one
 * last used here.
 */
export async function savedLobbyStart(lobby: string): Promise<StartRequest | undefined> {
  const { idbHostStore, STANDBY_HOST_DATABASE } = await import('../../host/host-store-idb.ts');
  const [saved, replica] = await Promise.all([idbHostStore(lobby).load(), idbHostStore(lobby, STANDBY_HOST_DATABASE).load().catch(() => undefined)]);
  const servedLater = replica?.token !== undefined && replica.term !== undefined && replica.term > (saved?.term ?? 0);
  const configuration = saved?.token ? saved.snapshot.configurations[0] : undefined;
  if (saved && configuration && !servedLater) {
    const ruleSet = saved.snapshot.ruleSets.find((candidate) => candidate.name === configuration.RuleSetName);
    return { ruleSetBody: ruleSet?.body ?? '', configuration: { Name: configuration.Name }, tickIntervalMs: savedTickInterval(lobby, saved.settings) };
  }
  if (replica?.token !== undefined) return { ruleSetBody: '', configuration: {}, token: replica.token, standby: true };
  return undefined;
}

/** The lobby's tick interval as saved with its state, else the one last used for it here. */
function savedTickInterval(lobby: string, settings: LobbyHostSettings | undefined): number {
  return settings?.tickIntervalMs !== undefined ? tickIntervalOf(undefined, settings) : rememberedTickInterval(lobby);
}

function tickIntervalKey(lobby: string): string {
  return `peermatch:console:${lobby}:tick-interval-ms`;
}
