import type { Command } from 'commander';
import { probeKafka } from '../../kafka/readiness.js';
import { startLocalStack, type LocalStack } from '../../local/stack.js';
import { ConfigError } from '../configError.js';
import { contextFor, kafkaSecurity, withStackSecurity, type Context } from '../context.js';
import type { Logger } from '../logger.js';
import { untilShutdown, type CommandRuntime } from '../runtime.js';
import { applyAllSchemas } from './schemas.js';
import { applyAllTopics, describeTopicReport } from './topics.js';

export interface DevOptions {
  readonly dataDir?: string;
  /** SASL_SSL (SCRAM-SHA-512) with a generated CA instead of plaintext. */
  readonly secure?: boolean;
}

/** Starts the embedded stack and applies topics and schemas: the ground `dev`, `start` and tests stand on. */
export async function startDevStack(runtime: CommandRuntime, options: DevOptions, progress: (line: string) => void): Promise<{ stack: LocalStack; context: Context }> {
  const config = runtime.config();
  if (config.connection.kind === 'external') {
    throw new ConfigError('KAFKA_BROKERS', 'is set, but `dev` starts its own local stack; unset KAFKA_BROKERS and SCHEMA_REGISTRY_URL to use it');
  }
  const logger: Logger = runtime.logger();
  const stack = await startLocalStack({
    probeKafka: (bootstrap, security) => probeKafka(bootstrap, logger.child({ component: 'readiness' }), kafkaSecurity(withStackSecurity(config, security))),
    onProgress: progress,
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    ...(options.secure ? { secure: true } : {}),
    ...(config.javaHome ? { javaHome: config.javaHome } : {}),
    ...(config.cacheDir ? { cacheDir: config.cacheDir } : {}),
  });
  try {
    const context = contextFor(withStackSecurity(config, stack.security), logger, [stack.kafkaBrokers], stack.schemaRegistryUrl);
    for (const line of describeTopicReport(await applyAllTopics(context))) progress(line);
    for (const s of await applyAllSchemas(context)) progress(`registered ${s.subject} (id ${s.id})`);
    return { stack, context };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

export function registerDevCommand(program: Command, runtime: CommandRuntime): void {
  program
    .command('dev')
    .description('start a local Kafka and schema registry (JVMs from Maven Central), apply topics and schemas, run until Ctrl-C')
    .option('--data-dir <dir>', 'keep broker and registry data in DIR across restarts (default: a temp folder, deleted on exit)')
    .option('--secure', 'the broker takes SASL_SSL only: TLS with a CA made for it, SCRAM-SHA-512 users (--print-env adds KAFKA_SSL_CA_FILE and KAFKA_SASL_*)')
    .option('--print-env', 'print KAFKA_BROKERS=... and SCHEMA_REGISTRY_URL=... lines on stdout once ready')
    .action(async (options: { dataDir?: string; secure?: boolean; printEnv?: boolean }) => {
      const started = Date.now();
      const say = (line: string) => process.stderr.write(`${line}\n`);
      const { stack } = await startDevStack(runtime, options, say);
      try {
        say(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: Kafka ${stack.kafkaVersion} at ${stack.kafkaBrokers}, Apicurio Registry ${stack.registryVersion} at ${stack.schemaRegistryUrl}`);
        say(`data: ${stack.dir}${options.dataDir ? '' : ' (deleted on exit; --data-dir keeps it)'}`);
        if (options.printEnv) {
          runtime.out(`KAFKA_BROKERS=${stack.kafkaBrokers}`);
          runtime.out(`SCHEMA_REGISTRY_URL=${stack.schemaRegistryUrl}`);
          if (stack.security) {
            runtime.out('KAFKA_SSL=true');
            runtime.out(`KAFKA_SSL_CA_FILE=${stack.security.caFile}`);
            runtime.out(`KAFKA_SASL_MECHANISM=${stack.security.mechanism}`);
            runtime.out(`KAFKA_SASL_USERNAME=${stack.security.username}`);
            runtime.out(`KAFKA_SASL_PASSWORD=${stack.security.password}`);
          }
        }
        if (stack.security) say(`secure: SASL_SSL, SCRAM-SHA-512 user ${stack.security.username}, CA ${stack.security.caFile}`);
        say('press Ctrl-C to stop');
        await untilShutdown(runtime.shutdown);
        say('stopping Kafka and the schema registry...');
      } finally {
        await stack.stop();
      }
    });
}
