/**
 * The page behind test/e2e/worker.spec.ts: exposes the worker scenarios on
 * `window.peermatchE2E`, each running a Matchmaker in a real Web Worker
 * (`createMatchmakerWorker`) and answering plain data for Playwright.
 */
import { browserWorkerLink, createMatchmakerWorker } from '../../../src/worker/create-worker.ts';
import { connectMatchmaker, WORKER_GONE_ERROR, type RemoteMatchmaker } from '../../../src/worker/rpc-client.ts';
import {
  nextEvent,
  probeErrors,
  rejection,
  runDuel,
  setUpDuel,
  startDuelTicket,
  type DuelOutcome,
  type ErrorOutcome,
} from './duel-scenario.ts';

/** A worker that is closed when `run` settles. */
async function withWorker<T>(tickIntervalMs: number | null, run: (remote: RemoteMatchmaker) => Promise<T>): Promise<T> {
  const remote = createMatchmakerWorker({ tickIntervalMs });
  try {
    return await run(remote);
  } finally {
    await remote.close();
  }
}

const api = {
  /** The 1v1 duel on the worker's own 50 ms timer. */
  runDuel: (): Promise<DuelOutcome> => withWorker(50, (remote) => runDuel(remote)),

  /** The AWS errors of an unknown configuration and a malformed request. */
  probeErrors: () => withWorker(null, (remote) => probeErrors(remote)),

  /** A searching ticket snapshotted in one worker, restored into a second and matched there. */
  async snapshotRoundTrip(): Promise<{ restoredStatus: string | undefined; matchedTicketIds: string[] }> {
    const snapshot = await withWorker(50, async (first) => {
      await setUpDuel(first);
      const searching = nextEvent(first, (event) => event.detail.type === 'MatchmakingSearching', 5000);
      await startDuelTicket(first, 'ticket-alice', 'alice', 20);
      await searching;
      return first.snapshot();
    });
    return withWorker(50, async (second) => {
      await second.restore(snapshot);
      const restored = await second.describeMatchmaking({ TicketIds: ['ticket-alice'] });
      const succeeded = nextEvent(second, (event) => event.detail.type === 'MatchmakingSucceeded', 5000);
      await startDuelTicket(second, 'ticket-bob', 'bob', 25);
      const event = await succeeded;
      return {
        restoredStatus: restored.TicketList[0]?.Status,
        matchedTicketIds: event.detail.tickets.map((ticket) => ticket.ticketId).sort(),
      };
    });
  },

  /** What a call made after `close()` rejects with. */
  async callAfterClose(): Promise<{ before: number; after: ErrorOutcome; goneName: string }> {
    const remote = createMatchmakerWorker({ tickIntervalMs: null });
    const before = (await remote.describeMatchmakingRuleSets({})).RuleSets.length;
    await remote.close();
    const after = await rejection(() => remote.describeMatchmakingRuleSets({}));
    return { before, after, goneName: WORKER_GONE_ERROR };
  },

  /** What a pending call rejects with when the worker script cannot load, and what the fault listener heard. */
  async workerThatFailsToLoad(): Promise<{ call: ErrorOutcome; faults: string[]; goneName: string }> {
    const remote = connectMatchmaker(browserWorkerLink(new Worker('/no-such-matchmaker-worker.js', { type: 'module' })));
    const faults: string[] = [];
    remote.onFault((error) => faults.push(error.name));
    const call = await rejection(() => remote.describeMatchmakingRuleSets({}));
    return { call, faults, goneName: WORKER_GONE_ERROR };
  },
};

/** The scenarios the spec calls through `page.evaluate`. */
export type PeermatchE2E = typeof api;

declare global {
  interface Window {
    peermatchE2E?: PeermatchE2E;
  }
}

window.peermatchE2E = api;
document.getElementById('status')!.textContent = 'ready';
