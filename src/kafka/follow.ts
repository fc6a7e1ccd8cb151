import { randomUUID } from 'node:crypto';
import { toClientError } from './errors.js';
import type { Kafka } from './kafkajs.js';
import { connectAdmin } from './kafkajsAdmin.js';
import { toRecord } from './kafkajsGroupConsumer.js';
import type { Follower, FollowOptions } from './types.js';

/** Follows topics as a throwaway group member (deleted on stop): reading never moves a real consumer group. */
export async function follow(kafka: Kafka, options: FollowOptions): Promise<Follower> {
  const groupId = `leadstream-follow-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, readUncommitted: options.readUncommitted ?? false, maxWaitTimeInMs: options.maxWaitTimeMs ?? 250 });
  if (options.onPosition) {
    const onPosition = options.onPosition;
    consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => onPosition(payload.topic, payload.partition, BigInt(payload.lastOffset) + 1n));
  }
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning });
    await consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => options.onBatch(batch.topic, batch.partition, batch.messages.map((m) => toRecord(batch.topic, batch.partition, m))),
    });
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw toClientError(error, `following ${options.topics.join(', ')}`);
  }
  return {
    async stop() {
      await consumer.disconnect();
      const admin = await connectAdmin(kafka);
      await admin.deleteGroups([groupId]).catch(() => undefined);
      await admin.close();
    },
  };
}
