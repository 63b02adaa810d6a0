/**
 * The lobby host headless in Node, for a dedicated machine and for tests:
 * the Matchmaker in-process (or in a worker thread), the state in a JSON
 * file, the relay over `ws`. And `peermatch host`, its command line.
 */
import { assertNever } from '../core/assert-never.ts';
import { join, resolve } from 'node:path';
import { WebSocket } from 'ws';
import type { CliIo, Command } from '../cli/command.ts';
import { expected, isHttpUrl, missingValue, unknownOption, usageErrorLines } from '../cli/usage.ts';
import { formatIssue } from '../cli/validate-command.ts';
import { validateRuleSet } from '../core/ruleset/validate.ts';
import { startNodeMatchmaker } from '../node/node-worker.ts';
import { inProcessEngine, remoteEngine } from './engines.ts';
import { runLobbyHost, type HostConfiguration, type LobbyHostRunOptions, type RunningLobbyHost } from './host-runtime.ts';
import { fileHostStore } from './host-store-file.ts';
import { memoryHostStore, type HostStore } from './host-store.ts';
import type { WebSocketLike } from '../net/relay-link.ts';
import type { HostRelayStatus } from './relay-connection.ts';
import { MAX_PLAYER_STANDBYS, type PlayerStandbysOption } from './player-standbys.ts';

/** How a Node host starts. */
/** The options shared with every lobby host (`LobbyHostRunOptions`, documented there) and the Node host's own. */
export interface NodeHostOptions
  extends Pick<LobbyHostRunOptions, 'tickIntervalMs' | 'saveIntervalMs' | 'ackTimeoutMs' | 'relay' | 'onStatus' | 'onError' | 'onActivity'> {
  /** The peermatch server, `http(s)://host:port`. */
  serverUrl: string;
  lobby: string;
  /** The FlexMatch rule set (JSON text); used on the first start, a restored lobby keeps its own. */
  ruleSetBody: string;
  configuration?: HostConfiguration;
  /** JSON file of the host's state: restored from when it exists, saved after every change. Default: memory only. */
  stateFile?: string;
  /** Another store instead of `stateFile` (tests). */
  store?: HostStore;
  /** The lobby token to register with, over the saved one (a recovery token from `peermatch lobby-token`, or a standby credential). */
  token?: string;
  /** Join as a standby host: hold a replica of the primary's state and take over when the server promotes this host. */
  standby?: boolean;
  /** Let players' tabs be standby hosts (`runLobbyHost`'s `playerStandbys`, src/host/player-standbys.ts); off for a new lobby. */
  playerStandbys?: PlayerStandbysOption;
  /** Run the Matchmaker in a `worker_threads` thread (`startNodeMatchmaker`) rather than in-process. Default false. */
  thread?: boolean;
  /**
   * This machine's clock (ms since the epoch) for an in-process Matchmaker; default `Date.now`. The host serves on
   * the relay's clock whatever this one says (tests give one that is off to check that).
   */
  localClock?: () => number;
}

/**
 * Starts (or resumes from `stateFile`) the host of `lobby`. Resolves once the
 * Matchmaker runs and the relay connection is opening; `registered` on the
 * result settles with the server's answer. Rejects with
 * `InvalidRequestException` for a rule set or configuration the Matchmaker
 * refuses, or a state file of another lobby.
 */
export function startNodeHost(options: NodeHostOptions): Promise<RunningLobbyHost> {
  const onFault = (error: Error) => options.onError?.(error);
  return runLobbyHost({
    serverUrl: options.serverUrl,
    lobby: options.lobby,
    ruleSetBody: options.ruleSetBody,
    ...(options.configuration ? { configuration: options.configuration } : {}),
    ...(options.tickIntervalMs !== undefined ? { tickIntervalMs: options.tickIntervalMs } : {}),
    ...(options.token !== undefined ? { token: options.token } : {}),
    ...(options.standby ? { standby: true } : {}),
    ...(options.playerStandbys !== undefined ? { playerStandbys: options.playerStandbys } : {}),
    ...(options.ackTimeoutMs !== undefined ? { ackTimeoutMs: options.ackTimeoutMs } : {}),
    ...(options.saveIntervalMs !== undefined ? { saveIntervalMs: options.saveIntervalMs } : {}),
    ...(options.relay ? { relay: options.relay } : {}),
    engine: options.thread ? remoteEngine(() => startNodeMatchmaker({ tickIntervalMs: null }), onFault) : inProcessEngine(onFault, options.localClock),
    store: options.store ?? (options.stateFile !== undefined ? fileHostStore(options.stateFile, options.lobby) : memoryHostStore()),
    createSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    ...(options.onStatus ? { onStatus: options.onStatus } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
    ...(options.onActivity ? { onActivity: options.onActivity } : {}),
  });
}

// --- peermatch host --------------------------------------------------------------

const HELP = [
  'usage: peermatch host --server URL --lobby NAME --ruleset FILE [options]',
  '',
  'Runs the matchmaker of a lobby headless: registers NAME on the server, serves the',
  "players' tickets through its relay, and keeps running until interrupted (Ctrl-C).",
  '',
  'options:',
  '  --server URL               the peermatch server (http://host:port)',
  '  --lobby NAME               the lobby to host',
  '  --ruleset FILE             the FlexMatch rule set (JSON, // comments allowed)',
  '  --config-name N            the matchmaking configuration name (default "peermatch")',
  '  --request-timeout S        seconds a ticket may search (default 300)',
  '  --acceptance-timeout S     require acceptance, with S seconds to accept',
  '  --backfill MODE            AUTOMATIC or MANUAL (default MANUAL)',
  '  --state FILE               keep the host state (and the lobby token) in FILE and resume from it;',
  '                             "none" keeps it in memory (default .peermatch/host-NAME.json in the working directory,',
  '                             host-NAME.standby.json with --standby)',
  '  --token TOKEN              register with this lobby token: a recovery token from the server\'s operator',
  '                             (peermatch lobby-token --lobby NAME, run where the server runs) when the token is lost',
  '  --tick-interval MS         milliseconds between matchmaking cycles (default 1000)',
  '  --save-interval MS         shortest time between two saves of the state, 0 to save at once (default 200);',
  '                             answers wait for the save that holds them, so a shorter interval answers sooner',
  '                             at the cost of more writes',
  '  --standby                  join as a standby host: hold a copy of the primary host\'s state and take the',
  '                             lobby over when the primary is lost (--token: the lobby token or its standby credential)',
  '  --player-standbys[=MAX]    let players\' tabs be standby hosts: offer the standby credential to the players',
  '                             (while the lobby has fewer than MAX standbys); they then see every player\'s data',
  '  --no-player-standbys       stop offering it (the lobby keeps its setting otherwise)',
  '',
  'Rule-set problems are printed as FILE:LINE:COLUMN path: message (exit code 1).',
].join('\n');

/** Parsed `peermatch host` arguments. */
export interface HostArguments {
  server: string;
  lobby: string;
  ruleset: string;
  configuration: HostConfiguration;
  /** The state file; `null` for memory only. Default `.peermatch/host-NAME.json` (`defaultHostStateFile`). */
  state: string | null;
  tickIntervalMs?: number;
  saveIntervalMs?: number;
  token?: string;
  standby?: boolean;
  playerStandbys?: PlayerStandbysOption;
}

/** Where `peermatch host` keeps a lobby's state unless told otherwise: `.peermatch/host-NAME.json` (a standby's `host-NAME.standby.json`) in the working directory. */
export function defaultHostStateFile(lobby: string, standby = false): string {
  // A standby started beside its primary must not share the primary's file.
  return join('.peermatch', standby ? `host-${lobby}.standby.json` : `host-${lobby}.json`);
}

const VALUE_OPTIONS = [
  '--server',
  '--lobby',
  '--ruleset',
  '--config-name',
  '--request-timeout',
  '--acceptance-timeout',
  '--backfill',
  '--state',
  '--tick-interval',
  '--save-interval',
  '--token',
] as const;

/** Parses `peermatch host` arguments; returns a usage message naming the problem instead when they are wrong. */
export function parseHostArguments(args: readonly string[]): HostArguments | { usage: string } {
  const values = new Map<string, string>();
  let standby = false;
  let playerStandbys: PlayerStandbysOption | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--standby') {
      standby = true;
      continue;
    }
    if (arg === '--player-standbys' || arg === '--no-player-standbys') {
      playerStandbys = arg === '--player-standbys';
      continue;
    }
    if (arg.startsWith('--player-standbys=')) {
      const text = arg.slice('--player-standbys='.length);
      const max = Number(text);
      if (!(Number.isInteger(max) && max >= 1 && max <= MAX_PLAYER_STANDBYS)) {
        return { usage: `--player-standbys: expected a whole number of standby hosts from 1 to ${MAX_PLAYER_STANDBYS}, got "${text}"` };
      }
      playerStandbys = { max };
      continue;
    }
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!(VALUE_OPTIONS as readonly string[]).includes(name)) return { usage: unknownOption(arg) };
    const value = inline ?? args[++i];
    if (value === undefined || value === '') return { usage: missingValue(name) };
    values.set(name, value);
  }
  for (const required of ['--server', '--lobby', '--ruleset']) {
    if (!values.has(required)) return { usage: `${required}: expected a value, got none (it is required)` };
  }
  const server = values.get('--server')!;
  if (!isHttpUrl(server)) return { usage: expected('--server', 'an http(s) URL such as http://127.0.0.1:8080', server) };
  const configuration: HostConfiguration = {};
  const seconds = (name: string): number | { usage: string } | undefined => {
    const text = values.get(name);
    if (text === undefined) return undefined;
    const value = Number(text);
    return Number.isInteger(value) && value > 0 ? value : { usage: `${name}: expected a whole number of seconds, got "${text}"` };
  };
  const name = values.get('--config-name');
  if (name !== undefined) configuration.Name = name;
  const request = seconds('--request-timeout');
  if (typeof request === 'object') return request;
  if (request !== undefined) configuration.RequestTimeoutSeconds = request;
  const acceptance = seconds('--acceptance-timeout');
  if (typeof acceptance === 'object') return acceptance;
  if (acceptance !== undefined) {
    configuration.AcceptanceRequired = true;
    configuration.AcceptanceTimeoutSeconds = acceptance;
  }
  const backfill = values.get('--backfill');
  if (backfill !== undefined) {
    if (backfill !== 'AUTOMATIC' && backfill !== 'MANUAL') return { usage: `--backfill: expected AUTOMATIC or MANUAL, got "${backfill}"` };
    configuration.BackfillMode = backfill;
  }
  const tick = values.get('--tick-interval');
  const tickIntervalMs = tick === undefined ? undefined : Number(tick);
  if (tickIntervalMs !== undefined && !(Number.isInteger(tickIntervalMs) && tickIntervalMs > 0)) {
    return { usage: `--tick-interval: expected a whole number of milliseconds, got "${tick}"` };
  }
  const save = values.get('--save-interval');
  const saveIntervalMs = save === undefined ? undefined : Number(save);
  if (saveIntervalMs !== undefined && !(/^\d+$/.test(save!) && saveIntervalMs <= 60_000)) {
    return { usage: `--save-interval: expected a whole number of milliseconds from 0 to 60000, got "${save}"` };
  }
  const lobby = values.get('--lobby')!;
  const state = values.get('--state') ?? defaultHostStateFile(lobby, standby);
  const parsed: HostArguments = { server: values.get('--server')!, lobby, ruleset: values.get('--ruleset')!, configuration, state: state === 'none' ? null : state };
  if (tickIntervalMs !== undefined) parsed.tickIntervalMs = tickIntervalMs;
  if (saveIntervalMs !== undefined) parsed.saveIntervalMs = saveIntervalMs;
  const token = values.get('--token');
  if (token !== undefined) parsed.token = token;
  if (standby) parsed.standby = true;
  if (playerStandbys !== undefined) parsed.playerStandbys = playerStandbys;
  return parsed;
}

/** What `runHostCommand` waits on before it stops; default SIGINT or SIGTERM. */
export interface HostCommandOptions {
  until?: Promise<unknown>;
  /** The directory the default state file is relative to; default the working directory. */
  cwd?: string;
  /** Called with the running host (tests). */
  onStarted?(host: RunningLobbyHost): void;
}

/**
 * `peermatch host ARGS`: validates the rule set (problems to stderr as
 * `FILE:LINE:COLUMN path: message`, exit 1), starts the Node host, prints
 * its status, and runs until `until` (default: SIGINT/SIGTERM), then saves
 * and exits 0. Exit 2 for a usage error, an unreadable file or a lobby the
 * server refuses.
 */
export async function runHostCommand(args: string[], io: CliIo, options: HostCommandOptions = {}): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(HELP);
    return 0;
  }
  const parsed = parseHostArguments(args);
  if ('usage' in parsed) {
    for (const line of usageErrorLines('host', parsed.usage)) io.stderr(line);
    return 2;
  }
  let ruleSetBody: string;
  try {
    ruleSetBody = await io.readTextFile(parsed.ruleset);
  } catch (error) {
    io.stderr(`peermatch host: cannot read ${parsed.ruleset}: ${(error as Error).message}`);
    return 2;
  }
  const { errors, warnings } = validateRuleSet(ruleSetBody);
  for (const issue of warnings) io.stderr(formatIssue(parsed.ruleset, issue, true));
  if (errors.length > 0) {
    for (const issue of errors) io.stderr(formatIssue(parsed.ruleset, issue, false));
    io.stderr(`peermatch host: ${parsed.ruleset}: ${errors.length} error${errors.length === 1 ? '' : 's'}; not starting`);
    return 1;
  }
  let host: RunningLobbyHost;
  try {
    host = await startNodeHost({
      serverUrl: parsed.server,
      lobby: parsed.lobby,
      ruleSetBody,
      configuration: parsed.configuration,
      ...(parsed.state !== null ? { stateFile: resolve(options.cwd ?? process.cwd(), parsed.state) } : {}),
      ...(parsed.tickIntervalMs !== undefined ? { tickIntervalMs: parsed.tickIntervalMs } : {}),
      ...(parsed.saveIntervalMs !== undefined ? { saveIntervalMs: parsed.saveIntervalMs } : {}),
      ...(parsed.token !== undefined ? { token: parsed.token } : {}),
      ...(parsed.standby ? { standby: true } : {}),
      ...(parsed.playerStandbys !== undefined ? { playerStandbys: parsed.playerStandbys } : {}),
      onStatus: (status) => io.stdout(`peermatch host: ${describeStatus(parsed.lobby, status)}`),
      onError: (error) => io.stderr(`peermatch host: ${(error as Error)?.message ?? String(error)}`),
      onActivity: (line) => io.stdout(`peermatch host: ${line}`),
    });
  } catch (error) {
    io.stderr(`peermatch host: ${(error as Error).message}`);
    return 2;
  }
  io.stdout(
    `peermatch host: lobby "${host.lobby}" ${host.restored ? 'resumed from' : 'started'}${parsed.state !== null ? ` ${parsed.state}` : ' (state in memory only)'}`,
  );
  options.onStarted?.(host);
  const refused = host.registered.then(
    () => new Promise<never>(() => undefined),
    (error: Error) => error,
  );
  const stop = options.until ?? signalled();
  const outcome = await Promise.race([stop.then(() => undefined), refused]);
  await host.close();
  if (outcome instanceof Error) {
    io.stderr(`peermatch host: ${outcome.message}`);
    if (outcome.name === 'LOBBY_TAKEN' || outcome.name === 'BAD_TOKEN') io.stderr(`peermatch host: ${lockedOutAdvice(parsed.lobby)}`);
    return 2;
  }
  return 0;
}

/** The `host` subcommand, for the command table of src/cli/main.ts. */
export const hostCommand: Command = {
  name: 'host',
  summary: 'run the matchmaker of a lobby headless (Node), serving players through the server relay',
  run: (args, io) => runHostCommand(args, io),
};

/** What a host refused its lobby can do. */
export function lockedOutAdvice(lobby: string): string {
  return (
    `if lobby "${lobby}" is yours and its token is lost, ask the server's operator for its recovery token ` +
    `("peermatch lobby-token --lobby ${lobby}" where the server runs) and start again with --token TOKEN; ` +
    'otherwise choose another lobby name'
  );
}

function signalled(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}

function describeStatus(lobby: string, status: HostRelayStatus): string {
  switch (status.status) {
    case 'connecting':
    case 'reconnecting':
      return status.retryInMs === undefined ? 'connecting to the relay' : `relay connection lost; retrying in ${status.retryInMs} ms`;
    case 'open': {
      const registered = status.registered;
      if (registered?.role === 'standby') {
        return `lobby "${lobby}" joined as a standby host (term ${registered.term}${registered.primary ? `, primary ${registered.primary}` : ', no primary connected'})`;
      }
      return `lobby "${lobby}" registered${registered?.created ? ' (new)' : ''} as the primary host (term ${registered?.term ?? '?'}), ${registered?.clients.length ?? 0} client(s) connected`;
    }
    case 'closed':
      return status.refusal ? `the server refused lobby "${lobby}": ${status.refusal.code}: ${status.refusal.message}` : 'relay connection closed';
    default:
      return assertNever(status.status, 'relay status');
  }
}

