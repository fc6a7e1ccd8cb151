import type { TopicDefinition } from './topicDefinition.js';

export const erasedCustomers: TopicDefinition = {
  name: 'customers.erased.v1',
  description: "Forgotten customers (Avro ErasedCustomer), key = customerId; compacted; the aggregator's third state changelog (a later lead or follow-up of theirs is dropped as ERASED)",
  partitions: 6,
  replicationFactor: 3,
  config: { 'cleanup.policy': 'compact' },
  valueSchema: 'erased-customer.v1',
};
