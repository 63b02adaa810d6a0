/**
 * One wording for every command's usage errors, each naming the option and
 * the value it got:
 *
 * ```
 * peermatch host: --server: expected an http(s) URL such as http://127.0.0.1:8080, got "not-a-url"
 * Run "peermatch host --help" for the options.
 * ```
 */

/** `unknown option "--x"`. */
export function unknownOption(arg: string): string {
  return `unknown option ${JSON.stringify(arg)}`;
}

/** `--x: expected a value`. */
export function missingValue(flag: string): string {
  return `${flag}: expected a value`;
}

/** `--x: expected WHAT, got "VALUE"`. */
export function expected(flag: string, what: string, got: string): string {
  return `${flag}: expected ${what}, got ${JSON.stringify(got)}`;
}

/** The two lines a command prints to stderr for a usage error `problem`. */
export function usageErrorLines(command: string, problem: string): string[] {
  return [`peermatch ${command}: ${problem}`, `Run "peermatch ${command} --help" for the options.`];
}

/** `node:util` parseArgs errors in the wording above (its own messages differ from command to command). */
export function parseArgsProblem(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^' ]+)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option !== undefined) return unknownOption(option);
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option !== undefined) return missingValue(option);
  return message;
}

/** Whether `value` is an http(s) URL (the form `--server` takes). */
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
