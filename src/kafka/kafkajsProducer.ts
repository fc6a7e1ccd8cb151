import { toClientError } from './errors.js';
import type { Kafka } from './kafkajs.js';
import { byTopic } from './kafkajsTransactions.js';
import type { RecordProducer } from './types.js';

/** An idempotent producer, acks=all: what `produce`, the demo feeder and the manifest writer use. */
export async function connectProducer(kafka: Kafka): Promise<RecordProducer> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect().catch((error: unknown) => {
    throw toClientError(error, 'connecting the producer');
  });
  return {
    async send(records) {
      if (records.length === 0) return;
      try {
        await producer.sendBatch({ acks: -1, topicMessages: byTopic(records) });
      } catch (error) {
        throw toClientError(error, `sending ${records.length} records`);
      }
    },
    close: () => producer.disconnect(),
  };
}
