import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestContext as Context } from '../support/kafka.js';
import { consumeUntil } from '../support/consume.js';
import { testContext, uniqueName } from '../support/kafka.js';

// The pipeline's exactly-once rests on these broker behaviours with kafkajs 2.2.4 on Kafka 4.x.
describe('kafkajs transactions on the real broker', () => {
  let context: Context;
  const input = uniqueName('tx-in');
  const outA = uniqueName('tx-a');
  const outB = uniqueName('tx-b');
  beforeAll(async () => {
    context = testContext();
    const admin = context.kafkajs.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [input, outA, outB].map((topic) => ({ topic, numPartitions: 1 })) });
    await admin.disconnect();
  });
  afterAll(async () => {
    const admin = context.kafkajs.admin();
    await admin.connect();
    await admin.deleteTopics({ topics: [input, outA, outB] });
    await admin.disconnect();
  });

  it('commits outputs to two topics and consumer offsets atomically; an aborted transaction stays invisible', async () => {
    const group = uniqueName('tx-group');
    const producer = context.kafkajs.producer({ transactionalId: uniqueName('tx'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      const aborted = await producer.transaction();
      await aborted.send({ topic: outA, messages: [{ key: 'k', value: 'aborted-a' }] });
      await aborted.send({ topic: outB, messages: [{ key: 'k', value: 'aborted-b' }] });
      await aborted.sendOffsets({ consumerGroupId: group, topics: [{ topic: input, partitions: [{ partition: 0, offset: '99' }] }] });
      await aborted.abort();

      const committed = await producer.transaction();
      await committed.send({ topic: outA, messages: [{ key: 'k', value: 'committed-a' }] });
      await committed.send({ topic: outB, messages: [{ key: 'k', value: 'committed-b' }] });
      await committed.sendOffsets({ consumerGroupId: group, topics: [{ topic: input, partitions: [{ partition: 0, offset: '7' }] }] });
      await committed.commit();
    } finally {
      await producer.disconnect();
    }

    const values = (await consumeUntil(context.kafkajs, [outA, outB], (r) => r.length >= 2)).map((r) => `${r.topic === outA ? 'A' : 'B'}:${r.message.value?.toString()}`);
    expect(values.sort()).toEqual(['A:committed-a', 'B:committed-b']);

    const admin = context.kafkajs.admin();
    await admin.connect();
    const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [input] });
    await admin.disconnect();
    expect(offsets?.partitions).toEqual([{ partition: 0, offset: '7', metadata: null }]);
  });

  it('a read_uncommitted reader does see the aborted records (so the test above can fail)', async () => {
    const topic = uniqueName('tx-dirty');
    const admin = context.kafkajs.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    await admin.disconnect();
    const producer = context.kafkajs.producer({ transactionalId: uniqueName('tx'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const tx = await producer.transaction();
    await tx.send({ topic, messages: [{ value: 'aborted' }] });
    await tx.abort();
    await producer.disconnect();
    const seen = await consumeUntil(context.kafkajs, [topic], (r) => r.length >= 1, { readUncommitted: true });
    expect(seen[0]?.message.value?.toString()).toBe('aborted');
  });

  it('a successor fences the zombie at its first transaction(): the zombie cannot commit, its records stay invisible', async () => {
    // kafkajs sends the transactional InitProducerId at the first transaction(), not at connect(): that is when fencing happens.
    const transactionalId = uniqueName('tx-fence');
    const topic = uniqueName('tx-fenced');
    const admin = context.kafkajs.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    await admin.disconnect();
    const zombie = context.kafkajs.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
    const successor = context.kafkajs.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
    await zombie.connect();
    await successor.connect();
    try {
      const zombieTx = await zombie.transaction();
      await zombieTx.send({ topic, messages: [{ value: 'zombie' }] });
      const successorTx = await successor.transaction();
      await expect(zombieTx.commit()).rejects.toMatchObject({ type: expect.stringMatching(/PRODUCER_FENCED|INVALID_PRODUCER_EPOCH/) });
      await successorTx.send({ topic, messages: [{ value: 'successor' }] });
      await successorTx.commit();
    } finally {
      await Promise.all([zombie.disconnect(), successor.disconnect()]);
    }
    const seen = await consumeUntil(context.kafkajs, [topic], (r) => r.some((m) => m.message.value?.toString() === 'successor'));
    expect(seen.map((r) => r.message.value?.toString())).toEqual(['successor']);
  });
});
