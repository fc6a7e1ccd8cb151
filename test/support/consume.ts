import type { Kafka, KafkaMessage } from '../../src/kafka/kafkajs.js';
import { uniqueName } from './kafka.js';

export interface Received {
  readonly topic: string;
  readonly partition: number;
  readonly message: KafkaMessage;
}

/**
 * Reads `topics` from the beginning with a fresh group until `done(received)` holds, then stops: the
 * event a test waits for, instead of a sleep. Fails after `timeoutMs` with what it saw.
 */
export async function consumeUntil(
  kafka: Kafka,
  topics: readonly string[],
  done: (received: readonly Received[]) => boolean,
  options: { readUncommitted?: boolean; timeoutMs?: number } = {},
): Promise<Received[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('test-reader'), readUncommitted: options.readUncommitted ?? false, maxWaitTimeInMs: 200 });
  const received: Received[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [...topics], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out after ${received.length} messages`)), options.timeoutMs ?? 30_000);
      consumer
        .run({
          eachMessage: async ({ topic, partition, message }) => {
            received.push({ topic, partition, message });
            if (done(received)) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}
