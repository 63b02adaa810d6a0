/**
 * `peermatch/lobby`: the library entry a game imports.
 *
 * ```ts
 * import 'peermatch/lobby';                       // registers <peermatch-lobby>
 * import { PeermatchLobby, type LobbyState } from 'peermatch/lobby';
 * ```
 *
 * Importing registers the `peermatch-lobby` custom element (once; a second
 * copy of the library does not throw). That registration is the module's only
 * side effect; everything else is a named export a bundler can drop.
 */
import { PeermatchLobby } from './elements/lobby/peermatch-lobby.ts';

export { PeermatchLobby, type LobbyErrorDetail, type LobbyReadyDetail } from './elements/lobby/peermatch-lobby.ts';
export type {
  LobbyFailureReason,
  LobbyInterrupted,
  LobbyPlayer,
  LobbyProposal,
  LobbyResumable,
  LobbySearching,
  LobbyState,
  LobbyStatus,
  LobbyTeam,
} from './elements/lobby/lobby-state.ts';
export { DEFAULT_LOBBY_STRINGS, type LobbyStrings } from './elements/lobby/lobby-strings.ts';
export { DEFAULT_LATENCY_REGION } from './elements/lobby/measure-latency.ts';
export type { PeermatchClient, PeermatchClientEvent, PeermatchClientOptions } from './client/peermatch-client.ts';

if (typeof customElements !== 'undefined' && !customElements.get('peermatch-lobby')) {
  customElements.define('peermatch-lobby', PeermatchLobby);
}

declare global {
  interface HTMLElementTagNameMap {
    'peermatch-lobby': PeermatchLobby;
  }
  interface HTMLElementEventMap {
    'peermatch-status': CustomEvent<import('./elements/lobby/lobby-state.ts').LobbyState>;
    'peermatch-ready': CustomEvent<import('./elements/lobby/peermatch-lobby.ts').LobbyReadyDetail>;
    'peermatch-error': CustomEvent<import('./elements/lobby/peermatch-lobby.ts').LobbyErrorDetail>;
  }
}
