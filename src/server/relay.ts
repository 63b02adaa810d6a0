/**
 * The ticket relay at `/relay`: one WebSocket per player client or lobby host.
 * It checks every frame with the shared protocol guards, forwards client
 * requests to their lobby's primary host stamped with the identity it
 * issued, and host messages only to the client they name. Lobby hosts
 * (primary and standbys, terms, fencing, failover) are handled in
 * relay-hosts.ts and host-failover.ts. It never interprets tickets:
 * the host enforces who may act on which ticket, using the stamp.
 *
 * Limits (see `RelayLimits`): frame size, depth and string length; frames per
 * second per client identity and per address (budgets that survive
 * reconnects, see `AbuseLimits`); connections per address, and connection
 * attempts per address with a growing block after abuse; lobbies per server
 * and per address; clients per lobby. A violation is answered with an `error`
 * frame and repeated violations close the socket. Nothing a peer sends can
 * throw out of a socket handler: an unexpected failure is answered `INTERNAL`
 * and logged with the connection's identity. Pings find dead sockets.
 */
import { assertNever } from '../core/assert-never.ts';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData } from 'ws';
import { parseBoundedJson } from '../net/bounded-json.ts';
import { parseClientFrame, parseHostFrame, RELAY_CLOSE_CODES, isProtocolIssue } from '../net/protocol.ts';
import type { ClientFrame, ClientId, HostFrame, LobbyName, ProtocolIssue } from '../net/protocol.ts';
import { AbuseLimits, addressKey, refuseUpgrade } from './abuse-limits.ts';
import { answerUnavailable, LiveLobbies } from './live-lobbies.ts';
import type { LobbyRegistry } from './lobby-registry.ts';
import type { Logger } from './logger.ts';
import { TokenBucket } from './rate-limit.ts';
import { RelayConnection } from './relay-connection.ts';
import type { RelayLimits } from './relay-limits.ts';
import type { IceCredentialIssuer } from './ice-credentials.ts';
import { byteLength, forwardedSizeIssue, peekRequestId, refuseOversized, toText } from './relay-frames.ts';
import { HostRelay } from './relay-hosts.ts';
import { runGuarded } from './relay-guard.ts';
import { RelayWebSocket } from './relay-websocket.ts';

/** What the relay needs. */
export interface RelayOptions {
  registry: LobbyRegistry;
  limits: RelayLimits;
  logger: Logger;
  /** Clock in milliseconds. */
  now: () => number;
  /** Hands each joined client its ICE servers and TURN credentials; none: clients use their own. */
  ice?: IceCredentialIssuer;
}

/** Counters for health checks and tests. */
export interface RelayStats {
  connections: number;
  lobbies: number;
  /** Lobbies with a serving primary host. */
  hosts: number;
  /** Standby hosts connected, every lobby. */
  standbys: number;
  clients: number;
  queued: number;
}

/** The ticket relay; `http-server.ts` hands it the upgrade requests for `/relay`. */
export class Relay {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<RelayConnection>();
  private readonly perAddress = new Map<string, number>();
  private readonly lobbies: LiveLobbies;
  private readonly heartbeat: ReturnType<typeof setInterval>;
  private readonly abuse: AbuseLimits;
  private readonly hosts: HostRelay;
  private closed = false;

  constructor(private readonly options: RelayOptions) {
    const { registry, limits, logger, now } = options;
    this.lobbies = new LiveLobbies(limits, now, (name) => registry.termOf(name), logger);
    this.abuse = new AbuseLimits(limits, now);
    this.hosts = new HostRelay({ registry, lobbies: this.lobbies, limits, logger, now }, this.abuse);
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: options.limits.hardMaxPayloadBytes,
      clientTracking: false,
      WebSocket: RelayWebSocket,
    });
    this.heartbeat = setInterval(() => this.beat(), options.limits.heartbeatIntervalMs);
  }

  /** Completes a WebSocket upgrade for `/relay` (origin already checked by the caller). */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    const address = addressKey(request.socket.remoteAddress ?? 'unknown');
    const admission = this.abuse.admit(address);
    if (!admission.ok) {
      this.options.logger.warn('relay: connection refused', { address, reason: admission.reason, retryAfterMs: admission.retryAfterMs });
      refuseUpgrade(socket, admission);
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws as RelayWebSocket, address));
  }

  /** True when a new TCP connection from `remoteAddress` should be cut unread (a blocked address that was told). */
  cutsEarly(remoteAddress: string | undefined): boolean {
    return this.abuse.cutsEarly(addressKey(remoteAddress ?? 'unknown'));
  }

  /** Live counters. */
  stats(): RelayStats {
    let hosts = 0;
    let standbys = 0;
    let clients = 0;
    let queued = 0;
    for (const lobby of this.lobbies.values()) {
      if (lobby.host) hosts++;
      standbys += lobby.hosts.standbys.size;
      clients += lobby.clients.size;
      queued += lobby.queued;
    }
    return { connections: this.connections.size, lobbies: this.options.registry.size, hosts, standbys, clients, queued };
  }

  /**
   * Stops accepting, answers every waiting request `HOST_UNAVAILABLE`, closes
   * every socket with 1001 (going away) and waits for the state file.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.hosts.close();
    this.options.ice?.close();
    for (const lobby of this.lobbies.values()) {
      lobby.drainQueue((clientId, request) => answerUnavailable(lobby, clientId, request, 'the server is shutting down'));
      lobby.dispose();
    }
    for (const connection of this.connections) {
      clearTimeout(connection.joinTimer);
      connection.end('SHUTTING_DOWN', 'the server is shutting down; reconnect and resume', RELAY_CLOSE_CODES.goingAway);
    }
    await this.options.registry.flush();
  }

  // --- Connections ---------------------------------------------------------------

  private accept(ws: RelayWebSocket, address: string): void {
    const { limits, now, logger } = this.options;
    ws.hardMaxPayloadBytes = limits.hardMaxPayloadBytes;
    const connection = new RelayConnection(
      ws,
      address,
      new TokenBucket(limits.clientFramesPerSecond, limits.clientFrameBurst, now),
      new TokenBucket(limits.violationsForgivenPerSecond, limits.maxViolations, now),
      limits.maxBufferedBytes,
      logger,
    );
    connection.onAbusive = () => {
      const blockMs = this.abuse.strike(address);
      logger.warn('relay: address blocked after an abusive connection', { address, blockMs });
    };
    ws.onProtocolClose = (code, message) => {
      logger.warn('relay: protocol failure', { connection: connection.number, address, role: connection.role.kind, code, message });
      connection.closing = true;
    };
    const count = (this.perAddress.get(address) ?? 0) + 1;
    this.perAddress.set(address, count);
    this.connections.add(connection);
    ws.on('close', () => runGuarded(connection, null, logger, () => this.onClose(connection)));
    ws.on('error', (error) => logger.warn('relay: socket error', { connection: connection.number, error: error.message }));
    ws.on('pong', () => {
      connection.alive = true;
    });
    if (count > limits.maxConnectionsPerAddress) {
      logger.warn('relay: too many connections from one address', { address, count });
      connection.end('TOO_MANY_CONNECTIONS', `more than ${limits.maxConnectionsPerAddress} connections from ${address}`, RELAY_CLOSE_CODES.policyViolation);
      return;
    }
    ws.on('message', (data, isBinary) => runGuarded(connection, data, logger, () => this.onMessage(connection, data, isBinary)));
    connection.joinTimer = setTimeout(() => {
      if (connection.role.kind === 'pending') {
        connection.end('NOT_JOINED', `no "join" or "register" within ${limits.joinTimeoutMs} ms`, RELAY_CLOSE_CODES.policyViolation);
      }
    }, limits.joinTimeoutMs);
  }

  private onClose(connection: RelayConnection): void {
    clearTimeout(connection.joinTimer);
    this.options.ice?.stop(connection);
    this.connections.delete(connection);
    const left = (this.perAddress.get(connection.address) ?? 1) - 1;
    if (left <= 0) this.perAddress.delete(connection.address);
    else this.perAddress.set(connection.address, left);
    const role = connection.role;
    if (role.kind === 'pending') return;
    const lobby = this.lobbies.get(role.lobby);
    if (!lobby) return;
    if (role.kind === 'client') {
      if (lobby.detachClient(role.clientId, connection)) lobby.host?.send({ type: 'client-left', clientId: role.clientId });
    } else this.hosts.onClose(connection, lobby);
    if (lobby.empty) this.lobbies.forget(lobby);
  }

  /** Terminates sockets that did not answer the last ping, pings the rest, and sweeps expired state. */
  private beat(): void {
    try {
      this.sweep();
    } catch (error) {
      this.options.logger.error('relay: heartbeat failed', { error: (error as Error).message });
    }
  }

  private sweep(): void {
    for (const connection of this.connections) {
      if (!connection.alive) {
        this.options.logger.info('relay: terminating a socket that stopped answering pings', { connection: connection.number });
        connection.closing = true;
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
    for (const lobby of this.lobbies.values()) {
      lobby.sweepAway();
      if (lobby.empty) this.lobbies.forget(lobby);
    }
    this.lobbies.releaseExpired(this.options.registry);
    this.abuse.sweep();
  }

  // --- Frames --------------------------------------------------------------------

  private onMessage(connection: RelayConnection, data: RawData, isBinary: boolean): void {
    if (connection.closing) return;
    this.hosts.heard(connection);
    const { limits } = this.options;
    if (isBinary) {
      connection.refuse('MALFORMED', 'frame: expected a text frame of JSON, got a binary frame');
      return;
    }
    const bytes = byteLength(data);
    if (bytes > limits.maxFrameBytes) {
      this.refuseOversized(connection, bytes, toText(data));
      return;
    }
    const text = toText(data);
    if (!this.takeFrame(connection)) {
      connection.refuse('RATE_LIMITED', 'frame: over the rate limit of this client or address; slow down', { requestId: peekRequestId(text) });
      return;
    }
    const parsed = parseBoundedJson(text);
    if (!('value' in parsed)) {
      connection.refuse(parsed.bound === 'syntax' ? 'MALFORMED' : 'TOO_LARGE', parsed.message, { requestId: peekRequestId(text) });
      return;
    }
    const value = parsed.value;
    const role = connection.role;
    // A connection's first frame decides its role: `register` makes a host, anything else is a client's.
    const asHost = role.kind === 'host' || (role.kind === 'pending' && (value as { type?: unknown } | null)?.type === 'register');
    const frame = asHost ? parseHostFrame(value) : parseClientFrame(value);
    if (isProtocolIssue(frame)) {
      this.refuseIssue(connection, frame);
      return;
    }
    if (asHost) this.onHostFrame(connection, frame as HostFrame, bytes);
    else this.onClientFrame(connection, frame as ClientFrame, bytes);
  }

  /** A host's frame takes from its connection's budget; a client's from its identity's (or connection's, before `join`) and its address's. */
  private takeFrame(connection: RelayConnection): boolean {
    if (connection.role.kind === 'host') return connection.frames.take();
    return connection.frames.take() && this.abuse.takeAddressFrame(connection.address);
  }

  /** A frame over `maxFrameBytes` (see `refuseOversized`); a host's answer reaches its client as `TOO_LARGE`. */
  private refuseOversized(connection: RelayConnection, bytes: number, text: string): void {
    const role = connection.role;
    // Only the serving primary's oversized answer reaches its client (as TOO_LARGE); anyone else's is just refused.
    const hosted = role.kind === 'host' ? this.lobbies.get(role.lobby) : undefined;
    const lobby = hosted?.host === connection ? hosted : undefined;
    refuseOversized(connection, lobby, bytes, text, this.options.limits.maxFrameBytes, this.options.logger);
  }

  private refuseIssue(connection: RelayConnection, issue: ProtocolIssue): void {
    connection.refuse(issue.code, issue.message, { requestId: issue.requestId });
  }

  /** `bytes`: the frame's size as received (re-encoding can grow it, see `MAX_REENCODING_GROWTH`). */
  private onClientFrame(connection: RelayConnection, frame: ClientFrame, bytes: number): void {
    const role = connection.role;
    switch (frame.type) {
      case 'join':
        if (role.kind !== 'pending') {
          connection.refuse('ALREADY_JOINED', `join: this connection already joined lobby "${role.kind === 'client' ? role.lobby : ''}"`);
          return;
        }
        this.join(connection, frame.lobby, frame.resume);
        return;
      case 'request': {
        if (role.kind !== 'client') {
          connection.refuse('NOT_JOINED', 'request: send "join" first', { requestId: frame.requestId });
          return;
        }
        const tooLarge = forwardedSizeIssue(role.clientId, frame, bytes, this.options.limits.maxFrameBytes);
        if (tooLarge !== null) {
          connection.refuse('TOO_LARGE', tooLarge, { requestId: frame.requestId });
          return;
        }
        const lobby = this.lobbies.live(role.lobby);
        const refusal = lobby.forwardRequest(role.clientId, frame);
        if (refusal !== null) connection.notify('HOST_UNAVAILABLE', refusal, { requestId: frame.requestId });
        return;
      }
      case 'ping':
        connection.send({ type: 'pong' });
        return;
      default:
        assertNever(frame, 'frame');
    }
  }

  private join(connection: RelayConnection, name: LobbyName, resume: { clientId: ClientId; resumeToken: string } | undefined): void {
    const { registry, limits, logger } = this.options;
    if (!registry.has(name)) {
      connection.refuse('UNKNOWN_LOBBY', `join.lobby: no host has registered lobby "${name}"`);
      return;
    }
    if (resume && !registry.verifyResume(name, resume.clientId, resume.resumeToken)) {
      connection.refuse('BAD_TOKEN', `join.resume.resumeToken: not the resume token of client ${resume.clientId} in lobby "${name}"`);
      return;
    }
    const lobby = this.lobbies.live(name);
    const replacing = resume !== undefined && lobby.clients.has(resume.clientId);
    if (!replacing && lobby.clients.size >= limits.maxClientsPerLobby) {
      connection.refuse('LOBBY_FULL', `lobby "${name}" already has ${limits.maxClientsPerLobby} clients`);
      return;
    }
    const identity = resume ?? registry.issueIdentity(name);
    clearTimeout(connection.joinTimer);
    connection.role = { kind: 'client', lobby: name, clientId: identity.clientId };
    // A client told the host is away (no primary serves, or one is taking over) hears when it is back.
    if (lobby.host === null) lobby.toldAway = true;
    const ice = this.options.ice?.enabled ? this.options.ice : undefined;
    // From now on the identity's budget counts, on this connection and on every later one that resumes it.
    connection.frames = this.abuse.identityBucket(name, identity.clientId);
    connection.send({
      type: 'joined',
      lobby: name,
      clientId: identity.clientId,
      resumeToken: identity.resumeToken,
      resumed: resume !== undefined,
      hostAvailable: lobby.host !== null,
      ...(ice ? { ice: ice.issue(identity.clientId) } : {}),
    });
    ice?.renew(connection, identity.clientId, (renewed) => !connection.closing && connection.send({ type: 'ice', ice: renewed }));
    const previous = lobby.attachClient(identity.clientId, connection);
    previous?.end('REPLACED', `client ${identity.clientId} connected again from another socket`, RELAY_CLOSE_CODES.replaced);
    lobby.host?.send({ type: 'client-joined', clientId: identity.clientId, resumed: resume !== undefined });
    logger.info('relay: client joined', { lobby: name, clientId: identity.clientId, resumed: resume !== undefined });
  }

  private onHostFrame(connection: RelayConnection, frame: HostFrame, receivedBytes: number): void {
    const role = connection.role;
    switch (frame.type) {
      case 'register':
        if (role.kind !== 'pending') {
          connection.refuse('ALREADY_JOINED', `register: this connection already registered lobby "${role.kind === 'host' ? role.lobby : ''}"`);
          return;
        }
        runGuarded(connection, null, this.options.logger, () => this.hosts.register(connection, frame));
        return;
      case 'ping':
        connection.send({ type: 'pong' });
        return;
      default:
        if (role.kind !== 'host') {
          connection.refuse('NOT_REGISTERED', `${frame.type}: send "register" first`);
          return;
        }
        this.hosts.route(connection, role.lobby, frame, receivedBytes);
    }
  }
}
