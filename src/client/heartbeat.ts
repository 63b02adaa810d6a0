/**
 * A heartbeat on each match connection, so that a closed tab is noticed in
 * seconds. WebRTC does not notice on its own: when a tab closes, ICE goes to
 * `disconnected` after about 5 s and may never reach `failed`, and PeerJS
 * keeps the DataConnection `open`. So both sides send a small
 * `{ type: 'peermatch-beat' }` every `intervalMs`, and any message received
 * (a beat or game data) proves the other side is there. After
 * `interruptedAfterMs` of silence the connection is reported `interrupted`
 * (and `resumed` when something arrives again). It is `gone`, and closed
 * (which the hand-off reports as a departure), after `goneAfterMs` of silence
 * when the server says the other side's client left too (a closed tab, a
 * crash: see `PresenceNotice`), else after `lostAfterMs`: a connection whose
 * network changed under it stays silent while its ICE restart (ice-restart.ts)
 * finds a new path, and must not be given up before that can succeed.
 *
 * Beats are the hand-off's own messages: the game never sees them (see
 * `isControlMessage` in admission.ts).
 */
import type { Timers } from '../net/backoff.ts';
import type { DataConnectionLike } from './peer-like.ts';

/** When each side beats and how long a silence means what, in milliseconds. */
export interface HeartbeatOptions {
  /** How often each side sends a beat (default 1000). */
  intervalMs?: number;
  /** Silence after which the connection is reported interrupted (default 2500). */
  interruptedAfterMs?: number;
  /** Silence after which the other side is taken as gone and the connection closed, once the server says its client left (default 4000). */
  goneAfterMs?: number;
  /** Silence after which the other side is taken as gone even though the server still sees it (default 20000). */
  lostAfterMs?: number;
}

export type HeartbeatSettings = Required<HeartbeatOptions>;

export const DEFAULT_HEARTBEAT: HeartbeatSettings = { intervalMs: 1000, interruptedAfterMs: 2500, goneAfterMs: 4000, lostAfterMs: 20_000 };

/** The settings with defaults filled in; a RangeError naming the field and value when they cannot work. */
export function heartbeatSettings(options: HeartbeatOptions = {}): HeartbeatSettings {
  const settings = { ...DEFAULT_HEARTBEAT, ...options };
  for (const field of ['intervalMs', 'interruptedAfterMs', 'goneAfterMs', 'lostAfterMs'] as const) {
    const value = settings[field];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`heartbeat.${field}: expected a positive number of milliseconds, got ${String(value)}`);
    }
  }
  if (settings.interruptedAfterMs <= settings.intervalMs) {
    throw new RangeError(
      `heartbeat.interruptedAfterMs: ${settings.interruptedAfterMs} must be longer than heartbeat.intervalMs (${settings.intervalMs}), or every pause between beats would read as an interruption`,
    );
  }
  if (settings.goneAfterMs <= settings.interruptedAfterMs) {
    throw new RangeError(`heartbeat.goneAfterMs: ${settings.goneAfterMs} must be longer than heartbeat.interruptedAfterMs (${settings.interruptedAfterMs})`);
  }
  if (settings.lostAfterMs < settings.goneAfterMs) {
    throw new RangeError(`heartbeat.lostAfterMs: ${settings.lostAfterMs} must be at least heartbeat.goneAfterMs (${settings.goneAfterMs})`);
  }
  return settings;
}

/** What a heartbeat reports about the other side of its connection. */
export type LivenessChange = 'interrupted' | 'resumed' | 'gone';

/** How often silence is judged, at most, in milliseconds. */
const CHECK_EVERY_MS = 250;

/** The beat itself. */
export const BEAT = { type: 'peermatch-beat' } as const;

/**
 * Beats on `connection` and watches it until it closes or `stop()` is
 * called. `onChange('gone')` comes once, just before the connection is closed.
 * `isAway` is asked at each check, so a hint that arrives late still counts.
 */
export function keepAlive(
  connection: DataConnectionLike,
  settings: HeartbeatSettings,
  clock: { timers: Timers; now: () => number },
  onChange: (change: LivenessChange) => void,
  /** Whether the server says the other side's client left (then `goneAfterMs` applies, else `lostAfterMs`). */
  isAway: () => boolean = () => false,
): { stop(): void } {
  let lastHeard = clock.now();
  let lastSent = Number.NEGATIVE_INFINITY;
  let interrupted = false;
  let stopped = false;
  let timer: unknown;
  // Silence is judged more often than beats are sent, so a verdict is at most this late.
  const checkEveryMs = Math.min(CHECK_EVERY_MS, settings.intervalMs);
  const stop = () => {
    stopped = true;
    clock.timers.clearTimeout(timer);
  };
  connection.on('data', () => {
    if (stopped) return;
    lastHeard = clock.now();
    if (interrupted) {
      interrupted = false;
      onChange('resumed');
    }
  });
  connection.on('close', stop);
  const check = () => {
    if (stopped) return;
    if (!connection.open) return stop();
    const now = clock.now();
    const silence = now - lastHeard;
    if (silence >= (isAway() ? settings.goneAfterMs : settings.lostAfterMs)) {
      stop();
      onChange('gone');
      connection.close();
      return;
    }
    if (silence >= settings.interruptedAfterMs && !interrupted) {
      interrupted = true;
      onChange('interrupted');
    }
    if (now - lastSent >= settings.intervalMs) {
      lastSent = now;
      try {
        connection.send(BEAT);
      } catch {
        // A send on a closing channel; the silence decides.
      }
    }
    timer = clock.timers.setTimeout(check, checkEveryMs);
  };
  check();
  return { stop };
}
