/**
 * The state one Matchmaker owns, shared by the modules that implement its
 * operations (requests, acceptance, placement, backfill, the matching cycle).
 * Everything here is data plus the injected clock, random source, placement
 * hook and event bus; nothing schedules work by itself.
 */
import type { ConfigurationRegistry } from './configurations.ts';
import type { EventBus } from './events.ts';
import type { GameSessionRecord } from './game-sessions.ts';
import type { ArnFactory } from './ids.ts';
import type { MatchRecord } from './matches.ts';
import type { PlacementHook } from './placement-types.ts';
import type { RuleSetRegistry } from './rule-sets.ts';
import type { TicketStore } from './tickets.ts';
import type { WaitHistory } from './wait-estimate.ts';

export interface MatchmakerContext {
  /** Current time in ms (injected). */
  readonly now: () => number;
  /** Uniform in [0, 1) (injected). */
  readonly random: () => number;
  readonly region: string;
  readonly accountId: string;
  readonly arns: ArnFactory;
  readonly ruleSets: RuleSetRegistry;
  readonly configurations: ConfigurationRegistry;
  readonly tickets: TicketStore;
  /** Matches awaiting acceptance, by match id. */
  readonly matches: Map<string, MatchRecord>;
  readonly gameSessions: Map<string, GameSessionRecord>;
  readonly waits: WaitHistory;
  readonly bus: EventBus;
  readonly placement: PlacementHook | undefined;
}
