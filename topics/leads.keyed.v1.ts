import { DAY_MS, type TopicDefinition } from './topicDefinition.js';

export const leadsKeyed: TopicDefinition = {
  name: 'leads.keyed.v1',
  description: 'Parsed, normalized leads (Avro Lead), key = customerId; co-partitioned with customers.v1',
  partitions: 6,
  replicationFactor: 3,
  config: { 'cleanup.policy': 'delete', 'retention.ms': String(7 * DAY_MS) },
  valueSchema: 'lead.v1',
};
