import type { Kafka, KafkaMessage } from './kafkajs.js';

export interface FetchedBatch {
  readonly partition: number;
  /** The offset this fetch started at: kafkajs's position, which must never be ahead of the committed one. */
  readonly fetchedOffset: bigint;
  readonly messages: readonly KafkaMessage[];
  /** Offset of the batch's last record, transaction markers included. */
  readonly lastOffset: bigint;
  /**
   * Keeps the group membership alive during long work (a restore): kafkajs heartbeats only between batches.
   * Never throws: a rebalance it reports is handled by kafkajs after the batch, and fencing protects the output.
   */
  readonly heartbeat: () => Promise<void>;
}

export interface BatchConsumerOptions {
  readonly kafka: Kafka;
  readonly groupId: string;
  readonly topic: string;
  /** Partitions processed at once (kafkajs fetches a partition again only when its batch has settled). */
  readonly concurrency: number;
  /** How long the group waits for a silent member (a killed process) before giving its partitions away. */
  readonly sessionTimeoutMs?: number;
  /**
   * Resolves 'done' when the batch's outputs and offsets are committed (that is the backpressure), 'rewound' when
   * it moved the position back instead. Rejects on failure: the position then stays, nothing is skipped.
   */
  readonly onBatch: (batch: FetchedBatch) => Promise<'done' | 'rewound'>;
  readonly onAssignment: (partitions: readonly number[]) => void;
}

/** The group member of a stage: offsets are committed only inside transactions, never by kafkajs. */
export interface BatchConsumer {
  /** Moves the fetch position back (after a failed transaction the records must come again). */
  rewind(partition: number, offset: bigint): void;
  /** Stops fetching a partition (a bounded run that reached its end). */
  pause(partition: number): void;
  disconnect(): Promise<void>;
}

export async function startBatchConsumer(options: BatchConsumerOptions): Promise<BatchConsumer> {
  const sessionTimeout = options.sessionTimeoutMs ?? 30_000;
  const consumer = options.kafka.consumer({
    groupId: options.groupId,
    readUncommitted: false,
    maxWaitTimeInMs: 100,
    sessionTimeout,
    heartbeatInterval: Math.max(500, Math.floor(sessionTimeout / 3)),
  });
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    options.onAssignment(payload.memberAssignment[options.topic] ?? []);
  });
  // kafkajs steps over fetches that hold only commit markers or aborted records without calling eachBatch: the next
  // batch then starts past the committed offset legitimately. Remember where such a skip began, per partition.
  const skippedFrom = new Map<number, bigint>();
  consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
    if (payload.topic !== options.topic || payload.batchSize !== 0 || payload.firstOffset === null || skippedFrom.has(payload.partition)) return;
    skippedFrom.set(payload.partition, BigInt(payload.firstOffset));
  });
  await consumer.connect();
  await consumer.subscribe({ topics: [options.topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: options.concurrency,
    eachBatch: async ({ batch, isStale, resolveOffset, heartbeat }) => {
      if (isStale() || batch.messages.length === 0) return;
      const beat = () => heartbeat().catch(() => undefined);
      // Not in kafkajs's types, but on every Batch: the offset the fetch asked for.
      const fetched = BigInt((batch as typeof batch & { fetchedOffset?: string }).fetchedOffset ?? batch.firstOffset() ?? batch.lastOffset());
      const skipped = skippedFrom.get(batch.partition);
      skippedFrom.delete(batch.partition);
      const fetchedOffset = skipped !== undefined && skipped < fetched ? skipped : fetched;
      const outcome = await options.onBatch({ partition: batch.partition, fetchedOffset, messages: batch.messages, lastOffset: BigInt(batch.lastOffset()), heartbeat: beat });
      // kafkajs moves its fetch position only by resolved offsets (auto-resolve is off so that a failed batch is
      // not skipped); committing stays with our transactions, as autoCommit is off.
      if (outcome === 'done') resolveOffset(batch.lastOffset());
    },
  });
  return {
    rewind(partition, offset) {
      skippedFrom.delete(partition);
      consumer.seek({ topic: options.topic, partition, offset: String(offset) });
    },
    pause: (partition) => consumer.pause([{ topic: options.topic, partitions: [partition] }]),
    disconnect: () => consumer.disconnect(),
  };
}
