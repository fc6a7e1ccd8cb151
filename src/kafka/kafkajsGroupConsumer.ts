import { copartitionAssigner } from './copartitionAssigner.js';
import { toClientError } from './errors.js';
import type { Kafka, KafkaMessage } from './kafkajs.js';
import type { ConsumedRecord, GroupConsumer, GroupConsumerOptions, GroupTuning } from './types.js';

const offsetOf = (value: unknown): bigint | undefined => (typeof value === 'string' && /^-?\d+$/.test(value) ? BigInt(value) : typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : undefined);

export const toRecord = (topic: string, partition: number, m: KafkaMessage): ConsumedRecord => ({
  topic,
  partition,
  offset: BigInt(m.offset),
  timestamp: Number(m.timestamp),
  key: m.key,
  value: m.value,
});

/**
 * A group member on kafkajs: read_committed, offsets committed only inside transactions (autoCommit off), partition
 * p of every topic on one member. kafkajs fetches a partition again only when its batch has settled.
 */
export async function startGroupConsumer(
  kafka: Kafka,
  {
    groupId,
    topics,
    partitionsConsumedConcurrently,
    onBatch,
    onAssignment,
    onLag,
    onSkip,
    onGiveUp,
    userData,
    sessionTimeoutMs = 30_000,
    rebalanceTimeoutMs = 60_000,
    heartbeatIntervalMs = Math.max(500, Math.floor(sessionTimeoutMs / 3)),
    maxWaitTimeMs = 100,
    maxBytesPerPartition = 1_048_576,
  }: GroupConsumerOptions & GroupTuning,
): Promise<GroupConsumer> {
  const consumer = kafka.consumer({
    groupId,
    readUncommitted: false,
    maxWaitTimeInMs: maxWaitTimeMs,
    sessionTimeout: sessionTimeoutMs,
    rebalanceTimeout: rebalanceTimeoutMs,
    heartbeatInterval: heartbeatIntervalMs,
    maxBytesPerPartition,
    partitionAssigners: [copartitionAssigner(userData)],
  });
  // kafkajs restarts itself after a retriable crash; after any other it stops, silently, for good.
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (!payload.restart) onGiveUp?.(toClientError(payload.error, `group ${groupId}`));
  });
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    onAssignment(new Map(Object.entries(payload.memberAssignment)));
  });
  // kafkajs steps over fetches that hold only commit markers or aborted records without calling eachBatch: the next
  // batch then starts past the processed offset legitimately. Remember where such a skip began, per partition.
  const skippedFrom = new Map<string, bigint>();
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    const key = `${payload.topic}:${payload.partition}`;
    // A listener must not throw into kafkajs's fetch loop: an offset that does not parse tells us nothing.
    const lag = offsetOf(payload.offsetLag);
    if (lag !== undefined) onLag?.(payload.topic, payload.partition, lag);
    const first = offsetOf(payload.firstOffset);
    const last = offsetOf(payload.lastOffset);
    if (payload.batchSize === 0 && first !== undefined && last !== undefined) onSkip?.(payload.topic, payload.partition, first, last);
    if (payload.batchSize !== 0 || first === undefined || skippedFrom.has(key)) return;
    skippedFrom.set(key, first);
  });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently,
      eachBatch: async ({ batch, isStale, resolveOffset, heartbeat }) => {
        if (isStale() || batch.messages.length === 0) return;
        const key = `${batch.topic}:${batch.partition}`;
        // Not in kafkajs's types, but on every Batch: the offset the fetch asked for.
        const fetched = BigInt((batch as typeof batch & { fetchedOffset?: string }).fetchedOffset ?? batch.firstOffset() ?? batch.lastOffset());
        const skipped = skippedFrom.get(key);
        skippedFrom.delete(key);
        const outcome = await onBatch({
          topic: batch.topic,
          partition: batch.partition,
          fetchedOffset: skipped !== undefined && skipped < fetched ? skipped : fetched,
          records: batch.messages.map((m) => toRecord(batch.topic, batch.partition, m)),
          lastOffset: BigInt(batch.lastOffset()),
          heartbeat: () => heartbeat().catch(() => undefined),
        });
        // kafkajs moves its fetch position only by resolved offsets (auto-resolve is off so that a failed batch is
        // not skipped); committing stays with the caller's transactions.
        if (outcome === 'resolved') resolveOffset(batch.lastOffset());
      },
    });
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw toClientError(error, `joining group ${groupId}`);
  }
  // After kafkajs gave up (a crash it does not restart from) there is no group left to seek or pause in.
  const ifRunning = (act: () => void) => {
    try {
      act();
    } catch {
      // nothing to move: the member is gone
    }
  };
  return {
    seek(topic, partition, offset) {
      skippedFrom.delete(`${topic}:${partition}`);
      ifRunning(() => consumer.seek({ topic, partition, offset: String(offset) }));
    },
    pause: (topic, partition) => ifRunning(() => consumer.pause([{ topic, partitions: [partition] }])),
    stop: () => consumer.disconnect(),
  };
}
