import type { KafkaClient } from '../kafka/types.js';
import type { StageName } from './leadTopology.js';
import type { TopicNames } from './topicNames.js';

export type ResetTarget = { readonly kind: 'earliest' } | { readonly kind: 'latest' } | { readonly kind: 'time'; readonly at: number };

export class ResetError extends Error {
  override readonly name = 'ResetError';
  constructor(
    readonly code: 'GROUP_ACTIVE' | 'MISSING_TOPIC',
    message: string,
  ) {
    super(message);
  }
}

/** The input topic each stage's group reads. */
export const stageInput = (stage: StageName, topics: TopicNames): string => (stage === 'ingest' ? topics.raw : topics.keyed);

/**
 * Moves a stage's consumer group on its input topic (Kafka Streams' application reset tool, for one stage):
 * every partition to its earliest or latest offset, or to the first record at or after a time. Refuses while the
 * group has members, since they would commit over it. State (customers.v1) is kept: the stage resumes on it.
 */
export async function resetStage(client: KafkaClient, groupId: string, topic: string, to: ResetTarget): Promise<Map<number, { from: bigint | undefined; to: bigint }>> {
  const admin = await client.admin();
  try {
    if (!(await admin.listTopics()).includes(topic)) throw new ResetError('MISSING_TOPIC', `topic ${topic} does not exist`);
    const group = await admin.describeGroup(groupId);
    if (group.members.length > 0) throw new ResetError('GROUP_ACTIVE', `group ${groupId} has ${group.members.length} member(s) running: stop every instance of the stage first`);
    const offsets = to.kind === 'earliest' ? await admin.startOffsets(topic) : to.kind === 'latest' ? await admin.endOffsets(topic) : await admin.offsetsForTime(topic, to.at);
    const before = await admin.committedOffsets(groupId, topic);
    await admin.setOffsets(groupId, topic, offsets);
    return new Map([...offsets].map(([partition, offset]) => [partition, { from: before.get(partition)?.offset, to: offset }]));
  } finally {
    await admin.close();
  }
}
