/**
 * The slice of PeerJS the hand-off uses, as interfaces: a browser gets real
 * PeerJS (`peerjs-peer.ts`); Node can plug PeerJS over `@roamhq/wrtc`, and
 * tests can plug stubs. Interfaces only.
 */

/** A PeerJS `DataConnection` as far as the hand-off needs it. */
export interface DataConnectionLike {
  /** The PeerJS id of the other end. */
  readonly peer: string;
  /** What the connecting side passed as `metadata` (untrusted on the receiving side). */
  readonly metadata: unknown;
  /** True once the data channel is open, until it closes. */
  readonly open: boolean;
  send(data: unknown): void;
  close(): void;
  on(event: 'open' | 'close', listener: () => void): unknown;
  on(event: 'data', listener: (data: unknown) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** A PeerJS error: `type` is PeerJS's error type (`peer-unavailable`, `unavailable-id`, `network`, ...). */
export interface PeerErrorLike extends Error {
  type?: string;
}

/** A PeerJS `Peer` as far as the hand-off needs it. */
export interface PeerLike {
  readonly id: string;
  /** True while registered with the signaling server. */
  readonly open: boolean;
  readonly disconnected: boolean;
  readonly destroyed: boolean;
  connect(peerId: string, options: { metadata: unknown; reliable?: boolean; serialization?: string }): DataConnectionLike;
  on(event: 'open', listener: (id: string) => void): unknown;
  on(event: 'connection', listener: (connection: DataConnectionLike) => void): unknown;
  on(event: 'disconnected' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: PeerErrorLike) => void): unknown;
  /** Re-registers a disconnected peer with the same id. */
  reconnect(): void;
  destroy(): void;
}

/** Where the PeerJS signaling server is: `new Peer(id, { host, port, path, secure })`. */
export interface PeerServerOptions {
  host: string;
  port: number;
  path: string;
  secure: boolean;
  /** `RTCPeerConnection` configuration (ICE servers); default PeerJS's. */
  config?: { iceServers?: { urls: string | string[]; username?: string; credential?: string }[] };
}

/** Creates a peer with the id `id` on the signaling server `server`. */
export type PeerFactory = (id: string, server: PeerServerOptions) => PeerLike;
