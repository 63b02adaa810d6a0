// The game page: the lobby element finds a match; on `peermatch-ready` the
// game has an open connection to every other player (game host) or to the
// game host (player), and sends at once: nothing sent now is lost.
import 'peermatch/lobby';

const params = new URLSearchParams(location.search);
const lobby = document.querySelector('peermatch-lobby');
if (params.has('server')) lobby.setAttribute('server-url', params.get('server'));
if (params.has('lobby')) lobby.setAttribute('lobby', params.get('lobby'));
if (params.has('player')) lobby.setAttribute('player-id', params.get('player'));

/** What this page received, for the test to read. */
window.received = [];

lobby.addEventListener('peermatch-ready', (event) => {
  const { role, connections } = event.detail;
  for (const connection of connections) {
    connection.on('data', (message) => window.received.push(message));
    for (let n = 0; n < 10; n++) connection.send({ from: lobby.getAttribute('player-id'), role, n });
  }
});
