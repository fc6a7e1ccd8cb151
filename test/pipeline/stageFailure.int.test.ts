import { describe, expect, it } from 'vitest';
import type { TestContext as Context } from '../support/kafka.js';
import type { Processor, ProcessorContext } from '../../src/runtime/api.js';
import { runTopology } from '../../src/runtime/runTopology.js';
import { bytesSerde } from '../../src/runtime/serde.js';
import { topology } from '../../src/runtime/topology.js';
import { testContext, testLogger, uniqueName } from '../support/kafka.js';

/** A one-partition input topic holding `count` records "0", "1", ..., an output topic, and a connected admin. */
async function inputWithRecords(context: Context, count: number) {
  const input = uniqueName('in');
  const output = uniqueName('out');
  const admin = context.kafkajs.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic: input, numPartitions: 1 }, { topic: output, numPartitions: 1 }] });
  const producer = context.kafkajs.producer();
  await producer.connect();
  await producer.send({ topic: input, messages: Array.from({ length: count }, (_, i) => ({ value: String(i) })) });
  await producer.disconnect();
  return { input, output, admin };
}

/** Copies each record to its child; fails at offset `failAt`. */
const copier = (failAt?: number): Processor<Buffer | null, Buffer | null> => {
  let context: ProcessorContext;
  return {
    init: (c) => void (context = c),
    process(record) {
      if (failAt !== undefined && Number(context.recordMetadata()!.offset) >= failAt) throw new Error(`boom at ${failAt}`);
      context.forward(record);
    },
  };
};

/** A stage named "copy" (group `<appId>-copy`) over `input`, writing what its processor forwards to `output`. */
const copyStage = (context: Context, appId: string, input: string, output: string, processor: () => Processor<Buffer | null, Buffer | null>, maxRecordsPerCommit?: number) =>
  runTopology({
    client: context.kafka,
    logger: testLogger,
    appId,
    topology: topology()
      .stage('copy', (s) => s.source('in', { topic: input, key: bytesSerde, value: bytesSerde }).processor('copy', processor, { parents: ['in'] }).sink('out', { topic: output, key: bytesSerde, value: bytesSerde, parents: ['copy'] }))
      .build(),
    ...(maxRecordsPerCommit ? { maxRecordsPerCommit } : {}),
  });

describe('a stage whose batch fails', () => {
  it('stops without committing anything past the failed records, so a restart redoes them', async () => {
    const context = testContext();
    const { input, output, admin } = await inputWithRecords(context, 400);

    const appId = uniqueName('app');
    // The first instance fails once it reaches offset 150.
    const failing = await copyStage(context, appId, input, output, () => copier(150), 20);
    await expect(failing.failed).rejects.toThrow('boom at 150');
    // Batches fetched after the failure must not commit past it (they did: a later batch skipped the failed one).
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await failing.stop();
    const [committed] = await admin.fetchOffsets({ groupId: `${appId}-copy`, topics: [input] });
    expect(Number(committed?.partitions[0]?.offset)).toBeLessThanOrEqual(150);

    const healthy = await copyStage(context, appId, input, output, () => copier(), 20);
    const deadline = Date.now() + 30_000;
    for (;;) {
      const [now] = await admin.fetchOffsets({ groupId: `${appId}-copy`, topics: [input] });
      if (Number(now?.partitions[0]?.offset) >= 400 || Date.now() > deadline) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await healthy.stop();
    await admin.disconnect();
    const copied: string[] = [];
    await context.kafka.readToEnd({ topic: output, onBatch: async (_p, messages) => void copied.push(...messages.map((m) => m.value!.toString())) });
    expect(copied).toEqual(Array.from({ length: 400 }, (_, i) => String(i)));
  });

  it('never lets kafkajs commit outside a transaction: an out-of-range position leaves the committed offset alone', async () => {
    const context = testContext();
    const { input, output, admin } = await inputWithRecords(context, 10);
    const producer = context.kafkajs.producer();
    await producer.connect();
    const appId = uniqueName('app');
    // A position past the end (as a group moved by hand, or a topic recreated smaller would leave).
    await admin.setOffsets({ groupId: `${appId}-copy`, topic: input, partitions: [{ partition: 0, offset: '1000' }] });
    let processed = 0;
    const stage = await copyStage(context, appId, input, output, () => ({ process: () => void (processed += 1) }));
    // kafkajs fetches at 1000, is told out of range, and (unpatched) commits "earliest" for the group.
    await producer.send({ topic: input, messages: [{ value: 'more' }] });
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await stage.stop();
    await producer.disconnect();
    const [committed] = await admin.fetchOffsets({ groupId: `${appId}-copy`, topics: [input] });
    await admin.disconnect();
    expect(committed?.partitions[0]?.offset).toBe('1000');
    expect(processed).toBe(0);
  });

  it('goes on from the log start when retention deleted records it had not processed yet (no rewind loop)', async () => {
    const context = testContext();
    const { input, output, admin } = await inputWithRecords(context, 100);
    const appId = uniqueName('app');
    await admin.setOffsets({ groupId: `${appId}-copy`, topic: input, partitions: [{ partition: 0, offset: '0' }] });
    // What retention does to a raw topic whose records are older than retention.ms.
    await admin.deleteTopicRecords({ topic: input, partitions: [{ partition: 0, offset: '50' }] });
    const stage = await copyStage(context, appId, input, output, () => copier());
    const deadline = Date.now() + 30_000;
    let offset = '';
    while (offset !== '100' && Date.now() < deadline) {
      offset = (await admin.fetchOffsets({ groupId: `${appId}-copy`, topics: [input] }))[0]?.partitions[0]?.offset ?? '';
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await stage.stop();
    await admin.disconnect();
    expect(offset).toBe('100');
    const copied: string[] = [];
    await context.kafka.readToEnd({ topic: output, onBatch: async (_p, messages) => void copied.push(...messages.map((m) => m.value!.toString())) });
    expect(copied).toEqual(Array.from({ length: 50 }, (_, i) => String(50 + i)));
  });
});
