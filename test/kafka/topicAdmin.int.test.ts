import { describe, expect, it } from 'vitest';
import { applyTopics } from '../../src/kafka/topicAdmin.js';
import type { TopicDefinition } from '../../topics/index.js';
import { testContext, uniqueName } from '../support/kafka.js';

const definition = (name: string, overrides: Partial<TopicDefinition> = {}): TopicDefinition => ({
  name,
  description: 'test',
  partitions: 3,
  replicationFactor: 3,
  config: { 'cleanup.policy': 'delete', 'retention.ms': '3600000' },
  ...overrides,
});

describe('applyTopics on the real broker', () => {
  it('creates missing topics once, then reports them unchanged (idempotent)', async () => {
    const admin = testContext().kafka.admin();
    await admin.connect();
    try {
      const defs = [definition(uniqueName('apply-a')), definition(uniqueName('apply-b'), { partitions: 1, config: { 'cleanup.policy': 'compact' } })];
      const first = await applyTopics(admin, defs);
      expect(first.created).toEqual(defs.map((d) => d.name));
      expect(first.replicationCapped).toEqual({ wanted: 3, used: 1 });
      const second = await applyTopics(admin, defs);
      expect(second).toMatchObject({ created: [], unchanged: defs.map((d) => d.name), drifted: [] });
      const metadata = await admin.fetchTopicMetadata({ topics: [defs[0]!.name] });
      expect(metadata.topics[0]?.partitions).toHaveLength(3);
    } finally {
      await admin.disconnect();
    }
  });

  it('reports drift in partitions and configs without altering the topic', async () => {
    const admin = testContext().kafka.admin();
    await admin.connect();
    try {
      const name = uniqueName('apply-drift');
      await applyTopics(admin, [definition(name)]);
      const report = await applyTopics(admin, [definition(name, { partitions: 6, config: { 'cleanup.policy': 'delete', 'retention.ms': '7200000' } })]);
      expect(report.drifted).toEqual([{ topic: name, differences: ['partitions: want 6, have 3', 'retention.ms: want 7200000, have 3600000'] }]);
      const metadata = await admin.fetchTopicMetadata({ topics: [name] });
      expect(metadata.topics[0]?.partitions).toHaveLength(3);
    } finally {
      await admin.disconnect();
    }
  });
});
