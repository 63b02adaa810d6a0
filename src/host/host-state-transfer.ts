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
import { Matchmaker, SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type MatchmakerSnapshot } from '../core/matchmaker/index.ts';
import { parseJsonc } from '../core/ruleset/jsonc.ts';
import { HOST_STATE_FORMAT, HOST_STATE_VERSION, type HostState, type HostStore } from './host-store.ts';
import { show } from './matchmaker-like.ts';

/** What `exportState()` gives and `parseHostState` accepts: the stored `HostState`, plain JSON. */
export type HostStateExport = HostState;

/** `parseHostState`'s answer: the state, or every problem found (one sentence each, with its path). */
export type ParsedHostState = { ok: true; state: HostState } | { ok: false; errors: string[] };

/** Most problems listed for one file. */
const MAX_ERRORS = 20;

const TICKET_STATUSES = ['QUEUED', 'SEARCHING', 'REQUIRES_ACCEPTANCE', 'PLACING', 'COMPLETED', 'FAILED', 'CANCELLED', 'TIMED_OUT'];

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
  const errors = new Issues();
  checkHeader(value, lobby, errors);
  if (errors.list.length > 0) return { ok: false, errors: errors.list };
  const state = value as Record<string, unknown>;
  checkSnapshot(state.snapshot, errors.at('snapshot'));
  checkLedger(state.ledger, errors.at('ledger'));
  if (errors.list.length === 0) {
    try {
      Matchmaker.restore(state.snapshot as MatchmakerSnapshot);
    } catch (error) {
      errors.add('snapshot', `the Matchmaker cannot restore it: ${(error as Error).message}`);
    }
  }
  return errors.list.length > 0 ? { ok: false, errors: errors.list.slice(0, MAX_ERRORS) } : { ok: true, state: value as HostState };
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

/** Collects problems under a path prefix. */
class Issues {
  constructor(
    readonly list: string[] = [],
    private readonly prefix = '',
  ) {}

  at(path: string | number): Issues {
    const next = typeof path === 'number' ? `${this.prefix}[${path}]` : this.prefix ? `${this.prefix}.${path}` : path;
    return new Issues(this.list, next);
  }

  add(path: string | number | undefined, message: string): void {
    const where = path === undefined ? this.prefix : this.at(path).prefix;
    if (this.list.length < MAX_ERRORS) this.list.push(`${where || '(top)'}: ${message}`);
  }

  get full(): boolean {
    return this.list.length >= MAX_ERRORS;
  }
}

type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array';

function kindOf(value: unknown): Kind | 'null' | 'other' {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' || type === 'object' ? type : 'other';
}

/** Checks `record[key]` is of `kind` (finite for numbers); optional fields may be absent. */
function expect(record: Record<string, unknown>, key: string, kind: Kind, issues: Issues, optional = false): boolean {
  const value = record[key];
  if (value === undefined && optional) return true;
  const ok = kindOf(value) === kind && (kind !== 'number' || Number.isFinite(value));
  if (!ok) issues.add(key, `expected ${kind === 'array' ? 'a list' : kind === 'object' ? 'an object' : `a ${kind}`}, got ${show(value)}`);
  return ok;
}

function checkHeader(value: unknown, lobby: string | undefined, issues: Issues): void {
  if (kindOf(value) !== 'object') return issues.add(undefined, `expected an exported host state object, got ${show(value)}`);
  const state = value as Record<string, unknown>;
  if (state.format !== HOST_STATE_FORMAT) {
    return issues.add('format', `expected "${HOST_STATE_FORMAT}" (a file from a host console export), got ${show(state.format)}`);
  }
  if (state.version !== HOST_STATE_VERSION) {
    return issues.add('version', `${show(state.version)} is not supported; this peermatch reads version ${HOST_STATE_VERSION}`);
  }
  if (expect(state, 'lobby', 'string', issues) && lobby !== undefined && state.lobby !== lobby) {
    issues.add('lobby', `the state was exported from lobby ${show(state.lobby)}, not ${show(lobby)}`);
  }
  expect(state, 'token', 'string', issues, true);
  expect(state, 'savedAtMs', 'number', issues);
  expect(state, 'snapshot', 'object', issues);
  expect(state, 'ledger', 'object', issues);
}

function checkSnapshot(value: unknown, issues: Issues): void {
  const snapshot = value as Record<string, unknown>;
  if (snapshot.format !== SNAPSHOT_FORMAT) return issues.add('format', `expected "${SNAPSHOT_FORMAT}", got ${show(snapshot.format)}`);
  if (snapshot.version !== SNAPSHOT_VERSION) return issues.add('version', `${show(snapshot.version)} is not supported (expected ${SNAPSHOT_VERSION})`);
  expect(snapshot, 'takenAtMs', 'number', issues);
  expect(snapshot, 'region', 'string', issues);
  expect(snapshot, 'accountId', 'string', issues);
  expect(snapshot, 'waitHistory', 'object', issues, true);
  eachItem(snapshot, 'ruleSets', issues, (ruleSet, at) => {
    for (const key of ['name', 'arn', 'body']) expect(ruleSet, key, 'string', at);
    expect(ruleSet, 'creationTimeMs', 'number', at);
  });
  const configurationNames = new Set<unknown>();
  eachItem(snapshot, 'configurations', issues, (configuration, at) => {
    for (const key of ['Name', 'RuleSetName', 'ConfigurationArn']) expect(configuration, key, 'string', at);
    expect(configuration, 'RequestTimeoutSeconds', 'number', at);
    expect(configuration, 'AcceptanceRequired', 'boolean', at);
    configurationNames.add(configuration.Name);
  });
  eachItem(snapshot, 'tickets', issues, (ticket, at) => checkTicket(ticket, at, configurationNames));
  eachItem(snapshot, 'matches', issues, (match, at) => {
    expect(match, 'matchId', 'string', at);
    expect(match, 'ticketIds', 'array', at);
    expect(match, 'teams', 'array', at);
    expect(match, 'proposedAtMs', 'number', at);
  });
  eachItem(snapshot, 'gameSessions', issues, (session, at) => void expect(session, 'arn', 'string', at));
}

function checkTicket(ticket: Record<string, unknown>, at: Issues, configurationNames: ReadonlySet<unknown>): void {
  for (const key of ['ticketId', 'configurationName', 'configurationArn']) expect(ticket, key, 'string', at);
  if (typeof ticket.configurationName === 'string' && !configurationNames.has(ticket.configurationName)) {
    at.add('configurationName', `no configuration ${show(ticket.configurationName)} in snapshot.configurations`);
  }
  if (!TICKET_STATUSES.includes(ticket.status as string)) {
    at.add('status', `expected one of ${TICKET_STATUSES.join(', ')}, got ${show(ticket.status)}`);
  }
  expect(ticket, 'startTimeMs', 'number', at);
  expect(ticket, 'endTimeMs', 'number', at, true);
  eachItem(ticket, 'players', at, (player, playerAt) => void expect(player, 'PlayerId', 'string', playerAt));
}

function checkLedger(value: unknown, issues: Issues): void {
  const ledger = value as Record<string, unknown>;
  for (const key of ['tickets', 'players', 'gameSessions']) expect(ledger, key, 'object', issues, true);
}

/** Checks `record[key]` is a list of objects and runs `check` on each. */
function eachItem(
  record: Record<string, unknown>,
  key: string,
  issues: Issues,
  check: (item: Record<string, unknown>, at: Issues) => void,
): void {
  if (!expect(record, key, 'array', issues)) return;
  const list = issues.at(key);
  (record[key] as unknown[]).forEach((item, index) => {
    if (list.full) return;
    if (kindOf(item) !== 'object') return list.add(index, `expected an object, got ${show(item)}`);
    check(item as Record<string, unknown>, list.at(index));
  });
}
