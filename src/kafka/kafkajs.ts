// kafkajs is CommonJS: Node's ESM loader cannot see all its named exports, so take them from the default export once.
// Its patched internals load first.
import './kafkajsPatches.js';
import kafkajs from 'kafkajs';
import { createRequire } from 'node:module';

export const { Kafka, logLevel, ConfigResourceTypes, CompressionTypes, AssignerProtocol } = kafkajs;
export type Kafka = kafkajs.Kafka;
export type {
  Admin, Consumer, EachBatchPayload, KafkaConfig, LogEntry, Message, Producer, RecordMetadata, SASLOptions, Transaction, KafkaMessage, IHeaders,
} from 'kafkajs';

interface OffsetOutOfRange {
  readonly topic: string;
  readonly partition: number;
}
interface ConsumerGroupInternals {
  readonly groupId: string;
  readonly logger: { warn(message: string, extra: object): void };
  readonly cluster: { fetchTopicsOffset(topics: object[]): Promise<{ partitions: { partition: number; offset: string }[] }[]> };
  readonly offsetManager: { committedOffsets(): Record<string, Record<number, string>>; resolvedOffsets: Record<string, Record<number, unknown>> };
  readonly preferredReadReplicasPerTopicPartition: Record<string, Record<number, number> | undefined>;
}

/**
 * kafkajs answers OFFSET_OUT_OF_RANGE by committing the default offset for the whole group, outside any
 * transaction: that overwrites the position exactly-once rests on (we saw a committed offset of -2 after kill -9
 * runs). Only transactions may commit here, so reset the in-memory fetch position to the earliest offset instead;
 * a stage skips what lies below its committed offset.
 */
const require = createRequire(import.meta.url);
const ConsumerGroup = require('kafkajs/src/consumer/consumerGroup.js') as { prototype: { recoverFromOffsetOutOfRange(this: ConsumerGroupInternals, e: OffsetOutOfRange): Promise<void> } };
ConsumerGroup.prototype.recoverFromOffsetOutOfRange = async function (e) {
  const replicas = this.preferredReadReplicasPerTopicPartition[e.topic];
  if (replicas && typeof replicas[e.partition] === 'number') {
    delete replicas[e.partition]; // fetched from a follower: retry with the leader, as kafkajs does
    return;
  }
  const [earliest] = await this.cluster.fetchTopicsOffset([{ topic: e.topic, fromBeginning: true, partitions: [{ partition: e.partition }] }]);
  const offset = earliest?.partitions.find((p) => p.partition === e.partition)?.offset ?? '0';
  this.logger.warn('Offset out of range; fetching from the earliest offset without committing anything', { topic: e.topic, partition: e.partition, groupId: this.groupId, offset });
  this.offsetManager.committedOffsets()[e.topic] = { ...this.offsetManager.committedOffsets()[e.topic], [e.partition]: offset };
  delete this.offsetManager.resolvedOffsets[e.topic]?.[e.partition];
};
