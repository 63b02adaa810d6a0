/**
 * The two kinds of Matchmaker a lobby host drives (`HostEngine`): one behind
 * the Worker RPC (`RemoteMatchmaker`: a browser Web Worker or a Node thread)
 * and one in-process (the Node host's default: no thread to start, same
 * behaviour). Neither ticks until the host says so, so a restored snapshot is
 * in place before the first tick and before the host listens.
 */
import { Matchmaker, type MatchmakerSnapshot } from '../core/matchmaker/index.ts';
import type { RemoteMatchmaker } from '../worker/rpc-client.ts';
import type { EngineFactory, HostEngine } from './host-engine.ts';

/**
 * An engine on a `RemoteMatchmaker` that `start()` makes without a timer
 * (`tickIntervalMs: null`). Worker faults (a tick that threw, the worker
 * dying) go to `onFault`.
 */
export function remoteEngine(start: () => RemoteMatchmaker, onFault?: (error: Error) => void): EngineFactory {
  return async (snapshot) => {
    const remote = start();
    if (onFault) remote.onFault(onFault);
    if (snapshot) {
      try {
        await remote.restore(snapshot);
      } catch (error) {
        await remote.close();
        throw error;
      }
    }
    return {
      matchmaker: remote,
      snapshot: () => remote.snapshot(),
      startTicking: (intervalMs) => remote.startTicking(intervalMs),
      stopTicking: () => remote.stopTicking(),
      close: () => remote.close(),
    };
  };
}

/**
 * An engine on an in-process Matchmaker with the real clock and randomness,
 * ticking on a `setInterval` of this thread. A tick or listener that throws
 * goes to `onFault`; the timer goes on.
 */
export function inProcessEngine(onFault?: (error: Error) => void): EngineFactory {
  return async (snapshot: MatchmakerSnapshot | undefined): Promise<HostEngine> => {
    const report = (error: unknown) => onFault?.(error instanceof Error ? error : new Error(String(error)));
    const options = { now: () => Date.now(), random: Math.random, onListenerError: report };
    const matchmaker = snapshot ? Matchmaker.restore(snapshot, options) : new Matchmaker(options);
    let timer: ReturnType<typeof setInterval> | undefined;
    return {
      matchmaker,
      snapshot: () => matchmaker.snapshot(),
      startTicking(intervalMs) {
        clearInterval(timer);
        timer = setInterval(() => {
          try {
            matchmaker.tick();
          } catch (error) {
            report(error);
          }
        }, intervalMs);
      },
      stopTicking() {
        clearInterval(timer);
        timer = undefined;
      },
      close() {
        clearInterval(timer);
        timer = undefined;
      },
    };
  };
}
