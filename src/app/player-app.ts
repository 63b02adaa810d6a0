/**
 * index.html, the front door: a real `<peermatch-lobby>` for a lobby on this
 * server (`?lobby=`, default `demo`, which `peermatch serve` hosts itself;
 * `?player=` for the player id, else one made up per window and kept for its
 * reloads, so two windows of one browser are two players; `?skill=` for the
 * `skill` attribute, default 10). It searches as soon as it opens, says how
 * many players the lobby's matches need and how many wait, and links to the
 * host console and the simulator for the same lobby.
 */
import '../lobby.ts';
import { lobbyLine } from './lobby-line.ts';

const query = new URLSearchParams(location.search);
const lobbyName = query.get('lobby') || 'demo';
const playerId = query.get('player') || windowPlayerId(lobbyName);
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
document.querySelector('#player-name')!.textContent = playerId;

const gameLine = document.querySelector<HTMLElement>('#game-line')!;
const lobbyLineElement = document.querySelector<HTMLElement>('#lobby-line')!;

/** A player id for this window: sessionStorage is per window and survives its reloads. */
function windowPlayerId(lobbyName: string): string {
  const key = `peermatch:front-door:${lobbyName}:player`;
  const kept = sessionStorage.getItem(key);
  if (kept) return kept;
  const made = `player-${crypto.randomUUID().slice(0, 8)}`;
  sessionStorage.setItem(key, made);
  return made;
}

/** Asks the lobby's host how full the lobby is; says nothing while there is no answer. */
async function refreshLobbyLine(): Promise<void> {
  const client = lobby.client;
  if (!client || client.status !== 'open' || !client.hostAvailable) return;
  try {
    lobbyLineElement.textContent = lobbyLine(await client.call('describeLobby', {}));
    lobbyLineElement.hidden = false;
  } catch {
    // A host of an older version, or one that just left: the lobby element says what matters.
  }
}

const LOBBY_LINE_INTERVAL_MS = 2000;
setInterval(() => void refreshLobbyLine(), LOBBY_LINE_INTERVAL_MS);
lobby.addEventListener('peermatch-status', () => void refreshLobbyLine());

lobby.addEventListener('peermatch-ready', (event) => {
  const { role, connections, match } = event.detail;
  // What a game would do now: talk to the other players over the open DataConnections.
  for (const connection of connections) connection.send({ type: 'hello', from: playerId });
  gameLine.hidden = false;
  gameLine.textContent =
    role === 'game-host'
      ? `You host match ${match.matchId.slice(0, 8)}: ${connections.length} player(s) connected to you over WebRTC. A game would start here.`
      : `Connected to the game host over WebRTC (match ${match.matchId.slice(0, 8)}). A game would start here.`;
});
