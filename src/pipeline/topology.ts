import type { Logger } from 'pino';
import type { Registry } from '../codecs/registry.js';
import { avroEncoder } from '../codecs/wireFormat.js';
import type { OfferMap } from '../domain/offerMap.js';
import type { Kafka } from '../kafka/kafkajs.js';
import { partitionCounts } from '../kafka/topicAdmin.js';
import { aggregateProcessor } from './aggregate.js';
import { ingestProcessor } from './ingest.js';
import { startStage, type RunningStage } from './stageRunner.js';
import type { TopicNames } from './topicNames.js';

export type StageName = 'ingest' | 'aggregate';

export interface TopologyOptions {
  readonly kafka: Kafka;
  readonly registry: Registry;
  readonly logger: Logger;
  readonly appId: string;
  readonly topics: TopicNames;
  readonly stages: readonly StageName[];
  readonly offerMap?: OfferMap;
  readonly concurrency?: number;
  readonly maxBatch?: number;
  readonly sessionTimeoutMs?: number;
  /** A bounded run (backfill): ingest stops before these raw offsets. */
  readonly rawEndOffsets?: ReadonlyMap<number, bigint>;
}

export class TopologyError extends Error {
  override readonly name = 'TopologyError';
  constructor(
    readonly code: 'NOT_CO_PARTITIONED' | 'MISSING_TOPIC',
    message: string,
  ) {
    super(message);
  }
}

/** Starts the stages of design.md on the given topics. Schemas must be registered (ids are looked up once). */
export async function startTopology(options: TopologyOptions): Promise<RunningStage[]> {
  const { kafka, registry, logger, topics } = options;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = Object.values(topics).filter((t) => !existing.has(t));
    if (missing.length > 0) throw new TopologyError('MISSING_TOPIC', `topic ${missing.join(', ')} does not exist: create it with \`leadstream topics apply\``);
    const counts = await partitionCounts(admin, [topics.keyed, topics.customers]);
    // State for keyed partition p lives in customers partition p: a mismatch would restore the wrong customers.
    if (options.stages.includes('aggregate') && counts.get(topics.keyed) !== counts.get(topics.customers)) {
      throw new TopologyError('NOT_CO_PARTITIONED', `${topics.keyed} has ${counts.get(topics.keyed)} partitions but ${topics.customers} has ${counts.get(topics.customers)}: they must be co-partitioned (same count)`);
    }
  } finally {
    await admin.disconnect();
  }
  const common = { kafka, logger, appId: options.appId, ...(options.concurrency ? { concurrency: options.concurrency } : {}), ...(options.maxBatch ? { maxBatch: options.maxBatch } : {}), ...(options.sessionTimeoutMs ? { sessionTimeoutMs: options.sessionTimeoutMs } : {}) };
  const running: RunningStage[] = [];
  if (options.stages.includes('ingest')) {
    const encodeLead = avroEncoder('lead.v1', await registry.register(`${topics.keyed}-value`, 'lead.v1'));
    const deps = { topics, encodeLead, ...(options.offerMap ? { offerMap: options.offerMap } : {}) };
    running.push(await startStage({ ...common, stage: 'ingest', inputTopic: topics.raw, processorFor: (p) => ingestProcessor(deps, p), ...(options.rawEndOffsets ? { endOffsets: options.rawEndOffsets } : {}) }));
  }
  if (options.stages.includes('aggregate')) {
    const deps = {
      kafka,
      registry,
      logger: logger.child({ stage: 'aggregate' }),
      topics,
      encodeProgression: avroEncoder('funnel-progressed.v1', await registry.register(`${topics.progression}-value`, 'funnel-progressed.v1')),
      encodeCustomer: avroEncoder('customer-view.v1', await registry.register(`${topics.customers}-value`, 'customer-view.v1')),
    };
    running.push(await startStage({ ...common, stage: 'aggregate', inputTopic: topics.keyed, processorFor: (p) => aggregateProcessor(deps, p) }));
  }
  return running;
}
