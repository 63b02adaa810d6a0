/**
 * `peermatch lobby-token --lobby NAME [--standby] [--state-file FILE]`: the
 * operator's way to give a host back a lobby whose token it lost, or (with
 * `--standby`) to let another host join the lobby as a standby. Run where the server
 * runs, it reads the server's state file (the server secret and the lobby's
 * token hash) and prints the lobby's recovery token; the host registers with
 * it (`peermatch host ... --token TOKEN`) and keeps it as its token. The
 * lobby's players keep their identities. With `--standby` it prints the
 * lobby's standby credential instead, which admits a host as a standby only
 * (`peermatch host ... --standby --token CREDENTIAL`). Exit 1 when no host holds the lobby
 * (then any host registering it claims it), 2 for a usage error or a state
 * file that cannot be read.
 */
import { resolve } from 'node:path';
import type { CliIo, Command } from '../cli/command.ts';
import { isLobbyName } from '../net/protocol.ts';
import { DEFAULT_STATE_FILE } from './config.ts';
import { recoveryTokenFromStateFile } from './lobby-registry.ts';

const HELP = [
  'usage: peermatch lobby-token --lobby NAME [--standby] [--state-file FILE]',
  '',
  "Prints the recovery token of lobby NAME, computed from the server's state file (its",
  'secret and the lobby\'s token hash). A host that lost its lobby token registers with it:',
  '  peermatch host --server URL --lobby NAME --ruleset FILE --token TOKEN',
  'With --standby, prints the lobby\'s standby credential instead: a host registering with it',
  'joins the lobby as a standby host (one the server promotes if the primary is lost), nothing more.',
  '',
  'options:',
  `  --lobby NAME         the lobby`,
  `  --standby            print the standby credential, not the recovery token`,
  `  --state-file FILE    the server's state file (PEERMATCH_STATE_FILE, default ${DEFAULT_STATE_FILE})`,
].join('\n');

/** Runs `peermatch lobby-token` with `args`; resolves to the exit code. */
export async function runLobbyTokenCommand(args: readonly string[], io: CliIo, env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(HELP);
    return 0;
  }
  const values = new Map<string, string>();
  let standby = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--standby') {
      standby = true;
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq > 0 ? arg.slice(0, eq) : arg;
    if (name !== '--lobby' && name !== '--state-file') return usage(io, `${arg}: unknown option`);
    const value = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '') return usage(io, `${name}: expected a value`);
    values.set(name, value);
  }
  const lobby = values.get('--lobby');
  if (lobby === undefined) return usage(io, '--lobby: required');
  if (!isLobbyName(lobby)) return usage(io, `--lobby: expected 1-64 characters of [A-Za-z0-9._-], got ${JSON.stringify(lobby)}`);
  const file = resolve(values.get('--state-file') ?? (env.PEERMATCH_STATE_FILE || DEFAULT_STATE_FILE));
  let token: string | undefined;
  try {
    token = await recoveryTokenFromStateFile(file, lobby, standby);
  } catch (error) {
    io.stderr(`peermatch lobby-token: ${(error as Error).message}`);
    return 2;
  }
  if (token === undefined) {
    io.stderr(`peermatch lobby-token: no host holds lobby "${lobby}" in ${file}; a host registering it claims it, no token needed`);
    return 1;
  }
  io.stdout(token);
  return 0;
}

function usage(io: CliIo, problem: string): number {
  io.stderr(`peermatch lobby-token: ${problem}\n\n${HELP}`);
  return 2;
}

/** The `lobby-token` subcommand, for the command table of src/cli/main.ts. */
export const lobbyTokenCommand: Command = {
  name: 'lobby-token',
  summary: "print a lobby's recovery token (or, --standby, its standby credential) from the server's state file",
  run: (args, io) => runLobbyTokenCommand(args, io),
};
