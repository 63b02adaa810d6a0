/**
 * JSON with comments, parsed with positions kept, for rule-set bodies.
 *
 * FlexMatch rule sets are JSON; the guide's examples carry `//` comments, so
 * peermatch accepts JSONC (comments and trailing commas). Parsing keeps every
 * node's offset so that validation issues can name a line and column.
 */
import { getLocation, parseTree, printParseErrorCode } from 'jsonc-parser';
import type { Node, ParseError } from 'jsonc-parser';

/** One segment of a JSON path: an object key or an array index. */
export type JsonPathSegment = string | number;
/** A JSON path: keys and indices from the root (`[]` is the root itself). */
export type JsonPath = readonly JsonPathSegment[];

/** A 1-based line and column in the text (columns count UTF-16 code units). */
export interface TextPosition {
  line: number;
  column: number;
}

/** Malformed JSON: what is wrong, where, and what text was found there. */
export interface JsoncSyntaxError extends TextPosition {
  message: string;
  offset: number;
  /** The JSON path being written where the error is (`[]` at the top). */
  path: JsonPath;
}

/**
 * Positions of the parts of a parsed document. Every lookup returns
 * `undefined` when the path does not exist (never throws).
 */
export interface SourcePositions {
  /** Where the value at `path` starts (`$` = root: `[]`). */
  valueAt(path: JsonPath): TextPosition | undefined;
  /** Where the key of the property at `path` starts (undefined for array items and the root). */
  keyAt(path: JsonPath): TextPosition | undefined;
  /**
   * The position of character `index` (0-based, counted in the decoded string)
   * inside the string value at `path`; escapes in the raw text are accounted for.
   */
  inString(path: JsonPath, index: number): TextPosition | undefined;
  /** Line/column of a 0-based offset into the text. */
  at(offset: number): TextPosition;
}

/** A parsed JSONC document: the plain value and where each part was written. */
export interface JsoncDocument {
  /** Objects are plain objects whose keys are all own properties (`__proto__` included). */
  value: unknown;
  positions: SourcePositions;
  /** Paths of keys written twice in one object (JSON takes the last; it is worth a warning). */
  duplicateKeys: JsonPath[];
}

/** The document, or every syntax error (never both). */
export type JsoncParseResult =
  | { ok: true; document: JsoncDocument }
  | { ok: false; errors: JsoncSyntaxError[] };

const ERROR_TEXT: Record<string, string> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a property name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: "expected ':'",
  CommaExpected: "expected ','",
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: 'expected the end of the text',
  InvalidCommentToken: 'invalid comment',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
};

const MAX_SYNTAX_ERRORS = 10;
const FOUND_TEXT_LIMIT = 24;

/**
 * Parse JSONC text (comments and trailing commas allowed). Returns the value
 * and its positions, or every syntax error (at most 10) with line, column and
 * the text found there. Never throws: input nested too deeply to parse is
 * reported as an error at offset 0.
 */
export function parseJsonc(text: string): JsoncParseResult {
  const lines = lineStarts(text);
  const at = (offset: number): TextPosition => offsetToPosition(lines, offset);
  const parseErrors: ParseError[] = [];
  let root: Node | undefined;
  try {
    root = parseTree(text, parseErrors, { allowTrailingComma: true, disallowComments: false });
  } catch (e) {
    return { ok: false, errors: [{ ...at(0), offset: 0, path: [], message: `cannot parse: ${describeThrown(e)}` }] };
  }
  if (parseErrors.length > 0 || root === undefined) {
    const list = parseErrors.length > 0 ? parseErrors : [{ error: 4, offset: 0, length: 0 } as ParseError];
    return { ok: false, errors: list.slice(0, MAX_SYNTAX_ERRORS).map((e) => syntaxError(text, e, at)) };
  }
  const duplicateKeys: JsonPath[] = [];
  let value: unknown;
  try {
    value = nodeValue(root, [], duplicateKeys);
  } catch (e) {
    return { ok: false, errors: [{ ...at(0), offset: 0, path: [], message: `cannot parse: ${describeThrown(e)}` }] };
  }
  return { ok: true, document: { value, positions: positionsOf(text, root, at), duplicateKeys } };
}

/** Line/column of `offset` given the start offsets of each line. */
function offsetToPosition(lines: number[], offset: number): TextPosition {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lines[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (lines[lo] ?? 0) + 1 };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return starts;
}

function syntaxError(text: string, e: ParseError, at: (o: number) => TextPosition): JsoncSyntaxError {
  const code = printParseErrorCode(e.error);
  const what = ERROR_TEXT[code] ?? code;
  return {
    ...at(e.offset),
    offset: e.offset,
    path: pathAt(text, e.offset),
    message: `malformed JSON: ${what}, found ${foundText(text, e)}`,
  };
}

/** The JSON path at an offset of (possibly malformed) text; `[]` when it cannot be told. */
function pathAt(text: string, offset: number): JsonPath {
  try {
    const location = getLocation(text, offset);
    // At a key, the key is what was found, not where: name the object being written.
    return location.isAtPropertyKey ? location.path.slice(0, -1) : location.path;
  } catch {
    return [];
  }
}

/** The text at a syntax error, quoted, or "the end of the text". */
function foundText(text: string, e: ParseError): string {
  if (e.offset >= text.length) return 'the end of the text';
  let raw = e.length > 0 ? text.slice(e.offset, e.offset + e.length) : '';
  if (raw.trim() === '') {
    const rest = text.slice(e.offset);
    raw = /^\s*(\S+)/.exec(rest)?.[1] ?? '';
    if (raw === '') return 'the end of the text';
  }
  if (raw.length > FOUND_TEXT_LIMIT) raw = `${raw.slice(0, FOUND_TEXT_LIMIT)}…`;
  // Text holding double quotes reads better in single quotes than escaped.
  return raw.includes('"') && !/['\\\u0000-\u001f]/.test(raw) ? `'${raw}'` : JSON.stringify(raw);
}

function describeThrown(e: unknown): string {
  if (e instanceof RangeError) return 'the JSON is nested too deeply';
  return e instanceof Error ? e.message : String(e);
}

/** Plain value of a node; objects get every key as an own property. */
function nodeValue(node: Node, path: JsonPathSegment[], duplicates: JsonPath[]): unknown {
  switch (node.type) {
    case 'object': {
      const obj: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (keyNode === undefined) continue;
        const key = String(keyNode.value);
        if (Object.prototype.hasOwnProperty.call(obj, key)) duplicates.push([...path, key]);
        const v = valueNode === undefined ? null : nodeValue(valueNode, [...path, key], duplicates);
        Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
      }
      return obj;
    }
    case 'array':
      return (node.children ?? []).map((child, i) => nodeValue(child, [...path, i], duplicates));
    default:
      return node.value as unknown;
  }
}

/** Like jsonc-parser's findNodeAtLocation, but takes the LAST of duplicate keys (the value JSON keeps). */
function findNode(root: Node, path: JsonPath): Node | undefined {
  let node: Node | undefined = root;
  for (const segment of path) {
    if (node === undefined) return undefined;
    if (typeof segment === 'string') {
      if (node.type !== 'object') return undefined;
      const props: Node[] = (node.children ?? []).filter((p) => p.children?.[0]?.value === segment);
      node = props[props.length - 1]?.children?.[1];
    } else {
      if (node.type !== 'array') return undefined;
      node = node.children?.[segment];
    }
  }
  return node;
}

function positionsOf(text: string, root: Node, at: (o: number) => TextPosition): SourcePositions {
  return {
    at,
    valueAt(path) {
      const node = findNode(root, path);
      return node === undefined ? undefined : at(node.offset);
    },
    keyAt(path) {
      const key = findNode(root, path)?.parent?.children?.[0];
      return key === undefined || key.parent?.type !== 'property' ? undefined : at(key.offset);
    },
    inString(path, index) {
      const node = findNode(root, path);
      if (node === undefined || node.type !== 'string') return undefined;
      return at(rawOffsetInString(text, node.offset, node.length, index));
    },
  };
}

/**
 * Offset in the text of decoded character `index` of the string literal at
 * `start` (the opening quote). `\uXXXX` counts as one character, `\n` as one.
 */
function rawOffsetInString(text: string, start: number, length: number, index: number): number {
  const end = start + length - 1;
  let raw = start + 1;
  for (let decoded = 0; decoded < index && raw < end; decoded++) {
    if (text.charCodeAt(raw) === 92 /* backslash */) raw += text.charCodeAt(raw + 1) === 117 /* u */ ? 6 : 2;
    else raw += 1;
  }
  return Math.min(raw, end);
}
