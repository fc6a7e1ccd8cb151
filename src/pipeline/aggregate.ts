import type { Logger } from 'pino';
import { customerViewFromAvro, customerViewToAvro, leadFromAvro, progressionToAvro } from '../codecs/avroMappers.js';
import type { CustomerViewRecord, LeadRecord } from '../codecs/avroRecords.js';
import { dlqRecord } from '../codecs/dlqRecord.js';
import type { Registry } from '../codecs/registry.js';
import { toCustomerView } from '../domain/customerView.js';
import { applyLead } from '../domain/funnel.js';
import type { Kafka, KafkaMessage } from '../kafka/kafkajs.js';
import type { OutputRecord, PartitionProcessor } from '../kafka/partitionTask.js';
import { readToEnd } from '../kafka/readToEnd.js';
import { createMemoryStore } from '../state/memoryStore.js';
import type { TopicNames } from './topicNames.js';

export interface AggregateDeps {
  readonly kafka: Kafka;
  readonly registry: Registry;
  readonly logger: Logger;
  readonly topics: TopicNames;
  readonly encodeProgression: (record: unknown) => Buffer;
  readonly encodeCustomer: (record: unknown) => Buffer;
}

/**
 * Keyed leads of partition p → decide/evolve per customer → progressions, and one customers.v1 record per changed
 * customer per batch, written to partition p of the co-partitioned changelog it restores from.
 */
export function aggregateProcessor(deps: AggregateDeps, partition: number): PartitionProcessor {
  let store = createMemoryStore();
  return {
    async open(heartbeat) {
      store = createMemoryStore();
      const started = Date.now();
      let records = 0;
      await readToEnd(deps.kafka, {
        topic: deps.topics.customers,
        partitions: [partition],
        onBatch: async (_p, messages) => {
          await heartbeat();
          for (const m of messages) {
            records += 1;
            const id = m.key?.toString('utf8');
            if (!id) continue;
            if (m.value === null) store.delete(id);
            else store.put(customerViewFromAvro((await deps.registry.decode(m.value)) as CustomerViewRecord));
          }
        },
      });
      deps.logger.info({ partition, records, customers: store.size, seconds: (Date.now() - started) / 1000 }, 'state restored from changelog');
    },
    close() {
      store = createMemoryStore();
    },
    async process(messages: readonly KafkaMessage[]) {
      const outputs: OutputRecord[] = [];
      const changed = new Set<string>();
      for (const m of messages) {
        let lead;
        try {
          lead = leadFromAvro((await deps.registry.decode(m.value ?? Buffer.alloc(0))) as LeadRecord);
        } catch (error: unknown) {
          const origin = { topic: deps.topics.keyed, partition, offset: m.offset, timestamp: m.timestamp, key: m.key, value: m.value };
          outputs.push({ topic: deps.topics.dlq, key: m.key?.toString('utf8') ?? null, value: dlqRecord('BAD_AVRO', `not a decodable Lead: ${(error as Error).message}`.slice(0, 300), origin) });
          continue;
        }
        const { state, progressed } = applyLead(store.get(lead.customerId), lead);
        store.put(state);
        changed.add(lead.customerId);
        for (const event of progressed) outputs.push({ topic: deps.topics.progression, key: event.customerId, value: deps.encodeProgression(progressionToAvro(event)) });
      }
      for (const id of changed) {
        const view = toCustomerView(store.get(id)!);
        outputs.push({ topic: deps.topics.customers, key: id, partition, value: deps.encodeCustomer(customerViewToAvro(view)) });
      }
      return outputs;
    },
  };
}
