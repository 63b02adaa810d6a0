/**
 * A page as a game writes it (test/e2e/lobby-testing-helpers.spec.ts): its
 * own `<game-shell>` element with `<peermatch-lobby>` inside its open shadow
 * root, no `window.lobbyPage`, nothing of the test helpers. Query: `server`,
 * `lobby`, `player`.
 */
import '../../../src/lobby.ts';

class GameShell extends HTMLElement {
  connectedCallback(): void {
    if (this.shadowRoot) return;
    const root = this.attachShadow({ mode: 'open' });
    const params = new URLSearchParams(location.search);
    const lobby = document.createElement('peermatch-lobby');
    lobby.serverUrl = params.get('server') ?? '';
    lobby.lobby = params.get('lobby') ?? '';
    lobby.playerId = params.get('player') ?? '';
    lobby.playerAttributes = { skill: { N: 10 } };
    lobby.clientOptions = { rtcConfig: { iceServers: [] } };
    const title = document.createElement('h1');
    title.textContent = 'My game';
    root.append(title, lobby);
  }
}

customElements.define('game-shell', GameShell);
