/**
 * Each held ticket in the engine's form, converted (and validated) once: at
 * `startMatchmaking`, which validates the players anyway, or when the ticket
 * first searches under a rule set; never again on every tick. Keyed weakly
 * by the ticket record: a forgotten ticket takes its entry with it.
 */
import type { PoolTicket } from '../engine/types.ts';
import type { CompiledRuleSet } from '../ruleset/types.ts';
import type { TicketRecord } from './tickets.ts';

const converted = new WeakMap<TicketRecord, { ruleSet: CompiledRuleSet; pool: PoolTicket | null }>();

/** Records `pool` as `ticket` in the engine's form under `ruleSet` (null: it cannot be converted). */
export function rememberPoolTicket(ticket: TicketRecord, ruleSet: CompiledRuleSet, pool: PoolTicket | null): void {
  converted.set(ticket, { ruleSet, pool });
}

/** `ticket` in the engine's form under `ruleSet`: remembered, or converted now with `convert` and remembered. */
export function poolTicketOf(
  ticket: TicketRecord,
  ruleSet: CompiledRuleSet,
  convert: (ticket: TicketRecord, ruleSet: CompiledRuleSet) => PoolTicket | null,
): PoolTicket | null {
  let entry = converted.get(ticket);
  if (entry?.ruleSet !== ruleSet) {
    entry = { ruleSet, pool: convert(ticket, ruleSet) };
    converted.set(ticket, entry);
  }
  return entry.pool;
}
