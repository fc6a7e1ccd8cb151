import type { Command } from 'commander';
import type { StageName } from '../../pipeline/leadTopology.js';
import { startPipeline } from '../../pipeline/startPipeline.js';
import { startRunServer, type RunServer } from '../../ops/startRunServer.js';
import { retryStart } from '../../runtime/retryStart.js';
import { DEFAULT_TASK_TIMEOUT_MS } from '../../runtime/stageRunner.js';
import { LIVE_TOPICS, isValidTopicSuffix, suffixedTopics } from '../../pipeline/topicNames.js';
import { alertOptions } from '../alertOptions.js';
import { ConfigError } from '../configError.js';
import { addRuntimeOptions, runtimeTunables, wholeNumber, type RuntimeOptions } from '../optionParsers.js';
import type { Context } from '../context.js';
import { loadOfferMap } from '../offerMapFile.js';
import { untilShutdown, type CommandRuntime } from '../runtime.js';
import { startDevStack } from './dev.js';

const STAGES: Record<string, readonly StageName[]> = { ingest: ['ingest'], aggregate: ['aggregate'], all: ['ingest', 'aggregate'] };

export function registerRunCommand(program: Command, runtime: CommandRuntime): void {
  const command = program
    .command('run')
    .description('run the pipeline exactly once: leads.raw.v1 → ingest → leads.keyed.v1 → aggregate → funnel.progression.v1 + customers.v1 (rejects to leads.dlq.v1)')
    .option('--stage <stage>', 'ingest, aggregate or all (scale by starting more processes with the same LEADSTREAM_APP_ID)', 'all')
    .option('--data-dir <dir>', 'without KAFKA_BROKERS: keep the embedded stack data here')
    .option('--topics-suffix <name>', 'read and write <topic>.<name> instead of the live topics (an isolated copy: staging, tests); the topics must exist')
    .option('--http-port <n>', 'serve /healthz, /readyz, /metrics and live queries (/customers/:id) on this port (0: any free one)', wholeNumber('--http-port', 0))
    .option('--http-host <address>', 'address for --http-port; also what other instances are told to ask (0.0.0.0 listens everywhere, advertised as this host name)', '127.0.0.1');
  addRuntimeOptions(command).action(async (options: RuntimeOptions & { stage: string; dataDir?: string; topicsSuffix?: string; httpPort?: number; httpHost: string }) => {
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
      let server: RunServer | undefined;
      try {
        // The HTTP server first: its address goes into the group membership, for live queries.
        if (options.httpPort !== undefined) server = await startRunServer({ client: context.kafka, logger, appId: config.appId, topics, port: options.httpPort, host: options.httpHost });
        const tunables = runtimeTunables(options);
        const running = await retryStart(
          () =>
            startPipeline({
              client: context.kafka,
              registry: context.registry,
              logger,
              appId: config.appId,
              topics,
              stages,
              ...tunables,
              ...(offerMap ? { offerMap } : {}),
              alerts: alertOptions(config),
              ...(server ? { observer: server.observer, userData: server.userData } : {}),
            }),
          { what: 'starting the pipeline', logger, timeoutMs: tunables.taskTimeoutMs ?? DEFAULT_TASK_TIMEOUT_MS, signal: runtime.shutdown },
        );
        await server?.attach(running);
        logger.info({ stages, appId: config.appId, brokers: context.brokers, input: topics.raw, ...(server ? { http: server.url } : {}) }, 'pipeline running; Ctrl-C stops after committing open transactions');
        try {
          await untilShutdown(runtime.shutdown, running.failed);
        } finally {
          logger.info('stopping: committing open transactions');
          await running.stop();
        }
      } finally {
        await server?.close();
        await embedded?.stack.stop();
      }
    });
}
