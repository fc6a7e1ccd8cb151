import { ConfigResourceTypes, type Admin } from './kafkajs.js';
import type { TopicDefinition } from '../../topics/index.js';
import type { TopicDrift, TopicReport } from './types.js';

export type { TopicDrift, TopicReport };

/**
 * Creates missing topics and reports drift of existing ones. It never alters an existing topic: a partition
 * count change re-keys customers, which is a migration for a person to decide, not a side effect of `apply`.
 */
export async function applyTopics(admin: Admin, definitions: readonly TopicDefinition[]): Promise<TopicReport> {
  const cluster = await admin.describeCluster();
  const brokers = cluster.brokers.length;
  const existing = new Set(await admin.listTopics());
  const missing = definitions.filter((d) => !existing.has(d.name));
  const present = definitions.filter((d) => existing.has(d.name));
  const wanted = Math.max(...definitions.map((d) => d.replicationFactor));
  const rf = (d: TopicDefinition) => Math.min(d.replicationFactor, brokers);
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((d) => ({
        topic: d.name,
        numPartitions: d.partitions,
        replicationFactor: rf(d),
        configEntries: Object.entries(d.config).map(([name, value]) => ({ name, value })),
      })),
    });
  }
  const drifted = present.length > 0 ? await findDrift(admin, present, rf) : [];
  const driftedNames = new Set(drifted.map((d) => d.topic));
  return {
    created: missing.map((d) => d.name),
    unchanged: present.filter((d) => !driftedNames.has(d.name)).map((d) => d.name),
    drifted,
    ...(wanted > brokers ? { replicationCapped: { wanted, used: brokers } } : {}),
  };
}

async function findDrift(admin: Admin, definitions: readonly TopicDefinition[], rf: (d: TopicDefinition) => number): Promise<TopicDrift[]> {
  const metadata = await admin.fetchTopicMetadata({ topics: definitions.map((d) => d.name) });
  const configs = await admin.describeConfigs({
    includeSynonyms: false,
    resources: definitions.map((d) => ({ type: ConfigResourceTypes.TOPIC, name: d.name, configNames: Object.keys(d.config) })),
  });
  const drift: TopicDrift[] = [];
  for (const definition of definitions) {
    const differences: string[] = [];
    const topic = metadata.topics.find((t) => t.name === definition.name);
    const partitions = topic?.partitions.length ?? 0;
    if (partitions !== definition.partitions) differences.push(`partitions: want ${definition.partitions}, have ${partitions}`);
    const replicas = topic?.partitions[0]?.replicas.length ?? 0;
    if (replicas !== rf(definition)) differences.push(`replication factor: want ${rf(definition)}, have ${replicas}`);
    const resource = configs.resources.find((r) => r.resourceName === definition.name);
    for (const [name, want] of Object.entries(definition.config)) {
      const have = resource?.configEntries.find((e) => e.configName === name)?.configValue;
      if (have !== want) differences.push(`${name}: want ${want}, have ${have ?? 'unset'}`);
    }
    if (differences.length > 0) drift.push({ topic: definition.name, differences });
  }
  return drift;
}

/** Partition counts of topics, for co-partitioning checks and backfill refusal. */
export async function partitionCounts(admin: Admin, topics: readonly string[]): Promise<Map<string, number>> {
  const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
  return new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
}

/** A topic's time retention in ms; undefined when records are kept forever (-1) or the topic sets none. */
export async function retentionMs(admin: Admin, topic: string): Promise<number | undefined> {
  const configs = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }] });
  const value = Number(configs.resources[0]?.configEntries.find((e) => e.configName === 'retention.ms')?.configValue ?? '-1');
  return value > 0 ? value : undefined;
}

/** A topic's max.message.bytes: the largest record batch it takes. */
export async function maxMessageBytes(admin: Admin, topic: string): Promise<number> {
  const configs = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['max.message.bytes'] }] });
  const value = Number(configs.resources[0]?.configEntries.find((e) => e.configName === 'max.message.bytes')?.configValue);
  return Number.isSafeInteger(value) && value > 0 ? value : 1_048_588;
}
