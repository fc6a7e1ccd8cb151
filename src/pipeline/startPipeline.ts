import type { Logger } from 'pino';
import { registrySchemas } from '../codecs/avroSchemas.js';
import type { Registry } from '../codecs/registry.js';
import type { OfferMap } from '../domain/offerMap.js';
import type { AggregateOptions } from '../processors/aggregate.js';
import type { KafkaClient } from '../kafka/types.js';
import type { RuntimeObserver } from '../runtime/observer.js';
import { runTopology, type RunningTopology } from '../runtime/runTopology.js';
import { leadTopology, type StageName } from './leadTopology.js';
import { leadSerdes } from './serdes.js';
import type { TopicNames } from './topicNames.js';

export interface PipelineOptions {
  readonly client: KafkaClient;
  readonly registry: Registry;
  readonly logger: Logger;
  readonly appId: string;
  readonly topics: TopicNames;
  readonly stages: readonly StageName[];
  readonly offerMap?: OfferMap;
  readonly alerts?: AggregateOptions;
  /** The erasures ingest honours, when not topics.erasures (a backfill honours the live ones). */
  readonly erasuresTopic?: string;
  readonly commitIntervalMs?: number;
  readonly maxRecordsPerCommit?: number;
  readonly sessionTimeoutMs?: number;
  readonly taskTimeoutMs?: number;
  /** A bounded run (backfill): ingest stops before these raw offsets. */
  readonly rawEndOffsets?: ReadonlyMap<number, bigint>;
  /** Told of every commit and restore (metrics). */
  readonly observer?: RuntimeObserver;
  /** Published with the group membership: where this instance answers live queries. */
  readonly userData?: Buffer;
}

/** The lead topology on Kafka: serdes through the registry (subjects registered now), then the runtime. */
export async function startPipeline(options: PipelineOptions): Promise<RunningTopology> {
  const serdes = await leadSerdes(registrySchemas(options.registry), options.topics);
  return runTopology({
    client: options.client,
    logger: options.logger,
    appId: options.appId,
    topology: leadTopology(options.topics, serdes, {
      ...(options.offerMap ? { offerMap: options.offerMap } : {}),
      ...(options.alerts ? { alerts: options.alerts } : {}),
      ...(options.erasuresTopic ? { erasuresTopic: options.erasuresTopic } : {}),
    }),
    stages: options.stages,
    ...(options.commitIntervalMs !== undefined ? { commitIntervalMs: options.commitIntervalMs } : {}),
    ...(options.maxRecordsPerCommit !== undefined ? { maxRecordsPerCommit: options.maxRecordsPerCommit } : {}),
    ...(options.sessionTimeoutMs !== undefined ? { sessionTimeoutMs: options.sessionTimeoutMs } : {}),
    ...(options.taskTimeoutMs !== undefined ? { taskTimeoutMs: options.taskTimeoutMs } : {}),
    ...(options.rawEndOffsets ? { endOffsets: new Map([[options.topics.raw, options.rawEndOffsets]]) } : {}),
    ...(options.observer ? { observer: options.observer } : {}),
    ...(options.userData ? { userData: options.userData } : {}),
  });
}
