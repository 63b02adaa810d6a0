/**
 * The one shape of a problem found in untrusted input (a rule set, an
 * exported host state, a population): where it is, as a JSON path, what is
 * wrong, and the line and column when the input was text. Every room that
 * reports such problems uses this shape and this text.
 */

/** One problem. `line`/`column` (1-based) only when the input was text. */
export interface Issue {
  /** Where: `$` or `(top)` for the whole input, else e.g. `rules[2].measurements[0]`. */
  path: string;
  message: string;
  line?: number;
  column?: number;
}

/** `rules[2].measurements[0]: unknown attribute "mmr" (line 14, column 31)`; the path part is left out when empty. */
export function issueText(issue: Issue): string {
  const where = issue.line !== undefined ? ` (line ${issue.line}, column ${issue.column ?? 1})` : '';
  return `${issue.path ? `${issue.path}: ` : ''}${issue.message}${where}`;
}

/**
 * Collects issues under a path prefix, up to `limit`: `at('tickets').at(3)`
 * reports under `tickets[3]`. Children share their parent's list. An issue
 * at no path is reported at `(top)`.
 */
export class IssueList {
  constructor(
    readonly issues: Issue[] = [],
    private readonly prefix = '',
    private readonly limit = Number.POSITIVE_INFINITY,
  ) {}

  /** The list for a field (`name`) or an item (`index`) under this one. */
  at(path: string | number): IssueList {
    const next = typeof path === 'number' ? `${this.prefix}[${path}]` : this.prefix ? `${this.prefix}.${path}` : path;
    return new IssueList(this.issues, next, this.limit);
  }

  /** Adds `message` at `path` under this list's prefix (at the prefix itself without a path). */
  add(path: string | number | undefined, message: string): void {
    const where = path === undefined ? this.prefix : this.at(path).prefix;
    if (this.issues.length < this.limit) this.issues.push({ path: where || '(top)', message });
  }

  /** Whether the limit is reached (later issues are dropped). */
  get full(): boolean {
    return this.issues.length >= this.limit;
  }

  /** Every issue as its text (`issueText`). */
  texts(): string[] {
    return this.issues.map(issueText);
  }
}
