/**
 * The default `PeerFactory`: real PeerJS. In a browser it uses the browser's
 * WebRTC; in Node it needs a WebRTC implementation on `globalThis` (for
 * example `@roamhq/wrtc`'s `RTCPeerConnection`, ...) before a peer connects.
 *
 * PeerJS is loaded on first use, not when this module is imported: it is a
 * CommonJS module that touches browser globals, so importing `peermatch/lobby`
 * or `peermatch/client` during server-side rendering in Node must not load it.
 */
import type { Peer as PeerJsPeer } from 'peerjs';
import { PEERJS_PATH } from '../net/protocol.ts';
import type { PeerFactory, PeerLike, PeerServerOptions } from './peer-like.ts';

type PeerConstructor = typeof PeerJsPeer;
type RtcConfig = NonNullable<PeerServerOptions['config']>;
interface PeerjsModule {
  Peer: PeerConstructor;
  defaultConfig: RtcConfig;
}
let loading: Promise<PeerjsModule> | undefined;

/** PeerJS, loaded the first time (its ES build in bundlers, its CommonJS build in Node). */
function loadPeerjs(): Promise<PeerjsModule> {
  loading ??= import('peerjs').then((module) => {
    type Exports = { Peer?: PeerConstructor; util?: { defaultConfig: RtcConfig } };
    const exports = module as unknown as Exports & { default?: Exports };
    const Peer = exports.Peer ?? exports.default?.Peer;
    const util = exports.util ?? exports.default?.util;
    if (Peer === undefined || util === undefined) throw new Error('peerjs: the module has no Peer or util export');
    return { Peer, defaultConfig: util.defaultConfig };
  });
  return loading;
}

/** The PeerJS factory, loading PeerJS the first time. */
export async function loadPeerjsFactory(): Promise<PeerFactory> {
  return peerjsFactoryOf((await loadPeerjs()).Peer);
}

/** A fresh copy of PeerJS's default `RTCPeerConnection` configuration (its public STUN and TURN servers), loading PeerJS the first time. */
export async function peerjsDefaultRtcConfig(): Promise<RtcConfig> {
  return structuredClone((await loadPeerjs()).defaultConfig);
}

/** PeerJS peers on the signaling server of `server`. */
function peerjsFactoryOf(Peer: PeerConstructor): PeerFactory {
  return (id, server) => {
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
}

/** The signaling-server options for a peermatch server URL (`http://127.0.0.1:8080` -> host, port, `/peerjs`). */
export function peerServerOf(serverUrl: string, config?: PeerServerOptions['config']): PeerServerOptions {
  const url = new URL(serverUrl);
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
  const server: PeerServerOptions = { host: url.hostname.replace(/^\[|\]$/g, ''), port, path: PEERJS_PATH, secure };
  if (config !== undefined) server.config = config;
  return server;
}
