/**
 * `peermatch/client`: the player's side without the lobby element, for games
 * with their own UI and for Node code that talks to a lobby.
 *
 * ```ts
 * import { PeermatchClient } from 'peermatch/client';
 * const client = new PeermatchClient({ serverUrl: 'https://mm.example', lobby: 'main', playerId: 'ana' });
 * ```
 *
 * In Node 20, pass `webSocket: (url) => new WebSocket(url)` from the `ws`
 * package, and `peerFactory: null` (relay only) unless a WebRTC
 * implementation is installed on `globalThis`. PeerJS is loaded only when a
 * client connects with the default peer factory.
 */
export {
  PeermatchClient,
  type ClientAcceptMatchInput,
  type ClientStartMatchmakingInput,
  type ConnectResult,
  type PeermatchClientEvent,
  type PeermatchClientOptions,
  type ReplacedWhere,
} from './client/peermatch-client.ts';
export type { DepartureReason, HandoffNotice } from './client/handoff.ts';
export { DEFAULT_HEARTBEAT, type HeartbeatOptions } from './client/heartbeat.ts';
export { DEFAULT_SUCCESSOR_ANSWER_MS, type MigrationNotice } from './client/migration.ts';
export type { DataConnectionLike, PeerErrorLike, PeerFactory, PeerLike, PeerServerOptions } from './client/peer-like.ts';
export type { RelayStatus, WebSocketFactory, WebSocketLike } from './net/relay-link.ts';
export { idbStorage, memoryStorage, type ClientStorage, type RememberedProposal, type RememberedSession } from './client/storage.ts';
export type { BackoffOptions, Timers } from './net/backoff.ts';
export {
  connectionInfoOf,
  ticketConnectionOf,
  type ConnectionInfo,
  type ConnectionPlayer,
  type TicketConnection,
} from './net/connection-info.ts';
export { PartyClient, type RememberedParty } from './client/party.ts';
export {
  MAX_PARTY_MEMBERS,
  PARTY_QUERY_PARAMETER,
  type PartyChange,
  type PartyChangeType,
  type PartyMemberView,
  type PartyPlayerData,
  type PartyView,
} from './net/party-wire.ts';
