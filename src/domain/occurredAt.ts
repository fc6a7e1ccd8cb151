/** When the lead happened: the payload's own `Timestamp` / `OccurredAt`, else the record timestamp. */
import type { TopFields } from './fields.js';

/** `YYYY-MM-DDTHH:mm[:ss[.fraction]]` then a UTC designator: `Z`, `±00:00` or `±0000`. */
const ISO_UTC = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?:Z|[+-]00:?00)$/;

/** Epoch milliseconds of an ISO-8601 UTC string, or undefined. The fraction is truncated to milliseconds. */
export function parseIsoUtc(text: string): number | undefined {
  const match = ISO_UTC.exec(text);
  if (match === null) return undefined;
  const ms = Date.parse(`${match[1] ?? ''}Z`);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * The latest usable time: outputs carry times as ISO-8601 strings, and a date ends at 8.64e15 ms (ECMAScript's range);
 * a progression's follow-up deadline is 24 h later. A larger epoch (found: `"Timestamp": 9007199254740991`) made
 * `process` and the aggregate throw on writing it; it is no time, as a string that is no date is none.
 */
export const MAX_TIME_MS = 8.64e15 - 86_400_000;

/** An ISO-8601 UTC string or epoch milliseconds (an integer from 0 to MAX_TIME_MS); anything else is undefined. */
export function timeOf(value: unknown): number | undefined {
  if (typeof value === 'string') return parseIsoUtc(value);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= MAX_TIME_MS) return value === 0 ? 0 : value; // no -0
  return undefined;
}

/** Top-level `Timestamp` first, then `OccurredAt` (an unusable one is skipped), then `recordTimestamp`. */
export function occurredAtOf(top: TopFields, recordTimestamp: number): number {
  return timeOf(top.timestamp) ?? timeOf(top.occurredAt) ?? recordTimestamp;
}
