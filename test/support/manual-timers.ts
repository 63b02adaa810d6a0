/** A clock for unit tests: timers fire only when the test advances it. */
export function manualTimers() {
  let now = 0;
  let nextId = 0;
  const pending = new Map<number, { at: number; callback: () => void }>();
  return {
    setTimeout(callback: () => void, delayMs: number) {
      pending.set(++nextId, { at: now + delayMs, callback });
      return nextId;
    },
    clearTimeout(handle: unknown) {
      pending.delete(handle as number);
    },
    /** Now, in the timers' own milliseconds (starts at 0). */
    now: () => now,
    /** Runs every timer due within `ms`, in time order, then moves the clock to the end. */
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, timer]) => timer.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].callback();
      }
      now = until;
    },
  };
}

