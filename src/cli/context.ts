import { createRegistry, type Registry } from '../codecs/registry.js';
import { createKafkaClient } from '../kafka/client.js';
import type { KafkaClient } from '../kafka/types.js';
import type { Config } from './config.js';
import { ConfigError } from './configError.js';
import type { Logger } from './logger.js';

/** What every command that talks to Kafka needs, built from the config (and, for `dev`, the embedded stack). */
export interface Context {
  readonly config: Config;
  readonly logger: Logger;
  readonly brokers: readonly string[];
  readonly schemaRegistryUrl: string;
  readonly kafka: KafkaClient;
  readonly registry: Registry;
}

export function contextFor(config: Config, logger: Logger, brokers: readonly string[], schemaRegistryUrl: string): Context {
  return {
    config,
    logger,
    brokers,
    schemaRegistryUrl,
    kafka: createKafkaClient({
      brokers,
      logger,
      clientId: config.appId,
      ...(config.kafkaSsl ? { ssl: true } : {}),
      ...(config.kafkaSasl ? { sasl: config.kafkaSasl } : {}),
    }),
    registry: createRegistry({ url: schemaRegistryUrl, ...(config.schemaRegistryAuth ? { auth: config.schemaRegistryAuth } : {}) }),
  };
}

/** For commands that use an existing cluster: the embedded stack lives only as long as `leadstream dev`. */
export function externalContext(config: Config, logger: Logger): Context {
  if (config.connection.kind !== 'external') {
    throw new ConfigError(
      'KAFKA_BROKERS',
      'not set; start a local stack with `leadstream dev --print-env` and export the lines it prints, or point KAFKA_BROKERS and SCHEMA_REGISTRY_URL at your cluster',
    );
  }
  return contextFor(config, logger, config.connection.brokers, config.connection.schemaRegistryUrl);
}
