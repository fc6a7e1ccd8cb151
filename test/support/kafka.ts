import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { loadConfig } from '../../src/cli/config.js';
import { contextFor, type Context } from '../../src/cli/context.js';

/** A unique name per test, so tests never see each other's topics, groups or transactional ids. */
export const uniqueName = (prefix: string): string => `${prefix}-${randomBytes(5).toString('hex')}`;

export const testLogger = pino({ level: process.env['LEADSTREAM_LOG_LEVEL'] ?? 'warn' }, pino.destination(2));

/** The real broker and registry that globalSetup started (or that the environment names). */
export function testContext(): Context {
  const config = loadConfig(process.env);
  if (config.connection.kind !== 'external') throw new Error('globalSetup did not provide KAFKA_BROKERS / SCHEMA_REGISTRY_URL');
  return contextFor(config, testLogger, config.connection.brokers, config.connection.schemaRegistryUrl);
}
