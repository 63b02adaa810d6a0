/**
 * At a new game host (game host migration, migration.ts): asks the lobby
 * host for the session's backfill rights (`claimGameHost`). The match may
 * move faster than the relay tells the lobby host that the old game host's
 * client left (a tab closed by navigating away is noticed in milliseconds),
 * so a refusal saying the old game host (or a higher successor) is still
 * there is asked again, `attempts` times at most, `retryMs` apart.
 */
import { isEarlyClaimRefusal } from '../core/ticket-lifecycle.ts';
import type { Timers } from '../net/backoff.ts';

/** What the claim needs from its client. */
export interface ClaimContext {
  timers: Timers;
  /** Sends `claimGameHost` to the lobby host. */
  claim(gameSessionArn: string, playerId: string): Promise<unknown>;
  /** True once the client closed (no more attempts). */
  closed(): boolean;
  attempts?: number;
  retryMs?: number;
}

/** Resolves with `undefined` once granted, or with the last refusal as `Name: message`. */
export async function claimGameHost(context: ClaimContext, gameSessionArn: string, playerId: string): Promise<string | undefined> {
  const attempts = context.attempts ?? 10;
  for (let attempt = 1; ; attempt++) {
    try {
      await context.claim(gameSessionArn, playerId);
      return undefined;
    } catch (error) {
      if (!isEarlyClaimRefusal(error) || attempt >= attempts || context.closed()) return `${(error as Error).name}: ${(error as Error).message}`;
      await new Promise<void>((resolve) => context.timers.setTimeout(() => resolve(), context.retryMs ?? 500));
    }
  }
}
