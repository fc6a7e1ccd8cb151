import type { KafkaClient } from '../kafka/types.js';
import type { ChangeloggedStore } from './changelogStore.js';
import { classify } from './errors.js';
import { isPromise } from './serde.js';

export class RestoreError extends Error {
  override readonly name = 'RestoreError';
  readonly code = 'RESTORE_FAILED';
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
  }
}

/**
 * Fills a store from partition `partition` of its changelog, read_committed, up to the end offset now (Kafka
 * Streams' restore). A record that cannot be decoded stops it with the topic, partition and offset in one line.
 */
export async function restoreStore(client: KafkaClient, store: ChangeloggedStore<unknown, unknown>, partition: number, heartbeat: () => Promise<void>): Promise<number> {
  const { changelog, key: keySerde } = store.declaration;
  let records = 0;
  await client.readToEnd({
    topic: changelog,
    partitions: [partition],
    onBatch: async (_p, batch) => {
      await heartbeat();
      for (const r of batch) {
        records += 1;
        try {
          let key = keySerde.deserialize(r.key, changelog);
          if (isPromise(key)) key = await key;
          // The bytes as they are (a store keeps values serialized); only a writer schema not seen yet is awaited.
          const warming = store.restore(key, r.value);
          if (warming) await warming;
        } catch (error) {
          // A registry that does not answer is the runtime's to retry; bytes that do not decode stop the task.
          if (classify(error) === 'retriable') throw error;
          throw new RestoreError(`${changelog} partition ${partition} offset ${r.offset} cannot be restored: ${error instanceof Error ? error.message : String(error)}`, error);
        }
      }
    },
  });
  return records;
}
