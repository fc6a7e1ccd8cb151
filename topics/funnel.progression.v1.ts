import type { TopicDefinition } from './topicDefinition.js';

export const funnelProgression: TopicDefinition = {
  name: 'funnel.progression.v1',
  description: 'FunnelProgressed events (Avro), key = customerId, and CustomerForgotten when a customer asked to be forgotten (its own subject); kept forever',
  partitions: 6,
  replicationFactor: 3,
  config: { 'cleanup.policy': 'delete', 'retention.ms': '-1' },
  valueSchema: 'funnel-progressed.v1',
  otherValueSchemas: [{ schema: 'customer-forgotten.v1', recordName: 'dev.leadstream.v1.CustomerForgotten' }],
};
