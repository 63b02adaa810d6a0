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
 *
 * Server-side rendering: imported in Node, the module registers nothing (not
 * even in the `customElements` stand-in lit installs there) and loads no
 * PeerJS; the element works once the page imports it in the browser.
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
export { DEFAULT_PARTY_STRINGS, type PartyStrings } from './elements/lobby/lobby-party-strings.ts';
export type { PartyChange, PartyView } from './net/party-wire.ts';
export type { LobbyConnectionDetail, LobbyMatchEvent, LobbyPlayerJoinedDetail, LobbyPlayerLeftDetail, LobbyReplacedDetail, LobbySeatReleasedDetail } from './elements/lobby/lobby-match-events.ts';
export { DEFAULT_LATENCY_REGION } from './elements/lobby/measure-latency.ts';
export type { LobbyVolunteerDetail, VolunteeredHost, VolunteerHostFunction, VolunteerOffer, VolunteerRole } from './elements/lobby/lobby-volunteer.ts';
export type { PeermatchClient, PeermatchClientEvent, PeermatchClientOptions } from './client/peermatch-client.ts';

/** A browser page, not Node (where lit installs a `customElements` stand-in but there is no `document`). */
const inBrowser = typeof document !== 'undefined' && typeof customElements !== 'undefined';
if (inBrowser && !customElements.get('peermatch-lobby')) {
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
    'peermatch-replaced': CustomEvent<import('./elements/lobby/lobby-match-events.ts').LobbyReplacedDetail>;
    'peermatch-volunteer': CustomEvent<import('./elements/lobby/lobby-volunteer.ts').LobbyVolunteerDetail>;
  }
}
