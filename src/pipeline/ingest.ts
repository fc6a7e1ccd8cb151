import { leadToAvro } from '../codecs/avroMappers.js';
import { dlqRecord } from '../codecs/dlqRecord.js';
import { parseLead } from '../domain/parseLead.js';
import type { OfferMap } from '../domain/offerMap.js';
import type { KafkaMessage } from '../kafka/kafkajs.js';
import type { OutputRecord, PartitionProcessor } from '../kafka/partitionTask.js';
import type { TopicNames } from './topicNames.js';

export interface IngestDeps {
  readonly topics: TopicNames;
  readonly encodeLead: (record: unknown) => Buffer;
  readonly offerMap?: OfferMap;
}

/** Raw bytes → parseLead → keyed Avro Lead (key customerId), or a DLQ record with its code: no rule here. */
export function ingestProcessor(deps: IngestDeps, partition: number): PartitionProcessor {
  const options = deps.offerMap ? { offerMap: deps.offerMap } : {};
  return {
    open: async () => {},
    close: () => {},
    process: async (messages: readonly KafkaMessage[]) => {
      const outputs: OutputRecord[] = [];
      for (const m of messages) {
        const value = m.value ?? Buffer.alloc(0);
        const result = parseLead(value, Number(m.timestamp), options);
        if (result.kind === 'Lead') {
          outputs.push({ topic: deps.topics.keyed, key: result.customerId, value: deps.encodeLead(leadToAvro(result)) });
        } else {
          const origin = { topic: deps.topics.raw, partition, offset: m.offset, timestamp: m.timestamp, key: m.key, value: m.value };
          outputs.push({ topic: deps.topics.dlq, key: m.key?.toString('utf8') ?? null, value: dlqRecord(result.code, result.reason, origin) });
        }
      }
      return outputs;
    },
  };
}
