/**
 * What a reloaded host console resumes by itself: the lobby's saved state in
 * this browser (one that registered, so it holds the token) as a start
 * request with the lobby's own configuration and rule set, and the tick
 * interval last used for the lobby here (localStorage).
 */
import type { HostConfiguration } from '../../host/host-runtime.ts';

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

/** The start request that resumes `lobby`'s saved state, or `undefined` when there is none to resume. */
export async function savedLobbyStart(lobby: string): Promise<StartRequest | undefined> {
  const { idbHostStore } = await import('../../host/host-store-idb.ts');
  const saved = await idbHostStore(lobby).load();
  const configuration = saved?.token ? saved.snapshot.configurations[0] : undefined;
  if (!saved || !configuration) return undefined;
  const ruleSet = saved.snapshot.ruleSets.find((candidate) => candidate.name === configuration.RuleSetName);
  return { ruleSetBody: ruleSet?.body ?? '', configuration: { Name: configuration.Name }, tickIntervalMs: rememberedTickInterval(lobby) };
}

function tickIntervalKey(lobby: string): string {
  return `peermatch:console:${lobby}:tick-interval-ms`;
}
