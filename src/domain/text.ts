/** Small text rules shared by the parsers: whitespace collapsing and safe one-line quoting for reasons. */

const WHITESPACE_RUNS = /\s+/gu;
/** Printable ASCII words separated by single spaces: already NFC, collapsed and trimmed (the common case). */
const ALREADY_CLEAN = /^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/;
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/gu;
const QUOTE_LIMIT = 80;

/** Whitespace runs become one space, then trimmed. */
export function collapseWhitespace(text: string): string {
  return ALREADY_CLEAN.test(text) ? text : text.replace(WHITESPACE_RUNS, ' ').trim();
}

/** NFC, whitespace collapsed, trimmed; the empty result is null. */
export function cleanText(text: string): string | null {
  if (ALREADY_CLEAN.test(text)) return text;
  const cleaned = text.normalize('NFC').replace(WHITESPACE_RUNS, ' ').trim();
  return cleaned === '' ? null : cleaned;
}

/** A value quoted for a one-line reason: collapsed, control characters replaced, cut at 80 characters. */
export function quote(text: string): string {
  let line = text.replace(WHITESPACE_RUNS, ' ').trim().replace(CONTROL_CHARS, '?');
  if (line.length > QUOTE_LIMIT) line = `${Array.from(line).slice(0, QUOTE_LIMIT).join('')}…`;
  return JSON.stringify(line);
}

/** The JSON type name of a value, for reasons ("number", "array", "null", …). */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
