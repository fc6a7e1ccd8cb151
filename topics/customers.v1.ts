import type { TopicDefinition } from './topicDefinition.js';

export const customers: TopicDefinition = {
  name: 'customers.v1',
  description: 'Latest CustomerView per customer (Avro), key = customerId; compacted; the aggregator state changelog',
  partitions: 6,
  replicationFactor: 3,
  config: { 'cleanup.policy': 'compact' },
  valueSchema: 'customer-view.v1',
};
