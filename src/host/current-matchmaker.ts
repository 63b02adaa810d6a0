/**
 * The Matchmaker of whichever engine a host runs now, as one stable object:
 * a host console subscribes once and keeps its listeners across a
 * promotion (a standby that starts serving) or a fencing (a primary that
 * stops). While no engine runs (a standby), calls reject `NotPrimary`.
 */
import type { GameSessionUpdateListener, MatchmakingEventListener } from '../core/matchmaker/index.ts';
import type { HostEngine } from './host-engine.ts';

type EngineMatchmaker = HostEngine['matchmaker'];

/** See the file comment. */
export class CurrentMatchmaker {
  private engine: EngineMatchmaker | undefined;
  private readonly eventListeners = new Set<MatchmakingEventListener>();
  private readonly updateListeners = new Set<GameSessionUpdateListener>();
  private detach: (() => void)[] = [];

  /** The stable Matchmaker: every call goes to the engine running now. */
  readonly matchmaker: EngineMatchmaker;

  constructor() {
    const on = (listener: MatchmakingEventListener) => {
      this.eventListeners.add(listener);
      return () => void this.eventListeners.delete(listener);
    };
    const onUpdateGameSession = (listener: GameSessionUpdateListener) => {
      this.updateListeners.add(listener);
      return () => void this.updateListeners.delete(listener);
    };
    this.matchmaker = new Proxy({ on, onUpdateGameSession } as unknown as EngineMatchmaker, {
      get: (target, name) => {
        if (name === 'on' || name === 'onUpdateGameSession') return Reflect.get(target, name);
        if (typeof name !== 'string' || name === 'then') return undefined;
        return (input?: unknown) => {
          const engine = this.engine;
          if (engine === undefined) {
            const error = new Error(`${name}: this lobby host is a standby; the primary host serves the lobby`);
            error.name = 'NotPrimary';
            return Promise.reject(error);
          }
          return (engine[name as keyof EngineMatchmaker] as (input?: unknown) => unknown).call(engine, input);
        };
      },
    });
  }

  /** Calls and listeners go to `engine` from now on (none: a standby). */
  use(engine: EngineMatchmaker | undefined): void {
    for (const off of this.detach.splice(0)) off();
    this.engine = engine;
    if (engine === undefined) return;
    this.detach.push(
      engine.on((event) => {
        for (const listener of [...this.eventListeners]) listener(event);
      }),
      engine.onUpdateGameSession((update) => {
        for (const listener of [...this.updateListeners]) listener(update);
      }),
    );
  }
}
