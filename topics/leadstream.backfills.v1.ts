import type { TopicDefinition } from './topicDefinition.js';

/** Internal: one JSON manifest per backfill (key = its suffix), so a rerun resumes with the same bounds. */
export const backfills: TopicDefinition = {
  name: 'leadstream.backfills.v1',
  description: 'Backfill manifests as JSON {name, rawTopic, from, to, startOffsets, endOffsets, createdAt, completedAt}, key = suffix; compacted',
  partitions: 1,
  replicationFactor: 3,
  config: { 'cleanup.policy': 'compact' },
};
