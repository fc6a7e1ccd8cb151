import { incompleteMetadata } from '../kafka/errors.js';
import type { ClusterAdmin, TransactionalProducer } from '../kafka/types.js';
import type { Stage } from './topology.js';

export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** Every partition a task may write: each partition of each sink topic (a sink's records go anywhere), its own of each changelog. */
export async function writtenPartitions(admin: ClusterAdmin, stage: Stage, partition: number): Promise<TopicPartition[]> {
  const sinks = [...new Set(stage.sinks.map((s) => s.topic))];
  const counts = await admin.partitionCounts(sinks);
  const partitions: TopicPartition[] = [];
  for (const topic of sinks) {
    // A topic the task writes has partitions: none in the answer is the client's metadata catching up after a broker
    // restart, and settling on no partition of it would leave a predecessor's records there open.
    const count = counts.get(topic) ?? 0;
    if (count === 0) throw incompleteMetadata(topic, 0);
    for (let p = 0; p < count; p += 1) partitions.push({ topic, partition: p });
  }
  for (const store of stage.stores) partitions.push({ topic: store.changelog, partition });
  return partitions;
}

/**
 * The task's first transactions, before it reads its offsets or restores a store: fencing alone (InitProducerId) is not
 * enough after an unclean broker restart. A broker still recovering can complete a predecessor's transaction without
 * writing its markers ("Couldn't find leader endpoint ... likely deleted already and hence can be skipped"), to all
 * of its partitions or only some: its records, changelog writes and offset commit stay open, and the next commit
 * marker of our producer id would settle them later. Found twice by the broker-restart soak test and proven with
 * DumpLogSegments: offsets read while the commit was still open (its range processed again, outputs twice), and a
 * changelog restored without records whose offsets had committed (state lost). The coordinator decided COMMIT in both:
 * so one commit of our id on every partition the task writes and on its group's offsets, writing nothing there,
 * settles whatever was left as it was decided; a second transaction waits until those markers are written.
 */
export async function settleLeftovers(producer: TransactionalProducer, partitions: readonly TopicPartition[], groupId: string): Promise<void> {
  const settle = await producer.begin();
  try {
    await settle.addPartitions(partitions);
    // Puts the group's offsets partition in the transaction (AddOffsetsToTxn) with no offsets of its own.
    await settle.sendOffsets(groupId, []);
    await settle.commit();
  } catch (error) {
    await settle.abort().catch(() => undefined);
    throw error;
  }
  // The coordinator refuses a new partition until the previous commit's markers are written.
  const wait = await producer.begin();
  try {
    await wait.addPartitions(partitions.slice(0, 1));
  } finally {
    await wait.abort();
  }
}
