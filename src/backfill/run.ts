import type { OfferMap } from '../domain/offerMap.js';
import type { ClusterAdmin } from '../kafka/types.js';
import type { AggregateOptions } from '../processors/aggregate.js';
import { startPipeline, type PipelineOptions } from '../pipeline/startPipeline.js';
import type { RunningTopology } from '../runtime/runTopology.js';
import { offsetMap, writeManifest, type BackfillManifest } from './manifest.js';
import { backfillProgress, type BackfillProgress } from './progress.js';
import { backfillAppId, backfillTopics, honouredErasuresTopic, type BackfillTarget } from './target.js';

export interface RunBackfillOptions {
  readonly offerMap?: OfferMap;
  /** The alert rules; a backfill follows record time only (no wall clock), as `process` does. */
  readonly alerts?: AggregateOptions;
  readonly maxRecordsPerCommit?: number;
  readonly commitIntervalMs?: number;
  readonly sessionTimeoutMs?: number;
  readonly taskTimeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: BackfillProgress) => void;
}

async function noOpenTransaction(admin: ClusterAdmin, topic: string): Promise<boolean> {
  const [stable, high] = await Promise.all([admin.endOffsets(topic), admin.highWatermarks(topic)]);
  return [...high].every(([partition, end]) => stable.get(partition) === end);
}

/**
 * Runs the topology until the ingest stage has committed every raw record up to the end offsets and the aggregate
 * stage everything ingest wrote; returns false if stopped (signal) before. Exactly once as the live pipeline, so
 * an interrupted run resumes where it stopped.
 */
export async function runBackfill(target: BackfillTarget, manifest: BackfillManifest, options: RunBackfillOptions = {}): Promise<boolean> {
  if (manifest.completedAt) return true;
  const topics = backfillTopics(target.name, manifest.rawTopic);
  const common: Omit<PipelineOptions, 'stages'> = {
    client: target.kafka,
    registry: target.registry,
    logger: target.logger,
    appId: backfillAppId(target.appId, target.name),
    topics,
    erasuresTopic: honouredErasuresTopic(manifest.rawTopic),
    ...(options.offerMap ? { offerMap: options.offerMap } : {}),
    ...(options.alerts ? { alerts: options.alerts } : {}),
    ...(options.maxRecordsPerCommit ? { maxRecordsPerCommit: options.maxRecordsPerCommit } : {}),
    ...(options.commitIntervalMs ? { commitIntervalMs: options.commitIntervalMs } : {}),
    ...(options.sessionTimeoutMs ? { sessionTimeoutMs: options.sessionTimeoutMs } : {}),
    ...(options.taskTimeoutMs !== undefined ? { taskTimeoutMs: options.taskTimeoutMs } : {}),
  };
  let admin: ClusterAdmin | undefined;
  let aggregate: RunningTopology | undefined;
  let ingest: RunningTopology | undefined;
  const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  try {
    // Everything started inside the try: a failure to start one stage still stops the others.
    admin = await target.kafka.admin();
    aggregate = await startPipeline({ ...common, stages: ['aggregate'] });
    ingest = await startPipeline({ ...common, stages: ['ingest'], rawEndOffsets: offsetMap(manifest.endOffsets) });
    const failed = Promise.race([ingest.failed, aggregate.failed]);
    failed.catch(() => undefined); // awaited in the loop below; never unhandled in between
    for (;;) {
      if (options.signal?.aborted) return false;
      const progress = await Promise.race([backfillProgress(admin, target, manifest), failed]);
      options.onProgress?.(progress);
      if (ingest && progress.done === progress.total) {
        // Nothing more goes to the keyed side topic: stop ingest so its last commit markers settle.
        await ingest.stop();
        ingest = undefined;
      }
      // Done: no transaction is open on the keyed side topic (its read_committed end is its high watermark, so
      // nothing can still appear below it), and then the aggregate has committed everything up to that end.
      if (!ingest && (await noOpenTransaction(admin, topics.keyed)) && (await backfillProgress(admin, target, manifest)).aggregateLag === 0n) break;
      await Promise.race([pause(250), failed]);
    }
  } finally {
    await ingest?.stop();
    await aggregate?.stop();
    await admin?.close();
  }
  await writeManifest(target.kafka, target.name, { ...manifest, completedAt: new Date().toISOString() });
  return true;
}
