import { describe, expect, it } from 'vitest';
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
    const { kafka, kafkajs } = testContext();
    const admin = await kafka.admin();
    const raw = kafkajs.admin();
    await raw.connect();
    try {
      const defs = [definition(uniqueName('apply-a')), definition(uniqueName('apply-b'), { partitions: 1, config: { 'cleanup.policy': 'compact' } })];
      const first = await admin.applyTopics(defs);
      expect(first.created).toEqual(defs.map((d) => d.name));
      expect(first.replicationCapped).toEqual({ wanted: 3, used: 1 });
      const second = await admin.applyTopics(defs);
      expect(second).toMatchObject({ created: [], unchanged: defs.map((d) => d.name), drifted: [] });
      const metadata = await raw.fetchTopicMetadata({ topics: [defs[0]!.name] });
      expect(metadata.topics[0]?.partitions).toHaveLength(3);
    } finally {
      await admin.close();
      await raw.disconnect();
    }
  });

  it('reports drift in partitions and configs without altering the topic', async () => {
    const { kafka, kafkajs } = testContext();
    const admin = await kafka.admin();
    const raw = kafkajs.admin();
    await raw.connect();
    try {
      const name = uniqueName('apply-drift');
      await admin.applyTopics([definition(name)]);
      const report = await admin.applyTopics([definition(name, { partitions: 6, config: { 'cleanup.policy': 'delete', 'retention.ms': '7200000' } })]);
      expect(report.drifted).toEqual([{ topic: name, differences: ['partitions: want 6, have 3', 'retention.ms: want 7200000, have 3600000'] }]);
      const metadata = await raw.fetchTopicMetadata({ topics: [name] });
      expect(metadata.topics[0]?.partitions).toHaveLength(3);
    } finally {
      await admin.close();
      await raw.disconnect();
    }
  });
});
