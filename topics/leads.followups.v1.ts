import type { TopicDefinition } from './topicDefinition.js';

export const leadsFollowUps: TopicDefinition = {
  name: 'leads.followups.v1',
  description: 'FollowUpRecorded (Avro): sales followed up on (customerId, offer) at a time, key = customerId; co-partitioned with leads.keyed.v1; kept forever (replays need them)',
  partitions: 6,
  replicationFactor: 3,
  config: { 'cleanup.policy': 'delete', 'retention.ms': '-1' },
  valueSchema: 'follow-up.v1',
};
