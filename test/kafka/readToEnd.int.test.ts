import { describe, expect, it } from 'vitest';
import { testContext, uniqueName } from '../support/kafka.js';

describe('readToEnd on the real broker', () => {
  it('stops at the end offsets captured at start, past trailing transaction markers, ignoring later appends', async () => {
    const { kafka, kafkajs } = testContext();
    const topic = uniqueName('read-to-end');
    const admin = kafkajs.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
    const producer = kafkajs.producer({ transactionalId: uniqueName('rte'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const committed = await producer.transaction();
    await committed.send({ topic, messages: [0, 1, 2, 3].map((i) => ({ partition: i % 2, value: `c${i}` })) });
    await committed.commit();
    // Partition 0 now ends with an aborted record and its marker: no message is delivered at its end.
    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: [{ partition: 0, value: 'aborted' }] });
    await aborted.abort();
    const ours = await kafka.admin();
    const ends = await ours.endOffsets(topic);
    await ours.close();
    expect(ends.get(2)).toBe(0n); // an empty partition is done at once

    const seen: string[] = [];
    const later = producer.transaction().then(async (tx) => {
      await tx.send({ topic, messages: [{ partition: 1, value: 'after-capture' }] });
      await tx.commit();
    });
    await kafka.readToEnd({
      topic,
      endOffsets: ends,
      onBatch: async (partition, messages) => {
        await later; // appended while reading: must not be read
        for (const m of messages) seen.push(`${partition}:${m.value?.toString()}`);
      },
    });
    expect(seen.sort()).toEqual(['0:c0', '0:c2', '1:c1', '1:c3']);
    await producer.disconnect();
    await admin.disconnect();
  });

  it('reads a partition longer than one fetch exactly once, record by record', async () => {
    const { kafka, kafkajs } = testContext();
    const topic = uniqueName('read-to-end-long');
    const admin = kafkajs.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    const producer = kafkajs.producer();
    await producer.connect();
    // 16 × 200 KB: several fetches at kafkajs's 1 MB per partition.
    const big = 'x'.repeat(200_000);
    for (let i = 0; i < 16; i++) await producer.send({ topic, messages: [{ value: `${i}:${big}` }] });
    await producer.disconnect();
    const seen: string[] = [];
    await kafka.readToEnd({ topic, onBatch: async (_p, messages) => void seen.push(...messages.map((m) => m.value!.toString().split(':')[0]!)) });
    expect(seen).toEqual(Array.from({ length: 16 }, (_, i) => String(i)));
    await admin.disconnect();
  });

  it("rejects with the caller's error when onBatch fails, instead of kafkajs retrying the batch forever", async () => {
    const { kafka, kafkajs } = testContext();
    const topic = uniqueName('read-to-end-fail');
    const admin = kafkajs.admin();
    await admin.connect();
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    await admin.disconnect();
    const producer = kafkajs.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ value: 'a' }, { value: 'b' }] });
    await producer.disconnect();
    let calls = 0;
    const failure = new Error('cannot use this record');
    await expect(kafka.readToEnd({ topic, onBatch: async () => { calls += 1; throw failure; } })).rejects.toBe(failure);
    expect(calls).toBe(1);
  });
});
