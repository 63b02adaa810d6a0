/**
 * The server's logging seam: every part logs through an injected `Logger`,
 * so tests run quiet and an embedding application can route the lines.
 */

/** Structured context of a log line (ids, addresses, codes). */
export type LogFields = Record<string, string | number | boolean | undefined>;

/** Where the server writes what it does. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** Discards everything (the default for `startServer`, and tests). */
export const silentLogger: Logger = {
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** One line per entry on the console: `level message key=value ...`, errors and warnings to stderr. */
export function consoleLogger(): Logger {
  const line = (level: string, message: string, fields?: LogFields): string => {
    const extras = Object.entries(fields ?? {})
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key}=${typeof value === 'string' && /\s/.test(value) ? JSON.stringify(value) : String(value)}`);
    return [new Date().toISOString(), level, message, ...extras].join(' ');
  };
  return {
    info: (message, fields) => console.log(line('info', message, fields)),
    warn: (message, fields) => console.warn(line('warn', message, fields)),
    error: (message, fields) => console.error(line('error', message, fields)),
  };
}
