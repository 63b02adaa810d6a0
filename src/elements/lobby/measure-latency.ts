/**
 * The latency the lobby reports when the game gives none: the median round
 * trip of a few small requests to the peermatch server's health check
 * (`GET /healthz`, a few bytes of JSON, never cached). `no-cors`, so a game
 * served from another origin can measure too (the answer is opaque; only its
 * timing matters).
 */

/** The region name the measured latency is reported under unless the element's `region` says otherwise. */
export const DEFAULT_LATENCY_REGION = 'server';

/** How `measureServerLatency` runs; every field has a default. */
export interface MeasureLatencyOptions {
  /** Requests to time; the first is not counted (it opens the connection). Default 5. */
  samples?: number;
  /** Gives up on one request after this long, ms. Default 2000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

/** The median of `values` (the mean of the middle two for an even count); `undefined` when empty. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * The median round trip to `serverUrl` in whole milliseconds (at least 1,
 * as `LatencyInMs` requires), or `undefined` when no request got through.
 * Never rejects.
 */
export async function measureServerLatency(serverUrl: string, options: MeasureLatencyOptions = {}): Promise<number | undefined> {
  const samples = options.samples ?? 5;
  const timeoutMs = options.timeoutMs ?? 2000;
  const doFetch = options.fetch ?? fetch.bind(globalThis);
  const now = options.now ?? (() => performance.now());
  let url: string;
  try {
    url = new URL('/healthz', serverUrl).href;
  } catch {
    return undefined;
  }
  const times: number[] = [];
  for (let i = 0; i <= samples; i++) {
    const started = now();
    try {
      await doFetch(url, { mode: 'no-cors', cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
    } catch {
      continue;
    }
    if (i > 0) times.push(now() - started);
  }
  const middle = median(times);
  return middle === undefined ? undefined : Math.max(1, Math.round(middle));
}
