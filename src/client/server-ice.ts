/**
 * The ICE servers a client's WebRTC connections use: the game's own
 * configuration when it passed one (`rtcConfig`), else the servers the
 * peermatch server handed out with `joined` (STUN, and TURN with short-lived
 * credentials), renewed by its `ice` frames, else PeerJS's defaults.
 *
 * The configuration object is given to the peer once and updated in place,
 * so every `RTCPeerConnection` created after a renewal gets the fresh
 * credentials without re-registering the peer.
 */
import type { IceConfig } from '../net/ice-config.ts';
import type { PeerServerOptions } from './peer-like.ts';

/** An `RTCPeerConnection` configuration as the peer takes it. */
export type RtcConfig = NonNullable<PeerServerOptions['config']>;

/** See the file comment. */
export class ServerIce {
  /** The object handed to the peer; its `iceServers` change in place. */
  readonly config: RtcConfig;
  private readonly gameOwned: boolean;
  private expiresAtMsValue: number | undefined;

  /** `gameConfig`: the game's own (never replaced); `fallback`: used until the server sends servers. */
  constructor(gameConfig: RtcConfig | undefined, fallback: RtcConfig) {
    this.gameOwned = gameConfig !== undefined;
    this.config = gameConfig ?? fallback;
  }

  /** When the server's TURN credentials in use expire (ms since the epoch); undefined without them. */
  get expiresAtMs(): number | undefined {
    return this.expiresAtMsValue;
  }

  /** Uses `defaults`' ICE servers while neither the game nor the server has given any. */
  fallBackTo(defaults: RtcConfig): void {
    if (this.gameOwned || this.config.iceServers !== undefined) return;
    if (defaults.iceServers !== undefined) this.config.iceServers = defaults.iceServers;
  }

  /** Takes the server's configuration (from `joined` or a renewal), unless the game passed its own. */
  apply(ice: IceConfig | undefined): void {
    if (ice === undefined || this.gameOwned) return;
    this.config.iceServers = ice.iceServers.map((server) => ({ ...server, urls: [...server.urls] }));
    this.expiresAtMsValue = ice.expiresAtMs;
  }
}
