/**
 * The console's shared styles. Theme through these custom properties (set
 * on `peermatch-host-console` or an ancestor):
 * `--peermatch-console-bg`, `--peermatch-console-fg`, `--peermatch-console-muted`,
 * `--peermatch-console-accent`, `--peermatch-console-error`,
 * `--peermatch-console-warning`, `--peermatch-console-border`,
 * `--peermatch-console-font`, `--peermatch-console-mono`.
 */
import { css } from 'lit';

/** Colours, type and the controls every console element uses. */
export const consoleBaseStyles = css`
  :host {
    --_bg: var(--peermatch-console-bg, #fff);
    --_fg: var(--peermatch-console-fg, #1b1f24);
    --_muted: var(--peermatch-console-muted, #57606a);
    --_accent: var(--peermatch-console-accent, #0969da);
    --_error: var(--peermatch-console-error, #cf222e);
    --_warning: var(--peermatch-console-warning, #9a6700);
    --_border: var(--peermatch-console-border, #d0d7de);
    --_mono: var(--peermatch-console-mono, ui-monospace, SFMono-Regular, Menlo, monospace);
    display: block;
    color: var(--_fg);
    background: var(--_bg);
    font-family: var(--peermatch-console-font, system-ui, sans-serif);
    font-size: 14px;
  }
  button,
  select,
  input,
  textarea {
    font: inherit;
  }
  button {
    border: 1px solid var(--_border);
    border-radius: 6px;
    background: var(--_bg);
    color: var(--_fg);
    padding: 4px 10px;
    cursor: pointer;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: #fff;
  }
  button:disabled {
    opacity: 0.5;
    cursor: default;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  h2,
  h3 {
    font-size: 1em;
    margin: 12px 0 6px;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  th,
  td {
    text-align: left;
    padding: 3px 8px;
    border-bottom: 1px solid var(--_border);
    font-variant-numeric: tabular-nums;
  }
  .muted {
    color: var(--_muted);
  }
  .error {
    color: var(--_error);
  }
  .warning {
    color: var(--_warning);
  }
  .mono {
    font-family: var(--_mono);
  }
`;

/** The console element's own frame: the header, its actions and status line, the tabs. */
export const consoleFrameStyles = css`
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px 16px;
    padding: 8px 0;
    border-bottom: 1px solid var(--_border);
  }
  h1 {
    font-size: 1.2em;
    margin: 0;
  }
  .actions {
    display: flex;
    gap: 6px;
    flex-wrap: wrap;
  }
  [role='status'] {
    flex-basis: 100%;
    min-height: 1.4em;
  }
  [role='tablist'] {
    display: flex;
    gap: 2px;
    margin: 10px 0;
    border-bottom: 1px solid var(--_border);
  }
  [role='tab'] {
    border: none;
    border-bottom: 3px solid transparent;
    border-radius: 0;
    padding: 6px 14px;
  }
  [role='tab'][aria-selected='true'] {
    border-bottom-color: var(--_accent);
    font-weight: 600;
  }
  .import-errors {
    margin: 4px 0;
  }
  label.join-standby,
  label.player-standbys,
  label.lobby-token {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 6px;
  }
  input[type='file'] {
    display: none;
  }
`;
