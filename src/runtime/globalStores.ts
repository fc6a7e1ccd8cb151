import type { Logger } from 'pino';
import type { Follower, KafkaClient } from '../kafka/types.js';
import type { KeyValueStore } from '../state/keyValueStore.js';
import { StreamsError } from './errors.js';
import { GlobalStore } from './globalStore.js';
import { settleWithin } from './settleWithin.js';
import type { GlobalStoreDeclaration } from './topology.js';

export interface RunningGlobalStores {
  /** Read-only views by store name, for the tasks. */
  readonly views: ReadonlyMap<string, KeyValueStore<unknown, unknown>>;
  stop(): Promise<void>;
}

/**
 * Kafka Streams' global thread: each global store follows every partition of its topic from the beginning, and the
 * stages start only once every store has read up to the end its topic had at start (the bootstrap). After that the
 * stores keep following; they are not part of any task's transaction, so a task sees an update a moment after it is
 * written (processors that must act on an update exactly once read its topic as a source too).
 */
export async function startGlobalStores(client: KafkaClient, declarations: readonly GlobalStoreDeclaration[], logger: Logger, timeoutMs: number): Promise<RunningGlobalStores> {
  const followers: Follower[] = [];
  const views = new Map<string, KeyValueStore<unknown, unknown>>();
  // Bounded as a stage's stop is: a disconnect stuck on a dead connection must not hold the process.
  const stop = async () => {
    for (const f of followers.splice(0)) if (!(await settleWithin(10_000, f.stop()))) logger.warn('stopping: a global store did not stop within 10 s; going on');
  };
  try {
    for (const declaration of declarations) {
      const log = logger.child({ globalStore: declaration.name });
      const store = new GlobalStore(declaration, (record, error) =>
        log.warn({ topic: record.topic, partition: record.partition, offset: String(record.offset), code: error.deadLetterCode, error: error.message }, 'skipped a global store record that does not decode'),
      );
      const admin = await client.admin();
      const ends = await admin.highWatermarks(declaration.topic).finally(() => admin.close());
      const waiting = new Map([...ends].filter(([, end]) => end > 0n));
      const started = Date.now();
      let records = 0;
      let bootstrapped: () => void = () => {};
      const done = new Promise<void>((resolve) => (bootstrapped = resolve));
      if (waiting.size === 0) bootstrapped();
      followers.push(
        await client.follow({
          topics: [declaration.topic],
          fromBeginning: true,
          onBatch: async (_topic, _partition, batch) => {
            for (const record of batch) await store.apply(record);
            records += batch.length;
          },
          onPosition: (_topic, partition, next) => {
            const end = waiting.get(partition);
            if (end === undefined || next < end) return;
            waiting.delete(partition);
            if (waiting.size === 0) bootstrapped();
          },
        }),
      );
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new StreamsError('GLOBAL_STORE_TIMEOUT', `global store ${declaration.name} did not read ${declaration.topic} to its end within ${timeoutMs / 1000} s`, true)), timeoutMs);
      });
      await Promise.race([done, timedOut]).finally(() => clearTimeout(timer));
      log.info({ topic: declaration.topic, records, keys: store.view.size, seconds: (Date.now() - started) / 1000 }, 'global store bootstrapped');
      views.set(declaration.name, store.view);
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { views, stop };
}
