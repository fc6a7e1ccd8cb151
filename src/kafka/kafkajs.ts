// kafkajs is CommonJS: Node's ESM loader cannot see all its named exports, so take them from the default export once.
import kafkajs from 'kafkajs';

export const { Kafka, logLevel, ConfigResourceTypes, CompressionTypes } = kafkajs;
export type Kafka = kafkajs.Kafka;
export type {
  Admin, Consumer, EachBatchPayload, KafkaConfig, LogEntry, Message, Producer, RecordMetadata, SASLOptions, Transaction, KafkaMessage, IHeaders,
} from 'kafkajs';
