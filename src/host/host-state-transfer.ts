/**
 * Export and import of a lobby host's state, for the host console: the
 * exported file is the very `HostState` the store saves (format
 * `peermatch.host`, the Matchmaker snapshot and the ledger), and an import
 * writes such a file into a store so that the next start of the host
 * restores from it: close the host, `importHostState`, start it again.
 *
 * `parseHostState` checks an imported text precisely and never throws: JSON
 * syntax errors with line and column, then the format, version and lobby,
 * then the shape of the snapshot and ledger with the path of each problem,
 * and last a trial `Matchmaker.restore` (rule-set bodies that no longer
 * compile, configurations naming missing rule sets).
 */
import { Matchmaker, type MatchmakerSnapshot } from '../core/matchmaker/index.ts';
import { parseJsonc } from '../core/ruleset/jsonc.ts';
import { HOST_STATE_FORMAT, HOST_STATE_VERSION, type HostState, type HostStore } from './host-store.ts';
import { show } from '../core/format-value.ts';
import { IssueList } from '../core/issue.ts';
import { expectField, kindOf } from '../core/json-shape.ts';
import { checkSnapshotShape } from '../core/snapshot-shape.ts';

/** What `exportState()` gives and `parseHostState` accepts: the stored `HostState`, plain JSON. */
export type HostStateExport = HostState;

/** `parseHostState`'s answer: the state, or every problem found (one sentence each, with its path). */
export type ParsedHostState = { ok: true; state: HostState } | { ok: false; errors: string[] };

/** Most problems listed for one file. */
const MAX_ERRORS = 20;

/**
 * Parses and checks an exported host state. With `lobby`, a state saved for
 * another lobby is refused. Comments and trailing commas are tolerated (the
 * rule-set reader's JSONC parser); everything else must be exactly what
 * `exportState()` writes. Never throws.
 */
export function parseHostState(text: string, lobby?: string): ParsedHostState {
  if (typeof text !== 'string') return { ok: false, errors: [`expected the text of an exported host state, got ${show(text)}`] };
  const parsed = parseJsonc(text);
  if (!parsed.ok) {
    return { ok: false, errors: parsed.errors.map((error) => `line ${error.line}, column ${error.column}: ${error.message}`) };
  }
  const value = parsed.document.value;
  const errors = new IssueList([], '', MAX_ERRORS);
  checkHeader(value, lobby, errors);
  if (errors.issues.length > 0) return { ok: false, errors: errors.texts() };
  const state = value as Record<string, unknown>;
  checkSnapshotShape(state.snapshot, errors.at('snapshot'));
  checkLedger(state.ledger, errors.at('ledger'));
  if (errors.issues.length === 0) {
    try {
      Matchmaker.restore(state.snapshot as MatchmakerSnapshot);
    } catch (error) {
      errors.add('snapshot', `the Matchmaker cannot restore it: ${(error as Error).message}`);
    }
  }
  return errors.issues.length > 0 ? { ok: false, errors: errors.texts() } : { ok: true, state: value as HostState };
}

/**
 * Writes `state` (from `parseHostState`) into `store`, so that the next
 * `runLobbyHost` / `startBrowserHost` / `startNodeHost` on that store
 * restores it: tickets keep their StartTime, proposals their acceptance
 * deadline, players their ownership. The lobby token already in the store,
 * if any, is kept: it is this host's claim on the lobby at its server, and
 * an imported token from elsewhere would be refused there (`BAD_TOKEN`).
 * Call it while the host of that store is closed; a running host would
 * save over it.
 */
export async function importHostState(store: HostStore, state: HostState): Promise<void> {
  let current: HostState | undefined;
  try {
    current = await store.load();
  } catch {
    current = undefined; // an unreadable old state is exactly what an import replaces
  }
  const copy = JSON.parse(JSON.stringify(state)) as HostState;
  if (current?.token !== undefined) copy.token = current.token;
  await store.save(copy);
}

function checkHeader(value: unknown, lobby: string | undefined, issues: IssueList): void {
  if (kindOf(value) !== 'object') return issues.add(undefined, `expected an exported host state object, got ${show(value)}`);
  const state = value as Record<string, unknown>;
  if (state.format !== HOST_STATE_FORMAT) {
    return issues.add('format', `expected "${HOST_STATE_FORMAT}" (a file from a host console export), got ${show(state.format)}`);
  }
  if (state.version !== HOST_STATE_VERSION) {
    return issues.add('version', `${show(state.version)} is not supported; this peermatch reads version ${HOST_STATE_VERSION}`);
  }
  if (expectField(state, 'lobby', 'string', issues) && lobby !== undefined && state.lobby !== lobby) {
    issues.add('lobby', `the state was exported from lobby ${show(state.lobby)}, not ${show(lobby)}`);
  }
  expectField(state, 'token', 'string', issues, true);
  expectField(state, 'savedAtMs', 'number', issues);
  expectField(state, 'snapshot', 'object', issues);
  expectField(state, 'ledger', 'object', issues);
}

function checkLedger(value: unknown, issues: IssueList): void {
  const ledger = value as Record<string, unknown>;
  for (const key of ['tickets', 'players', 'gameSessions']) expectField(ledger, key, 'object', issues, true);
}
