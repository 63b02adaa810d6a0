/**
 * The host console's status line in words, from its state: the phase, the
 * host's role and term once it hosts (a standby says it is one), and a
 * refusal with what to do. Pure; the line is a polite live region, so a
 * change of role (a promotion, a hand-over) is announced.
 */
import { assertNever } from '../../core/assert-never.ts';
import type { ConsoleState } from './console-state.ts';
import type { ConsoleStrings } from './console-strings.ts';

/** The refusal in words: what happened and what to do. */
export function refusalText(state: ConsoleState, s: ConsoleStrings, lobby: string): string {
  const refusal = state.refusal;
  const template = refusal?.code === 'LOBBY_TAKEN' ? s.refusedTaken : refusal?.code === 'BAD_TOKEN' ? s.refusedBadToken : s.refusedOther;
  return template
    .replaceAll('{lobby}', lobby)
    .replaceAll('{code}', refusal?.code ?? '')
    .replaceAll('{message}', refusal?.message ?? '');
}

/** The status line, by phase. */
export function statusText(state: ConsoleState, s: ConsoleStrings, lobby: string): string {
  const suffix = state.message ? ` ${state.message}` : '';
  switch (state.phase) {
    case 'idle':
      return `${s.statusIdle}${suffix}`;
    case 'starting':
      return s.statusStarting;
    case 'registering':
      return s.statusRegistering;
    case 'hosting':
      return `${hostingText(state, s, lobby)}${state.paused ? ` ${s.statusPaused}` : ''}${suffix}`;
    case 'importing':
      return s.statusImporting;
    case 'refused':
      return refusalText(state, s, lobby);
    case 'failed':
      return `${s.statusFailed}: ${state.message}`;
    default:
      return assertNever(state.phase);
  }
}

/** "Hosting lobby "x" as the primary host, term 2." or the standby's sentence. */
function hostingText(state: ConsoleState, s: ConsoleStrings, lobby: string): string {
  const { role, term } = state.hosts;
  const termText = term === undefined ? '?' : String(term);
  if (role === 'standby') return s.statusStandby.replaceAll('{lobby}', lobby).replaceAll('{term}', termText);
  const hosting = `${s.statusHosting} "${lobby}"${state.restored ? ` ${s.restored}` : ''}`;
  return role === 'primary' ? `${hosting} ${s.statusPrimary.replaceAll('{term}', termText)}` : `${hosting}.`;
}
