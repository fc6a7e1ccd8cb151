import { setTimeout as delay } from 'node:timers/promises';
import { envelopeValueBytes, parseEnvelope, type Envelope } from '../codecs/envelope.js';
import type { KafkaClient, ProducedRecord } from '../kafka/types.js';

export class BadInputError extends Error {
  override readonly name = 'BadInputError';
  readonly code = 'BAD_INPUT';
}

export interface ProduceOptions {
  readonly topic: string;
  readonly lines: AsyncIterable<string>;
  /** Leads per second; unlimited when absent. */
  readonly rate?: number;
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (produced: number) => void;
  /** Sees every envelope before it is sent (e.g. to count records older than the topic's retention). */
  readonly onEnvelope?: (envelope: Envelope) => void;
}

/**
 * Sends offline envelopes to a topic keeping their keys and timestamps (idempotent producer, acks=all).
 * A malformed line stops it with the line number: everything before it is sent, nothing after.
 */
export async function produceEnvelopes(client: KafkaClient, options: ProduceOptions): Promise<number> {
  // Take the iterator before any await: readline's iterator misses lines (and the end) emitted before it exists.
  const lines = options.lines[Symbol.asyncIterator]();
  const producer = await client.producer();
  const batchSize = options.batchSize ?? (options.rate ? Math.max(1, Math.min(500, Math.round(options.rate / 10))) : 1000);
  let batch: ProducedRecord[] = [];
  let produced = 0;
  const started = Date.now();
  const flush = async () => {
    if (batch.length === 0) return;
    await producer.send(batch);
    produced += batch.length;
    batch = [];
    options.onProgress?.(produced);
    if (options.rate) {
      const due = started + (produced / options.rate) * 1000;
      if (due > Date.now()) await delay(due - Date.now(), undefined, options.signal ? { signal: options.signal } : {}).catch(() => undefined);
    }
  };
  try {
    let lineNumber = 0;
    for await (const line of { [Symbol.asyncIterator]: () => lines }) {
      lineNumber += 1;
      if (options.signal?.aborted) break;
      if (line.trim() === '') continue;
      const parsed = parseEnvelope(line);
      if (!parsed.ok) throw new BadInputError(`line ${lineNumber}: ${parsed.reason}`);
      const { envelope } = parsed;
      options.onEnvelope?.(envelope);
      batch.push({ topic: options.topic, key: envelope.key, value: envelopeValueBytes(envelope), timestamp: envelope.timestamp });
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } finally {
    await producer.close();
  }
  return produced;
}
