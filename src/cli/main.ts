/**
 * The `peermatch` command line: a table of subcommands, each with a
 * `run(args, io)` that resolves to the exit code. `bin/peermatch.js` calls
 * `main` with `process.argv.slice(2)` and exits with its result.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { serveCommand } from '../server/serve-command.ts';
import { simulateCommand } from './simulate-command.ts';
import { validateCommand } from './validate-command.ts';

/** Where a command writes and how it reads files (injected so commands can be tested in-process). */
export interface CliIo {
  /** Writes one line to standard output. */
  stdout(line: string): void;
  /** Writes one line to standard error. */
  stderr(line: string): void;
  /** Reads a UTF-8 text file; rejects with the OS error (ENOENT, EISDIR, ...) when it cannot. */
  readTextFile(path: string): Promise<string>;
  /**
   * Writes (creates or replaces) a UTF-8 text file; rejects with the OS error
   * when it cannot. Optional so that read-only test doubles stay valid; a
   * command that must write reports a usage error without it.
   */
  writeTextFile?(path: string, text: string): Promise<void>;
}

/** One `peermatch <name>` subcommand. */
export interface Command {
  name: string;
  /** One line for `peermatch --help`. */
  summary: string;
  /** Runs with the arguments after the command name; resolves to the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Exit code for a command line that cannot be understood, or an input that cannot be read. */
export const EXIT_USAGE = 2;

/** Subcommands by name; `host`, `simulate`, ... are added here. */
/** `peermatch host`: loaded on demand so that `validate` does not pull in the host's networking. */
const hostCommand: Command = {
  name: 'host',
  summary: 'run a lobby host headless: the Matchmaker behind the relay (--server URL --lobby NAME --ruleset FILE)',
  run: async (args, io) => (await import('../host/node-host.ts')).hostCommand.run(args, io),
};

/** `peermatch lobby-token`: the operator's recovery token of a lobby (src/server/lobby-token-command.ts). */
const lobbyTokenCommand: Command = {
  name: 'lobby-token',
  summary: "print a lobby's recovery token from the server's state file, for a host that lost its token",
  run: async (args, io) => (await import('../server/lobby-token-command.ts')).lobbyTokenCommand.run(args, io),
};

const COMMANDS: readonly Command[] = [validateCommand, simulateCommand, serveCommand, hostCommand, lobbyTokenCommand];

/** I/O on the real process: its output streams and the file system. */
export function processIo(): CliIo {
  return {
    stdout: (line) => void process.stdout.write(`${line}\n`),
    stderr: (line) => void process.stderr.write(`${line}\n`),
    readTextFile: (path) => readFile(path, 'utf8'),
    writeTextFile: (path, text) => writeFile(path, text, 'utf8'),
  };
}

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: peermatch <command> [arguments]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "peermatch <command> --help" for the arguments of a command.',
  ].join('\n');
}

/**
 * Run the command line `argv` (without the node and script paths). Resolves
 * to the exit code: 0 success, 1 the command found problems (an invalid rule
 * set), 2 a usage error or an unreadable input. `--help` prints the command
 * list and resolves to 0; no command or an unknown one prints it to stderr
 * and resolves to 2. `io` defaults to the process.
 */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.stderr(usage());
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`peermatch: unknown command "${name}"\n\n${usage()}`);
    return EXIT_USAGE;
  }
  return command.run(args, io);
}
