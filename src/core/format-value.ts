/**
 * A short rendering of an offending value for error and issue messages:
 * JSON where possible, cut to `maxChars` with "..." so a pasted megabyte
 * never becomes a megabyte-long message. Never throws (cyclic objects,
 * functions, BigInts included).
 */
export function formatValue(value: unknown, maxChars = 80): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > maxChars ? `${text.slice(0, maxChars - 3)}...` : text;
}

/**
 * An offending value as error messages quote it: `formatValue` cut at 120
 * characters (an ARN fits whole). The one quoting of the core's, the host's
 * and the wire's errors; a wire issue that must stay short passes a smaller `maxChars`.
 */
export function show(value: unknown, maxChars = 120): string {
  return formatValue(value, maxChars);
}
