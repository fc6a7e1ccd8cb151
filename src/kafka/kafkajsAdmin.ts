import type { TopicDefinition } from '../../topics/index.js';
import { incompleteMetadata, KafkaClientError, toClientError } from './errors.js';
import { AssignerProtocol, type Admin, type Kafka } from './kafkajs.js';
import { applyTopics, maxMessageBytes, partitionCounts, retentionMs } from './topicAdmin.js';
import type { ClusterAdmin, CommittedOffset, GroupDescription } from './types.js';

/** A connected kafkajs admin behind ClusterAdmin; every failure leaves as a KafkaClientError. */
export async function connectAdmin(kafka: Kafka): Promise<ClusterAdmin> {
  const admin: Admin = kafka.admin();
  await admin.connect().catch((error: unknown) => {
    throw toClientError(error, 'connecting the admin client');
  });
  const call = async <T>(what: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      // kafkajs throws TypeErrors from inside its metadata handling while a broker restarts or many tasks start at once
      // ("Cannot read properties of null (reading 'topicMetadata')", "low.pop(...) is undefined"): a moment, not a fact.
      if (error instanceof TypeError) throw new KafkaClientError('CLIENT_STATE', `${what}: ${error.message}`, true, error);
      throw toClientError(error, what);
    }
  };
  const fetchCommitted = async (groupId: string, topic: string) => {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const committed = new Map<number, CommittedOffset>();
    const asked = new Set<number>();
    for (const p of offsets?.partitions ?? []) {
      asked.add(p.partition);
      // -1: nothing committed; other negatives are client sentinels, never a position of ours.
      if (BigInt(p.offset) >= 0n) committed.set(p.partition, { offset: BigInt(p.offset), metadata: p.metadata ?? null });
    }
    return { committed, asked };
  };
  const endOffsets = (topic: string) => call(`end offsets of ${topic}`, async () => new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, BigInt(o.high)])));
  return {
    listTopics: () => call('listing topics', () => admin.listTopics()),
    applyTopics: (definitions: readonly TopicDefinition[]) => call('applying topics', () => applyTopics(admin, definitions)),
    partitionCounts: (topics) => call('reading partition counts', () => partitionCounts(admin, topics)),
    retentionMs: (topic) => call(`retention of ${topic}`, () => retentionMs(admin, topic)),
    maxMessageBytes: (topic) => call(`max.message.bytes of ${topic}`, () => maxMessageBytes(admin, topic)),
    deleteTopics: (topics) => call('deleting topics', () => admin.deleteTopics({ topics: [...topics] })),
    endOffsets,
    highWatermarks: (topic) => call(`high watermarks of ${topic}`, () => highWatermarks(kafka, topic)),
    startOffsets: (topic) => call(`start offsets of ${topic}`, async () => new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, BigInt(o.low)]))),
    offsetsForTime: (topic, timestamp) =>
      call(`offsets of ${topic} at ${timestamp}`, async () => {
        const offsets = await admin.fetchTopicOffsetsByTimestamp(topic, timestamp);
        const ends = await endOffsets(topic);
        return new Map(offsets.map((o) => [o.partition, o.offset === '-1' ? (ends.get(o.partition) ?? 0n) : BigInt(o.offset)]));
      }),
    committedOffsets: (groupId, topic) => call(`committed offsets of ${groupId}`, async () => (await fetchCommitted(groupId, topic)).committed),
    committedOffsetOf: (groupId, topic, partition) =>
      call(`committed offset of ${groupId}`, async () => {
        const { committed, asked } = await fetchCommitted(groupId, topic);
        // kafkajs asks only for the partitions its metadata lists; while a broker restarts that list can be short,
        // and a partition left out is not one with nothing committed (taking it for one replayed a whole partition).
        if (!asked.has(partition)) throw incompleteMetadata(topic, partition);
        return committed.get(partition);
      }),
    setOffsets: (groupId, topic, offsets) =>
      call(`setting offsets of ${groupId}`, () => admin.setOffsets({ groupId, topic, partitions: [...offsets].map(([partition, offset]) => ({ partition, offset: String(offset) })) })),
    listGroups: () => call('listing groups', async () => (await admin.listGroups()).groups.map((g) => g.groupId)),
    describeGroup: (groupId) =>
      call(`describing ${groupId}`, async (): Promise<GroupDescription> => {
        const { groups } = await admin.describeGroups([groupId]);
        const group = groups[0];
        return {
          groupId,
          state: group?.state ?? 'Dead',
          members: (group?.members ?? []).map((m) => {
            const decoded = m.memberAssignment.length > 0 ? AssignerProtocol.MemberAssignment.decode(m.memberAssignment) : null;
            const metadata = m.memberMetadata.length > 0 ? AssignerProtocol.MemberMetadata.decode(m.memberMetadata) : null;
            return {
              memberId: m.memberId,
              clientId: m.clientId,
              host: m.clientHost,
              assignment: new Map(Object.entries(decoded?.assignment ?? {})),
              userData: metadata?.userData ?? Buffer.alloc(0),
            };
          }),
        };
      }),
    deleteGroups: (groupIds) => call('deleting groups', async () => void (await admin.deleteGroups([...groupIds]))),
    close: () => admin.disconnect(),
  };
}

interface ListingCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  refreshMetadataIfNecessary(): Promise<void>;
  findTopicPartitionMetadata(topic: string): { partitionId: number }[];
  fetchTopicsOffset(topics: object[]): Promise<{ partitions: { partition: number; offset: string }[] }[]>;
}

/**
 * kafkajs's admin lists offsets read_committed only (the last stable offset). The high watermark needs a
 * read_uncommitted ListOffsets: a cluster of kafkajs's own making (its private factory) with that isolation.
 */
async function highWatermarks(kafka: Kafka, topic: string): Promise<Map<number, bigint>> {
  const factory = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  const create = factory && (kafka as unknown as Record<symbol, (o: object) => ListingCluster>)[factory];
  if (!create) throw new Error('this kafkajs has no cluster factory to list high watermarks with');
  const cluster = create.call(kafka, { allowAutoTopicCreation: false, isolationLevel: 0 /* READ_UNCOMMITTED */ });
  await cluster.connect();
  try {
    await cluster.addTargetTopic(topic);
    await cluster.refreshMetadataIfNecessary();
    const partitions = cluster.findTopicPartitionMetadata(topic).map((m) => ({ partition: m.partitionId }));
    const [listed] = await cluster.fetchTopicsOffset([{ topic, fromBeginning: false, partitions }]);
    return new Map((listed?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
  } finally {
    await cluster.disconnect();
  }
}
