/**
 * The lobby element's test page (test/e2e/lobby-*.spec.ts): one
 * `<peermatch-lobby>` set up from the query string, loopback WebRTC (no ICE
 * servers), and `window.lobbyPage` for what the test reads.
 *
 * Query: `server`, `lobby`, `player`, `skill` (a number attribute, default 10),
 * `ice=server` (use the server's STUN/TURN servers instead of none),
 * `autostart` (any value), `handoff` (hand-off time limit, ms), `hostwait`
 * (seconds to wait for a host that went away), `seatgrace` (ms a departed player
 * keeps its seat at the game host), `parties` (any value: the party views on),
 * `volunteer` (any value: the tab volunteers as a standby lobby host, in memory,
 * ticking every 200 ms once promoted, as a game would with `peermatch/worker`). A
 * `party=CODE` in the query is the party link the element reads itself.
 */
import '../../../src/lobby.ts';
import type { LobbyVolunteerDetail, VolunteeredHost } from '../../../src/lobby.ts';
import { memoryHostStore, startBrowserHost, type RunningLobbyHost } from '../../../src/worker.ts';
import type { DataConnection } from 'peerjs';
import { networksOf, type ConnectionNetwork } from '../../../src/client/connection-diagnostics.ts';

declare global {
  interface Window {
    lobbyPage?: {
      /** Open DataConnections of the lobby's client whose data channel is open. */
      openConnections(): number;
      /** How each open connection goes now (selected pair, round-trip time, ICE restarts so far). */
      network(): Promise<ConnectionNetwork[]>;
      /** Every `peermatch-error` detail so far. */
      errors: Array<{ reason: string; message: string; code?: string }>;
      /** Every `peermatch-volunteer` detail so far, with when it fired (ms since the epoch). */
      volunteer: Array<LobbyVolunteerDetail & { atMs: number }>;
      /** The standby host this tab volunteered (`volunteer` in the query), once started. */
      volunteerHost?: RunningLobbyHost;
    };
  }
}

const params = new URLSearchParams(location.search);
const lobby = document.querySelector('peermatch-lobby')!;
lobby.serverUrl = params.get('server') ?? '';
lobby.lobby = params.get('lobby') ?? '';
lobby.playerId = params.get('player') ?? '';
lobby.playerAttributes = { skill: { N: Number(params.get('skill') ?? 10) } };
// `ice=server`: the STUN/TURN servers the peermatch server hands out (the NAT tests); else none (loopback).
lobby.clientOptions = { ...(params.get('ice') === 'server' ? {} : { rtcConfig: { iceServers: [] } }), handoffTimeoutMs: Number(params.get('handoff') ?? 15_000),
  ...(params.has('seatgrace') ? { seatGraceMs: Number(params.get('seatgrace')) } : {}),
};
lobby.autostart = params.has('autostart');
lobby.parties = params.has('parties');
if (params.has('hostwait')) lobby.hostWait = Number(params.get('hostwait'));

const errors: Array<{ reason: string; message: string; code?: string }> = [];
lobby.addEventListener('peermatch-error', (event) => errors.push(event.detail));
const volunteer: Array<LobbyVolunteerDetail & { atMs: number }> = [];
lobby.addEventListener('peermatch-volunteer', (event) => volunteer.push({ ...event.detail, atMs: Date.now() }));
if (params.has('volunteer')) {
  lobby.volunteerHost = async (offer): Promise<VolunteeredHost> => {
    const host = await startBrowserHost({ ...offer, ruleSetBody: '', store: memoryHostStore(), tickIntervalMs: 200 });
    window.lobbyPage!.volunteerHost = host;
    return host;
  };
}
window.lobbyPage = {
  openConnections: () =>
    (lobby.client?.connections() ?? []).filter((connection) => connection.open && (connection as unknown as DataConnection).dataChannel?.readyState === 'open').length,
  network: () => networksOf(lobby.client?.connections() ?? []),
  errors,
  volunteer,
};
