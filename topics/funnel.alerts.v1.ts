import type { TopicDefinition } from './topicDefinition.js';

export const funnelAlerts: TopicDefinition = {
  name: 'funnel.alerts.v1',
  description: 'FunnelAlert events (Avro: FollowUpOverdue, TrialStalled), key = customerId; kept forever',
  partitions: 6,
  replicationFactor: 3,
  config: { 'cleanup.policy': 'delete', 'retention.ms': '-1' },
  valueSchema: 'funnel-alert.v1',
};
