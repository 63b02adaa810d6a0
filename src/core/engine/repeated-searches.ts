/**
 * Failed searches of a pass, by what they searched: an anchor whose search
 * would repeat one that already failed in this pass fails again without
 * being searched.
 *
 * Tickets often look alike to the rules: players with the same attributes
 * and latencies, waiting long enough for the same expansion stage. When such
 * an anchor fails (typically one that spends its whole node budget), the
 * next anchor like it usually sees the same candidates, or candidates like
 * them in the same order, and its search goes exactly the same way: the
 * search reads tickets only through their contents and their expansion
 * stage (ids only break ties in the candidate order, which is given). The
 * record keeps what the search did: the tentative additions it counted
 * (charged again to the pass budget, so that the budget runs out where it
 * did before), whether its own budget cut it, and its last failed check.
 *
 * A rule set that reads player ids (`players[playerId]`) tells every ticket
 * apart: nothing is recorded for it. Nor for a backfill's search (its draft
 * holds the game session's players).
 */
import type { Expr } from '../expression/ast.ts';
import { expressionReferences } from '../expression/parse.ts';
import type { CompiledRuleSet, Operand } from '../ruleset/types.ts';
import type { Blocker, MatchChecker } from './match-checks.ts';
import type { PreparedTicket } from './prepared-ticket.ts';

/** What a failed search did, to be done again in one step. */
export interface FailedRecord {
  /** Tentative additions it counted (`checker.nodesLeft`). */
  nodes: number;
  /** Whether its own node budget cut it (`checker.searchCut`). */
  cut: boolean;
  blocker: Blocker | undefined;
}

export class RepeatedSearches {
  /** Content codes (content and stage) by content text; one pass, one clock. */
  private readonly codes = new Map<string, number>();
  /** Codes of the anchors that failed: only their look-alikes pay for a full key. */
  private readonly failedAnchors = new Set<number>();
  private readonly failed = new Map<string, FailedRecord>();
  private readonly enabled: boolean;

  constructor(private readonly checker: MatchChecker) {
    this.enabled = !readsPlayerIds(checker.ruleSet);
  }

  /** The search's key when an anchor like this one failed before in this pass (else undefined: search). */
  keyIfLikely(anchor: PreparedTicket, candidates: readonly PreparedTicket[]): string | undefined {
    // Most passes fail few searches: until one fails, no anchor pays for its code.
    if (!this.enabled || this.failedAnchors.size === 0 || !this.failedAnchors.has(this.codeOf(anchor))) return undefined;
    return this.key(anchor, candidates);
  }

  /** The record of the same search, if it failed before. */
  find(key: string): FailedRecord | undefined {
    return this.failed.get(key);
  }

  /** Records a failed search (`key`: from `keyIfLikely`, or made here). */
  record(anchor: PreparedTicket, candidates: readonly PreparedTicket[], key: string | undefined, record: FailedRecord): void {
    if (!this.enabled) return;
    this.failedAnchors.add(this.codeOf(anchor));
    this.failed.set(key ?? this.key(anchor, candidates), record);
  }

  private key(anchor: PreparedTicket, candidates: readonly PreparedTicket[]): string {
    let key = String(this.codeOf(anchor));
    for (let i = 0; i < candidates.length; i++) key += `,${this.codeOf(candidates[i]!)}`;
    return key;
  }

  /** The ticket's content (`contentText`) and expansion stage, as a small number. */
  private codeOf(ticket: PreparedTicket): number {
    const text = `${this.checker.schedule.stageAt(ticket.ageSeconds(this.checker.nowMs))}|${contentText(ticket)}`;
    let code = this.codes.get(text);
    if (code === undefined) this.codes.set(text, (code = this.codes.size));
    return code;
  }
}

const contentTexts = new WeakMap<PreparedTicket, string>();

/** The ticket's players as rules can read them, ids left out, as text (made once per ticket). */
function contentText(ticket: PreparedTicket): string {
  let text = contentTexts.get(ticket);
  if (text === undefined) {
    text = ticket.ticket.players.map((player) => `${encode(player.attributes)}@${encode(player.latencyMs)}`).join(';');
    contentTexts.set(ticket, text);
  }
  return text;
}

/** A value as text that tells apart whatever a rule can (-0 from 0, NaN from null, missing from undefined). */
function encode(value: unknown): string {
  if (typeof value === 'number') return Object.is(value, -0) ? 'n-0' : `n${value}`;
  if (typeof value === 'string') return `s${JSON.stringify(value)}`;
  if (Array.isArray(value)) return `[${value.map(encode).join(',')}]`;
  if (value && typeof value === 'object') {
    // Own keys in their order: two objects with the same entries in another order only miss a repeat.
    const entries = Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${encode(item)}`);
    return `{${entries.join(',')}}`;
  }
  return String(value);
}

const readsIds = new WeakMap<CompiledRuleSet, boolean>();

/** Whether some rule's expression reads player ids. */
function readsPlayerIds(ruleSet: CompiledRuleSet): boolean {
  let reads = readsIds.get(ruleSet);
  if (reads === undefined) {
    reads = ruleSet.rules.some((rule) => {
      const operands: (Operand | undefined)[] = 'measurements' in rule ? [...rule.measurements] : [];
      if ('referenceValue' in rule) operands.push(rule.referenceValue as Operand | undefined);
      return operands.some((operand) => operand?.kind === 'expression' && readsIdsIn(operand.expr));
    });
    readsIds.set(ruleSet, reads);
  }
  return reads;
}

function readsIdsIn(expr: Expr): boolean {
  return expressionReferences(expr).usesPlayerIds;
}
