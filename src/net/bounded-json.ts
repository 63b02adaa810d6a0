/**
 * Bounded JSON parsing for the relay wire: before `JSON.parse` (and long
 * before anything recurses over the value: `JSON.stringify`, the guards,
 * error-message formatting), one linear scan of the text checks its nesting
 * depth and the length of every string. A frame that nests arrays 100,000
 * deep is refused in one pass, without recursion, naming the limit and the
 * value it reached.
 *
 * Isomorphic: no Node or DOM APIs.
 */

/** Deepest nesting of arrays and objects a relay frame may have (a ticket answer needs about 10). */
export const MAX_FRAME_DEPTH = 32;
/** Longest string (key or value) a relay frame may carry, in UTF-16 code units. */
export const MAX_FRAME_STRING_LENGTH = 8 * 1024;

/** The bounds `parseBoundedJson` enforces. */
export interface JsonBounds {
  maxDepth: number;
  maxStringLength: number;
}

/** Why a text was refused: which bound, the value it reached (at least), and a message naming both. */
export interface JsonBoundIssue {
  bound: 'depth' | 'string-length' | 'syntax';
  message: string;
}

/** The relay's bounds. */
export const FRAME_BOUNDS: Readonly<JsonBounds> = Object.freeze({ maxDepth: MAX_FRAME_DEPTH, maxStringLength: MAX_FRAME_STRING_LENGTH });

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * The first bound `text` breaks, or `null`. Scans once, counting nesting
 * outside strings and the length of each string (escapes count as written);
 * it does not check the syntax (`JSON.parse` does, afterwards).
 */
export function checkJsonBounds(text: string, bounds: JsonBounds = FRAME_BOUNDS): JsonBoundIssue | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === QUOTE) {
      const start = i;
      for (i++; i < text.length; i++) {
        const inner = text.charCodeAt(i);
        if (inner === BACKSLASH) i++;
        else if (inner === QUOTE) break;
      }
      const length = i - start - 1;
      if (length > bounds.maxStringLength) {
        return {
          bound: 'string-length',
          message: `frame: a string of ${length} characters at offset ${start}, over the limit of ${bounds.maxStringLength} characters`,
        };
      }
    } else if (unit === OPEN_BRACKET || unit === OPEN_BRACE) {
      depth++;
      if (depth > bounds.maxDepth) {
        return { bound: 'depth', message: `frame: nesting deeper than the limit of ${bounds.maxDepth} levels (at offset ${i})` };
      }
    } else if (unit === CLOSE_BRACKET || unit === CLOSE_BRACE) {
      depth--;
    }
  }
  return null;
}

/**
 * `JSON.parse(text)` once `text` is within `bounds`; else (or when it is not
 * JSON) the issue, never a throw.
 */
export function parseBoundedJson(text: string, bounds: JsonBounds = FRAME_BOUNDS): { value: unknown } | JsonBoundIssue {
  const issue = checkJsonBounds(text, bounds);
  if (issue) return issue;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { bound: 'syntax', message: `frame: not valid JSON (${(error as Error).message})` };
  }
}

/**
 * The string value of `key` in the top-level object of `text`, found by one
 * linear scan without parsing (so it works on a frame refused for its size
 * or depth, to name the request it carried); `undefined` when there is none,
 * or when the value is not a plain string of at most `maxLength` characters.
 */
export function peekTopLevelString(text: string, key: string, maxLength = 64): string | undefined {
  let depth = 0;
  let lastString: string | undefined;
  let awaitingValueOf: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit === QUOTE) {
      const start = i + 1;
      let escaped = false;
      for (i++; i < text.length; i++) {
        const inner = text.charCodeAt(i);
        if (inner === BACKSLASH) {
          escaped = true;
          i++;
        } else if (inner === QUOTE) break;
      }
      if (depth !== 1) continue;
      const raw = i - start <= Math.max(maxLength, key.length) && !escaped ? text.slice(start, i) : undefined;
      if (awaitingValueOf === key) return raw !== undefined && raw.length >= 1 ? raw : undefined;
      awaitingValueOf = undefined;
      lastString = raw;
    } else if (unit === 0x3a /* : */) {
      if (depth === 1) awaitingValueOf = lastString;
      lastString = undefined;
    } else if (unit === OPEN_BRACKET || unit === OPEN_BRACE) {
      depth++;
      awaitingValueOf = undefined;
    } else if (unit === CLOSE_BRACKET || unit === CLOSE_BRACE) {
      depth--;
    } else if (unit === 0x2c /* , */) {
      awaitingValueOf = undefined;
      lastString = undefined;
    }
  }
  return undefined;
}
