/**
 * The relay's side of lobby hosts: registration (who may hold a lobby, as
 * primary or standby, under which term), the routing of host frames, and
 * fencing: `to-client`, `to-standby` and `hand-over` pass only from the
 * lobby's serving primary, `ack` and `resync` only from a standby; anything
 * else is refused `FENCED` and nothing is forwarded. Failover itself
 * (promotion, hand-over, silence) is in host-failover.ts.
 *
 * The role a registration gets (see `RegisterFrame`): a standby credential,
 * or `standby: true`, makes a standby; otherwise the host becomes primary
 * when no primary is connected (unless synced standbys wait and its term is
 * older than the lobby's) or when its `term` is the lobby's (the primary
 * itself, reloaded: the older connection is closed `REPLACED`), and a
 * standby otherwise (an old primary that comes back). A host whose `term`
 * is the lobby's, while no primary is connected, becomes primary again
 * whatever its `standby` flag (it was promoted, then restarted) if it proves
 * it: it holds the lobby token (or recovery token), or it presents the
 * `termProof` the relay gave the primary of that term (`registered`,
 * `promoted`). The term alone proves nothing: every standby is told it.
 * Every new primary raises the term, saved before it is told.
 *
 * A standby's acknowledgement counts for no more than the relay forwarded
 * it (lobby-hosts.ts): the most up-to-date standby is promoted first, and
 * a standby cannot jump the queue by acknowledging what it never got.
 */
import type { HostFrame, LobbyName, RegisterFrame, RegisteredFrame } from '../net/protocol.ts';
import { encodeFrame, RELAY_CLOSE_CODES, utf8Length } from '../net/protocol.ts';
import type { AbuseLimits } from './abuse-limits.ts';
import { handOver, primaryLost, SilenceWatch, termProofOf, type HostContext } from './host-failover.ts';
import type { Credential } from './lobby-credentials.ts';
import { newHostId, type LobbyHost, type LobbyHosts } from './lobby-hosts.ts';
import { TokenBucket } from './rate-limit.ts';
import type { RelayConnection } from './relay-connection.ts';
import { MAX_REENCODING_GROWTH, refuseOversized } from './relay-frames.ts';
import type { LiveLobby } from './relay-lobby.ts';

/** The host frames after `register` (and `ping`, which the relay answers itself). */
export type RoutedHostFrame = Exclude<HostFrame, RegisterFrame | { type: 'ping' }>;

/** Registration and routing of lobby hosts. */
export class HostRelay {
  private readonly silence: SilenceWatch;

  constructor(
    private readonly context: HostContext,
    private readonly abuse: AbuseLimits,
  ) {
    this.silence = new SilenceWatch(context);
  }

  /** Stops the silence check (the relay is closing). */
  close(): void {
    this.silence.stop();
  }

  /** A host connection sent a frame (any): a primary that does is not silent. */
  heard(connection: RelayConnection): void {
    const role = connection.role;
    if (role.kind !== 'host') return;
    const hosts = this.context.lobbies.get(role.lobby)?.hosts;
    if (hosts?.primary?.connection === connection) hosts.lastHeardMs = this.context.now();
  }

  /** A host connection closed: a lost primary is replaced (or the lobby waits); a standby leaves. */
  onClose(connection: RelayConnection, lobby: LiveLobby): void {
    const { hosts } = lobby;
    if (hosts.primary?.connection === connection) {
      primaryLost(this.context, lobby, 'its connection closed');
      return;
    }
    const standby = hosts.standbyOf(connection);
    if (standby === undefined) return;
    hosts.standbys.delete(standby.hostId);
    hosts.serving?.send({ type: 'standby-left', hostId: standby.hostId });
    this.context.logger.info('relay: standby left', { lobby: lobby.name, term: hosts.term, hostId: standby.hostId });
  }

  // --- Registration ----------------------------------------------------------------

  async register(connection: RelayConnection, frame: RegisterFrame): Promise<void> {
    const { registry, limits, logger, now, lobbies } = this.context;
    const name = frame.lobby;
    if (!registry.has(name) && !this.abuse.takeLobbyCreation(connection.address)) {
      const rate = limits.lobbyCreationsPerMinutePerAddress;
      logger.warn('relay: lobby creation rate-limited', { lobby: name, address: connection.address });
      connection.refuse('RATE_LIMITED', `register: more than ${rate} new lobbies per minute from ${connection.address}; "${name}" was not created`);
      return;
    }
    const claim = registry.claim(name, frame.token, lobbies.activityOf, connection.address);
    if (!claim.ok) {
      logger.warn('relay: registration refused', { lobby: name, code: claim.code, address: connection.address });
      connection.refuse(claim.code, claim.message);
      return;
    }
    // Claimed in memory now (so a concurrent claim sees it); answer only once it is on disk.
    const host: LobbyHost = { connection, hostId: newHostId(), credential: claim.credential, ackedSeq: null, sentSeq: null };
    connection.role = { kind: 'host', lobby: name, hostId: host.hostId };
    clearTimeout(connection.joinTimer);
    connection.frames = new TokenBucket(limits.hostFramesPerSecond, limits.hostFrameBurst, now);
    try {
      await claim.persisted;
    } catch (error) {
      logger.error('relay: state file write failed', { lobby: name, error: (error as Error).message });
    }
    if (connection.closing || connection.socket.readyState !== connection.socket.OPEN) return;
    const lobby = lobbies.live(name);
    // Every host of the lobby learns the standby credential (a standby registered with it holds it already):
    // a standby promoted later can grant it in turn (a player's tab offering it to the next players).
    const answer = { token: claim.token, created: claim.created, standbyToken: registry.standbyCredential(name) };
    const proven = frame.term !== undefined && frame.termProof !== undefined && registry.provesTerm(name, frame.term, frame.termProof);
    if (roleFor(frame, claim.credential, lobby.hosts, proven) === 'standby') this.addStandby(lobby, host, answer);
    else await this.makePrimary(lobby, host, answer);
  }

  private addStandby(lobby: LiveLobby, host: LobbyHost, answer: RegistrationAnswer): void {
    const { hosts } = lobby;
    const max = this.context.limits.maxStandbysPerLobby;
    if (hosts.standbys.size >= max) {
      host.connection.role = { kind: 'pending' };
      this.context.logger.warn('relay: standby refused, lobby full', { lobby: lobby.name, standbys: hosts.standbys.size });
      host.connection.refuse('LOBBY_FULL', `register: lobby "${lobby.name}" already has ${hosts.standbys.size} standby hosts, the limit (maxStandbysPerLobby) is ${max}`);
      return;
    }
    hosts.addStandby(host);
    host.connection.send(registered(lobby, host, 'standby', answer));
    hosts.serving?.send({ type: 'standby-joined', hostId: host.hostId });
    this.context.logger.info('relay: standby registered', { lobby: lobby.name, term: hosts.term, hostId: host.hostId, primary: hosts.primary?.hostId });
  }

  private async makePrimary(lobby: LiveLobby, host: LobbyHost, answer: RegistrationAnswer): Promise<void> {
    const { registry, logger } = this.context;
    const { hosts } = lobby;
    const previous = hosts.primary;
    if (previous !== null) {
      // The primary itself, reloaded: its older connection is fenced now and closed.
      previous.connection.role = { kind: 'pending' };
      previous.connection.end('REPLACED', `lobby "${lobby.name}" was registered again from another connection`, RELAY_CLOSE_CODES.replaced);
      lobby.pause(false);
    }
    const term = hosts.term + 1;
    hosts.setPrimary(host, term);
    try {
      await registry.setTerm(lobby.name, term);
    } catch (error) {
      logger.error('relay: state file write failed; the new term is kept in memory', { lobby: lobby.name, term, error: (error as Error).message });
    }
    // Replaced meanwhile by another registration (which closed this connection), or closed (its close handler ran).
    if (hosts.primary !== host || hosts.term !== term) return;
    host.connection.send({ ...registered(lobby, host, 'primary', answer), ...termProofOf(registry, lobby.name, term) });
    lobby.serve();
    for (const standby of hosts.standbys.values()) standby.connection.send({ type: 'primary-changed', term, primary: host.hostId });
    this.silence.arm();
    logger.info(answer.created ? 'relay: lobby created' : 'relay: host registered again', {
      lobby: lobby.name,
      term,
      hostId: host.hostId,
      replaced: previous?.hostId,
      standbys: hosts.standbys.size,
    });
  }

  // --- Routing -----------------------------------------------------------------------

  /** Routes a frame of a registered host (`receivedBytes`: its size as received). */
  route(connection: RelayConnection, lobbyName: LobbyName, frame: RoutedHostFrame, receivedBytes: number): void {
    const lobby = this.context.lobbies.live(lobbyName);
    const { hosts } = lobby;
    const role = hosts.roleOf(connection);
    const primaryOnly = frame.type === 'to-client' || frame.type === 'to-standby' || frame.type === 'hand-over';
    if (primaryOnly ? role !== 'primary' : role !== 'standby') {
      const expected = primaryOnly ? 'the primary host' : 'a standby host';
      const message = `${frame.type}: only ${expected} of lobby "${lobby.name}" may send it; this connection is ${describeRole(role)}, and the lobby's term is ${hosts.term}`;
      this.context.logger.info('relay: fenced a host frame', { lobby: lobby.name, term: hosts.term, type: frame.type, role, hostId: connection.role.kind === 'host' ? connection.role.hostId : undefined });
      // Not a violation: a host fenced by a failover it has not heard of yet sends such frames in good faith.
      const context = frame.type === 'to-client' ? { clientId: frame.clientId, requestId: frame.message.type === 'response' ? frame.message.requestId : undefined } : {};
      connection.notify('FENCED', message, context);
      return;
    }
    switch (frame.type) {
      case 'to-client':
        return this.toClient(connection, lobby, frame, receivedBytes);
      case 'to-standby':
        return this.toStandby(connection, lobby, frame, receivedBytes);
      case 'hand-over': {
        const target = hosts.standbys.get(frame.hostId);
        if (target === undefined) {
          connection.notify('CLIENT_UNAVAILABLE', `hand-over.hostId: no standby ${frame.hostId} is connected to lobby "${lobby.name}"; the lobby stays yours`);
          return;
        }
        handOver(this.context, lobby, hosts.primary!, target);
        return;
      }
      case 'ack': {
        const standby = hosts.standbyOf(connection)!;
        const seq = hosts.ack(standby, frame.term, frame.seq);
        if (seq !== undefined) hosts.serving?.send({ type: 'standby-ack', hostId: standby.hostId, seq });
        return;
      }
      case 'resync': {
        const standby = hosts.standbyOf(connection)!;
        hosts.serving?.send({ type: 'standby-resync', hostId: standby.hostId, reason: frame.reason });
        return;
      }
    }
  }

  private toClient(connection: RelayConnection, lobby: LiveLobby, frame: Extract<HostFrame, { type: 'to-client' }>, receivedBytes: number): void {
    const { limits, logger } = this.context;
    const requestId = frame.message.type === 'response' ? frame.message.requestId : undefined;
    const text = encodeFrame(frame.message);
    // Re-encoded, a message can outgrow the frame it came in (`1e20` becomes 21 digits); its client could not read it.
    const bytes = receivedBytes * MAX_REENCODING_GROWTH <= limits.maxFrameBytes ? 0 : utf8Length(text);
    if (bytes > limits.maxFrameBytes) {
      refuseOversized(connection, lobby, bytes, encodeFrame(frame), limits.maxFrameBytes, logger);
      return;
    }
    if (requestId !== undefined) lobby.answered(frame.clientId, requestId);
    const refusal = lobby.deliverToClient(frame.clientId, text);
    if (refusal !== null) connection.notify('CLIENT_UNAVAILABLE', refusal, { clientId: frame.clientId, requestId });
  }

  private toStandby(connection: RelayConnection, lobby: LiveLobby, frame: Extract<HostFrame, { type: 'to-standby' }>, receivedBytes: number): void {
    const { hosts } = lobby;
    const text = encodeFrame({ type: 'from-primary', term: hosts.term, message: frame.message });
    const maxBytes = this.context.limits.maxFrameBytes;
    const bytes = receivedBytes * MAX_REENCODING_GROWTH <= maxBytes ? 0 : utf8Length(text);
    if (bytes > maxBytes) {
      connection.notify('TOO_LARGE', `to-standby: ${bytes} bytes once stamped for the standby, over the relay's limit of ${maxBytes} bytes; it was not delivered`);
      return;
    }
    if (frame.hostId === undefined) {
      for (const standby of hosts.standbys.values()) {
        standby.connection.sendText(text);
        hosts.forwarded(standby, frame.message);
      }
      return;
    }
    const standby = hosts.standbys.get(frame.hostId);
    if (standby === undefined) {
      connection.notify('CLIENT_UNAVAILABLE', `to-standby.hostId: no standby ${frame.hostId} is connected to lobby "${lobby.name}"; the message was not delivered`);
      return;
    }
    standby.connection.sendText(text);
    hosts.forwarded(standby, frame.message);
  }
}

/** What `registered` tells a host beyond its role. */
interface RegistrationAnswer {
  token: string;
  created: boolean;
  standbyToken: string | undefined;
}

/**
 * The role a registration gets (see the file comment and `RegisterFrame`);
 * `provesTerm`: its `termProof` is the relay's for its `term`.
 */
export function roleFor(frame: RegisterFrame, credential: Credential, hosts: LobbyHosts, provesTerm: boolean): 'primary' | 'standby' {
  const connected = hosts.primary !== null;
  const servedLast = frame.term !== undefined && hosts.term > 0 && frame.term === hosts.term;
  if (servedLast && !connected && (credential === 'owner' || provesTerm)) return 'primary';
  if (credential === 'standby' || frame.standby === true) return 'standby';
  if (!connected) return hosts.candidate() !== undefined && (frame.term ?? 0) < hosts.term ? 'standby' : 'primary';
  return servedLast ? 'primary' : 'standby';
}

function registered(lobby: LiveLobby, host: LobbyHost, role: 'primary' | 'standby', answer: RegistrationAnswer): RegisteredFrame {
  const { hosts } = lobby;
  const frame: RegisteredFrame = {
    type: 'registered',
    lobby: lobby.name,
    token: answer.token,
    created: answer.created,
    clients: role === 'primary' ? [...lobby.clients.keys()] : [],
    role,
    term: hosts.term,
    hostId: host.hostId,
    standbys: role === 'primary' ? [...hosts.standbys.keys()] : [],
    primary: role === 'primary' ? null : (hosts.primary?.hostId ?? null),
    // The wall clock, not the relay's injected `now` (a test's fake time must not become the lobby's clock).
    serverTimeMs: Date.now(),
  };
  if (answer.standbyToken !== undefined) frame.standbyToken = answer.standbyToken;
  return frame;
}

function describeRole(role: ReturnType<LobbyHosts['roleOf']>): string {
  switch (role) {
    case 'primary':
      return 'its primary';
    case 'becoming-primary':
      return 'becoming its primary (its term is being saved)';
    case 'standby':
      return 'a standby';
    case 'gone':
      return 'no longer one of its hosts';
  }
}
