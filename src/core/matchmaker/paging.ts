/**
 * `Limit` / `NextToken` paging of the Describe operations. The token is the
 * offset of the next page as a decimal string; it is opaque to callers.
 */
import { invalidRequest, show } from './errors.ts';

/** One page of `items` (`Limit` 1..10, default everything), with the token of the next page. */
export function paginate<T>(
  items: readonly T[],
  limit: number | undefined,
  nextToken: string | undefined,
): { page: T[]; nextToken?: string } {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 10)) {
    throw invalidRequest(`Limit: expected an integer from 1 to 10, got ${show(limit)}`);
  }
  let start = 0;
  if (nextToken !== undefined) {
    start = /^\d+$/.test(nextToken) ? Number(nextToken) : NaN;
    if (!Number.isSafeInteger(start) || start > items.length) {
      throw invalidRequest(`NextToken: ${show(nextToken)} is not a token this matchmaker issued`);
    }
  }
  const end = limit === undefined ? items.length : Math.min(items.length, start + limit);
  const page = items.slice(start, end);
  return end < items.length ? { page, nextToken: String(end) } : { page };
}
