import type { TestProject } from 'vitest/node';
import { pino } from 'pino';
import { probeKafka } from '../../src/kafka/readiness.js';
import { startLocalStack, type LocalStack } from '../../src/local/stack.js';
import { loadConfig } from '../../src/cli/config.js';

/**
 * One real Kafka broker and schema registry for the whole run: KAFKA_BROKERS / SCHEMA_REGISTRY_URL when set,
 * else the embedded stack. Tests (and the CLI processes e2e tests spawn) find them in the environment.
 * The int and e2e projects both list this file; the stack is shared through globalThis and stopped by the last.
 */
interface Shared {
  stack: Promise<Pick<LocalStack, 'kafkaBrokers' | 'schemaRegistryUrl' | 'stop'> | undefined>;
  users: number;
}
const key = Symbol.for('leadstream.test.stack');
const holder = globalThis as unknown as Record<symbol, Shared | undefined>;

export default async function setup(_project: TestProject): Promise<() => Promise<void>> {
  const config = loadConfig(process.env);
  let shared = holder[key];
  if (!shared) {
    const logger = pino({ level: 'warn' }, pino.destination(2));
    const containers = process.env['LEADSTREAM_TEST_STACK'] === 'containers';
    const stack =
      config.connection.kind === 'external'
        ? Promise.resolve(undefined)
        : containers
          ? // A developer with Docker: the same stack as docker-compose.yml, in containers (testcontainers).
            import('./containerStack.js').then((m) => m.startContainerStack())
          : startLocalStack({
            probeKafka: (bootstrap) => probeKafka(bootstrap, logger),
            ...(config.javaHome ? { javaHome: config.javaHome } : {}),
            ...(config.cacheDir ? { cacheDir: config.cacheDir } : {}),
          });
    shared = holder[key] = { stack, users: 0 };
  }
  shared.users += 1;
  const stack = await shared.stack;
  if (stack) {
    process.env['KAFKA_BROKERS'] = stack.kafkaBrokers;
    process.env['SCHEMA_REGISTRY_URL'] = stack.schemaRegistryUrl;
  }
  return async () => {
    const current = holder[key];
    if (!current) return;
    current.users -= 1;
    if (current.users === 0) {
      holder[key] = undefined;
      await (await current.stack)?.stop();
    }
  };
}
