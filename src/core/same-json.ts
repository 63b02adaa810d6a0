/**
 * Whether two values are the same JSON: what `JSON.stringify` would write
 * for them is equal, without writing it. Fields whose value is `undefined`
 * count as absent, as they do in JSON text; key order does not matter.
 * Used to tell which records of a state changed between two saves
 * (matchmaker snapshots, replication deltas) without turning each one into
 * text: an unchanged record costs a walk over its fields, and no allocation.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let fields = 0;
  for (const key in left) {
    const value = left[key];
    if (value === undefined) continue;
    fields++;
    if (!sameJson(value, right[key])) return false;
  }
  for (const key in right) if (right[key] !== undefined) fields--;
  return fields === 0;
}
