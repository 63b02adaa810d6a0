/**
 * index.html, the front door: a real `<peermatch-lobby>` for a lobby on this
 * server (`?lobby=`, default `demo`; `?player=` for the player id, else one
 * the lobby makes up and remembers; `?skill=` for the `skill` attribute,
 * default 10), and links to the host console and the simulator for the same lobby.
 */
import '../lobby.ts';

const query = new URLSearchParams(location.search);
const lobbyName = query.get('lobby') || 'demo';
const playerId = query.get('player') ?? '';
const skill = Number(query.get('skill') ?? 10);

const lobby = document.querySelector('peermatch-lobby')!;
lobby.serverUrl = location.origin;
lobby.lobby = lobbyName;
lobby.playerId = playerId;
lobby.playerAttributes = { skill: { N: Number.isFinite(skill) ? skill : 10 } };

document.querySelector('#lobby-name')!.textContent = lobbyName;
const hostUrl = `/host.html?lobby=${encodeURIComponent(lobbyName)}`;
document.querySelector<HTMLAnchorElement>('#host-link')!.href = hostUrl;
document.querySelector<HTMLAnchorElement>('#simulator-link')!.href = `${hostUrl}#simulator`;

const playerName = document.querySelector('#player-name')!;
const gameLine = document.querySelector<HTMLElement>('#game-line')!;
if (playerId) playerName.textContent = playerId;

lobby.addEventListener('peermatch-status', () => {
  // The lobby makes up a player id when none is given; show it once the client knows it.
  const client = lobby.client;
  if (!playerId && client) {
    try {
      playerName.textContent = client.playerId;
    } catch {
      // Not connected yet.
    }
  }
});

lobby.addEventListener('peermatch-ready', (event) => {
  const { role, connections, match } = event.detail;
  // What a game would do now: talk to the other players over the open DataConnections.
  for (const connection of connections) connection.send({ type: 'hello', from: lobby.client?.playerId });
  gameLine.hidden = false;
  gameLine.textContent =
    role === 'game-host'
      ? `You host match ${match.matchId.slice(0, 8)}: ${connections.length} player(s) connected to you over WebRTC. A game would start here.`
      : `Connected to the game host over WebRTC (match ${match.matchId.slice(0, 8)}). A game would start here.`;
});
