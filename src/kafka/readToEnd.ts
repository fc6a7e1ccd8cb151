import { randomUUID } from 'node:crypto';
import { partitionEntry, toClientError } from './errors.js';
import type { Kafka } from './kafkajs.js';
import { connectAdmin } from './kafkajsAdmin.js';
import { toRecord } from './kafkajsGroupConsumer.js';
import type { ReadToEndOptions } from './types.js';

/**
 * Reads partitions read_committed from the beginning up to end offsets fixed at the start, then stops, however
 * much is appended meanwhile. kafkajs cannot assign partitions without a group, so it uses a throwaway group
 * that it deletes afterwards. The end is detected from END_BATCH_PROCESS too: a partition whose last records
 * are transaction markers delivers no message at its end.
 */
export async function readToEnd(kafka: Kafka, options: ReadToEndOptions): Promise<ReadonlyMap<number, bigint>> {
  const admin = await connectAdmin(kafka);
  const groupId = `leadstream-reader-${randomUUID()}`;
  try {
    const ends = options.endOffsets ?? (await admin.endOffsets(options.topic));
    const wanted = new Set(options.partitions ?? [...ends.keys()]);
    const position = new Map<number, bigint>();
    const low = await admin.startOffsets(options.topic);
    // A wanted partition missing from either answer is metadata catching up (a broker restarting), not an empty
    // partition: a restore that took it for one would start a task on no state.
    for (const p of wanted) {
      partitionEntry(ends, options.topic, p);
      position.set(p, partitionEntry(low, options.topic, p));
    }
    const remaining = () => [...wanted].filter((p) => (position.get(p) ?? 0n) < (ends.get(p) ?? 0n));
    if (remaining().length === 0) return ends;

    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 250, readUncommitted: false });
    const caller = new Set<unknown>();
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
              const records = [];
              for (const m of batch.messages) {
                const offset = BigInt(m.offset);
                if (offset >= from && offset < end) records.push(toRecord(options.topic, partition, m));
              }
              // kafkajs would log a failed eachBatch and retry it forever: the reader's failure is the caller's.
              if (records.length > 0) {
                try {
                  await options.onBatch(partition, records);
                } catch (error) {
                  caller.add(error);
                  consumer.pause([{ topic: options.topic, partitions: [partition] }]);
                  reject(error);
                  return;
                }
              }
              advance(partition, batch.lastOffset());
              // With auto-resolve off, kafkajs fetches from the last resolved offset: unresolved, the same batch
              // would come again and again (a partition longer than one fetch would never end).
              resolveOffset(batch.lastOffset());
            },
          })
          .catch(reject);
      });
    } catch (error) {
      // The caller's own failure (from onBatch) and an abort leave as they are.
      throw error === options.signal?.reason || caller.has(error) ? error : toClientError(error, `reading ${options.topic}`);
    } finally {
      await consumer.disconnect();
    }
    return ends;
  } finally {
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.close();
  }
}
