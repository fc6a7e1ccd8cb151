import { setTimeout as delay } from 'node:timers/promises';
import { envelopeValueBytes, parseEnvelope, type Envelope } from '../codecs/envelope.js';
import { fitsIn, recordSize } from '../kafka/recordSize.js';
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
  /** Records per request at most. */
  readonly batchSize?: number;
  /** The topic's max.message.bytes: a record over it is refused here, by line, instead of by the broker mid-request. */
  readonly maxRecordBytes?: number;
  /** A record too large for the topic: reported with its line, and the run goes on. */
  readonly onRefused?: (line: number, reason: string) => void;
  /** Stop at the first refused record instead. */
  readonly failFast?: boolean;
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
      const value = envelopeValueBytes(envelope);
      const size = recordSize(envelope.key, value);
      // Refused before sending: a broker refusal mid-request could leave part of the request written.
      if (options.maxRecordBytes !== undefined && !fitsIn(size, options.maxRecordBytes)) {
        const reason = `the record (${size} bytes) is larger than ${options.topic} takes (max.message.bytes ${options.maxRecordBytes})`;
        if (options.failFast) throw new BadInputError(`line ${lineNumber}: ${reason}`);
        options.onRefused?.(lineNumber, reason);
        continue;
      }
      // The producer cuts a send into requests the broker accepts (at most 512 KiB each).
      batch.push({ topic: options.topic, key: envelope.key, value, timestamp: envelope.timestamp });
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } finally {
    await producer.close();
  }
  return produced;
}
