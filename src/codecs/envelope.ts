import { MAX_TIME_MS } from '../domain/occurredAt.js';

/**
 * The offline JSONL line: `{"timestamp": <ms or ISO-8601>, "key": <string|null>, "value": <lead JSON object or string>}`.
 * Used by `process`, `simulate`, `produce` and `consume --format jsonl`, so history exported from Kafka replays offline.
 */
export interface Envelope {
  /** Kafka record timestamp, epoch ms. */
  readonly timestamp: number;
  readonly key: string | null;
  /** A JSON object (serialized as-is) or a string of raw bytes (UTF-8). */
  readonly value: Readonly<Record<string, unknown>> | string;
}

export type EnvelopeResult =
  | { readonly ok: true; readonly envelope: Envelope }
  | { readonly ok: false; readonly reason: string };

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseTimestamp(raw: unknown): number | undefined {
  // The same range as a lead's own time (MAX_TIME_MS): a record's time becomes the lead's when it has none.
  if (typeof raw === 'number') return Number.isInteger(raw) && raw >= 0 && raw <= MAX_TIME_MS ? raw : undefined;
  if (typeof raw === 'string' && ISO_INSTANT.test(raw)) {
    const ms = Date.parse(raw);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}

/** Parses one line; a malformed line is a reason (it becomes a BAD_ENVELOPE DLQ record), never an exception. */
export function parseEnvelope(line: string): EnvelopeResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { ok: false, reason: 'line is not JSON' };
  }
  if (!isObject(parsed)) return { ok: false, reason: 'line is not a JSON object' };
  const timestamp = parseTimestamp(parsed['timestamp']);
  if (timestamp === undefined) return { ok: false, reason: '"timestamp" must be epoch milliseconds or an ISO-8601 instant' };
  const key = parsed['key'] ?? null;
  if (key !== null && typeof key !== 'string') return { ok: false, reason: '"key" must be a string or null' };
  const value = parsed['value'];
  if (typeof value !== 'string' && !isObject(value)) return { ok: false, reason: '"value" must be a JSON object or a string' };
  return { ok: true, envelope: { timestamp, key, value } };
}

/** The record value's bytes, as a producer would send them. */
export const envelopeValueBytes = (envelope: Envelope): Buffer =>
  Buffer.from(typeof envelope.value === 'string' ? envelope.value : JSON.stringify(envelope.value), 'utf8');

export const formatEnvelope = (envelope: Envelope): string =>
  JSON.stringify({ timestamp: envelope.timestamp, key: envelope.key, value: envelope.value });
