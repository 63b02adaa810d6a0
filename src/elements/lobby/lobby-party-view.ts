/**
 * The party views of `<peermatch-lobby>` (with its `parties` attribute):
 * outside a party, Create a party and a code field to join one; in a party,
 * its code and link to share, the members with their ready state, this
 * player's Ready / Leave, and the leader's controls (remove a member, make
 * another member leader, find a match for the party once all are ready).
 * The last change is announced through an aria-live region; a refusal
 * through an alert. Pure templates; the element wires the actions.
 *
 * Themeable like the rest: `::part(party)`, `party-heading`, `party-intro`,
 * `party-join`, `party-code-input`, `party-code`, `party-link`,
 * `party-members`, `party-member`, `party-notice`, `party-error`, and the
 * buttons `button` plus `party-create`, `party-join-button`, `party-copy`,
 * `party-ready`, `party-leave`, `party-remove`, `party-make-leader`,
 * `party-find-match`.
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import type { PartyView } from '../../net/party-wire.ts';
import type { LobbyStatus } from './lobby-state.ts';
import { formatString, type LobbyStrings } from './lobby-strings.ts';

/** What the party views need. */
export interface PartyViewModel {
  party: PartyView | undefined;
  /** This client's player, once known. */
  selfId: string | undefined;
  link: string | undefined;
  notice: string;
  error: string;
  busy: boolean;
  lobbyStatus: LobbyStatus;
  strings: LobbyStrings;
  actions: {
    create(): void;
    join(code: string): void;
    leave(): void;
    remove(playerId: string): void;
    makeLeader(playerId: string): void;
    setReady(ready: boolean): void;
    queue(): void;
    copyLink(): void;
  };
}

/** Lobby states in which the party can be changed (no search under way). */
const EDITABLE = new Set<LobbyStatus>(['idle', 'failed']);
/** Lobby states in which the party is shown at all (not once the match is being joined or played). */
const SHOWN = new Set<LobbyStatus>(['idle', 'failed', 'connecting', 'searching', 'proposed', 'accepted', 'waiting-for-host', 'reconnecting']);

/** The party section, or nothing once a match is being joined. */
export function renderParty(model: PartyViewModel): TemplateResult | typeof nothing {
  if (!SHOWN.has(model.lobbyStatus)) return nothing;
  const { strings } = model;
  return html`<section part="party" class="party" aria-labelledby="party-heading" data-in-party=${model.party ? 'true' : 'false'}>
    <h2 id="party-heading" part="party-heading" class="party-heading">${strings.partyHeading}</h2>
    ${model.party ? inParty(model.party, model) : outOfParty(model)}
    <p part="party-notice" class="party-notice" role="status" aria-live="polite">${model.notice}</p>
    ${model.error ? html`<p part="party-error" class="party-error" role="alert">${model.error}</p>` : nothing}
  </section>`;
}

function outOfParty(model: PartyViewModel): TemplateResult {
  const { strings, actions } = model;
  const editable = EDITABLE.has(model.lobbyStatus);
  const submit = (event: Event) => {
    event.preventDefault();
    const input = (event.target as HTMLFormElement).elements.namedItem('code') as HTMLInputElement;
    if (input.value.trim()) actions.join(input.value.trim());
  };
  return html`<p part="party-intro" class="detail">${strings.partyIntro}</p>
    <div part="actions" class="actions">${partyButton('party-create', strings.createParty, actions.create, model.busy || !editable)}</div>
    <form part="party-join" class="party-join" @submit=${submit}>
      <label for="party-code-input">${strings.partyCodeLabel}</label>
      <input id="party-code-input" part="party-code-input" name="code" autocomplete="off" spellcheck="false" maxlength="6" size="8" ?disabled=${model.busy || !editable} />
      <button type="submit" part="button party-join-button" class="secondary" data-action="party-join" ?disabled=${model.busy || !editable}>${strings.joinParty}</button>
    </form>`;
}

function inParty(party: PartyView, model: PartyViewModel): TemplateResult {
  const { strings, actions } = model;
  const editable = EDITABLE.has(model.lobbyStatus) && party.Status === 'FORMING';
  const leading = party.LeaderPlayerId === model.selfId;
  const self = party.Members.find((m) => m.PlayerId === model.selfId);
  const notReady = party.Members.filter((m) => !m.Ready).map((m) => m.PlayerId);
  return html`<p part="party-code" class="party-code" data-code=${party.PartyCode}>${formatString(strings.partyCode, { code: party.PartyCode })}</p>
    ${model.link
      ? html`<div class="party-link-row">
          <label for="party-link">${strings.partyLinkLabel}</label>
          <input id="party-link" part="party-link" readonly .value=${model.link} @focus=${(e: Event) => (e.target as HTMLInputElement).select()} />
          ${partyButton('party-copy', strings.copyPartyLink, actions.copyLink, false)}
        </div>`
      : nothing}
    <p class="detail">${formatString(strings.partyMembers, { count: party.Members.length, max: party.MaxMembers })}</p>
    <ul part="party-members" class="party-members" aria-label=${strings.partyHeading}>
      ${party.Members.map((member) => memberItem(member, party, model, leading && editable))}
    </ul>
    <div part="actions" class="actions">
      ${self && editable ? partyButton('party-ready', self.Ready ? strings.markNotReady : strings.markReady, () => actions.setReady(!self.Ready), model.busy, self.Ready) : nothing}
      ${leading && editable ? partyButton('party-find-match', strings.partyFindMatch, actions.queue, model.busy || notReady.length > 0, undefined, true) : nothing}
      ${partyButton('party-leave', strings.leaveParty, actions.leave, model.busy, undefined, false, 'danger')}
    </div>
    ${editable
      ? html`<p part="detail" class="detail">${notReady.length > 0 ? formatString(strings.partyWaitingFor, { players: notReady.join(', ') }) : leading ? '' : strings.partyWaitingForLeader}</p>`
      : nothing}`;
}

function memberItem(member: PartyView['Members'][number], party: PartyView, model: PartyViewModel, controls: boolean): TemplateResult {
  const { strings, actions } = model;
  const leader = member.PlayerId === party.LeaderPlayerId;
  const self = member.PlayerId === model.selfId;
  const states = [leader ? strings.partyLeader : '', member.Ready ? strings.partyReady : strings.partyNotReady, member.Connected ? '' : strings.partyAway].filter(Boolean);
  return html`<li part="party-member" class="party-member" data-player=${member.PlayerId} data-ready=${String(member.Ready)} data-leader=${String(leader)} data-connected=${String(member.Connected)} ?data-self=${self}>
    <span class="party-member-name">${member.PlayerId}${self ? ` (${strings.you})` : ''}</span>
    <span class="party-member-state">${states.join(', ')}</span>
    ${controls && !self
      ? html`<button type="button" part="button party-make-leader" class="secondary small" data-action="party-make-leader"
            aria-label=${formatString(strings.makeLeader, { player: member.PlayerId })} ?disabled=${model.busy} @click=${() => actions.makeLeader(member.PlayerId)}>${strings.makeLeaderShort}</button>
          <button type="button" part="button party-remove" class="danger small" data-action="party-remove"
            aria-label=${formatString(strings.removeMember, { player: member.PlayerId })} ?disabled=${model.busy} @click=${() => actions.remove(member.PlayerId)}>${strings.removeMemberShort}</button>`
      : nothing}
  </li>`;
}

function partyButton(name: string, label: string, onClick: () => void, disabled: boolean, pressed?: boolean, primary = false, kind: 'secondary' | 'danger' = 'secondary'): TemplateResult {
  return html`<button
    type="button"
    part="button ${name}"
    class=${primary ? 'primary' : kind}
    data-action=${name}
    ?data-primary=${primary}
    aria-pressed=${pressed === undefined ? nothing : String(pressed)}
    ?disabled=${disabled}
    @click=${onClick}
  >${label}</button>`;
}

/** The party views' styles (the lobby's custom properties apply). */
export const partyStyles = css`
  .party {
    display: grid;
    gap: calc(var(--_gap) * 0.75);
    border-top: 1px solid var(--_border);
    padding-top: var(--_gap);
  }
  .party-heading {
    margin: 0;
    font-size: 1em;
  }
  .party-join,
  .party-link-row {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_gap) * 0.5);
    align-items: center;
  }
  .party-join input,
  .party-link-row input {
    font: inherit;
    padding: 0.35em 0.5em;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.6);
  }
  .party-join input {
    text-transform: uppercase;
    letter-spacing: 0.15em;
  }
  .party-link-row input {
    flex: 1 1 12rem;
    min-width: 0;
  }
  .party-code {
    margin: 0;
    font-weight: 600;
    letter-spacing: 0.05em;
  }
  .party-members {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.35em;
  }
  .party-member {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5em;
    align-items: center;
  }
  .party-member-state {
    color: var(--_muted);
  }
  .party-member[data-ready='true'] .party-member-state {
    color: var(--peermatch-success, #067647);
  }
  .party-notice {
    margin: 0;
    min-height: 1.2em;
    color: var(--_muted);
  }
  .party-error {
    margin: 0;
    color: var(--peermatch-danger, #b42318);
  }
  button.secondary {
    background: transparent;
    color: var(--_accent);
    border: 1px solid var(--_accent);
  }
  button.small {
    padding: 0.2em 0.6em;
    font-size: 0.85em;
  }
  button[disabled] {
    opacity: 0.55;
    cursor: not-allowed;
  }
`;
