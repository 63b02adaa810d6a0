/**
 * The lobby's shadow styles. Themed from outside through CSS custom
 * properties (defaults in parentheses):
 *
 * | property | what |
 * | --- | --- |
 * | `--peermatch-font` (system-ui) | font family |
 * | `--peermatch-fg` (#1b1b1f) | text |
 * | `--peermatch-muted` (#5d5d6b) | secondary text |
 * | `--peermatch-bg` (#ffffff) | panel background |
 * | `--peermatch-border` (#d9d9e3) | panel and list borders |
 * | `--peermatch-accent` (#4f46e5) | primary buttons, bars |
 * | `--peermatch-accent-fg` (#ffffff) | text on the accent |
 * | `--peermatch-danger` (#b42318) | decline, failures |
 * | `--peermatch-success` (#067647) | ready, accepted players |
 * | `--peermatch-radius` (10px) | corners |
 * | `--peermatch-gap` (0.75rem) | spacing |
 *
 * and `::part(...)`: container, status, detail, timer, elapsed, estimate, waited, retry-time,
 * ticket, teams, team, team-name, player, countdown, countdown-bar,
 * progress, actions, button, start, cancel, accept, decline, retry, notice (with host-changed
 * or volunteer-host: a short note, e.g. that this tab now hosts the lobby).
 */
import { css } from 'lit';

/** See the file comment. */
export const lobbyStyles = css`
  :host {
    display: block;
    font-family: var(--peermatch-font, system-ui, -apple-system, 'Segoe UI', sans-serif);
    color: var(--peermatch-fg, #1b1b1f);
    --_accent: var(--peermatch-accent, #4f46e5);
    --_muted: var(--peermatch-muted, #5d5d6b);
    --_border: var(--peermatch-border, #d9d9e3);
    --_gap: var(--peermatch-gap, 0.75rem);
    --_radius: var(--peermatch-radius, 10px);
  }
  :host([hidden]) {
    display: none;
  }
  .container {
    box-sizing: border-box;
    display: grid;
    gap: var(--_gap);
    /* Room for the tallest common state (a proposal), so the page does not jump between states. */
    min-height: 11rem;
    align-content: start;
    padding: calc(var(--_gap) * 1.5);
    background: var(--peermatch-bg, #ffffff);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
  }
  .status {
    margin: 0;
    font-size: 1.1em;
    font-weight: 600;
    min-height: 1.4em;
  }
  [data-status='failed'] .status {
    color: var(--peermatch-danger, #b42318);
  }
  [data-status='ready'] .status {
    color: var(--peermatch-success, #067647);
  }
  .notice {
    margin: 0;
    padding: calc(var(--_gap) / 2) var(--_gap);
    border-inline-start: 3px solid var(--_accent);
    border-radius: calc(var(--_radius) / 2);
    background: color-mix(in srgb, var(--_accent) 8%, transparent);
    font-size: 0.9em;
  }
  .detail,
  .ticket {
    margin: 0;
    color: var(--_muted);
    font-size: 0.85em;
    overflow-wrap: anywhere;
  }
  .timer {
    display: flex;
    flex-wrap: wrap;
    gap: calc(var(--_gap) * 2);
    margin: 0;
  }
  .timer div {
    display: grid;
    gap: 0.15rem;
  }
  .timer dt {
    color: var(--_muted);
    font-size: 0.8em;
  }
  .timer dd {
    margin: 0;
  }
  /* Fixed-width digits in a reserved box: the ticking text never moves anything. */
  .num {
    display: inline-block;
    min-width: 5ch;
    font-variant-numeric: tabular-nums;
    font-size: 1.5em;
    font-weight: 600;
  }
  .teams {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_gap);
    margin: 0;
    padding: 0;
  }
  .team {
    flex: 1 1 8rem;
    margin: 0;
    padding: 0.5rem 0.75rem;
    list-style: none;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.6);
  }
  .team-name {
    font-weight: 600;
    margin-bottom: 0.25rem;
  }
  .player[data-self] {
    font-weight: 600;
  }
  .player[data-accepted='true']::after {
    content: ' ✓';
    color: var(--peermatch-success, #067647);
  }
  .player[data-accepted='false']::after {
    content: ' ✗';
    color: var(--peermatch-danger, #b42318);
  }
  .countdown-row {
    display: flex;
    align-items: center;
    gap: var(--_gap);
  }
  .countdown {
    min-width: 4ch;
  }
  progress {
    flex: 1;
    width: 100%;
    height: 0.5rem;
    accent-color: var(--_accent);
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  button {
    font: inherit;
    font-weight: 600;
    padding: 0.55rem 1.1rem;
    border-radius: calc(var(--_radius) * 0.7);
    border: 1px solid var(--_border);
    background: transparent;
    color: inherit;
    cursor: pointer;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--peermatch-accent-fg, #ffffff);
  }
  button.danger {
    color: var(--peermatch-danger, #b42318);
  }
  button:focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
  button:disabled {
    opacity: 0.6;
    cursor: default;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;
