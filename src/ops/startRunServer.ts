import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { KafkaClient } from '../kafka/types.js';
import { CUSTOMERS_STORE } from '../processors/aggregate.js';
import type { TopicNames } from '../pipeline/topicNames.js';
import type { RuntimeObserver } from '../runtime/observer.js';
import type { RunningTopology } from '../runtime/runTopology.js';
import { encodeInstanceInfo } from './customerQuery.js';
import { OpsError } from './opsError.js';
import { pipelineMetrics } from './pipelineMetrics.js';
import { createRunServer } from './runServer.js';

export interface RunServer {
  /** Where this instance answers (published to the group). */
  readonly url: string;
  readonly observer: RuntimeObserver;
  readonly userData: Buffer;
  /** The pipeline is running: queries, readiness and the gauges read it from now on. */
  attach(running: RunningTopology): Promise<void>;
  close(): Promise<void>;
}

/** `run --http-port`: metrics, health and live queries beside the pipeline. */
export async function startRunServer(options: { client: KafkaClient; logger: Logger; appId: string; topics: TopicNames; port: number; host: string }): Promise<RunServer> {
  const { client, logger, appId, topics } = options;
  const admin = await client.admin();
  let pipeline: { running: RunningTopology; keyedPartitions: number } | undefined;
  let url: string | undefined;
  const metrics = pipelineMetrics({
    async customers() {
      const aggregate = pipeline?.running.stages.find((s) => s.name === 'aggregate');
      return (aggregate?.runningTasks() ?? []).reduce((sum, p) => sum + (aggregate?.store(p, CUSTOMERS_STORE)?.size ?? 0), 0);
    },
    async lag() {
      const rows: { stage: string; partition: number; lag: number }[] = [];
      for (const stage of pipeline?.running.stages ?? []) {
        const topic = stage.name === 'ingest' ? topics.raw : topics.keyed;
        const [ends, committed] = await Promise.all([admin.endOffsets(topic), admin.committedOffsets(`${appId}-${stage.name}`, topic)]);
        for (const partition of stage.runningTasks()) {
          const lag = (ends.get(partition) ?? 0n) - (committed.get(partition)?.offset ?? 0n);
          rows.push({ stage: stage.name, partition, lag: Number(lag > 0n ? lag : 0n) });
        }
      }
      return rows;
    },
  });
  const app = createRunServer({ registry: metrics.registry, http: metrics.http, logger, admin, appId, keyedTopic: topics.keyed, pipeline: () => pipeline, self: () => url });
  try {
    const address = await app.listen({ port: options.port, host: options.host });
    // Listening everywhere: others reach us by host name.
    url = options.host === '0.0.0.0' || options.host === '::' ? address.replace(/\/\/[^:/]+/, `//${hostname()}`) : address;
  } catch (error: unknown) {
    await admin.close();
    throw new OpsError('LISTEN_FAILED', `--http-port: cannot listen on ${options.host}:${options.port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const self = url;
  return {
    url: self,
    observer: metrics.observer,
    userData: encodeInstanceInfo({ url: self }),
    async attach(running) {
      const keyedPartitions = (await admin.partitionCounts([topics.keyed])).get(topics.keyed) ?? 1;
      pipeline = { running, keyedPartitions };
    },
    async close() {
      await app.close();
      await admin.close();
    },
  };
}
