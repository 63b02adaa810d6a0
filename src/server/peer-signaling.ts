/**
 * PeerJS's own signaling server (the `peer` package) at `PEERJS_PATH`: its
 * HTTP API (`/peerjs/peerjs/id`, ...) and its WebSocket (`/peerjs/peerjs`).
 * A browser's PeerJS client uses `new Peer(id, { host, port, path: '/peerjs' })`.
 *
 * The `peer` package normally attaches its own WebSocket server to the HTTP
 * server, and `ws` answers 400 to every upgrade whose path is not its own, which
 * would break `/relay`. So its WebSocket server is created with `noServer`
 * (through the package's `createWebSocketServer` option) and `http-server.ts`
 * routes upgrades to it by path.
 */
import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { ExpressPeerServer } from 'peer';
import { WebSocketServer } from 'ws';
import { PEERJS_PATH } from '../net/protocol.ts';
import type { Logger } from './logger.ts';

/** The mounted PeerJS server, as the HTTP server routes to it. */
export interface PeerSignaling {
  /** True for request paths the PeerJS server answers. */
  owns(pathname: string): boolean;
  handleRequest(request: IncomingMessage, response: ServerResponse): void;
  /** True when an upgrade request is for the PeerJS WebSocket. */
  ownsUpgrade(request: IncomingMessage): boolean;
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every PeerJS WebSocket. */
  close(): void;
}

/** Options of `mountPeerSignaling`. */
export interface PeerSignalingOptions {
  server: HttpServer | HttpsServer;
  logger: Logger;
  /** Origins allowed by CORS on the HTTP API; `null` allows any. */
  origins: readonly string[] | null;
}

/** Creates the PeerJS signaling server for `server` at `PEERJS_PATH`. */
export function mountPeerSignaling(options: PeerSignalingOptions): PeerSignaling {
  let socketServer: WebSocketServer | undefined;
  const app = ExpressPeerServer(options.server, {
    path: PEERJS_PATH,
    corsOptions: { origin: options.origins === null ? true : [...options.origins] },
    createWebSocketServer: (wsOptions) => {
      socketServer = new WebSocketServer({ noServer: true, path: wsOptions.path, maxPayload: 64 * 1024 });
      return socketServer;
    },
  });
  app.on('error', (error: Error) => options.logger.warn('peerjs: error', { error: error.message }));
  app.on('connection', (client) => options.logger.info('peerjs: peer connected', { peer: client.getId() }));
  app.on('disconnect', (client) => options.logger.info('peerjs: peer disconnected', { peer: client.getId() }));
  // The package sets itself up when its app is mounted on a parent app. Without a parent, express's
  // own mount handler would re-parent the app's prototypes: hand it the prototypes they already have.
  const unchanged = {
    request: Object.getPrototypeOf(app.request) as object,
    response: Object.getPrototypeOf(app.response) as object,
    engines: Object.getPrototypeOf((app as unknown as { engines: object }).engines) as object,
    settings: Object.getPrototypeOf(app.settings) as object,
  };
  // The package's two housekeeping loops (`setTimeout` chains) have no stop method: track them to end them on close.
  const timers = new TimerScope();
  timers.run(() => app.emit('mount', unchanged));
  const wss = socketServer;
  if (!wss) throw new Error('peer: the PeerJS server did not create its WebSocket server on mount');

  return {
    owns: (pathname) => pathname === PEERJS_PATH || pathname.startsWith(`${PEERJS_PATH}/`),
    handleRequest: (request, response) => app(request as never, response as never),
    ownsUpgrade: (request) => wss.shouldHandle(request) === true,
    handleUpgrade: (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request)),
    close: () => {
      timers.stop();
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

/**
 * Tracks the timers `setTimeout` creates while `run` runs, and those their
 * callbacks create in turn, so that `stop` can clear a self-rescheduling chain
 * it has no handle to. It swaps `globalThis.setTimeout` only for the
 * synchronous extent of `run` and of each tracked callback.
 */
class TimerScope {
  private readonly live = new Set<ReturnType<typeof setTimeout>>();
  private stopped = false;
  private readonly realSetTimeout = globalThis.setTimeout;

  run<T>(body: () => T): T {
    const real = this.realSetTimeout;
    const tracked = (callback: (...args: unknown[]) => void, delayMs?: number, ...args: unknown[]) => {
      if (this.stopped) return real(() => undefined, 0);
      const handle = real(() => {
        this.live.delete(handle);
        if (!this.stopped) this.run(() => callback(...args));
      }, delayMs);
      this.live.add(handle);
      return handle;
    };
    globalThis.setTimeout = tracked as typeof setTimeout;
    try {
      return body();
    } finally {
      globalThis.setTimeout = real;
    }
  }

  stop(): void {
    this.stopped = true;
    for (const handle of this.live) clearTimeout(handle);
    this.live.clear();
  }
}
