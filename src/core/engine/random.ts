/**
 * A small seeded pseudo-random generator (mulberry32), so that a matchmaking
 * run is reproducible from a seed. Returns numbers uniform in [0, 1).
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates shuffle of a copy, driven by the injected random source. */
export function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * A generator seeded from the platform's secure random source
 * (`crypto.getRandomValues`, in browsers and Node alike): the default of a
 * matchmaker created without a random source, so that two such matchmakers
 * (two processes, two tabs) never issue the same ids. Pass `seededRandom(seed)`
 * for a reproducible run. This is the one place the core draws entropy, and
 * only at construction.
 */
export function unseededRandom(): () => number {
  const seed = new Uint32Array(4);
  globalThis.crypto.getRandomValues(seed);
  // Four 32-bit words stirred into mulberry32's single word state would lose entropy;
  // two generators are combined instead, so that collisions need 64 equal bits.
  const high = seededRandom(seed[0]! ^ seed[2]!);
  const low = seededRandom(seed[1]! ^ seed[3]!);
  return () => (Math.floor(high() * 2097152) + low()) / 2097152;
}
