import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { incompleteMetadata } from '../../src/kafka/errors.js';
import type { ClusterAdmin, KafkaClient, Transaction } from '../../src/kafka/types.js';
import { classify } from '../../src/runtime/errors.js';
import { stringSerde } from '../../src/runtime/serde.js';
import { StreamTask } from '../../src/runtime/streamTask.js';
import { topology } from '../../src/runtime/topology.js';

// A task's start on a client that answers for some partitions only, as kafkajs does while a restarted broker's
// metadata lists a topic short. Nothing here is Kafka: the runtime's reading of the answers is what is tested.
const stage = topology()
  .stage('s', (s) => s.source('in', { topic: 'in', key: stringSerde, value: stringSerde }).processor('p', () => ({ process() {} }), { parents: ['in'] }))
  .build().stages[0]!;

function clientAnswering(partitions: readonly number[], committed: bigint | undefined, offsetPartitions = partitions) {
  const only = (value: bigint) => new Map(offsetPartitions.map((p) => [p, value]));
  const admin = {
    partitionCounts: async (topics: readonly string[]) => new Map(topics.map((t) => [t, 3])),
    committedOffsetOf: async (_group: string, topic: string, partition: number) => {
      if (!partitions.includes(partition)) throw incompleteMetadata(topic, partition);
      return committed === undefined ? undefined : { offset: committed, metadata: null };
    },
    highWatermarks: async () => only(100n),
    startOffsets: async () => only(0n),
    endOffsets: async () => only(100n),
  } as unknown as ClusterAdmin;
  const tx: Transaction = { send: async () => {}, addPartitions: async () => {}, sendOffsets: async () => {}, commit: async () => {}, abort: async () => {} };
  const client = { transactionalProducer: async () => ({ begin: async () => tx, close: async () => {} }) } as unknown as KafkaClient;
  return { admin, client };
}

const taskOf = (partition: number, answering: readonly number[], committed?: bigint, offsetPartitions?: readonly number[]) => {
  const { admin, client } = clientAnswering(answering, committed, offsetPartitions);
  return new StreamTask({ client, admin, logger: pino({ level: 'silent' }), groupId: 'g', stage, partition, systemTime: Date.now });
};

describe('a task start reads its own partition of every answer', () => {
  it('starts at the committed offset when the answers hold its partition', async () => {
    const task = taskOf(2, [0, 1, 2], 42n);
    await task.initialize(async () => {});
    expect(task.position.get('in')).toBe(42n);
  });

  it('a partition missing from an answer is a retriable failure, not offset 0 (that replayed a partition onto its restored state)', async () => {
    const task = taskOf(2, [0, 1]);
    const error = await task.initialize(async () => {}).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'TASK_INIT_FAILED', message: expect.stringContaining('does not list partition 2 of in yet') as unknown });
    expect(classify(error)).toBe('retriable');
    expect(task.position.get('in')).toBeUndefined();
    // Nothing committed yet, and the log's start and end offsets leave the partition out: not "start at 0" either.
    const fresh = taskOf(2, [0, 1, 2], undefined, [0, 1]);
    expect(classify(await fresh.initialize(async () => {}).catch((e: unknown) => e))).toBe('retriable');
    expect(fresh.position.get('in')).toBeUndefined();
  });
});
