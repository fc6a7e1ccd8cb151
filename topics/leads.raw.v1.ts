import { DAY_MS, type TopicDefinition } from './topicDefinition.js';

export const leadsRaw: TopicDefinition = {
  name: 'leads.raw.v1',
  description: 'Raw lead JSON bytes as the marketplace sends them; key: anything',
  partitions: 6,
  replicationFactor: 3,
  config: { 'cleanup.policy': 'delete', 'retention.ms': String(7 * DAY_MS) },
};
