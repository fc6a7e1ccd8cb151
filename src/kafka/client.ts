import { Kafka, logLevel as KafkaLogLevel, type KafkaConfig, type LogEntry, type SASLOptions } from './kafkajs.js';
import type { Logger } from 'pino';
import { follow } from './follow.js';
import { connectAdmin } from './kafkajsAdmin.js';
import { startGroupConsumer } from './kafkajsGroupConsumer.js';
import { connectProducer } from './kafkajsProducer.js';
import { connectTransactionalProducer } from './kafkajsTransactions.js';
import { readToEnd } from './readToEnd.js';
import type { KafkaClient } from './types.js';

export interface KafkaClientOptions {
  readonly brokers: readonly string[];
  readonly clientId?: string;
  /** TLS; with `ca`, trusting those CAs (PEM) instead of the system's. */
  readonly ssl?: boolean | { readonly ca: string };
  readonly sasl?: { readonly mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; readonly username: string; readonly password: string };
  readonly logger: Logger;
  /** kafkajs retry policy for requests (default: kafkajs's own). */
  readonly retries?: number;
}

const LEVELS: Record<number, 'error' | 'warn' | 'info' | 'debug'> = {
  [KafkaLogLevel.ERROR]: 'error',
  [KafkaLogLevel.WARN]: 'warn',
  // kafkajs INFO is per-member lifecycle chatter (joined, stopped): debug for us.
  [KafkaLogLevel.INFO]: 'debug',
  [KafkaLogLevel.DEBUG]: 'debug',
};

/**
 * kafkajs logs every error response at ERROR, even those it retries (CONCURRENT_TRANSACTIONS,
 * NOT_COORDINATOR...). Those are debug noise; what it gives up on reaches us as a thrown error.
 */
function bridgeLogs(logger: Logger) {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, ...extra } = log;
      const noisy =
        (namespace === 'Connection' && message.startsWith('Response')) ||
        // An attempt kafkajs will retry (it carries retryCount); giving up surfaces as a thrown error.
        'retryCount' in extra ||
        // Thrown to the caller, who says it in one line: the client's own error line would say it twice.
        message.includes('authentication failed') ||
        message.includes('KafkaJS v2.0.0 switched default partitioner');
      const target = noisy ? 'debug' : (LEVELS[level] ?? 'info');
      child[target](extra, message);
    };
}

/** The one place a kafkajs client is made: from plain options, so tests build it the same way. */
export function createKafka(options: KafkaClientOptions): Kafka {
  const config: KafkaConfig = {
    brokers: [...options.brokers],
    clientId: options.clientId ?? 'leadstream',
    logLevel: KafkaLogLevel.INFO,
    logCreator: bridgeLogs(options.logger),
    ...(options.ssl ? { ssl: options.ssl === true ? true : { ca: [options.ssl.ca] } } : {}),
    ...(options.sasl ? { sasl: { ...options.sasl } as SASLOptions } : {}),
    ...(options.retries !== undefined ? { retry: { retries: options.retries } } : {}),
  };
  return new Kafka(config);
}

/**
 * The client everything outside src/kafka/ uses: kafkajs behind the narrow interface of types.ts. The raw
 * kafkajs client stays reachable for tests that drive the broker directly (`kafkajsOf`).
 */
export function createKafkaClient(options: KafkaClientOptions): KafkaClient {
  const kafka = createKafka(options);
  const client: KafkaClient = {
    admin: () => connectAdmin(kafka),
    producer: () => connectProducer(kafka),
    transactionalProducer: (o) => connectTransactionalProducer(kafka, o),
    groupConsumer: (o) => startGroupConsumer(kafka, o),
    readToEnd: (o) => readToEnd(kafka, o),
    follow: (o) => follow(kafka, o),
  };
  raw.set(client, kafka);
  return client;
}

const raw = new WeakMap<KafkaClient, Kafka>();

/** The kafkajs client behind a KafkaClient (tests that drive the broker directly). */
export function kafkajsOf(client: KafkaClient): Kafka {
  const kafka = raw.get(client);
  if (!kafka) throw new Error('not a kafkajs-backed client');
  return kafka;
}
