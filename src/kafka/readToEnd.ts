import { randomUUID } from 'node:crypto';
import { captureEndOffsets, captureStartOffsets, type EndOffsets } from './endOffsets.js';
import type { Kafka, KafkaMessage } from './kafkajs.js';

export interface ReadToEndOptions {
  readonly topic: string;
  /** Partitions to read (default: all). */
  readonly partitions?: readonly number[];
  /** Stop before these offsets (default: the last stable offsets captured now). */
  readonly endOffsets?: EndOffsets;
  /** Called in offset order per partition; awaited (backpressure). */
  readonly onBatch: (partition: number, messages: readonly KafkaMessage[]) => Promise<void>;
  readonly signal?: AbortSignal;
}

/**
 * Reads partitions read_committed from the beginning up to end offsets fixed at the start, then stops, however
 * much is appended meanwhile. kafkajs cannot assign partitions without a group, so it uses a throwaway group
 * that it deletes afterwards. The end is detected from END_BATCH_PROCESS too: a partition whose last records
 * are transaction markers delivers no message at its end.
 */
export async function readToEnd(kafka: Kafka, options: ReadToEndOptions): Promise<EndOffsets> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `leadstream-reader-${randomUUID()}`;
  try {
    const ends = options.endOffsets ?? (await captureEndOffsets(admin, options.topic));
    const wanted = new Set(options.partitions ?? [...ends.keys()]);
    const position = new Map<number, bigint>();
    const low = await captureStartOffsets(admin, options.topic);
    for (const p of wanted) position.set(p, low.get(p) ?? 0n);
    const remaining = () => [...wanted].filter((p) => (position.get(p) ?? 0n) < (ends.get(p) ?? 0n));
    if (remaining().length === 0) return ends;

    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250, readUncommitted: false });
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const advance = (partition: number, lastOffset: string) => {
          const next = BigInt(lastOffset) + 1n;
          if (next > (position.get(partition) ?? 0n)) position.set(partition, next);
          if (remaining().length === 0) resolve();
        };
        consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
          if (wanted.has(payload.partition)) advance(payload.partition, payload.lastOffset);
        });
        options.signal?.addEventListener('abort', () => reject(options.signal?.reason ?? new Error('aborted')), { once: true });
        consumer
          .run({
            autoCommit: false,
            eachBatchAutoResolve: false,
            eachBatch: async ({ batch, resolveOffset }) => {
              const { partition } = batch;
              const end = ends.get(partition) ?? 0n;
              const from = position.get(partition) ?? 0n;
              if (!wanted.has(partition) || from >= end) {
                consumer.pause([{ topic: options.topic, partitions: [partition] }]);
                return;
              }
              const messages = batch.messages.filter((m) => BigInt(m.offset) >= from && BigInt(m.offset) < end);
              if (messages.length > 0) await options.onBatch(partition, messages);
              advance(partition, batch.lastOffset());
              // With auto-resolve off, kafkajs fetches from the last resolved offset: unresolved, the same batch
              // would come again and again (a partition longer than one fetch would never end).
              resolveOffset(batch.lastOffset());
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return ends;
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
