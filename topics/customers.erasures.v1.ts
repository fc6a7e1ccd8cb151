import type { TopicDefinition } from './topicDefinition.js';

export const customerErasures: TopicDefinition = {
  name: 'customers.erasures.v1',
  description: 'ErasureRequested (Avro): a customer asked to be forgotten, key = customerId (a hash, no other personal data); compacted and kept forever (every instance and every backfill honours it); co-partitioned with leads.keyed.v1',
  partitions: 6,
  replicationFactor: 3,
  config: { 'cleanup.policy': 'compact' },
  valueSchema: 'erasure-request.v1',
};
