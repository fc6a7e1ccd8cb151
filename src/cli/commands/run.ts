import type { Command } from 'commander';
import { startTopology, type StageName } from '../../pipeline/topology.js';
import { LIVE_TOPICS, isValidTopicSuffix, suffixedTopics } from '../../pipeline/topicNames.js';
import { ConfigError } from '../configError.js';
import { wholeNumber } from '../optionParsers.js';
import type { Context } from '../context.js';
import { loadOfferMap } from '../offerMapFile.js';
import { untilShutdown, type CommandRuntime } from '../runtime.js';
import { startDevStack } from './dev.js';

const STAGES: Record<string, readonly StageName[]> = { ingest: ['ingest'], aggregate: ['aggregate'], all: ['ingest', 'aggregate'] };

export function registerRunCommand(program: Command, runtime: CommandRuntime): void {
  program
    .command('run')
    .description('run the pipeline exactly once: leads.raw.v1 → ingest → leads.keyed.v1 → aggregate → funnel.progression.v1 + customers.v1 (rejects to leads.dlq.v1)')
    .option('--stage <stage>', 'ingest, aggregate or all (scale by starting more processes with the same LEADSTREAM_APP_ID)', 'all')
    .option('--data-dir <dir>', 'without KAFKA_BROKERS: keep the embedded stack data here')
    .option('--topics-suffix <name>', 'read and write <topic>.<name> instead of the live topics (an isolated copy: staging, tests); the topics must exist')
    .option('--max-batch <n>', 'records per transaction at most (smaller: lower latency, more commits)', wholeNumber('--max-batch', 1), 2000)
    .option('--session-timeout <ms>', 'how soon the partitions of a crashed instance move to the others (brokers refuse less than 6000 by default)', wholeNumber('--session-timeout', 6_000), 30_000)
    .action(async (options: { stage: string; dataDir?: string; topicsSuffix?: string; maxBatch: number; sessionTimeout: number }) => {
      const sessionTimeoutMs = options.sessionTimeout;
      const { maxBatch } = options;
      const stages = STAGES[options.stage];
      if (!stages) throw new ConfigError('--stage', `"${options.stage}" is not one of ingest, aggregate, all`);
      if (options.topicsSuffix !== undefined && !isValidTopicSuffix(options.topicsSuffix)) {
        throw new ConfigError('--topics-suffix', `"${options.topicsSuffix}" would not make a valid topic name (letters, digits, . _ -)`);
      }
      const topics = options.topicsSuffix ? suffixedTopics(options.topicsSuffix) : LIVE_TOPICS;
      const config = runtime.config();
      const offerMap = loadOfferMap(config);
      const logger = runtime.logger();
      // Without KAFKA_BROKERS, run on the embedded stack (started and stopped with us).
      const embedded = config.connection.kind === 'embedded' ? await startDevStack(runtime, options, (line) => logger.info(line)) : undefined;
      const context: Context = embedded?.context ?? runtime.external();
      try {
        const running = await startTopology({ kafka: context.kafka, registry: context.registry, logger, appId: config.appId, topics, maxBatch, sessionTimeoutMs, stages, ...(offerMap ? { offerMap } : {}) });
        logger.info({ stages, appId: config.appId, brokers: context.brokers, input: topics.raw }, 'pipeline running; Ctrl-C stops after committing in-flight batches');
        try {
          await Promise.race([untilShutdown(runtime.shutdown), ...running.map((s) => s.failed)]);
        } finally {
          logger.info('stopping: finishing in-flight batches');
          for (const stage of running) await stage.stop();
        }
      } finally {
        await embedded?.stack.stop();
      }
    });
}
