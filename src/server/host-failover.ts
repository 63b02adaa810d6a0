/**
 * Failover in the relay: when a lobby's primary host is lost (its socket
 * closed, or it went silent) the most up-to-date standby is promoted at
 * once under a new term, saved before anyone is told; the primary can also
 * hand the lobby over to a standby on purpose. The new primary gets
 * `promoted` (with the proof that it is the primary of the new term, kept
 * for a restart: relay-hosts.ts), then every request the previous one had
 * not answered and every waiting one; the other standbys get `primary-changed`; the clients get
 * `host-status` with the term (and never `available: false` first).
 * Without a synced standby the lobby waits for a host, as without standbys.
 */
import type { LobbyName } from '../net/protocol.ts';
import type { LiveLobbies } from './live-lobbies.ts';
import type { LobbyHost } from './lobby-hosts.ts';
import type { LobbyRegistry } from './lobby-registry.ts';
import type { Logger } from './logger.ts';
import type { RelayLimits } from './relay-limits.ts';
import type { LiveLobby } from './relay-lobby.ts';

/** What host registration and failover need of the relay. */
export interface HostContext {
  registry: LobbyRegistry;
  lobbies: LiveLobbies;
  limits: RelayLimits;
  logger: Logger;
  now: () => number;
}

/** How a promotion came about. */
interface Promotion {
  /** The primary before: lost, or handing over (then it becomes a standby and gets `demoted`). */
  previous: LobbyHost | null;
  demote: boolean;
  /** Since when the lobby had no serving primary (`promoted.pausedMs`); `null` for a hand-over (0). */
  pausedSinceMs: number | null;
  why: string;
}

/**
 * The primary of `lobby` is lost (`why`: its socket closed, it went
 * silent): the synced standby with the highest acknowledgement takes over
 * at once; with none, the clients are told the host is away and requests
 * wait for `hostGraceMs`.
 */
export function primaryLost(context: HostContext, lobby: LiveLobby, why: string): void {
  const { hosts } = lobby;
  const lost = hosts.primary;
  if (lost === null) return;
  hosts.primary = null;
  const candidate = hosts.candidate();
  if (candidate === undefined) {
    lobby.pause(true);
    context.lobbies.hostLeft(lobby.name);
    context.registry.hostLeft(lobby.name).catch((error: Error) => context.logger.error('relay: state file write failed', { error: error.message }));
    for (const standby of hosts.standbys.values()) standby.connection.send({ type: 'primary-changed', term: hosts.term, primary: null });
    context.logger.info('relay: host left', { lobby: lobby.name, term: hosts.term, hostId: lost.hostId, why, standbys: hosts.standbys.size });
    return;
  }
  const pausedSinceMs = context.now();
  lobby.pause(false);
  promote(context, lobby, candidate, { previous: lost, demote: false, pausedSinceMs, why });
}

/**
 * The primary `from` hands `lobby` over to its standby `target`: `target`
 * is promoted (`pausedMs` 0) and `from` continues as a standby (`demoted`).
 */
export function handOver(context: HostContext, lobby: LiveLobby, from: LobbyHost, target: LobbyHost): void {
  lobby.pause(false);
  promote(context, lobby, target, { previous: from, demote: true, pausedSinceMs: null, why: 'hand-over' });
}

/** Makes `standby` the primary under the next term, saved before it (or anyone) is told. */
function promote(context: HostContext, lobby: LiveLobby, standby: LobbyHost, how: Promotion): void {
  const { hosts } = lobby;
  const term = hosts.term + 1;
  hosts.setPrimary(standby, term);
  if (how.demote && how.previous) {
    hosts.addStandby(how.previous);
    // It held every change when it handed over: should the new primary be lost before any standby acks, it can take the lobby back.
    how.previous.ackedSeq = 0;
  }
  const saved = context.registry.setTerm(lobby.name, term).catch((error: Error) => {
    context.logger.error('relay: state file write failed; the new term is kept in memory', { lobby: lobby.name, term, error: error.message });
  });
  void saved.then(() => {
    // Lost meanwhile (its close handler promoted another standby or left the lobby waiting).
    if (hosts.primary !== standby || hosts.term !== term) return;
    const pausedMs = how.pausedSinceMs === null ? 0 : Math.max(0, Math.round(context.now() - how.pausedSinceMs));
    if (how.demote && how.previous) how.previous.connection.send({ type: 'demoted', term, primary: standby.hostId });
    const proof = termProofOf(context.registry, lobby.name, term);
    // serverTimeMs: the wall clock, not the injected `now` (a test's fake time must not become the lobby's clock).
    const serverTimeMs = Date.now();
    standby.connection.send({ type: 'promoted', term, clients: [...lobby.clients.keys()], standbys: [...hosts.standbys.keys()], pausedMs, serverTimeMs, ...proof });
    lobby.serve(term);
    for (const other of hosts.standbys.values()) {
      if (other !== how.previous) other.connection.send({ type: 'primary-changed', term, primary: standby.hostId });
    }
    context.logger.info(how.demote ? 'relay: primary handed the lobby over' : 'relay: standby promoted', {
      lobby: lobby.name,
      term,
      hostId: standby.hostId,
      previous: how.previous?.hostId,
      why: how.why,
      pausedMs,
      inFlight: lobby.inFlightCount,
    });
    if (how.demote && how.previous) context.logger.info('relay: primary demoted to standby', { lobby: lobby.name, term, hostId: how.previous.hostId, primary: standby.hostId });
  });
}

/** `{ termProof }` for the primary of `lobby` under `term` (lobby-credentials.ts), or nothing for a lobby no host holds. */
export function termProofOf(registry: LobbyRegistry, lobby: LobbyName, term: number): { termProof?: string } {
  const termProof = registry.termProof(lobby, term);
  return termProof === undefined ? {} : { termProof };
}

/**
 * Finds primaries that went silent: one that sent nothing for
 * `primarySilenceMs` while a synced standby could take over is taken for
 * lost (its socket terminated, the standby promoted). The check runs about
 * every second, and only while some lobby has a primary.
 */
export class SilenceWatch {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly context: HostContext) {}

  /** A primary serves somewhere: make sure the check runs. */
  arm(): void {
    if (this.timer !== undefined) return;
    const everyMs = Math.max(10, Math.min(1_000, this.context.limits.primarySilenceMs / 2));
    this.timer = setInterval(() => this.check(), everyMs);
    this.timer.unref?.();
  }

  /** Stops the check (no primary left, or the relay is closing). */
  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private check(): void {
    const { lobbies, limits, logger, now } = this.context;
    // Lobbies with a primary, serving or being promoted (the check must outlive a promotion's pause).
    let primaries = 0;
    const silent: { lobby: LiveLobby; silentMs: number }[] = [];
    for (const lobby of lobbies.values()) {
      if (lobby.hosts.primary === null) continue;
      primaries++;
      if (lobby.host === null) continue;
      const silentMs = now() - lobby.hosts.lastHeardMs;
      if (silentMs >= limits.primarySilenceMs && lobby.hosts.candidate() !== undefined) silent.push({ lobby, silentMs });
    }
    for (const { lobby, silentMs } of silent) {
      const primary = lobby.hosts.primary!;
      logger.info('relay: fencing a silent primary', { lobby: lobby.name, term: lobby.hosts.term, hostId: primary.hostId, silentMs });
      primaryLost(this.context, lobby, `silent for ${silentMs} ms`);
      primary.connection.closing = true;
      primary.connection.socket.terminate();
    }
    if (primaries === 0) this.stop();
  }
}

