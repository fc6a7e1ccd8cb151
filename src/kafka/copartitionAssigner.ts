import { AssignerProtocol } from './kafkajs.js';
import type { PartitionAssigner } from 'kafkajs';

/**
 * Partition p of every subscribed topic goes to the same member, as Kafka Streams' assignor does for
 * co-partitioned sources: a task reads partition p of each of its inputs and owns partition p of its state.
 * Partition numbers are dealt round robin over the members in id order. `userData` travels with the membership.
 */
export const copartitionAssigner =
  (userData: Buffer = Buffer.alloc(0)): PartitionAssigner =>
  ({ cluster }) => ({
    name: 'LeadstreamCopartitioned',
    version: 1,
    async assign({ members, topics }) {
      const ids = members.map((m) => m.memberId).sort();
      const numbers = new Set<number>();
      const partitionsOf = new Map<string, number[]>();
      for (const topic of topics) {
        const partitions = cluster.findTopicPartitionMetadata(topic).map((m) => m.partitionId);
        partitionsOf.set(topic, partitions);
        for (const p of partitions) numbers.add(p);
      }
      const owner = new Map([...numbers].sort((a, b) => a - b).map((p, i) => [p, ids[i % ids.length]!]));
      return ids.map((memberId) => {
        const assignment: Record<string, number[]> = {};
        for (const [topic, partitions] of partitionsOf) assignment[topic] = partitions.filter((p) => owner.get(p) === memberId);
        return { memberId, memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment, userData: Buffer.alloc(0) }) };
      });
    },
    protocol({ topics }) {
      return { name: 'LeadstreamCopartitioned', metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData }) };
    },
  });
