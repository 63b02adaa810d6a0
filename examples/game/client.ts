// A game with its own UI: the player client without the lobby element.
import { PeermatchClient } from 'peermatch/client';

const client = new PeermatchClient({ serverUrl: 'https://game.example', lobby: 'demo', playerId: 'ana' });
client.on((event) => {
  if (event.type === 'match-ready') {
    // Open connections: to every other player (game host) or to the game host (player).
    for (const connection of event.connections) connection.on('data', (message) => console.log(event.role, 'got', message));
  }
  if (event.type === 'player-connected') console.log(`${event.playerId} joined (a backfill, or a reload)`);
  if (event.type === 'player-disconnected') console.log(`${event.playerId} left`);
  // The failed step (signaling, ICE, TURN, admission) in plain words: see "What the diagnostics say".
  if (event.type === 'match-failed') console.error(event.failure?.reason ?? event.reason);
});
await client.connect();
await client.startMatchmaking({ Players: [{ PlayerId: 'ana', PlayerAttributes: { skill: { N: 23 } } }] });
