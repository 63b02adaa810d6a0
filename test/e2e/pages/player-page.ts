/**
 * A player tab for test/e2e/p2p-*.spec.ts: one `PeermatchClient` (real
 * PeerJS, real WebRTC, identity and ticket in IndexedDB) for the player in
 * the query string, driven by the test through `window.peermatchPlayer`.
 *
 * Query: `server`, `lobby`, `player`, `skill` (default 10), `handoff`
 * (hand-off time limit in ms, default 15000).
 */
import type { DataConnection } from 'peerjs';
import type { DataConnectionLike } from '../../../src/client/peer-like.ts';
import { PeermatchClient } from '../../../src/client/peermatch-client.ts';

/** What the test reads: plain JSON. */
export interface PlayerPageState {
  playerId: string;
  peerId: string | undefined;
  clientId: string | undefined;
  ticketId: string | undefined;
  /** Relay statuses in order. */
  relay: string[];
  /** FlexMatch event types of this player's tickets, in order. */
  events: string[];
  /** From MatchmakingSucceeded: the match, its tickets and every player's team. */
  succeeded?: { matchId: string; ticketIds: string[]; teams: Record<string, string>; atMs: number };
  /** From match-ready, as the event found the connections. */
  ready?: {
    role: 'game-host' | 'player';
    team: string;
    matchId: string;
    gameHostPeerId: string;
    connections: number;
    /** `DataConnection.open` of each connection when match-ready fired. */
    openAtReady: boolean[];
    /** `RTCDataChannel.readyState` of each connection when match-ready fired. */
    channelStatesAtReady: string[];
    atMs: number;
  };
  failed?: string;
  /** Open DataConnections now (open, data channel `open`). */
  openConnections: number;
  refused: string[];
}

declare global {
  interface Window {
    peermatchPlayer?: {
      connect(): Promise<{ clientId: string; resumed: boolean; peerId: string; ticketId: string | undefined }>;
      start(): Promise<string>;
      describe(): Promise<string | undefined>;
      state(): PlayerPageState;
    };
  }
}

const params = new URLSearchParams(location.search);
const playerId = params.get('player') ?? 'player';
const skill = Number(params.get('skill') ?? 10);
const client = new PeermatchClient({
  serverUrl: params.get('server') ?? '',
  lobby: params.get('lobby') ?? '',
  playerId,
  handoffTimeoutMs: Number(params.get('handoff') ?? 15_000),
  // Loopback only: no STUN or TURN to wait for.
  rtcConfig: { iceServers: [] },
});
const state: PlayerPageState = { playerId, peerId: undefined, clientId: undefined, ticketId: undefined, relay: [], events: [], openConnections: 0, refused: [] };
const statusElement = document.querySelector('#status')!;

const channelState = (connection: DataConnectionLike): string =>
  (connection as unknown as DataConnection).dataChannel?.readyState ?? 'none';
const isOpen = (connection: DataConnectionLike): boolean => connection.open && channelState(connection) === 'open';

client.on((event) => {
  switch (event.type) {
    case 'status':
      state.relay.push(event.status);
      return;
    case 'matchmaking-event': {
      const detail = event.event.detail;
      state.events.push(detail.type);
      if (detail.type === 'MatchmakingSucceeded') {
        const teams: Record<string, string> = {};
        for (const player of detail.gameSessionInfo.players) teams[player.playerId] = player.team ?? '';
        state.succeeded = { matchId: detail.matchId, ticketIds: detail.tickets.map((t) => t.ticketId), teams, atMs: Date.now() };
      }
      return;
    }
    case 'match-ready':
      state.ready = {
        role: event.role,
        team: event.team,
        matchId: event.match.matchId,
        gameHostPeerId: event.match.gameHostPeerId,
        connections: event.connections.length,
        openAtReady: event.connections.map((c) => c.open),
        channelStatesAtReady: event.connections.map(channelState),
        atMs: Date.now(),
      };
      statusElement.textContent = 'match-ready';
      return;
    case 'match-failed':
      state.failed = event.reason;
      statusElement.textContent = `match-failed: ${event.reason}`;
      return;
    case 'connection-refused':
      state.refused.push(`${event.peerId}: ${event.reason}`);
      return;
    default:
      return;
  }
});

window.peermatchPlayer = {
  async connect() {
    const result = await client.connect();
    state.peerId = result.peerId;
    state.clientId = result.clientId;
    state.ticketId = result.ticket?.TicketId;
    statusElement.textContent = 'connected';
    return { clientId: result.clientId, resumed: result.resumed, peerId: result.peerId, ticketId: result.ticket?.TicketId };
  },
  async start() {
    const { MatchmakingTicket } = await client.startMatchmaking({ Players: [{ PlayerId: playerId, PlayerAttributes: { skill: { N: skill } } }] });
    state.ticketId = MatchmakingTicket.TicketId;
    return MatchmakingTicket.TicketId;
  },
  async describe() {
    if (state.ticketId === undefined) return undefined;
    const { TicketList } = await client.describeMatchmaking({ TicketIds: [state.ticketId] });
    return TicketList[0]?.Status;
  },
  state: () => ({ ...structuredClone(state), openConnections: client.connections().filter(isOpen).length }),
};
statusElement.textContent = 'ready';
