import { captureStartOffsets } from './endOffsets.js';
import { committedOffset } from './groupProgress.js';
import type { Admin, Kafka, KafkaMessage, Message, Producer } from './kafkajs.js';

/** A record a stage emits; `partition` pins it (co-partitioned state), else the default partitioner keys it. */
export interface OutputRecord {
  readonly topic: string;
  readonly key: string | null;
  readonly value: Buffer;
  readonly partition?: number;
}

/** What a stage does with one input partition: everything else (transactions, offsets, fencing) is the task's. */
export interface PartitionProcessor {
  /** After fencing, before the first record (aggregate: restore state from the changelog); call heartbeat while busy. */
  open(heartbeat: () => Promise<void>): Promise<void>;
  /** Records in offset order → outputs. May keep state; `close(dirty)` drops what an aborted batch changed. */
  process(messages: readonly KafkaMessage[]): Promise<OutputRecord[]>;
  close(dirty: boolean): void;
}

export interface PartitionTaskOptions {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly groupId: string;
  readonly topic: string;
  readonly partition: number;
  /** `<appId>-<stage>-<topic>-<partition>`: one producer per input partition, so a zombie is fenced by the broker. */
  readonly transactionalId: string;
  readonly processor: PartitionProcessor;
}

export class FencedError extends Error {
  override readonly name = 'FencedError';
  readonly code = 'FENCED';
}

const FENCED = new Set(['PRODUCER_FENCED', 'INVALID_PRODUCER_EPOCH', 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED']);
export const isFenced = (error: unknown): boolean => FENCED.has((error as { type?: string }).type ?? '');

/**
 * One input partition's exactly-once loop: fence (first transaction of our transactional id aborts or waits out
 * a predecessor's), then read the now-stable committed offset, then process; each chunk's outputs and its input
 * offset commit in one transaction. Records below the committed offset were done by someone: skipped.
 */
export class PartitionTask {
  private producer: Producer | undefined;
  /** Next offset to process = the committed offset of the group for this partition. */
  nextOffset = 0n;

  constructor(private readonly options: PartitionTaskOptions) {}

  async open(heartbeat: () => Promise<void>): Promise<void> {
    const { kafka, admin, groupId, topic, partition, transactionalId } = this.options;
    // The broker answers CONCURRENT_TRANSACTIONS while the previous commit's markers are written; kafkajs's
    // default first retry waits 300 ms, which would cap every partition at ~3 transactions/s.
    this.producer = kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1, retry: { initialRetryTime: 20, maxRetryTime: 2_000 } });
    await this.producer.connect();
    // kafkajs sends the fencing InitProducerId at the first transaction(), not at connect().
    const fence = await this.producer.transaction();
    await fence.abort();
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const offset = committedOffset(committed?.partitions, partition);
    this.nextOffset = offset ?? (await captureStartOffsets(admin, topic)).get(partition) ?? 0n;
    await this.options.processor.open(heartbeat);
  }

  /**
   * Processes the records at or past nextOffset in one transaction; returns how many it processed. `endOffset`
   * (the fetched batch's last offset, control records included) lets the commit step over trailing markers.
   */
  async run(messages: readonly KafkaMessage[], endOffset?: bigint): Promise<number> {
    const todo = messages.filter((m) => BigInt(m.offset) >= this.nextOffset);
    if (todo.length === 0 || !this.producer) return 0;
    const { topic, partition, groupId } = this.options;
    const outputs = await this.options.processor.process(todo);
    const lastRecord = BigInt(todo[todo.length - 1]!.offset);
    const last = endOffset !== undefined && endOffset > lastRecord ? endOffset : lastRecord;
    const transaction = await this.producer.transaction();
    try {
      if (outputs.length > 0) await transaction.sendBatch({ acks: -1, topicMessages: byTopic(outputs) });
      await transaction.sendOffsets({ consumerGroupId: groupId, topics: [{ topic, partitions: [{ partition, offset: String(last + 1n) }] }] });
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      throw isFenced(error) ? new FencedError(`${this.options.transactionalId} was fenced: another instance owns ${topic}[${partition}]`) : error;
    }
    this.nextOffset = last + 1n;
    return todo.length;
  }

  async close(dirty: boolean): Promise<void> {
    this.options.processor.close(dirty);
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }
}

function byTopic(outputs: readonly OutputRecord[]): { topic: string; messages: Message[] }[] {
  const topics = new Map<string, Message[]>();
  for (const o of outputs) {
    const list = topics.get(o.topic) ?? [];
    list.push({ key: o.key, value: o.value, ...(o.partition !== undefined ? { partition: o.partition } : {}) });
    topics.set(o.topic, list);
  }
  return [...topics].map(([topic, messages]) => ({ topic, messages }));
}
