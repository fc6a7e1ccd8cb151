/**
 * A request body as the leads it holds, each as the exact bytes the sender wrote: one JSON value, or a JSON
 * array of them (each element's own bytes, without the surrounding whitespace). The receiver stores those bytes
 * as they are, so a lead is kept byte for byte whatever the pipeline makes of it later.
 */
/** The marketplace sends one lead per request; 64 KiB is far above any real lead. */
export const MAX_LEAD_BYTES = 64 * 1024;

export type JsonBody = { readonly ok: true; readonly leads: readonly Buffer[] } | { readonly ok: false; readonly reason: string };

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

function trim(body: Buffer, start: number, end: number): Buffer {
  while (start < end && WHITESPACE.has(body[start]!)) start += 1;
  while (end > start && WHITESPACE.has(body[end - 1]!)) end -= 1;
  return body.subarray(start, end);
}

export function splitJsonBody(body: Buffer): JsonBody {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return { ok: false, reason: 'the body is not UTF-8' };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `malformed JSON: ${(error as Error).message}` };
  }
  if (!Array.isArray(parsed)) return { ok: true, leads: [trim(body, 0, body.length)] };
  // The body is valid JSON: cut the top-level array at its commas, outside strings and nested values.
  const leads: Buffer[] = [];
  let depth = 0;
  let inString = false;
  let elementStart = -1;
  for (let i = 0; i < body.length; i += 1) {
    const byte = body[i]!;
    if (inString) {
      if (byte === 0x5c) i += 1; // backslash: the next byte is escaped
      else if (byte === 0x22) inString = false;
      continue;
    }
    if (byte === 0x22) inString = true;
    else if (byte === 0x5b || byte === 0x7b) {
      depth += 1;
      if (depth === 1) {
        elementStart = i + 1;
        continue;
      }
    } else if (byte === 0x5d || byte === 0x7d) {
      depth -= 1;
      if (depth === 0) {
        const last = trim(body, elementStart, i);
        if (last.length > 0) leads.push(last);
        break;
      }
    } else if (byte === 0x2c && depth === 1) {
      leads.push(trim(body, elementStart, i));
      elementStart = i + 1;
    }
  }
  return { ok: true, leads };
}
