import type { TopicDefinition } from './topicDefinition.js';

export const pendingFollowUps: TopicDefinition = {
  name: 'customers.pending-followups.v1',
  description: "Follow-ups held for offers a customer has no lead for yet (Avro), key = customerId; compacted; the aggregator's second state changelog",
  partitions: 6,
  replicationFactor: 3,
  config: { 'cleanup.policy': 'compact' },
  valueSchema: 'pending-followups.v1',
};
