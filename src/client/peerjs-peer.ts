/**
 * The default `PeerFactory`: real PeerJS. In a browser it uses the browser's
 * WebRTC; in Node it needs a WebRTC implementation on `globalThis` (for
 * example `@roamhq/wrtc`'s `RTCPeerConnection`, ...) before a peer connects.
 */
import { Peer, util } from 'peerjs';
import { PEERJS_PATH } from '../net/protocol.ts';
import type { PeerFactory, PeerLike, PeerServerOptions } from './peer-like.ts';

/** PeerJS peers on the signaling server of `server`. */
export const peerjsFactory: PeerFactory = (id, server) => {
  const options: ConstructorParameters<typeof Peer>[1] = {
    host: server.host,
    port: server.port,
    path: server.path,
    secure: server.secure,
    debug: 0,
  };
  if (server.config !== undefined) options.config = server.config;
  // PeerJS's emitter types are generic over its event map; the shapes are the ones `PeerLike` names.
  return new Peer(id, options) as unknown as PeerLike;
};

/** The signaling-server options for a peermatch server URL (`http://127.0.0.1:8080` -> host, port, `/peerjs`). */
export function peerServerOf(serverUrl: string, config?: PeerServerOptions['config']): PeerServerOptions {
  const url = new URL(serverUrl);
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
  const server: PeerServerOptions = { host: url.hostname.replace(/^\[|\]$/g, ''), port, path: PEERJS_PATH, secure };
  if (config !== undefined) server.config = config;
  return server;
}

/** A fresh copy of PeerJS's default `RTCPeerConnection` configuration (its public STUN and TURN servers). */
export function peerjsDefaultRtcConfig(): NonNullable<PeerServerOptions['config']> {
  return structuredClone(util.defaultConfig) as NonNullable<PeerServerOptions['config']>;
}
