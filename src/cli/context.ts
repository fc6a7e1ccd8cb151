import { createRegistry, type Registry } from '../codecs/registry.js';
import { readFileSync } from 'node:fs';
import { createKafkaClient, type KafkaClientOptions } from '../kafka/client.js';
import type { KafkaClient } from '../kafka/types.js';
import type { StackSecurity } from '../local/security.js';
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
      ...kafkaSecurity(config),
    }),
    registry: createRegistry({ url: schemaRegistryUrl, ...(config.schemaRegistryAuth ? { auth: config.schemaRegistryAuth } : {}) }),
  };
}

/** The config as a client of a secure embedded stack: its CA and SCRAM user, whatever the environment said. */
export function withStackSecurity(config: Config, security: StackSecurity | undefined): Config {
  if (!security) return config;
  const { caFile, mechanism, username, password } = security;
  return Object.freeze({ ...config, kafkaSsl: true, kafkaSslCaFile: caFile, kafkaSasl: { mechanism, username, password } });
}

/** TLS and SASL options from the config; the CA file is read here, with a one-line error when it cannot be. */
export function kafkaSecurity(config: Config): Pick<KafkaClientOptions, 'ssl' | 'sasl'> {
  let ssl: KafkaClientOptions['ssl'] = config.kafkaSsl;
  if (config.kafkaSslCaFile !== undefined) {
    try {
      ssl = { ca: readFileSync(config.kafkaSslCaFile, 'utf8') };
    } catch (error: unknown) {
      throw new ConfigError('KAFKA_SSL_CA_FILE', `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message} (${config.kafkaSslCaFile})`);
    }
  }
  return { ...(ssl ? { ssl } : {}), ...(config.kafkaSasl ? { sasl: config.kafkaSasl } : {}) };
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
