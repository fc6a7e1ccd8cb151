import { DAY_MS, type TopicDefinition } from './topicDefinition.js';

export const leadsDlq: TopicDefinition = {
  name: 'leads.dlq.v1',
  description: 'Rejected records as JSON {code, reason, topic, partition, offset, timestamp, key, value(base64)}',
  partitions: 1,
  replicationFactor: 3,
  config: { 'cleanup.policy': 'delete', 'retention.ms': String(30 * DAY_MS) },
};
