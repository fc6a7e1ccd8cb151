import { DAY_MS, type TopicDefinition } from './topicDefinition.js';

export const leadsDlq: TopicDefinition = {
  name: 'leads.dlq.v1',
  description: 'Rejected records as JSON {code, reason, topic, partition, offset, timestamp, key, value(base64)}',
  partitions: 1,
  replicationFactor: 3,
  // Holds a rejected record of the raw topic's largest size as base64 (4/3) plus the JSON around it.
  config: { 'cleanup.policy': 'delete', 'retention.ms': String(30 * DAY_MS), 'max.message.bytes': String(3 * 1024 * 1024) },
};
