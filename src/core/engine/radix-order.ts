/**
 * The order of a list of numbers, ascending, ties kept in list order: what
 * `indexes.sort((a, b) => values[a] - values[b] || a - b)` gives, in O(n)
 * for large lists. Each tick orders its whole pool (the candidate index,
 * the anchor order); a comparison sort with a callback costs about 40 times
 * a plain `Float64Array` sort, a stable radix sort on the numbers' bits a
 * few times.
 *
 * The numbers' IEEE 754 bits are turned into unsigned keys that sort like
 * the numbers (sign bit set for positives, every bit flipped for
 * negatives; -0 first made 0, which the comparison finds equal), then
 * sorted 16 bits at a time from the lowest, each pass stable, skipping the
 * passes whose digit is the same for every key. A list holding NaN (on which
 * the comparison is not an order) and short lists take the comparison sort.
 */

/** Below this many numbers the comparison sort is as fast. */
const RADIX_FROM = 256;

const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Positions of `values` in ascending order of value, ties in position order. */
export function orderByValue(values: Float64Array): Uint32Array {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let hasNaN = false;
  for (let i = 0; i < n && !hasNaN; i++) hasNaN = Number.isNaN(values[i]!);
  if (n < RADIX_FROM || hasNaN || !littleEndian) {
    const list = Array.from(order);
    list.sort((a, b) => values[a]! - values[b]! || a - b);
    order.set(list);
    return order;
  }
  const copy = new Float64Array(n);
  for (let i = 0; i < n; i++) copy[i] = values[i]! + 0; // -0 + 0 is 0
  const words = new Uint32Array(copy.buffer);
  const low = new Uint32Array(n);
  const high = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i]!;
    const hi = words[2 * i + 1]!;
    if (hi >>> 31 === 1) {
      high[i] = ~hi >>> 0;
      low[i] = ~lo >>> 0;
    } else {
      high[i] = (hi | 0x80000000) >>> 0;
      low[i] = lo;
    }
  }
  let from = order;
  let into = new Uint32Array(n);
  const counts = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const keys = pass < 2 ? low : high;
    const shift = pass % 2 === 0 ? 0 : 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(keys[i]! >>> shift) & 0xffff]!++;
    // Every key has the same digit here: the pass would not move anything.
    if (counts[(keys[0]! >>> shift) & 0xffff] === n) continue;
    let total = 0;
    for (let d = 0; d < 65536; d++) {
      const count = counts[d]!;
      counts[d] = total;
      total += count;
    }
    for (let i = 0; i < n; i++) {
      const position = from[i]!;
      into[counts[(keys[position]! >>> shift) & 0xffff]!++] = position;
    }
    [from, into] = [into, from];
  }
  return from;
}
