/**
 * `peermatch validate FILE...`: validate rule-set files (JSON, comments
 * allowed) and print every problem as `FILE:LINE:COLUMN path: message`
 * (warnings: `FILE:LINE:COLUMN path: warning: message`), then one summary
 * line per file. Exit code 1 when a file has errors, 2 for a usage error or
 * an unreadable file, else 0.
 */
import type { CliIo, Command } from './command.ts';
import { unknownOption, usageErrorLines } from './usage.ts';
import type { RuleSetIssue } from '../core/ruleset/validate.ts';
import { validateRuleSet } from '../core/ruleset/validate.ts';

const HELP = [
  'usage: peermatch validate FILE...',
  '',
  'Validates FlexMatch rule sets (rules language 1.0; // comments and trailing commas allowed).',
  'Prints each problem as FILE:LINE:COLUMN path: message (warnings: "path: warning: message"),',
  'then "FILE: valid" or "FILE: N errors, M warnings".',
  'Exit code: 0 all valid, 1 some file has errors, 2 usage error or unreadable file.',
].join('\n');

/** The `validate` subcommand, for main's command table. */
export const validateCommand: Command = {
  name: 'validate',
  summary: 'check FlexMatch rule-set files and print every problem with its line and column',
  run: runValidate,
};

async function runValidate(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(HELP);
    return 0;
  }
  const option = args.find((a) => a.startsWith('-') && a !== '-' && a !== '--');
  const files = args.filter((a) => a !== '--');
  if (option !== undefined || files.length === 0) {
    for (const line of usageErrorLines('validate', option !== undefined ? unknownOption(option) : 'expected at least one FILE, got none')) io.stderr(line);
    return 2;
  }
  let exitCode = 0;
  for (const file of files) {
    exitCode = Math.max(exitCode, await validateFile(file, io));
  }
  return exitCode;
}

/** Validate one file and print its problems; resolves to its exit code (0, 1 or 2). */
async function validateFile(file: string, io: CliIo): Promise<number> {
  let text: string;
  try {
    text = await io.readTextFile(file);
  } catch (e) {
    io.stderr(`peermatch validate: cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
    return 2;
  }
  const { errors, warnings } = validateRuleSet(text);
  const issues = [
    ...errors.map((issue) => ({ issue, warning: false })),
    ...warnings.map((issue) => ({ issue, warning: true })),
  ].sort((a, b) => (a.issue.line ?? 0) - (b.issue.line ?? 0) || (a.issue.column ?? 0) - (b.issue.column ?? 0));
  for (const { issue, warning } of issues) io.stdout(formatIssue(file, issue, warning));
  io.stdout(`${file}: ${summary(errors.length, warnings.length)}`);
  return errors.length > 0 ? 1 : 0;
}

/** `FILE:LINE:COLUMN path: [warning: ]message`; the position parts are left out when unknown. */
export function formatIssue(file: string, issue: RuleSetIssue, warning: boolean): string {
  const line = issue.line === undefined ? '' : `:${issue.line}`;
  const column = issue.line === undefined || issue.column === undefined ? '' : `:${issue.column}`;
  return `${file}${line}${column} ${issue.path}: ${warning ? 'warning: ' : ''}${issue.message}`;
}

function summary(errors: number, warnings: number): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (errors === 0) return warnings === 0 ? 'valid' : `valid, ${plural(warnings, 'warning')}`;
  return warnings === 0 ? plural(errors, 'error') : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
}
