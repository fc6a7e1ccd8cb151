import type { Command } from 'commander';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { runDemo } from '../../demo/runDemo.js';
import { LIVE_TOPICS, isValidTopicSuffix, suffixedTopics, type TopicNames } from '../../pipeline/topicNames.js';
import { suffixedDefinitions } from '../../../topics/index.js';
import { ConfigError } from '../configError.js';
import { positiveNumber, wholeNumber } from '../optionParsers.js';
import { contextFor, externalContext, type Context } from '../context.js';
import type { CommandRuntime } from '../runtime.js';
import { startDevStack } from './dev.js';
import { applyAllTopics } from './topics.js';

interface DemoOptions {
  rate: number;
  customers: number;
  seed: number;
  duration?: number;
  dataDir?: string;
  topicsSuffix?: string;
}

export function registerDemoCommand(program: Command, runtime: CommandRuntime): void {
  program
    .command('demo')
    .description('the live demo (`npm start`): starts the stack (unless KAFKA_BROKERS is set), runs the pipeline, feeds it simulated leads at a steady rate and shows progressions, customers by stage per offer, rejects, throughput and lag')
    .option('--rate <leads/s>', 'leads sent per second', positiveNumber('--rate'), 200)
    .option('--customers <n>', 'distinct customers the simulated leads come from', wholeNumber('--customers', 1), 5000)
    .option('--seed <n>', 'simulation seed', wholeNumber('--seed', 0), 1)
    .option('--duration <seconds>', 'stop by itself after this long (default: run until Ctrl-C)', positiveNumber('--duration'))
    .option('--data-dir <dir>', 'without KAFKA_BROKERS: keep the embedded stack data here (a second demo continues the first)')
    .option('--topics-suffix <name>', 'run on <topic>.<name> copies (default with KAFKA_BROKERS: "demo", so a cluster\'s live topics are never touched)')
    .action(async (options: DemoOptions) => {
      const { rate, customers, seed } = options;
      const durationMs = options.duration !== undefined ? options.duration * 1000 : undefined;
      const config = runtime.config();
      const suffix = options.topicsSuffix ?? (config.connection.kind === 'external' ? 'demo' : undefined);
      if (suffix !== undefined && !isValidTopicSuffix(suffix)) throw new ConfigError('--topics-suffix', `"${suffix}" would not make a valid topic name (letters, digits, . _ -)`);
      const say = (line: string) => process.stderr.write(`${line}\n`);
      // The dashboard owns the terminal: the pipeline's and kafkajs's logs go to a file.
      const logFile = join(tmpdir(), `leadstream-demo-${process.pid}.log`);
      const logger = pino({ level: 'info', base: { app: 'leadstream-demo' } }, pino.destination({ dest: logFile, sync: false }));
      say(`leadstream demo: logs in ${logFile}`);

      const embedded = config.connection.kind === 'embedded' ? await startDevStack(runtime, options, say) : undefined;
      try {
        const context: Context = embedded ? contextFor(config, logger, [embedded.stack.kafkaBrokers], embedded.stack.schemaRegistryUrl) : externalContext(config, logger);
        const topics: TopicNames = suffix ? suffixedTopics(suffix) : LIVE_TOPICS;
        if (suffix) await applyAllTopics(context, suffixedDefinitions(suffix));
        await runDemo(context, topics, { rate, customers, seed, ...(durationMs ? { durationMs } : {}), appId: `${config.appId}-demo` }, runtime.shutdown, say);
        say(`logs: ${logFile}`);
      } finally {
        logger.flush();
        if (embedded) {
          say('stopping Kafka and the schema registry...');
          await embedded.stack.stop();
        }
      }
    });
}

