/**
 * The `peermatch` command line: a table of subcommands, each with a
 * `run(args, io)` that resolves to the exit code. `bin/peermatch.js` calls
 * `main` with `process.argv.slice(2)` and exits with its result.
 */
import { readFileSync } from 'node:fs';
import { access, constants, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { EXIT_USAGE, type CliIo, type Command } from './command.ts';
import { loadWithPackages, MissingPackageError } from './optional-packages.ts';
import { simulateCommand } from './simulate-command.ts';
import { validateCommand } from './validate-command.ts';

export { EXIT_USAGE, type CliIo, type Command } from './command.ts';

/**
 * A command whose module loads on first use: `serve` and `host` need the
 * optional packages `peer` and `ws`, which `validate` and `simulate` do not.
 */
function lazyCommand(name: string, summary: string, packages: readonly string[], load: () => Promise<Command>): Command {
  return {
    name,
    summary,
    run: async (args, io) => {
      let command: Command;
      try {
        command = await loadWithPackages(`peermatch ${name}`, packages, load);
      } catch (error) {
        if (!(error instanceof MissingPackageError)) throw error;
        io.stderr(error.message);
        return 1;
      }
      return command.run(args, io);
    },
  };
}

const serveCommand = lazyCommand(
  'serve',
  'serve the front door and host console, PeerJS signaling (/peerjs) and the ticket relay (/relay)',
  ['peer', 'ws'],
  async () => (await import('../server/serve-command.ts')).serveCommand,
);
const hostCommand = lazyCommand(
  'host',
  'run a lobby host headless: the Matchmaker behind the relay (--server URL --lobby NAME --ruleset FILE)',
  ['ws'],
  async () => (await import('../host/node-host.ts')).hostCommand,
);

/** `peermatch lobby-token`: the operator's recovery token or standby credential of a lobby (src/server/lobby-token-command.ts). */
const lobbyTokenCommand: Command = {
  name: 'lobby-token',
  summary: "print a lobby's recovery token (or, --standby, its standby credential) from the server's state file",
  run: async (args, io) => (await import('../server/lobby-token-command.ts')).lobbyTokenCommand.run(args, io),
};

/** Subcommands by name. */
const COMMANDS: readonly Command[] = [validateCommand, simulateCommand, serveCommand, hostCommand, lobbyTokenCommand];

/** I/O on the real process: its output streams and the file system. */
export function processIo(): CliIo {
  return {
    stdout: (line) => void process.stdout.write(`${line}\n`),
    stderr: (line) => void process.stderr.write(`${line}\n`),
    readTextFile: (path) => readFile(path, 'utf8'),
    writeTextFile: (path, text) => writeFile(path, text, 'utf8'),
    checkWritable,
  };
}

/** `CliIo.checkWritable` on the file system: an existing file must be writable, else its folder must be. */
async function checkWritable(path: string): Promise<string | undefined> {
  const target = resolve(path);
  const info = await stat(target).catch(() => undefined);
  if (info?.isDirectory()) return `EISDIR: ${target} is a directory`;
  const checked = info ? target : dirname(target);
  try {
    await access(checked, constants.W_OK);
    if (!info && !(await stat(checked)).isDirectory()) return `ENOTDIR: ${checked} is not a directory`;
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return code === 'ENOENT' ? `ENOENT: no such directory ${checked}` : `${code}: ${checked} is not writable`;
  }
}

/** This package's version (from its package.json, next to src/ and lib/). */
export function packageVersion(): string {
  const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: peermatch <command> [arguments]',
    '       peermatch --version',
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
  if (name === '--version' || name === '-v') {
    io.stdout(packageVersion());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`peermatch: ${name.startsWith('-') ? `unknown option ${JSON.stringify(name)}` : `unknown command ${JSON.stringify(name)}`}`);
    io.stderr('Run "peermatch --help" for the commands.');
    return EXIT_USAGE;
  }
  return command.run(args, io);
}
