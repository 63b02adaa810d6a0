/**
 * Each held ticket in the engine's form, converted (and validated) once, when
 * it first searches under a rule set; never again on every tick. The entries
 * live in the ticket store (a Map by ticket id: cheaper to fill than a
 * WeakMap, measured) and leave it with their ticket.
 */
import type { PoolTicket } from '../engine/types.ts';
import type { CompiledRuleSet } from '../ruleset/types.ts';
import type { TicketRecord, TicketStore } from './tickets.ts';

interface Entry {
  ticket: TicketRecord;
  ruleSet: CompiledRuleSet;
  pool: PoolTicket | null;
}

/** Records `pool` as `ticket` in the engine's form under `ruleSet` (null: it cannot be converted). */
export function rememberPoolTicket(store: TicketStore, ticket: TicketRecord, ruleSet: CompiledRuleSet, pool: PoolTicket | null): void {
  const entry: Entry = { ticket, ruleSet, pool };
  store.poolForms.set(ticket.ticketId, entry);
}

/** `ticket` in the engine's form under `ruleSet`: remembered, or converted now with `convert` and remembered. */
export function poolTicketOf(
  store: TicketStore,
  ticket: TicketRecord,
  ruleSet: CompiledRuleSet,
  convert: (ticket: TicketRecord, ruleSet: CompiledRuleSet) => PoolTicket | null,
): PoolTicket | null {
  const entry = store.poolForms.get(ticket.ticketId) as Entry | undefined;
  // The record too must be the same: a restored store holds new records under the same ids.
  if (entry && entry.ticket === ticket && entry.ruleSet === ruleSet) return entry.pool;
  const pool = convert(ticket, ruleSet);
  rememberPoolTicket(store, ticket, ruleSet, pool);
  return pool;
}
