import type { ClusterAdmin, ProducedRecord, TransactionalProducer } from '../kafka/types.js';
import type { Stage } from './topology.js';

/** The key of the records that carry the abort (never committed, so no reader of committed data sees one). */
export const LEFTOVER_ABORT_KEY = Buffer.from('leadstream.abort-leftovers', 'utf8');

/**
 * What a task writes to when it aborts its predecessors' leftovers: one record to every partition of every sink
 * topic (a sink's records go to any partition), one to the task's partition of each changelog.
 */
export async function leftoverTargets(admin: ClusterAdmin, stage: Stage, partition: number): Promise<ProducedRecord[]> {
  const sinks = [...new Set(stage.sinks.map((s) => s.topic))];
  const counts = await admin.partitionCounts(sinks);
  const records: ProducedRecord[] = [];
  for (const topic of sinks) for (let p = 0; p < (counts.get(topic) ?? 0); p += 1) records.push({ topic, partition: p, key: LEFTOVER_ABORT_KEY, value: null });
  for (const store of stage.stores) records.push({ topic: store.changelog, partition, key: LEFTOVER_ABORT_KEY, value: null });
  return records;
}

/**
 * The task's first transaction, aborted on purpose, on every partition it may write and on its group's offsets.
 * Fencing alone (InitProducerId) is not enough after an unclean broker restart: a broker still recovering can
 * complete a predecessor's transaction without writing its markers ("Couldn't find leader endpoint ... likely deleted
 * already and hence can be skipped"), leaving its records and its offset commit open on the partitions. Our next
 * commit marker would then commit them too: that transaction's outputs twice (found by the broker-restart soak test,
 * proven with DumpLogSegments). An abort marker of our producer id on every such partition closes whatever was left.
 */
export async function abortLeftovers(producer: TransactionalProducer, records: readonly ProducedRecord[], groupId: string, offsets: readonly { topic: string; partition: number; offset: bigint }[]): Promise<void> {
  const tx = await producer.begin();
  try {
    await tx.send(records);
    // Adds the group's offsets partition to the transaction, so the abort also drops a leftover offset commit.
    await tx.sendOffsets(groupId, offsets);
  } finally {
    await tx.abort();
  }
}
