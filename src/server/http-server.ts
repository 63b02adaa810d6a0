/**
 * The one HTTP(S) server of the process: routes plain requests to the PeerJS
 * API, a health check or the built app's files, and WebSocket upgrades to the
 * ticket relay (`/relay`) or to PeerJS (`/peerjs/peerjs`), after the origin
 * check when allowed origins are configured.
 */
import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { RELAY_PATH } from '../net/protocol.ts';
import type { Logger } from './logger.ts';
import { mountPeerSignaling } from './peer-signaling.ts';
import type { PeerSignaling } from './peer-signaling.ts';
import type { Relay } from './relay.ts';
import { staticFiles } from './static-files.ts';

/** Options of `createAppServer`. */
export interface AppServerOptions {
  relay: Relay;
  logger: Logger;
  /** PEM certificate and key: serve HTTPS and WSS. */
  tls: { cert: string | Buffer; key: string | Buffer } | null;
  /** Directory of the built app; `null` serves no files. */
  staticDir: string | null;
  /** Allowed `Origin`s of WebSocket upgrades and PeerJS CORS; `null` allows any. */
  origins: readonly string[] | null;
}

/** The server and the PeerJS part it owns (to be closed with it). */
export interface AppServer {
  server: HttpServer | HttpsServer;
  peer: PeerSignaling;
}

/** Creates (does not start) the server. */
export function createAppServer(options: AppServerOptions): AppServer {
  const { relay, logger, origins } = options;
  const files = options.staticDir === null ? null : staticFiles(options.staticDir);
  const onRequest = (request: IncomingMessage, response: ServerResponse): void => {
    const pathname = (request.url ?? '/').split('?')[0]!;
    if (peer.owns(pathname)) return peer.handleRequest(request, response);
    if (pathname === '/healthz') {
      response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end(JSON.stringify({ ok: true, ...relay.stats() }));
      return;
    }
    if (pathname === RELAY_PATH) {
      response.writeHead(426, { 'Content-Type': 'text/plain; charset=utf-8', Upgrade: 'websocket' });
      response.end('the relay speaks WebSocket\n');
      return;
    }
    if (files === null) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('not found\n');
      return;
    }
    files(request, response).catch((error: Error) => {
      logger.error('http: static file failed', { path: pathname, error: error.message });
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  };
  const server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, onRequest) : createHttpServer(onRequest);
  const peer = mountPeerSignaling({ server, logger, origins });

  // An address the relay blocked for abuse, and already answered 429, is cut before its request is read.
  server.prependListener('connection', (socket: Socket) => {
    if (relay.cutsEarly(socket.remoteAddress)) socket.destroy();
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const origin = request.headers.origin;
    // Browsers always send Origin; its absence means a non-browser client, which could forge it anyway.
    if (origins !== null && origin !== undefined && !origins.includes(origin)) {
      logger.warn('http: upgrade from a refused origin', { origin, path: request.url });
      return refuseUpgrade(socket, 403, 'Forbidden');
    }
    const pathname = (request.url ?? '/').split('?')[0]!;
    if (pathname === RELAY_PATH) return relay.handleUpgrade(request, socket, head);
    if (peer.ownsUpgrade(request)) return peer.handleUpgrade(request, socket, head);
    refuseUpgrade(socket, 404, 'Not Found');
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  return { server, peer };
}

function refuseUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${text.length + 1}\r\n\r\n${text}\n`);
}
