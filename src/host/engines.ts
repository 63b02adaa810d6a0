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
 * dying) go to `onFault`. `prewarm()` starts the next one's worker ahead
 * (a standby's, so its promotion does not wait for the code to load).
 */
export function remoteEngine(start: () => RemoteMatchmaker, onFault?: (error: Error) => void): EngineFactory {
  let spare: RemoteMatchmaker | undefined;
  const open = async (remote: RemoteMatchmaker, snapshot: MatchmakerSnapshot | undefined): Promise<HostEngine> => {
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
      setClock: (nowMs) => remote.setClock(nowMs),
      stopTicking: () => remote.stopTicking(),
      close: () => remote.close(),
    };
  };
  const factory: EngineFactory = async (snapshot) => {
    const warmed = spare;
    spare = undefined;
    if (warmed) {
      try {
        return await open(warmed, snapshot);
      } catch {
        // A prewarmed worker that died while it waited: a fresh one below (a bad snapshot fails there too).
      }
    }
    return open(start(), snapshot);
  };
  factory.prewarm = () => {
    spare ??= start();
  };
  factory.discardPrewarmed = async () => {
    const warmed = spare;
    spare = undefined;
    await warmed?.close();
  };
  return factory;
}

/**
 * An engine on an in-process Matchmaker with the real clock (`localNow`, set
 * to the lobby's by `setClock`) and real randomness, ticking on a
 * `setInterval` of this thread. A tick or listener that throws goes to
 * `onFault`; the timer goes on.
 */
export function inProcessEngine(onFault?: (error: Error) => void, localNow: () => number = Date.now): EngineFactory {
  return async (snapshot: MatchmakerSnapshot | undefined): Promise<HostEngine> => {
    const report = (error: unknown) => onFault?.(error instanceof Error ? error : new Error(String(error)));
    let clockOffsetMs = 0;
    const options = { now: () => localNow() + clockOffsetMs, random: Math.random, onListenerError: report };
    const matchmaker = snapshot ? Matchmaker.restore(snapshot, options) : new Matchmaker(options);
    let timer: ReturnType<typeof setInterval> | undefined;
    // A host never changes a state it saved (host-store.ts), so the next snapshot may share this one's unchanged records.
    let last: MatchmakerSnapshot | undefined;
    return {
      matchmaker,
      snapshot: () => (last = matchmaker.snapshot(last ? { reuse: last } : {})),
      setClock(nowMs) {
        clockOffsetMs = nowMs - localNow();
      },
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
