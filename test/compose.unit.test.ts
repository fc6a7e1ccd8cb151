import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from '../src/cli/config.js';
import { kafkaProperties } from '../src/local/kafkaServer.js';
import { CCOMPAT_PATH } from '../src/local/registryServer.js';
import { APICURIO_VERSION, KAFKA_VERSION } from '../src/local/versions.js';

interface Service {
  image: string;
  ports: string[];
  environment: Record<string, string>;
}
const compose = parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8')) as {
  'x-leadstream-env': Record<string, string>;
  services: Record<string, Service>;
};
const kafka = compose.services['kafka']!;
const registry = compose.services['registry']!;

describe('docker-compose.yml agrees with config.ts and the embedded stack', () => {
  const config = loadConfig(compose['x-leadstream-env']);

  it('its documented environment is a valid external config', () => {
    expect(config.connection.kind).toBe('external');
  });

  it('publishes the broker port that KAFKA_BROKERS names and advertises it', () => {
    if (config.connection.kind !== 'external') throw new Error('unreachable');
    const [host, port] = config.connection.brokers[0]!.split(':');
    expect(kafka.ports).toContain(`${port}:9092`);
    expect(kafka.environment['KAFKA_ADVERTISED_LISTENERS']).toContain(`PLAINTEXT://${host}:${port}`);
  });

  it('publishes the registry port and the Confluent-compatible path that SCHEMA_REGISTRY_URL names', () => {
    if (config.connection.kind !== 'external') throw new Error('unreachable');
    const url = new URL(config.connection.schemaRegistryUrl);
    expect(url.pathname).toBe(CCOMPAT_PATH);
    expect(registry.ports).toContain(`${url.port}:8080`);
  });

  it('runs the versions the embedded stack runs', () => {
    expect(kafka.image).toBe(`apache/kafka:${KAFKA_VERSION}`);
    expect(registry.image).toBe(`apicurio/apicurio-registry:${APICURIO_VERSION}`);
  });

  it('sets every single-node setting of the embedded broker the same way', () => {
    const embedded = Object.fromEntries(
      kafkaProperties({ java: 'java', classpath: [], dir: '/d', port: 1, controllerPort: 2 })
        .split('\n')
        .filter((line) => line.includes('='))
        .map((line) => line.split('=') as [string, string]),
    );
    for (const key of ['process.roles', 'node.id', 'offsets.topic.replication.factor', 'transaction.state.log.replication.factor', 'transaction.state.log.min.isr', 'group.initial.rebalance.delay.ms', 'auto.create.topics.enable']) {
      const variable = `KAFKA_${key.toUpperCase().replaceAll('.', '_')}`;
      expect(kafka.environment[variable], variable).toBe(embedded[key]);
    }
  });
});
