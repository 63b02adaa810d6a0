/**
 * The default branch of an exhaustive `switch` on a union's `type`/`kind`/
 * `status`: it does not compile while a member is unhandled, and throws if a
 * value outside the union arrives anyway (a bug, or input that skipped its guard).
 */
export function assertNever(value: never, what = 'case'): never {
  throw new Error(`unhandled ${what}: ${JSON.stringify(value)}`);
}
