import type { ClusterAdmin } from './types.js';

export interface GroupProgress {
  /** Records (offsets) the group has not committed yet, summed over partitions. */
  readonly lag: bigint;
  /** The same without the one trailing commit marker a transactional partition may hold (no batch delivers it). */
  readonly recordLag: bigint;
  /** The group's committed offsets, summed (a counter for rates). */
  readonly committed: bigint;
  readonly partitions: number;
}

/**
 * How far a group is behind on a topic. On a transactionally written topic every transaction ends with a marker,
 * so an unprocessed record means a lag of at least 2 in its partition: a lag of 1 is a trailing marker.
 */
export async function groupProgress(admin: ClusterAdmin, groupId: string, topic: string): Promise<GroupProgress> {
  const ends = await admin.endOffsets(topic);
  const offsets = await admin.committedOffsets(groupId, topic);
  let lag = 0n;
  let recordLag = 0n;
  let committed = 0n;
  for (const [partition, end] of ends) {
    const at = offsets.get(partition)?.offset ?? 0n;
    committed += at;
    if (end > at) lag += end - at;
    if (end > at + 1n) recordLag += end - at;
  }
  return { lag, recordLag, committed, partitions: ends.size };
}
