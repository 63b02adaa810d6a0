/**
 * Each held ticket in the engine's form, converted (and validated) once, when
 * it first searches under a rule set; never again on every tick. The form
 * rides on the ticket record itself, under a symbol key: no map lookup per
 * ticket per tick (a map of every ticket costs a cache miss or two per
 * lookup, measured), and it leaves with its record. Symbol keys are invisible
 * to JSON (snapshots), `for...in` and `Object.keys`, so the record stays the
 * plain JSON it is documented as.
 */
import type { PoolTicket } from '../engine/types.ts';
import type { CompiledRuleSet } from '../ruleset/types.ts';
import type { TicketRecord } from './tickets.ts';

const POOL_FORM = Symbol('peermatch.poolForm');

interface Entry {
  ruleSet: CompiledRuleSet;
  pool: PoolTicket | null;
}

type Carrier = TicketRecord & { [POOL_FORM]?: Entry };

/** Records `pool` as `ticket` in the engine's form under `ruleSet` (null: it cannot be converted). */
export function rememberPoolTicket(ticket: TicketRecord, ruleSet: CompiledRuleSet, pool: PoolTicket | null): void {
  (ticket as Carrier)[POOL_FORM] = { ruleSet, pool };
}

/** `ticket` in the engine's form under `ruleSet`: remembered, or converted now with `convert` and remembered. */
export function poolTicketOf(
  ticket: TicketRecord,
  ruleSet: CompiledRuleSet,
  convert: (ticket: TicketRecord, ruleSet: CompiledRuleSet) => PoolTicket | null,
): PoolTicket | null {
  const entry = (ticket as Carrier)[POOL_FORM];
  if (entry !== undefined && entry.ruleSet === ruleSet) return entry.pool;
  const pool = convert(ticket, ruleSet);
  rememberPoolTicket(ticket, ruleSet, pool);
  return pool;
}
