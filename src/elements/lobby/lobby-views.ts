/**
 * The lobby's templates, one per status, chosen by an exhaustive switch.
 * Pure functions of the state, the strings and the time; the element wires
 * the buttons. Ticking numbers sit alone in their text nodes, so a tick
 * re-renders one text node and nothing moves.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { assertNever } from '../../core/assert-never.ts';
import type { LobbyState, LobbyTeam } from './lobby-state.ts';
import { formatDuration, formatString, type LobbyStrings } from './lobby-strings.ts';

/** What the templates need besides the state. */
export interface LobbyView {
  strings: LobbyStrings;
  /** Now, ms since the epoch. */
  nowMs: number;
  /** The player's actions. */
  actions: { start(): void; cancel(): void; accept(): void; decline(): void; retry(): void };
  /** No solo Find a match while idle (the player is in a party: its views hold the party's). */
  hideStart?: boolean;
}

/** The sentence the aria-live region announces for a state (and the panel's title). */
export function announcementOf(state: LobbyState, strings: LobbyStrings): string {
  switch (state.status) {
    case 'idle':
      return strings.idle;
    case 'connecting':
      return strings.connecting;
    case 'searching':
      if (state.requeued === 'declined') return strings.searchingAgainDeclined;
      if (state.requeued === 'timed-out') return strings.searchingAgainTimedOut;
      return strings.searching;
    case 'proposed':
      return strings.proposed;
    case 'accepted':
      return strings.accepted;
    case 'waiting-for-host':
      return strings.waitingForHost;
    case 'reconnecting':
      return strings.reconnecting;
    case 'connecting-to-game':
      return strings.connectingToGame;
    case 'ready':
      return formatString(state.role === 'game-host' ? strings.readyGameHost : strings.ready, { team: state.team });
    case 'failed':
      return failureSentence(state, strings);
    default:
      return assertNever(state);
  }
}

function failureSentence(state: LobbyState & { status: 'failed' }, strings: LobbyStrings): string {
  switch (state.reason) {
    case 'timed-out':
      if (state.code === 'AcceptanceWindowClosed') return strings.failedAcceptTooLate;
      return state.code === 'ACCEPTANCE_TIMED_OUT' ? strings.failedTimedOutAcceptance : strings.failedTimedOutSearch;
    case 'declined':
      return state.code === 'REJECTED' ? strings.failedDeclinedByYou : strings.failedDeclinedByOther;
    case 'host-unavailable':
      if (state.code === 'UnknownLobby') return strings.failedNoHost;
      return state.code === 'HostAway' ? strings.failedHostAway : strings.failedHostUnavailable;
    case 'connection-failed':
      return strings.failedConnection;
    case 'cancelled':
      return strings.failedCancelled;
    case 'replaced':
      return state.code === 'Replaced' ? strings.failedReplacedTab : strings.failedReplacedDevice;
    case 'error':
      return strings.failedError;
    default:
      return assertNever(state.reason);
  }
}

/** The body under the status line. */
export function renderBody(state: LobbyState, view: LobbyView): TemplateResult {
  const { strings, actions } = view;
  switch (state.status) {
    case 'idle':
      return view.hideStart ? html`` : actionsOf(button('start', strings.findMatch, actions.start, 'primary'));
    case 'connecting':
      return html`<progress part="progress" aria-label=${strings.connecting}></progress>`;
    case 'searching':
      return html`
        <dl part="timer" class="timer">
          <div><dt>${strings.elapsed}</dt><dd><span part="elapsed" class="num">${formatDuration(view.nowMs - state.startedAtMs)}</span></dd></div>
          <div>
            <dt>${strings.estimatedWait}</dt>
            <dd><span part="estimate" class="num">${state.estimatedWaitMs === undefined ? strings.estimateUnknown : formatDuration(state.estimatedWaitMs)}</span></dd>
          </div>
        </dl>
        ${ticketLine(state.ticketId, strings)} ${actionsOf(button('cancel', strings.cancel, actions.cancel, 'primary'))}
      `;
    case 'proposed':
      return html`
        ${teamsOf(state.teams, strings)} ${countdownOf(state, view)}
        ${actionsOf(button('accept', strings.accept, actions.accept, 'primary'), button('decline', strings.decline, actions.decline, 'danger'))}
      `;
    case 'accepted': {
      const players = state.teams.flatMap((team) => team.players);
      const accepted = players.filter((player) => player.accepted === true).length;
      return html`
        ${teamsOf(state.teams, strings)} ${countdownOf(state, view)}
        <p part="detail" class="detail">${formatString(strings.acceptedCount, { accepted, total: players.length })}</p>
      `;
    }
    case 'waiting-for-host':
      return html`
        <dl part="timer" class="timer">
          <div><dt>${strings.waitingFor}</dt><dd><span part="waited" class="num">${formatDuration(view.nowMs - state.sinceMs)}</span></dd></div>
        </dl>
        ${ticketLine(state.ticketId, strings)} ${actionsOf(button('cancel', strings.cancel, actions.cancel, 'primary'))}
      `;
    case 'reconnecting': {
      const leftMs = state.retryAtMs === undefined ? 0 : state.retryAtMs - view.nowMs;
      const next = leftMs > 0 ? formatString(strings.nextAttempt, { seconds: Math.ceil(leftMs / 1000) }) : strings.nextAttemptNow;
      return html`
        <p part="detail retry-time" class="detail"><span class="num">${next}</span></p>
        ${ticketLine(state.ticketId, strings)} ${actionsOf(button('cancel', strings.cancel, actions.cancel, 'primary'))}
      `;
    }
    case 'connecting-to-game':
      return html`
        <progress part="progress" max=${state.expected ?? 1} value=${state.expected === undefined ? nothing : state.open} aria-label=${strings.connectingToGame}></progress>
        ${state.expected === undefined ? nothing : html`<p part="detail" class="detail">${formatString(strings.connectionsOpen, { open: state.open, expected: state.expected })}</p>`}
      `;
    case 'ready': {
      const left = (player: string) => html`<p part="detail departure" class="detail" data-player=${player}>${
        player === state.match.gameHostPlayerId ? strings.gameHostLeft : formatString(strings.playerLeft, { player })
      }</p>`;
      const silent = (player: string) => html`<p part="detail interruption" class="detail" data-player=${player}>${
        player === state.match.gameHostPlayerId ? strings.gameHostInterrupted : formatString(strings.playerInterrupted, { player })
      }</p>`;
      const open = state.connections.filter((connection) => connection.open).length;
      return html`<p part="detail" class="detail">${formatString(strings.connectionsOpen, { open, expected: state.connections.length })}</p>
        ${state.departed.map(left)} ${state.interrupted.map(silent)}
        ${state.newGameHost
          ? html`<p part="detail game-host-changed" class="detail" data-player=${state.newGameHost.playerId}>${
              state.newGameHost.self ? strings.newGameHostSelf : formatString(strings.newGameHost, { player: state.newGameHost.playerId })
            }</p>`
          : nothing}
        ${state.nobodyLeft !== undefined ? html`<p part="detail nobody-left" class="detail">${strings.nobodyLeft}</p>` : nothing}
        ${(state.network ?? []).map(
          (network) =>
            html`<p part="detail network" class="detail" data-path=${network.path}>${formatString(network.roundTripTimeMs === undefined ? strings.connectionPath : strings.connectionPathRtt, {
              path: network.description,
              rtt: String(Math.round(network.roundTripTimeMs ?? 0)),
            })}</p>`,
        )}`;
    }
    case 'failed':
      return html`
        ${state.failure ? html`<p part="detail failure" class="detail" data-step=${state.failure.step}>${formatString(strings.failedConnectionCause, { reason: state.failure.reason })}</p>` : ''}
        <p part="detail" class="detail">${state.code === 'UnknownLobby' ? strings.failedNoHostDetail : state.message}</p>
        ${actionsOf(button('retry', state.reason === 'replaced' && state.code === 'Replaced' ? strings.playHere : strings.retry, actions.retry, 'primary'))}
      `;
    default:
      return assertNever(state);
  }
}

function button(name: string, label: string, onClick: () => void, kind: 'primary' | 'danger'): TemplateResult {
  // The first primary button of a state takes the focus when the state changes (see the element).
  return html`<button type="button" part="button ${name}" class=${kind} data-action=${name} ?data-primary=${kind === 'primary'} @click=${onClick}>${label}</button>`;
}

function actionsOf(...buttons: TemplateResult[]): TemplateResult {
  return html`<div part="actions" class="actions">${buttons}</div>`;
}

function ticketLine(ticketId: string, strings: LobbyStrings): TemplateResult {
  return html`<p part="ticket" class="ticket" data-ticket-id=${ticketId}>${formatString(strings.ticket, { ticketId })}</p>`;
}

function teamsOf(teams: readonly LobbyTeam[], strings: LobbyStrings): TemplateResult {
  return html`<div part="teams" class="teams">
    ${teams.map(
      (team) => html`<ul part="team" class="team" aria-label=${formatString(strings.team, { team: team.name })}>
        <li part="team-name" class="team-name">${formatString(strings.team, { team: team.name })}</li>
        ${team.players.map(
          (player) => html`<li
            part="player"
            class="player"
            ?data-self=${player.self}
            data-accepted=${player.accepted === undefined ? 'unknown' : String(player.accepted)}
          >
            ${player.playerId}${player.self ? ` (${strings.you})` : ''}${player.accepted === undefined
              ? nothing
              : html`<span class="visually-hidden">, ${player.accepted ? strings.playerAccepted : strings.playerDeclined}</span>`}
          </li>`,
        )}
      </ul>`,
    )}
  </div>`;
}

function countdownOf(state: { deadlineMs: number | undefined; acceptanceTimeoutMs: number | undefined }, view: LobbyView): TemplateResult | typeof nothing {
  if (state.deadlineMs === undefined || state.acceptanceTimeoutMs === undefined) return nothing;
  const leftMs = Math.max(0, state.deadlineMs - view.nowMs);
  const seconds = Math.ceil(leftMs / 1000);
  return html`<div class="countdown-row">
    <span part="countdown" class="num countdown" aria-label=${view.strings.timeLeft}>${formatString(view.strings.seconds, { seconds })}</span>
    <progress part="countdown-bar" max=${state.acceptanceTimeoutMs} value=${leftMs} aria-label=${view.strings.timeLeft}></progress>
  </div>`;
}
