import { toClientError } from './errors.js';
import type { Kafka } from './kafkajs.js';
import { byTopic, sizeBounded } from './kafkajsTransactions.js';
import type { RecordProducer } from './types.js';

/** An idempotent producer, acks=all: what `produce`, the demo feeder and the manifest writer use. */
export async function connectProducer(kafka: Kafka, maxRequestBytes = 512 * 1024): Promise<RecordProducer> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect().catch((error: unknown) => {
    throw toClientError(error, 'connecting the producer');
  });
  return {
    async send(records) {
      if (records.length === 0) return;
      try {
        for (const request of sizeBounded(records, maxRequestBytes)) await producer.sendBatch({ acks: -1, topicMessages: byTopic(request) });
      } catch (error) {
        throw toClientError(error, `sending ${records.length} records`);
      }
    },
    close: () => producer.disconnect(),
  };
}
