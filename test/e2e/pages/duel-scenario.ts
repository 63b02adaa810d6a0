/**
 * One 1v1 scenario, run against any `RemoteMatchmaker`: through Node
 * `worker_threads` (test/worker-rpc.test.ts) and through a browser Web Worker
 * (worker.html, test/e2e/worker.spec.ts). Only plain data comes back, so the
 * browser can hand it to Playwright through `window`.
 */
import type { MatchmakingEvent } from '../../../src/core/matchmaker/index.ts';
import type { RemoteMatchmaker } from '../../../src/worker/rpc-client.ts';
import { duelRuleSet } from '../../support/duel-rule-set.ts';

/** Two teams of one; players match when their skills are within 10. */
export const DUEL_RULE_SET = duelRuleSet();

export const DUEL_CONFIGURATION = 'duel-config';

/** Creates the rule set and a configuration without acceptance. */
export async function setUpDuel(remote: RemoteMatchmaker): Promise<void> {
  await remote.createMatchmakingRuleSet({ Name: 'duel', RuleSetBody: DUEL_RULE_SET });
  await remote.createMatchmakingConfiguration({
    Name: DUEL_CONFIGURATION,
    RuleSetName: 'duel',
    RequestTimeoutSeconds: 60,
    AcceptanceRequired: false,
  });
}

/** Starts a one-player ticket. */
export async function startDuelTicket(remote: RemoteMatchmaker, ticketId: string, playerId: string, skill: number) {
  return remote.startMatchmaking({
    ConfigurationName: DUEL_CONFIGURATION,
    TicketId: ticketId,
    Players: [{ PlayerId: playerId, PlayerAttributes: { skill: { N: skill } } }],
  });
}

/** Resolves with the first streamed event `accept` takes; rejects after `timeoutMs`. */
export function nextEvent(
  remote: RemoteMatchmaker,
  accept: (event: MatchmakingEvent) => boolean,
  timeoutMs: number,
): Promise<MatchmakingEvent> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching event within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = remote.on((event) => {
      if (!accept(event)) return;
      clearTimeout(timer);
      off();
      resolve(event);
    });
  });
}

/** What the duel produced, as plain data. */
export interface DuelOutcome {
  /** Every streamed event type, in order. */
  eventTypes: string[];
  /** The ticket ids the `MatchmakingSucceeded` event lists, sorted. */
  succeededTicketIds: string[];
  /** Each player's team in the `MatchmakingSucceeded` event. */
  teams: Record<string, string | undefined>;
  /** Status of each ticket, by id, from `describeMatchmaking` after the event. */
  statuses: Record<string, string>;
  /** Whether `StartTime` crossed the wire as a `Date` (structured clone keeps it). */
  startTimeIsDate: boolean;
}

/**
 * Sets up the duel, starts two close-skill tickets and waits for the worker's
 * own timer to match them (the scenario never calls `tick()`).
 */
export async function runDuel(remote: RemoteMatchmaker, timeoutMs = 5000): Promise<DuelOutcome> {
  const eventTypes: string[] = [];
  remote.on((event) => eventTypes.push(event.detail.type));
  await setUpDuel(remote);
  const succeeded = nextEvent(remote, (event) => event.detail.type === 'MatchmakingSucceeded', timeoutMs);
  const first = await startDuelTicket(remote, 'ticket-alice', 'alice', 20);
  await startDuelTicket(remote, 'ticket-bob', 'bob', 25);
  const event = await succeeded;
  const described = await remote.describeMatchmaking({ TicketIds: ['ticket-alice', 'ticket-bob'] });
  const teams: Record<string, string | undefined> = {};
  for (const player of event.detail.gameSessionInfo.players) teams[player.playerId] = player.team;
  return {
    eventTypes,
    succeededTicketIds: event.detail.tickets.map((ticket) => ticket.ticketId).sort(),
    teams,
    statuses: Object.fromEntries(described.TicketList.map((ticket) => [ticket.TicketId, ticket.Status])),
    startTimeIsDate: first.MatchmakingTicket.StartTime instanceof Date,
  };
}

/** An error as plain data. */
export interface ErrorOutcome {
  name: string;
  message: string;
  isError: boolean;
}

/** Runs `call`, which must reject, and returns what it rejected with. */
export async function rejection(call: () => Promise<unknown>): Promise<ErrorOutcome> {
  try {
    await call();
  } catch (error) {
    const { name, message } = error as Error;
    return { name, message, isError: error instanceof Error };
  }
  throw new Error('expected the call to reject, but it resolved');
}

/** The AWS errors of an unknown configuration and of a malformed request, as they cross the worker boundary. */
export async function probeErrors(remote: RemoteMatchmaker): Promise<{ notFound: ErrorOutcome; invalid: ErrorOutcome }> {
  const notFound = await rejection(() =>
    remote.startMatchmaking({ ConfigurationName: 'no-such-config', Players: [{ PlayerId: 'carol' }] }),
  );
  const invalid = await rejection(() => remote.describeMatchmaking({ TicketIds: [] }));
  return { notFound, invalid };
}
