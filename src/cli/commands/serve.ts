import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { followUpRecords } from '../../pipeline/followUpRecords.js';
import { LIVE_TOPICS, isValidTopicSuffix, suffixedTopics } from '../../pipeline/topicNames.js';
import { groupCommit } from '../../receiver/groupCommit.js';
import { receiverMetrics } from '../../receiver/metrics.js';
import { createReceiver } from '../../receiver/server.js';
import { ConfigError } from '../configError.js';
import { wholeNumber } from '../optionParsers.js';
import { untilShutdown, type CommandRuntime } from '../runtime.js';

interface ServeOptions {
  port: number;
  host: string;
  tlsCert?: string;
  tlsKey?: string;
  topicsSuffix?: string;
  sendTimeout: number;
}

const readPem = (option: string, file: string): Buffer => {
  try {
    return readFileSync(file);
  } catch (error: unknown) {
    throw new ConfigError(option, `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message} (${file})`);
  }
};

export function registerServeCommand(program: Command, runtime: CommandRuntime): void {
  program
    .command('serve')
    .description("the marketplace's HTTPS endpoint: POST /leads appends each lead byte for byte to leads.raw.v1 and answers 202 once Kafka acknowledged (503 with Retry-After while it is away); POST /followups records follow-ups (leads.followups.v1); GET /healthz, /readyz, /metrics")
    .option('--port <n>', 'port to listen on (0: any free one)', wholeNumber('--port', 0), 8080)
    .option('--host <address>', 'address to listen on (0.0.0.0 for every interface)', '127.0.0.1')
    .option('--tls-cert <file>', 'PEM certificate (chain): serve HTTPS; with --tls-key')
    .option('--tls-key <file>', 'PEM private key for --tls-cert')
    .option('--topics-suffix <name>', 'append to leads.raw.v1.<name> instead (an isolated copy)')
    .option('--send-timeout <ms>', 'how long a request waits for Kafka to acknowledge before the answer is 503', wholeNumber('--send-timeout', 100), 5_000)
    .action(async (options: ServeOptions) => {
      const config = runtime.config();
      if (!config.receiverSecrets) {
        throw new ConfigError('LEADSTREAM_RECEIVER_SECRET', 'must be set: the secret senders present as ?code=… in the URL or as Authorization: Bearer … (comma-separate several to rotate)');
      }
      if ((options.tlsCert === undefined) !== (options.tlsKey === undefined)) throw new ConfigError(options.tlsCert ? '--tls-key' : '--tls-cert', 'HTTPS needs both --tls-cert and --tls-key');
      if (options.topicsSuffix !== undefined && !isValidTopicSuffix(options.topicsSuffix)) {
        throw new ConfigError('--topics-suffix', `"${options.topicsSuffix}" would not make a valid topic name (letters, digits, . _ -)`);
      }
      const https = options.tlsCert && options.tlsKey ? { cert: readPem('--tls-cert', options.tlsCert), key: readPem('--tls-key', options.tlsKey) } : undefined;
      const topics = options.topicsSuffix ? suffixedTopics(options.topicsSuffix) : LIVE_TOPICS;
      const topic = topics.raw;
      const logger = runtime.logger();
      const context = runtime.external();
      const sink = groupCommit({ connect: () => context.kafka.producer(), sendTimeoutMs: options.sendTimeout, logger });
      // Listen even when Kafka is away: the sender gets 503s (and retries) instead of refused connections.
      await sink.start().catch((error: unknown) => logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'Kafka not reachable yet; answering 503 until it is'));
      const followUps = () => followUpRecords(context.registry, topics.followUps);
      const app = createReceiver({ topic, secrets: config.receiverSecrets, sink, metrics: receiverMetrics(), logger, followUps, ...(https ? { https } : {}) });
      try {
        const address = await app.listen({ port: options.port, host: options.host }).catch((error: NodeJS.ErrnoException) => {
          throw new ConfigError('--port', `cannot listen on ${options.host}:${options.port}: ${error.code ?? error.message}`);
        });
        logger.info({ address, topic }, `receiving leads on ${address}/leads`);
        await untilShutdown(runtime.shutdown);
        logger.info('stopping: answering the requests in flight');
      } finally {
        // Drains requests in flight (their leads are acknowledged or answered 503), then the producer.
        await app.close();
        await sink.close();
      }
    });
}
