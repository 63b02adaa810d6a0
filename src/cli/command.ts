/**
 * What a `peermatch` subcommand is (`Command`), what it writes and reads
 * through (`CliIo`) and the usage exit code: the contract between the
 * command table (main.ts) and the commands, which live in src/cli, src/host
 * and src/server and import this file, never main.ts.
 */

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
  /**
   * Whether `path` could be written: resolves to `undefined` when it could,
   * else to the reason (`ENOENT: no such directory /x`, `EACCES`, `EISDIR`).
   * Checked before long work; optional like `writeTextFile`.
   */
  checkWritable?(path: string): Promise<string | undefined>;
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
