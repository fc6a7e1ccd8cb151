import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { loadConfig } from '../../src/cli/config.js';
import { contextFor, type Context } from '../../src/cli/context.js';
import { kafkajsOf } from '../../src/kafka/client.js';
import type { Kafka } from '../../src/kafka/kafkajs.js';

/** A unique name per test, so tests never see each other's topics, groups or transactional ids. */
export const uniqueName = (prefix: string): string => `${prefix}-${randomBytes(5).toString('hex')}`;

export const testLogger = pino({ level: process.env['LEADSTREAM_LOG_LEVEL'] ?? 'warn' }, pino.destination(2));

/** A test's context: leadstream's client, plus the raw kafkajs client for tests that drive the broker directly. */
export interface TestContext extends Context {
  readonly kafkajs: Kafka;
}

/** The real broker and registry that globalSetup started (or that the environment names; `env` for another stack). */
export function testContext(env: NodeJS.ProcessEnv = process.env): TestContext {
  const config = loadConfig(env);
  if (config.connection.kind !== 'external') throw new Error('globalSetup did not provide KAFKA_BROKERS / SCHEMA_REGISTRY_URL');
  const context = contextFor(config, testLogger, config.connection.brokers, config.connection.schemaRegistryUrl);
  return { ...context, kafkajs: kafkajsOf(context.kafka) };
}
