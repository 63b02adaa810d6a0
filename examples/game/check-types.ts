// Every public entry's types, compiled with the game's strict flags (tsconfig.json).
import { Matchmaker, validateRuleSet, type StartMatchmakingInput } from 'peermatch';
import type { PeermatchLobby, LobbyState } from 'peermatch/lobby';
import { PeermatchClient, connectionInfoOf } from 'peermatch/client';
import { createMatchmakerWorker, startBrowserHost } from 'peermatch/worker';
import { startNodeMatchmaker, startNodeHost } from 'peermatch/node';
import { startPeermatch } from 'peermatch/testing';

const input: StartMatchmakingInput = { ConfigurationName: 'duel', Players: [{ PlayerId: 'ana' }] };
const matchmaker = new Matchmaker({ now: () => 0 });
const { valid } = validateRuleSet('{}');
const client = new PeermatchClient({ serverUrl: 'http://127.0.0.1:8080', lobby: 'demo', playerId: 'ana' });
client.on((event) => {
  if (event.type === 'matchmaking-event') console.log(connectionInfoOf(event.event)?.gameHostPeerId);
});
const lobby: PeermatchLobby | null = document.querySelector('peermatch-lobby');
lobby?.addEventListener('peermatch-ready', (event) => {
  for (const connection of event.detail.connections) connection.on('data', (data) => console.log(data));
});
lobby?.addEventListener('peermatch-status', (event) => {
  const state: LobbyState = event.detail;
  console.log(state.status);
});

export { input, matchmaker, valid, createMatchmakerWorker, startBrowserHost, startNodeMatchmaker, startNodeHost, startPeermatch };
